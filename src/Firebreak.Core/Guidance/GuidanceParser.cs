using System.Text.RegularExpressions;

namespace Firebreak.Core;

/// <summary>Reads the seed's keywords and phrases from --guidance text.</summary>
/// <remarks>
/// Keywords (case-insensitive, whole words, ignoring punctuation): security (also breach, forensic, intrusion, leak,
/// compromised, unauthorized, exfiltration; "memory leak" and "SLA breach" are not security), performance (latency, slow,
/// database query, timeout), compliance (GDPR, HIPAA, PCI, regulatory, audit), revenue (payment, checkout, sales, money,
/// billing), data-loss (data loss, lost data, corruption) and reputation (press, media, brand). Phrases: "fast rollback",
/// "prioritize rollback", "tight SLA" prefer rollback; "preserve forensics", "preserve evidence", "forensic" preserve
/// evidence; "extra documentation", "new team", "first P0", "comprehensive", "junior" ask for comprehensive documentation;
/// "every 15 minutes" sets the update cadence. A keyword preceded in its clause by a negation ("no data loss",
/// "not security related") is not counted.
/// </remarks>
public static partial class GuidanceParser
{
    /// <summary>Parses guidance text; empty or null gives <see cref="GuidanceProfile.None"/>.</summary>
    public static GuidanceProfile Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return GuidanceProfile.None;
        }

        var topics = Detect(text);
        var profile = With(GuidanceProfile.None with { Text = text.Trim() }, topics, prefix: null);
        if (Cadence(text) is { } cadence)
        {
            profile = profile with
            {
                UpdateCadence = cadence,
                Effects = [.. profile.Effects, $"cadence: stakeholder updates every {DurationParser.Format(cadence)}"],
            };
        }

        return profile;
    }

    /// <summary>The topics a text mentions, negations excluded.</summary>
    internal static HashSet<GuidanceTopic> Detect(string text)
    {
        var normalized = SlaBreach().Replace(text.ToLowerInvariant().Replace('_', ' '), " sla-status ");
        var topics = new HashSet<GuidanceTopic>();
        foreach (var (topic, pattern) in Patterns)
        {
            if (Mentions(normalized, pattern))
            {
                topics.Add(topic);
            }
        }

        return topics;
    }

    /// <summary>True when <paramref name="pattern"/> occurs in <paramref name="text"/> without a negation just before it in the same clause.</summary>
    internal static bool Mentions(string text, Regex pattern)
    {
        foreach (Match match in pattern.Matches(text))
        {
            var clauseStart = match.Index == 0 ? 0 : text.LastIndexOfAny(ClauseBreaks, match.Index - 1) + 1;
            var before = text[clauseStart..match.Index];
            var words = Words().Matches(before).Select(m => m.Value).TakeLast(3);
            if (!words.Any(w => Negations.Contains(w) || w.EndsWith("n't", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Applies the topics' flags to a profile and records an effect for each one newly set.</summary>
    internal static GuidanceProfile With(GuidanceProfile profile, IEnumerable<GuidanceTopic> topics, string? prefix)
    {
        var effects = profile.Effects.ToList();
        foreach (var topic in topics.Order())
        {
            if (Has(profile, topic))
            {
                continue;
            }

            profile = Set(profile, topic);
            effects.Add(prefix + Effect(topic));
        }

        return profile with { Effects = effects };
    }

    /// <summary>An update cadence such as "every 15 minutes" or "every hour", or null.</summary>
    internal static TimeSpan? Cadence(string text)
    {
        var match = Every().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var amount = match.Groups["amount"].Value.Trim().ToLowerInvariant();
        return amount switch
        {
            "hour" or "an hour" => TimeSpan.FromHours(1),
            "half hour" or "half an hour" => TimeSpan.FromMinutes(30),
            "day" => TimeSpan.FromDays(1),
            "minute" => TimeSpan.FromMinutes(1),
            _ => DurationParser.TryParse(amount, out var span, out _) && span > TimeSpan.Zero ? span : null,
        };
    }

    internal static string Effect(GuidanceTopic topic) => topic switch
    {
        GuidanceTopic.Security => "security: security-architect joins the response for a security review; evidence is preserved before mitigation; the category, impact and notices follow the evidence, not the guidance",
        GuidanceTopic.DataLoss => "data-loss: the security incident lead joins the response for a data-loss review; evidence is preserved before mitigation; the category, impact and notices follow the evidence, not the guidance",
        GuidanceTopic.Revenue => "revenue: executives are notified immediately; urgency is at least MEDIUM",
        GuidanceTopic.Compliance => "compliance: legal and compliance are notified; regulatory reporting deadlines (GDPR, HIPAA) are tracked",
        GuidanceTopic.Performance => "performance: the investigation focuses on latency, slow database queries and saturation",
        GuidanceTopic.Reputation => "reputation: communications lead drafts public messaging; executives are kept informed",
        GuidanceTopic.FastRollback => "fast rollback: rollback is preferred over investigation when a recent change is suspected",
        GuidanceTopic.Forensics => "forensics: evidence is copied with a SHA-256 manifest before any mitigation",
        _ => "documentation: comprehensive depth (detailed timeline, runbook steps and PIR) for learning",
    };

    private static bool Has(GuidanceProfile p, GuidanceTopic topic) => topic switch
    {
        GuidanceTopic.Security => p.Security,
        GuidanceTopic.DataLoss => p.DataLoss,
        GuidanceTopic.Revenue => p.Revenue,
        GuidanceTopic.Compliance => p.Compliance,
        GuidanceTopic.Performance => p.Performance,
        GuidanceTopic.Reputation => p.Reputation,
        GuidanceTopic.FastRollback => p.PreferFastRollback,
        GuidanceTopic.Forensics => p.PreserveForensics,
        _ => p.ComprehensiveDocumentation,
    };

    private static GuidanceProfile Set(GuidanceProfile p, GuidanceTopic topic) => topic switch
    {
        GuidanceTopic.Security => p with { Security = true, PreserveForensics = true },
        GuidanceTopic.DataLoss => p with { DataLoss = true, PreserveForensics = true },
        GuidanceTopic.Revenue => p with { Revenue = true },
        GuidanceTopic.Compliance => p with { Compliance = true },
        GuidanceTopic.Performance => p with { Performance = true },
        GuidanceTopic.Reputation => p with { Reputation = true },
        GuidanceTopic.FastRollback => p with { PreferFastRollback = true },
        GuidanceTopic.Forensics => p with { PreserveForensics = true },
        _ => p with { ComprehensiveDocumentation = true },
    };

    private static readonly char[] ClauseBreaks = ['.', ',', ';', ':', '!', '?', '(', ')', '\n', '|'];

    private static readonly HashSet<string> Negations =
        new(["no", "not", "non", "without", "never", "none", "nothing", "nor", "neither", "zero"], StringComparer.Ordinal);

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    private static readonly (GuidanceTopic Topic, Regex Pattern)[] Patterns =
    [
        (GuidanceTopic.Security, new Regex(
            @"\b(security|breach\w*|forensic\w*|intrusions?|intruders?|compromised?|unauthori[sz]ed|exfiltrat\w*|malware|ransomware|ddos|(?<!(memory|connection|resource|handle|thread|socket|fd)[\s-]+)leak\w*)\b", Options)),
        (GuidanceTopic.DataLoss, new Regex(@"\b(data[\s-]*loss|lost\s+data|data\s+(was\s+|is\s+|has\s+been\s+)?(lost|deleted|wiped)|corrupt\w*|data[\s-]*integrity)\b", Options)),
        (GuidanceTopic.Revenue, new Regex(@"\b(revenue|payments?|checkouts?|sales|money|billing|purchases?)\b", Options)),
        (GuidanceTopic.Compliance, new Regex(@"\b(compliance|compliant|gdpr|hipaa|pci|sox|regulat\w*|audit\w*)\b", Options)),
        (GuidanceTopic.Performance, new Regex(@"\b(performance|latency|slow\w*|(database|db|sql)\s+quer(y|ies)|timeouts?|timing\s+out|p9[59])\b", Options)),
        (GuidanceTopic.Reputation, new Regex(@"\b(reputation\w*|press|media|brand|public\s+attention|social\s+media)\b", Options)),
        (GuidanceTopic.FastRollback, new Regex(
            @"\b(fast\s+roll[\s-]?back|quick\s+roll[\s-]?back|prioriti[sz]e\s+(a\s+)?(fast\s+|quick\s+)?roll[\s-]?back|roll[\s-]?back\s+(first|fast|quickly|immediately)|tight\s+sla)\b", Options)),
        (GuidanceTopic.Forensics, new Regex(@"\b(preserv\w*\s+(the\s+)?(forensics?|evidence)|forensic\w*)\b", Options)),
        (GuidanceTopic.Documentation, new Regex(
            @"\b((extra|more|detailed|thorough)\s+documentation|new\s+team|first\s+p0|first\s+incident|comprehensive|junior)\b", Options)),
    ];

    // "SLA breach" is an SLA status, not a security breach.
    [GeneratedRegex(@"\b(sla|slo|error\s+budget|budget|objective|target)s?\b[^.;,!?]{0,20}?\bbreach\w*|\bbreach\w*\s+(of\s+)?(the\s+|our\s+|its\s+)?(sla|slo)s?\b", Options)]
    private static partial Regex SlaBreach();

    [GeneratedRegex(@"[a-z']+", Options)]
    private static partial Regex Words();

    [GeneratedRegex(@"\bevery\s+(?<amount>\d+(?:\.\d+)?\s*[a-z]+|an?\s+hour|half\s+(an\s+)?hour|hour|day|minute)\b", Options)]
    private static partial Regex Every();
}

/// <summary>A topic guidance can raise.</summary>
internal enum GuidanceTopic { Security, DataLoss, Revenue, Compliance, Performance, Reputation, FastRollback, Forensics, Documentation }
