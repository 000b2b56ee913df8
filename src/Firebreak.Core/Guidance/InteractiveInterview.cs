using System.Globalization;
using System.Text.RegularExpressions;

namespace Firebreak.Core;

/// <summary>The seed's eight --interactive questions and how their answers become guidance.</summary>
/// <remarks>
/// Q1 impact words ("outage", "site down") mark a reported complete outage; Q2 a share ("60%", "about 30 percent",
/// "1 in 10", "most", "half", "all", "few") sets the reported affected ratio and a suggested priority (P0 above 50%,
/// P1 10-50%, P2 below 10%, P3 none); Q3 an ISO moment, a clock time ("19:05 UTC") or a relative time ("20 minutes ago")
/// sets the reported start; Q4 is kept as text; Q5 "yes", security or data-loss words engage security and forensics;
/// Q6 revenue, compliance and reputation words; Q7 "new", "junior", "first" ask for comprehensive documentation;
/// Q8 "breached", "budget exhausted", "little budget left" mark the SLA at risk (and prefer rollback), and "every 15 min"
/// sets the update cadence. Empty answers are skipped.
/// </remarks>
public static partial class InteractiveInterview
{
    /// <summary>The longest answer read; the rest is cut and the cut said (some answer patterns cost time growing with the square of the length). The default is 1,024 characters.</summary>
    public const int MaxAnswerLength = 1024;

    /// <summary>The line that introduces the questions.</summary>
    public const string Introduction = "I'll ask 8 strategic questions to tailor incident response to your situation:";

    private static readonly (string Question, string Hint)[] All =
    [
        ("What is the observed user impact?",
            "(e.g., complete outage, degraded performance, specific feature unavailable)"),
        ("What percentage of users are affected?",
            "(Helps me assign initial severity: P0 = >50%, P1 = 10-50%, P2 = <10%)"),
        ("When did the issue start?",
            "(Timeline helps identify triggering events: deployments, traffic spikes)"),
        ("What recent changes occurred in the last 24 hours?",
            "(Deployments, config changes, infrastructure updates - guides rollback decisions)"),
        ("Is this security-related or involving data loss?",
            "(Immediate escalation to security team, forensics preservation)"),
        ("What is the business impact?",
            "(Revenue loss, compliance risk, reputation damage - affects escalation urgency)"),
        ("What is your on-call team's experience level?",
            "(Helps me tailor runbook detail and escalation speed)"),
        ("What is your current SLA status?",
            "(Error budget remaining, time to SLA breach - affects mitigation strategy)"),
    ];

    /// <summary>The eight questions, each with its hint line.</summary>
    public static IReadOnlyList<(string Question, string Hint)> Questions => All;

    /// <summary>Combines the answers (one per question, in order) into guidance.</summary>
    /// <remarks>Relative start times ("20 minutes ago") need a reference moment; use the overload with asOf for them.</remarks>
    public static GuidanceProfile ToGuidance(IReadOnlyList<string> answers, GuidanceProfile? existing = null) =>
        Combine(answers, null, existing);

    /// <summary>Combines the answers into guidance, resolving relative start times against <paramref name="asOf"/>.</summary>
    public static GuidanceProfile ToGuidance(IReadOnlyList<string> answers, DateTimeOffset asOf, GuidanceProfile? existing = null) =>
        Combine(answers, asOf, existing);

    /// <summary>Reads a share of users, 0..1, from an answer such as "60%", "about 30 percent", "1 in 10", "most" or "few"; null when none is given.</summary>
    public static double? ParseRatio(string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return null;
        }

        var text = answer.Trim().ToLowerInvariant();
        if (Range().Match(text) is { Success: true } range)
        {
            return Clamp(Number(range.Groups["high"].Value) / 100);
        }

        if (PercentPattern().Match(text) is { Success: true } percent)
        {
            return Clamp(Number(percent.Groups["n"].Value) / 100);
        }

        if (OneIn().Match(text) is { Success: true } oneIn && Number(oneIn.Groups["d"].Value) > 0)
        {
            return Clamp(Number(oneIn.Groups["n"].Value) / Number(oneIn.Groups["d"].Value));
        }

        if (BareNumber().Match(text) is { Success: true } bare)
        {
            var value = Number(bare.Groups["n"].Value);
            // "0.3" reads as a ratio, "30" as a percentage.
            return Clamp(value < 1 && bare.Groups["n"].Value.Contains('.', StringComparison.Ordinal) ? value : value / 100);
        }

        foreach (var (pattern, ratio) in WordRatios)
        {
            if (Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant))
            {
                return ratio;
            }
        }

        return null;
    }

    /// <summary>The priority the seed suggests for a share of users: P0 above 50%, P1 10-50%, P2 below 10%, P3 for none.</summary>
    public static Priority SuggestPriority(double ratio) => ratio switch
    {
        > 0.5 => Priority.P0,
        >= 0.1 => Priority.P1,
        > 0 => Priority.P2,
        _ => Priority.P3,
    };

    /// <summary>Reads a start moment from an ISO timestamp, a clock time or a relative phrase; null when it cannot.</summary>
    public static DateTimeOffset? ParseStart(string? answer, DateTimeOffset? asOf)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return null;
        }

        var text = answer.Trim();
        if (Iso().Match(text) is { Success: true } iso
            && DateTimeOffset.TryParse(iso.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var absolute))
        {
            return absolute;
        }

        if (asOf is not { } now)
        {
            return null;
        }

        var lower = text.ToLowerInvariant();
        if (Regex.IsMatch(lower, @"\b(just now|right now|now)\b", RegexOptions.CultureInvariant))
        {
            return now;
        }

        if (Ago().Match(lower) is { Success: true } ago && Before(ago.Groups["before"].Value) is { } span)
        {
            return now - span;
        }

        if (ClockTime().Match(lower) is { Success: true } clock)
        {
            var hour = int.Parse(clock.Groups["h"].Value, CultureInfo.InvariantCulture);
            var minute = int.Parse(clock.Groups["m"].Value, CultureInfo.InvariantCulture);
            if (clock.Groups["ampm"].Value == "pm" && hour < 12)
            {
                hour += 12;
            }
            else if (clock.Groups["ampm"].Value == "am" && hour == 12)
            {
                hour = 0;
            }

            if (hour < 24 && minute < 60)
            {
                var utc = now.ToUniversalTime();
                var candidate = new DateTimeOffset(utc.Year, utc.Month, utc.Day, hour, minute, 0, TimeSpan.Zero);
                // A clock time later than now means yesterday.
                return candidate > utc ? candidate.AddDays(-1) : candidate;
            }
        }

        return null;
    }

    private static GuidanceProfile Combine(IReadOnlyList<string> answers, DateTimeOffset? asOf, GuidanceProfile? existing)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var profile = existing ?? GuidanceProfile.None;
        var effects = new List<string>();
        var capped = Enumerable.Range(0, All.Length)
            .Select(i => Cap(i < answers.Count ? answers[i]?.Trim() ?? string.Empty : string.Empty, i, effects))
            .ToArray();
        string Answer(int index) => capped[index];

        profile = ImpactAnswer(profile, Answer(0), effects);
        profile = ShareAnswer(profile, Answer(1), effects);
        profile = StartAnswer(profile, Answer(2), asOf, effects);
        profile = ChangesAnswer(profile, Answer(3), effects);
        profile = SecurityAnswer(profile, Answer(4), effects);
        profile = Topics(profile, Answer(5), "Q6", effects);
        profile = ExperienceAnswer(profile, Answer(6), effects);
        profile = SlaAnswer(profile, Answer(7), effects);

        var given = Enumerable.Range(0, All.Length)
            .Where(i => Answer(i).Length > 0)
            .Select(i => $"Q{i + 1} {All[i].Question} {Answer(i)}")
            .ToList();
        var text = string.Join(" | ", new[] { profile.Text }.Where(t => !string.IsNullOrWhiteSpace(t)).Concat(given));
        return profile with { Text = text, Effects = [.. profile.Effects, .. effects] };
    }

    /// <summary>An answer cut to <see cref="MaxAnswerLength"/> characters, the cut said in the answer and in the effects, so parsing stays fast on a pasted log.</summary>
    private static string Cap(string answer, int index, List<string> effects)
    {
        if (answer.Length <= MaxAnswerLength)
        {
            return answer;
        }

        var cut = char.IsHighSurrogate(answer[MaxAnswerLength - 1]) ? MaxAnswerLength - 1 : MaxAnswerLength;
        var more = answer.Length - cut;
        effects.Add(string.Create(CultureInfo.InvariantCulture, $"Q{index + 1}: the answer was cut to its first {cut:N0} characters ({more:N0} more were not read)"));
        return string.Create(CultureInfo.InvariantCulture, $"{answer[..cut]} [answer cut: {more:N0} more characters]");
    }

    private static GuidanceProfile ImpactAnswer(GuidanceProfile profile, string answer, List<string> effects)
    {
        if (answer.Length == 0)
        {
            return profile;
        }

        profile = profile with { ReportedImpact = answer };
        if (GuidanceParser.Mentions(answer.ToLowerInvariant(), Outage()) && !profile.ReportedOutage)
        {
            profile = profile with { ReportedOutage = true };
            effects.Add("Q1: the reporter describes a complete outage; impact is HIGH unless a measurement shows otherwise");
        }
        else
        {
            effects.Add($"Q1: observed user impact recorded as reported: \"{answer}\"");
        }

        return Topics(profile, answer, "Q1", effects);
    }

    private static GuidanceProfile ShareAnswer(GuidanceProfile profile, string answer, List<string> effects)
    {
        if (answer.Length == 0)
        {
            return profile;
        }

        if (ParseRatio(answer) is not { } ratio)
        {
            effects.Add($"Q2: \"{answer}\" is not a share of users; the affected share stays as measured");
            return profile;
        }

        var suggested = SuggestPriority(ratio);
        effects.Add(string.Create(CultureInfo.InvariantCulture,
            $"Q2: {ratio * 100:0.#}% of users reported affected, which suggests {suggested} (P0 >50%, P1 10-50%, P2 <10%); measured evidence takes precedence"));
        return profile with { ReportedAffectedRatio = ratio, SuggestedPriority = suggested };
    }

    private static GuidanceProfile StartAnswer(GuidanceProfile profile, string answer, DateTimeOffset? asOf, List<string> effects)
    {
        if (answer.Length == 0)
        {
            return profile;
        }

        if (ParseStart(answer, asOf) is { } start)
        {
            effects.Add(string.Create(CultureInfo.InvariantCulture,
                $"Q3: the issue started around {start.ToUniversalTime():yyyy-MM-dd HH:mm} UTC (reported); changes shortly before it are the first candidates"));
            return profile with { ReportedStart = start };
        }

        effects.Add($"Q3: start time \"{answer}\" could not be read as a moment (use ISO 8601, HH:MM UTC or \"20 minutes ago\"); the evidence's first anomaly is used");
        return profile;
    }

    private static GuidanceProfile ChangesAnswer(GuidanceProfile profile, string answer, List<string> effects)
    {
        if (answer.Length == 0)
        {
            return profile;
        }

        if (NoneAnswer().IsMatch(answer))
        {
            effects.Add("Q4: no recent changes reported; the change history is still checked");
            return profile;
        }

        effects.Add($"Q4: reported recent changes are checked against the change history: \"{answer}\"");
        return profile with { ReportedChanges = answer };
    }

    private static GuidanceProfile SecurityAnswer(GuidanceProfile profile, string answer, List<string> effects)
    {
        if (answer.Length == 0)
        {
            return profile;
        }

        var topics = GuidanceParser.Detect(answer);
        if (Affirmative().IsMatch(answer) && !topics.Contains(GuidanceTopic.DataLoss))
        {
            topics.Add(GuidanceTopic.Security);
        }

        if (topics.Count == 0 && NoneAnswer().IsMatch(answer))
        {
            effects.Add("Q5: not security-related and no data loss reported");
            return profile;
        }

        if (topics.Contains(GuidanceTopic.Security) || topics.Contains(GuidanceTopic.DataLoss))
        {
            topics.Add(GuidanceTopic.Forensics);
        }

        return With(profile, topics, "Q5", effects);
    }

    private static GuidanceProfile ExperienceAnswer(GuidanceProfile profile, string answer, List<string> effects)
    {
        if (answer.Length == 0)
        {
            return profile;
        }

        profile = profile with { TeamExperience = answer };
        if (GuidanceParser.Mentions(answer.ToLowerInvariant(), Inexperienced()))
        {
            if (!profile.ComprehensiveDocumentation)
            {
                profile = profile with { ComprehensiveDocumentation = true };
            }

            effects.Add("Q7: a less experienced team: comprehensive documentation, detailed runbook steps and faster escalation");
            return profile;
        }

        effects.Add("Q7: an experienced team: standard documentation depth");
        return profile;
    }

    private static GuidanceProfile SlaAnswer(GuidanceProfile profile, string answer, List<string> effects)
    {
        if (answer.Length == 0)
        {
            return profile;
        }

        var lower = answer.ToLowerInvariant();
        var atRisk = GuidanceParser.Mentions(lower, SlaRisk());
        if (BudgetLeft().Match(lower) is { Success: true } left && Number(left.Groups["n"].Value) <= 10)
        {
            atRisk = true;
        }

        if (atRisk)
        {
            profile = profile with { SlaAtRisk = true, PreferFastRollback = true };
            effects.Add("Q8: SLA breached or error budget nearly exhausted: urgency is HIGH unless a measured burn rate says otherwise, and rollback is preferred over investigation");
        }
        else
        {
            effects.Add($"Q8: SLA status recorded as reported: \"{answer}\"");
        }

        var cadence = GuidanceParser.Cadence(answer)
            ?? (Regex.IsMatch(lower, @"\bhourly\b", RegexOptions.CultureInvariant) ? TimeSpan.FromHours(1)
                : Regex.IsMatch(lower, @"\bdaily\b", RegexOptions.CultureInvariant) ? TimeSpan.FromDays(1) : null);
        if (cadence is { } every)
        {
            profile = profile with { UpdateCadence = every };
            effects.Add($"Q8: stakeholder updates every {DurationParser.Format(every)}");
        }

        return profile;
    }

    private static GuidanceProfile Topics(GuidanceProfile profile, string answer, string question, List<string> effects) =>
        answer.Length == 0 ? profile : With(profile, GuidanceParser.Detect(answer), question, effects);

    private static GuidanceProfile With(GuidanceProfile profile, IEnumerable<GuidanceTopic> topics, string question, List<string> effects)
    {
        var before = profile.Effects.Count;
        var updated = GuidanceParser.With(profile, topics, $"{question}: ");
        effects.AddRange(updated.Effects.Skip(before));
        return updated with { Effects = profile.Effects };
    }

    // The longest run of trailing words that reads as a duration: "it began about 1 hour 30 minutes" -> 1h30m.
    private static TimeSpan? Before(string text)
    {
        var words = text.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
        for (var take = Math.Min(6, words.Length); take > 0; take--)
        {
            if (RelativeAmount(string.Join(' ', words[^take..])) is { } span)
            {
                return span;
            }
        }

        return null;
    }

    private static TimeSpan? RelativeAmount(string amount)
    {
        var text = Regex.Replace(amount, @"\b(about|around|approximately|approx|roughly|maybe|some|~)\b|~", " ", RegexOptions.CultureInvariant).Trim();
        if (DurationParser.TryParse(text, out var span, out _))
        {
            return span;
        }

        text = Regex.Replace(text, @"\b(an?|one)\s+", "1 ", RegexOptions.CultureInvariant);
        text = Regex.Replace(text, @"\bhalf\s+(an?\s+|1\s+)?hour\b", "30 minutes", RegexOptions.CultureInvariant);
        text = Regex.Replace(text, @"\b(a\s+)?couple\s+(of\s+)?", "2 ", RegexOptions.CultureInvariant);
        text = Regex.Replace(text, @"\b(a\s+)?few\s+", "3 ", RegexOptions.CultureInvariant);
        foreach (var (word, number) in NumberWords)
        {
            text = Regex.Replace(text, $@"\b{word}\b", number, RegexOptions.CultureInvariant);
        }

        return DurationParser.TryParse(text, out span, out _) ? span : null;
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static double Clamp(double ratio) => Math.Clamp(ratio, 0, 1);

    private static readonly (string Word, string Number)[] NumberWords =
    [
        ("two", "2"), ("three", "3"), ("four", "4"), ("five", "5"), ("six", "6"), ("seven", "7"), ("eight", "8"),
        ("nine", "9"), ("ten", "10"), ("fifteen", "15"), ("twenty", "20"), ("thirty", "30"), ("forty", "40"),
        ("forty-five", "45"), ("fifty", "50"), ("ninety", "90"),
    ];

    private static readonly (string Pattern, double Ratio)[] WordRatios =
    [
        (@"\b(nobody|no one|no users|none)\b", 0),
        (@"\b(all|everyone|everybody|every user)\b", 1),
        (@"\b(most|majority|nearly all|almost all|almost everyone)\b", 0.75),
        (@"\b(half)\b", 0.5),
        (@"\b(a third|one third)\b", 1d / 3),
        (@"\b(a quarter|one quarter)\b", 0.25),
        (@"\b(many|lots|a lot)\b", 0.3),
        (@"\b(few|handful|small|minority|tiny|a couple|rare)\b", 0.05),
    ];

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    [GeneratedRegex(@"(?<low>\d{1,15}(?:\.\d{1,15})?)\s*%?\s*(?:-|–|to|and)\s*(?<high>\d{1,15}(?:\.\d{1,15})?)\s*(?:%|percent|per\s*cent|pct)", Options)]
    private static partial Regex Range();

    [GeneratedRegex(@"(?<n>\d{1,15}(?:\.\d{1,15})?)\s*(?:%|percent|per\s*cent|pct)", Options)]
    private static partial Regex PercentPattern();

    [GeneratedRegex(@"(?<n>\d{1,15}(?:\.\d{1,15})?)\s*(?:in|out\s+of|of\s+every)\s*(?<d>\d{1,15}(?:\.\d{1,15})?)", Options)]
    private static partial Regex OneIn();

    [GeneratedRegex(@"^\D{0,20}?(?<n>\d{1,15}(?:\.\d{1,15})?)\s*$", Options)]
    private static partial Regex BareNumber();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC)?", Options)]
    private static partial Regex Iso();

    [GeneratedRegex(@"(?<before>[^;!?]*?)\s*\bago\b", Options)]
    private static partial Regex Ago();

    [GeneratedRegex(@"\b(?<h>\d{1,2}):(?<m>\d{2})\s*(?<ampm>am|pm)?", Options)]
    private static partial Regex ClockTime();

    [GeneratedRegex(@"\b((complete|total|full)\s+outage|(?<!partial\s+|minor\s+|brief\s+|regional\s+)outage|(site|service|everything|app|system|website|api|all|whole\s+\w+)\s+(is\s+|are\s+|was\s+|went\s+|goes\s+)?(completely\s+|totally\s+|fully\s+)?down|(completely|totally|entirely|fully)\s+(down|unavailable|unreachable)|hard\s+down|nothing\s+works)\b", Options)]
    private static partial Regex Outage();

    [GeneratedRegex(@"^\s*(no|none|nothing|n/?a|not\s+that\s+i\s+know|not\s+aware|nope|unknown)\b", Options)]
    private static partial Regex NoneAnswer();

    [GeneratedRegex(@"^\s*(yes|y|yeah|yep|possibly|maybe|likely|probably|suspected|unsure|not\s+sure)\b", Options)]
    private static partial Regex Affirmative();

    [GeneratedRegex(@"\b(new|newer|junior|inexperienced|novice|beginners?|first|green|limited|little\s+experience|low)\b", Options)]
    private static partial Regex Inexperienced();

    [GeneratedRegex(@"\b(breach\w*|exhaust\w*|depleted|(little|low|almost\s+no|nearly\s+no|hardly\s+any|no)\s+(error\s+)?budget|budget\s+(is\s+)?(gone|spent|low|burn\w*|almost\s+gone|nearly\s+gone)|over\s+budget|burning\s+fast|about\s+to\s+breach|at\s+risk|minutes\s+(left|to\s+breach))\b", Options)]
    private static partial Regex SlaRisk();

    [GeneratedRegex(@"(?<n>\d{1,15}(?:\.\d{1,15})?)\s*%\s*(?:of\s+)?(?:the\s+)?(?:error\s+)?(?:budget\s+)?(?:left|remaining)", Options)]
    private static partial Regex BudgetLeft();
}
