using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Firebreak.Cli.Tests;

/// <summary>One respond run's record: incident.json, every artifact's text, the console and the evidence vault.</summary>
internal sealed class RespondRecord
{
    public RespondRecord(string project, string id, string console)
    {
        Project = project;
        Directory = System.IO.Path.Combine(project, ".aiwg", "incidents", id);
        Vault = System.IO.Path.Combine(project, ".aiwg", "evidence", id);
        Console = console;
        Json = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(Directory, "incident.json"))).RootElement.Clone();
        Artifacts = System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
            .Where(p => !p.EndsWith(".db", StringComparison.Ordinal))
            .ToDictionary(p => System.IO.Path.GetRelativePath(Directory, p).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
    }

    public string Project { get; }
    public string Directory { get; }
    public string Vault { get; }
    public string Console { get; }
    public JsonElement Json { get; }
    public IReadOnlyDictionary<string, string> Artifacts { get; }

    public bool Executed => Json.GetProperty("mitigation").GetProperty("executed").GetBoolean();
    public string Status => Json.GetProperty("status").GetString()!;
    public IEnumerable<KeyValuePair<string, string>> Markdown => Artifacts.Where(a => a.Key.EndsWith(".md", StringComparison.Ordinal));
}

/// <summary>
/// The checks of the issue "A record a team can send" that a program can make, ported from the shared honesty.py and
/// extended: each returns the violations it finds (empty when the record is honest).
/// </summary>
internal static partial class RecordHonesty
{
    /// <summary>Every check; <paramref name="secrets"/> are strings that may appear only in byte-exact private evidence copies.</summary>
    public static IReadOnlyList<string> Check(RespondRecord r, bool acknowledged = false, bool guidanceOnly = false, IReadOnlyList<string>? secrets = null)
    {
        var bad = new List<string>();
        bad.AddRange(NothingSent(r));
        bad.AddRange(NoUnmeasuredBlame(r, acknowledged));
        bad.AddRange(GuidanceIsNotEvidence(r, guidanceOnly));
        bad.AddRange(ImpactHasABasis(r));
        bad.AddRange(NoUnverifiedTicks(r));
        bad.AddRange(NoSelfContradiction(r));
        bad.AddRange(AudienceTexts(r));
        bad.AddRange(StatusIsTrue(r));
        bad.AddRange(ReviewIsComplete(r));
        bad.AddRange(TimelineHoldsIncidentEvents(r));
        bad.AddRange(WhoSaysSo(r));
        bad.AddRange(EvidenceIsExactAndPrivate(r, secrets ?? []));
        bad.AddRange(ConsoleIsClear(r));
        return bad;
    }

    /// <summary>1. Nothing is sent without a channel; no text claims a notice went out.</summary>
    public static IEnumerable<string> NothingSent(RespondRecord r)
    {
        if (!r.Json.TryGetProperty("notifications", out var notes) || notes.ValueKind != JsonValueKind.Array || notes.GetArrayLength() == 0)
        {
            yield return "incident.json has no notifications list";
            yield break;
        }

        foreach (var n in notes.EnumerateArray())
        {
            var state = n.GetProperty("state").GetString();
            if (state is "sent" or "confirmed")
            {
                yield return $"notification {n.GetProperty("audience")} is {state} with no channel configured";
            }

            if (n.GetProperty("artifact").GetString() is { } artifact && !r.Artifacts.ContainsKey(artifact))
            {
                yield return $"notification {n.GetProperty("audience")} names a draft {artifact} that was not written";
            }
        }

        foreach (var (path, text) in r.Artifacts.Append(new("console", r.Console)))
        {
            if (NotifiedClaim().Match(text) is { Success: true } m)
            {
                yield return $"{path} claims a delivered notice: '{m.Value}'";
            }

            if (text.Contains("communication sent", StringComparison.OrdinalIgnoreCase) || text.Contains("Runbook executed", StringComparison.Ordinal))
            {
                yield return $"{path} claims an action Firebreak did not take";
            }
        }
    }

    /// <summary>2. Acknowledge and engage are measured from a recorded acknowledgement, never from the run.</summary>
    public static IEnumerable<string> NoUnmeasuredBlame(RespondRecord r, bool acknowledged)
    {
        foreach (var sla in r.Json.GetProperty("sla").EnumerateArray())
        {
            var name = sla.GetProperty("name").GetString()!;
            if (name is not ("acknowledge" or "engage"))
            {
                continue;
            }

            var status = sla.GetProperty("status").GetString();
            var from = sla.GetProperty("measured_from").GetString() ?? string.Empty;
            if (!acknowledged && status is "met" or "missed")
            {
                yield return $"sla {name} is {status} though nobody acknowledged";
            }

            if (!acknowledged && status == "unknown" && !from.StartsWith("unknown (", StringComparison.Ordinal))
            {
                yield return $"sla {name} is unknown but does not say what would make it known ('{from}')";
            }

            if (acknowledged && !from.Contains("acknowledgement", StringComparison.Ordinal))
            {
                yield return $"sla {name} ignores the recorded acknowledgement ('{from}')";
            }
        }

        if (!acknowledged)
        {
            foreach (var (path, text) in r.Markdown)
            {
                if (text.Contains("[x] Acknowledge", StringComparison.Ordinal) || AckBlame().IsMatch(text))
                {
                    yield return $"{path} ticks or blames an acknowledgement nobody recorded";
                }
            }
        }
    }

    /// <summary>3. Guidance brings a review, never a breach, a category, an impact or an executive decision.</summary>
    public static IEnumerable<string> GuidanceIsNotEvidence(RespondRecord r, bool guidanceOnly)
    {
        if (!guidanceOnly)
        {
            yield break;
        }

        if (r.Json.GetProperty("category").GetString() == "security")
        {
            yield return "guidance turned a plain incident into category security";
        }

        if (r.Json.GetProperty("escalation").GetProperty("legal_notified").GetBoolean())
        {
            yield return "guidance alone decided a legal notice";
        }

        foreach (var (path, text) in r.Artifacts.Where(a => a.Key.StartsWith("communications/", StringComparison.Ordinal)))
        {
            if (Breach().IsMatch(text))
            {
                yield return $"{path} speaks of a breach on a plain incident";
            }
        }

        if (!r.Artifacts.Values.Any(t => t.Contains("Security review requested by the guidance", StringComparison.Ordinal)))
        {
            yield return "the record does not say what the security guidance changed";
        }
    }

    /// <summary>4. The impact is a range with its basis and source, never a product posing as a measurement.</summary>
    public static IEnumerable<string> ImpactHasABasis(RespondRecord r)
    {
        if (!r.Json.TryGetProperty("impact_estimate", out var impact) || !impact.TryGetProperty("users", out var users))
        {
            yield return "incident.json has no impact_estimate.users";
            yield break;
        }

        var basis = users.GetProperty("basis").GetString();
        if (basis is not ("stated" or "counted" or "estimated"))
        {
            yield return $"impact_estimate.users.basis is '{basis}'";
        }

        if (users.GetProperty("low").ValueKind == JsonValueKind.Number && users.GetProperty("high").ValueKind == JsonValueKind.Number
            && users.GetProperty("low").GetInt64() > users.GetProperty("high").GetInt64())
        {
            yield return "impact_estimate.users low > high";
        }

        foreach (var (path, text) in r.Markdown.Append(new("console", r.Console)))
        {
            if (text.Contains("users (measured", StringComparison.OrdinalIgnoreCase))
            {
                yield return $"{path} calls a user estimate measured";
            }
        }
    }

    /// <summary>5. A box is ticked only by a measurement after an action.</summary>
    public static IEnumerable<string> NoUnverifiedTicks(RespondRecord r)
    {
        if (r.Executed || !r.Artifacts.TryGetValue("mitigation-report.md", out var report))
        {
            yield break;
        }

        var ticks = Tick().Matches(report).Count;
        if (ticks > 0)
        {
            yield return $"mitigation-report.md ticks {ticks} verification box(es) though nothing was executed";
        }
    }

    /// <summary>6. No utilisation above 100%, no peak below the current value.</summary>
    public static IEnumerable<string> NoSelfContradiction(RespondRecord r)
    {
        foreach (var (path, text) in r.Markdown)
        {
            foreach (Match m in Utilisation().Matches(text))
            {
                if (double.Parse(m.Groups["v"].Value, System.Globalization.CultureInfo.InvariantCulture) > 100)
                {
                    yield return $"{path}: '{m.Value}' above 100%";
                }
            }

            foreach (Match m in CurrentPeak().Matches(text))
            {
                if (double.Parse(m.Groups["p"].Value, System.Globalization.CultureInfo.InvariantCulture) < double.Parse(m.Groups["c"].Value, System.Globalization.CultureInfo.InvariantCulture))
                {
                    yield return $"{path}: peak below current in '{m.Value}'";
                }
            }
        }
    }

    /// <summary>7. The status page says investigating until the cause is confirmed and says whether it is posted.</summary>
    public static IEnumerable<string> AudienceTexts(RespondRecord r)
    {
        var confirmed = r.Json.GetProperty("root_cause").GetProperty("confirmed").GetBoolean();
        if (r.Artifacts.TryGetValue("communications/status-page-update.md", out var page))
        {
            if (!confirmed && Identified().IsMatch(page))
            {
                yield return "status page says the cause is identified though it is not confirmed";
            }

            if (!page.Contains("Update History", StringComparison.Ordinal))
            {
                yield return "status page keeps no history of updates";
            }

            if (!page.Contains("**Policy**: post", StringComparison.Ordinal) && !page.Contains("**Policy**: do not post", StringComparison.Ordinal))
            {
                yield return "status page does not say whether the policy posts it";
            }

            if (Hash().IsMatch(page))
            {
                yield return "status page quotes a commit hash";
            }
        }
    }

    /// <summary>10. A plan nobody carried out is IDENTIFIED; the review is not complete while open.</summary>
    public static IEnumerable<string> StatusIsTrue(RespondRecord r)
    {
        if (!r.Executed && r.Status == "MITIGATING")
        {
            yield return "status MITIGATING though no mitigation was carried out";
        }

        var root = r.Json.GetProperty("root_cause");
        if (root.GetProperty("trigger").GetString() is { } trigger && trigger == root.GetProperty("statement").GetString())
        {
            yield return "root_cause.trigger and statement are the same sentence";
        }
    }

    /// <summary>The body of a Markdown section ("## Title" to the next "## "), or null when the section is missing.</summary>
    public static string? Section(string text, string title)
    {
        var start = text.IndexOf($"\n## {title}\n", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += title.Length + 5;
        var end = text.IndexOf("\n## ", start, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    /// <summary>10. The review keeps trigger and root cause apart, shows impact over time and the detection gap cited or unknown, and says where we got lucky with sources.</summary>
    public static IEnumerable<string> ReviewIsComplete(RespondRecord r)
    {
        if (!r.Artifacts.TryGetValue("post-incident-review.md", out var pir))
        {
            yield return "no post-incident-review.md";
            yield break;
        }

        var trigger = Regex.Match(pir, @"^\*\*Trigger\*\*: (?<t>.+?)\s*$", RegexOptions.Multiline);
        var root = Regex.Match(pir, @"^\*\*Root Cause\*\*: (?<t>.+?)\s*$", RegexOptions.Multiline);
        if (!trigger.Success || !root.Success)
        {
            yield return "post-incident-review.md does not give the trigger and the root cause as two fields";
        }
        else if (trigger.Groups["t"].Value == root.Groups["t"].Value)
        {
            yield return "post-incident-review.md states the trigger as the root cause";
        }

        if (Section(pir, "Impact Over Time") is not { } impact)
        {
            yield return "post-incident-review.md has no Impact Over Time section";
        }
        else
        {
            foreach (var row in impact.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| Moment", StringComparison.Ordinal)))
            {
                if (!row.Contains("sample at ", StringComparison.Ordinal) && !row.Contains("unknown (", StringComparison.Ordinal))
                {
                    yield return $"impact over time row neither cites its sample nor says what would make it known: '{row}'";
                }
            }

            if (!impact.Contains("| ", StringComparison.Ordinal) && !impact.Contains("unknown (", StringComparison.Ordinal))
            {
                yield return "impact over time shows no value and no unknown";
            }
        }

        if (Section(pir, "Detection Gap") is not { } gap)
        {
            yield return "post-incident-review.md has no Detection Gap section";
        }
        else
        {
            foreach (var row in gap.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| Stage", StringComparison.Ordinal)))
            {
                if (row.Split('|')[2].Trim() == "unknown" && !row.Contains("unknown (", StringComparison.Ordinal))
                {
                    yield return $"detection gap row is unknown without saying what would make it known: '{row}'";
                }
            }

            if (Regex.IsMatch(gap, @"\b(missed|slow|late|failed to|delay(ed)? by)\b", RegexOptions.IgnoreCase))
            {
                yield return "the detection gap judges people instead of stating the gaps";
            }

            if (!r.Json.GetProperty("sla").EnumerateArray().Any(s => s.GetProperty("name").GetString() == "acknowledge" && s.GetProperty("status").GetString() is "met" or "missed")
                && !gap.Contains("| Acknowledgement | unknown |", StringComparison.Ordinal))
            {
                yield return "the detection gap gives an acknowledgement time nobody recorded";
            }
        }

        if (Section(pir, "Where We Got Lucky") is not { } lucky)
        {
            yield return "post-incident-review.md has no Where We Got Lucky section";
        }
        else
        {
            var bullets = lucky.Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
            if (bullets.Count == 0 && !lucky.Contains("Nothing in this incident's evidence qualifies", StringComparison.Ordinal))
            {
                yield return "where we got lucky is empty without saying that nothing qualifies";
            }

            foreach (var bullet in bullets.Where(b => !b.TrimEnd().EndsWith(']')))
            {
                yield return $"lucky fact without a source: '{bullet}'";
            }

            if (bullets.Any(b => b.Contains("rolls back", StringComparison.Ordinal)) && r.Json.GetProperty("mitigation").GetProperty("strategy").GetString() != "rollback")
            {
                yield return "a lucky rollback path on an incident whose plan is not a rollback";
            }
        }
    }

    /// <summary>10. The timeline holds the incident's events; Firebreak's bookkeeping is in the audit log, which the manifest lists.</summary>
    public static IEnumerable<string> TimelineHoldsIncidentEvents(RespondRecord r)
    {
        string[] bookkeeping = ["Evidence collected:", "Evidence preserved", "Impact start recorded", "Cause recorded (", "preventive action(s) added", "Preventive action added", "Mitigation command started"];
        foreach (var (path, text) in r.Artifacts.Where(a => a.Key is "timeline.md" or "post-incident-review.md"))
        {
            var table = Section(text, "Timeline") ?? text;
            foreach (var entry in bookkeeping.Where(b => table.Split('\n').Any(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains(b, StringComparison.Ordinal))))
            {
                yield return $"{path}'s timeline holds Firebreak's bookkeeping ('{entry}')";
            }
        }

        if (!r.Artifacts.TryGetValue("logs/audit-log.md", out var audit))
        {
            yield return "no logs/audit-log.md";
            yield break;
        }

        if (!r.Json.GetProperty("artifacts").EnumerateArray().Any(a => a.GetString() == "logs/audit-log.md"))
        {
            yield return "incident.json's artifacts do not list logs/audit-log.md";
        }

        if (!audit.Contains("Evidence collected:", StringComparison.Ordinal))
        {
            yield return "the audit log does not record the evidence Firebreak read";
        }

        if (r.Json.GetProperty("evidence_preserved").GetArrayLength() > 0 && !audit.Contains("Evidence preserved", StringComparison.Ordinal))
        {
            yield return "the audit log does not record the evidence preserved";
        }

        if (!Regex.IsMatch(audit, @"\| v1 \|"))
        {
            yield return "the audit log lists no stored analysis version";
        }
    }

    /// <summary>Notes to people state as fact only what was measured: a recovery nobody validated is what responders report.</summary>
    public static IEnumerable<string> WhoSaysSo(RespondRecord r)
    {
        var validated = r.Json.GetProperty("mitigation").GetProperty("validated").GetBoolean();
        if (validated)
        {
            yield break;
        }

        foreach (var (path, text) in r.Artifacts.Where(a => a.Key.StartsWith("communications/", StringComparison.Ordinal) && a.Key != "communications/status-page-update.md" && a.Key != "communications/resolution-notification.md"))
        {
            foreach (var line in text.Split('\n').Where(l => Regex.IsMatch(l, @"service (is )?back|measurements afterwards show", RegexOptions.IgnoreCase)))
            {
                if (!line.Contains("report", StringComparison.OrdinalIgnoreCase) && !line.Contains("unknown (", StringComparison.Ordinal))
                {
                    yield return $"{path} states a recovery nobody measured as fact: '{line.Trim()}'";
                }
            }
        }
    }

    /// <summary>11. Secrets only in byte-exact private copies listed in the manifest; everything private.</summary>
    public static IEnumerable<string> EvidenceIsExactAndPrivate(RespondRecord r, IReadOnlyList<string> secrets)
    {
        foreach (var secret in secrets)
        {
            foreach (var (path, text) in r.Artifacts)
            {
                if (text.Contains(secret, StringComparison.Ordinal))
                {
                    yield return $"secret in the shareable record: {path}";
                }
            }
        }

        if (OperatingSystem.IsWindows())
        {
            yield break;
        }

        if ((File.GetUnixFileMode(r.Directory) & (UnixFileMode)0b000_111_111) != 0)
        {
            yield return $"incident folder is {File.GetUnixFileMode(r.Directory)}";
        }

        foreach (var file in Directory.EnumerateFiles(r.Directory, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".db", StringComparison.Ordinal) && !f.Contains("/actions/", StringComparison.Ordinal)))
        {
            if ((File.GetUnixFileMode(file) & (UnixFileMode)0b000_111_111) != 0)
            {
                yield return $"{Path.GetRelativePath(r.Directory, file)} is readable by others ({File.GetUnixFileMode(file)})";
            }
        }

        foreach (var entry in r.Json.GetProperty("evidence_preserved").EnumerateArray())
        {
            var path = Path.GetFullPath(Path.Combine(r.Directory, entry.GetProperty("path").GetString()!));
            var sha = entry.GetProperty("sha256").GetString();
            if (sha != entry.GetProperty("original_sha256").GetString())
            {
                yield return $"evidence {path} is not byte-exact";
            }
            else if (!File.Exists(path) || Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))) != sha)
            {
                yield return $"evidence {path} does not match its hash";
            }
            else if ((File.GetUnixFileMode(path) & (UnixFileMode)0b000_111_111) != 0)
            {
                yield return $"evidence {path} is readable by others";
            }
        }

        if (r.Json.GetProperty("evidence_preserved").GetArrayLength() > 0 && !File.Exists(Path.Combine(Path.GetDirectoryName(r.Vault)!, ".gitignore")))
        {
            yield return "no .gitignore beside the preserved evidence";
        }
    }

    /// <summary>12. No repeated tick line, steps in order, the guidance echoed with its effect, no review "complete" while open, the last line is the next step.</summary>
    public static IEnumerable<string> ConsoleIsClear(RespondRecord r)
    {
        var ticks = r.Console.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith('✓') && l.Length > 15).ToList();
        foreach (var line in ticks.GroupBy(l => l).Where(g => g.Count() > 1))
        {
            yield return $"console repeats '{line.Key}'";
        }

        if (r.Status is not ("RESOLVED" or "CLOSED") && Regex.IsMatch(r.Console, "review complete|Response Complete", RegexOptions.IgnoreCase))
        {
            yield return "console says complete while the incident is open";
        }

        var lines = r.Console.Split('\n').Select(l => l.TrimEnd()).ToList();
        int At(string line) => lines.FindIndex(l => l.Trim() == line);
        var escalated = At("✓ Hierarchical escalation complete");
        var rca = At("⏳ Conducting root cause analysis...");
        if (escalated >= 0 && rca >= 0 && escalated > rca)
        {
            yield return "console reports escalation complete after root cause analysis started";
        }

        if (Regex.Match(r.Console, "^- Guidance: \"(?<g>[^\n]*)\" ", RegexOptions.Multiline) is { Success: true } given)
        {
            var echo = lines.IndexOf($"Guidance: \"{given.Groups["g"].Value}\"");
            if (echo < 0 || echo + 1 >= lines.Count || !lines[echo + 1].StartsWith("- changed", StringComparison.Ordinal))
            {
                yield return "console does not echo the guidance with what it changed";
            }
        }

        var last = r.Console.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;
        if (!last.StartsWith("Next: ", StringComparison.Ordinal))
        {
            yield return $"console does not end with the next step: '{last}'";
        }
    }

    [GeneratedRegex(@"\b(management|executives?|legal(?: and compliance)?|status page) (were |was )?notified\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotifiedClaim();

    [GeneratedRegex(@"(acknowledge|acknowledgment|acknowledgement)[^\n]{0,40}\b(MISSED|missed|MET)\b")]
    private static partial Regex AckBlame();

    [GeneratedRegex(@"\bbreach(ed)?\b(?!.*\bSLA\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Breach();

    [GeneratedRegex(@"^\s*[-*]\s*\[[xX]\].*(return|restor|monitor|stabl|resolv|verif|validat|baseline|SLA|SLO)", RegexOptions.Multiline)]
    private static partial Regex Tick();

    [GeneratedRegex(@"(utili[sz]ation|saturation|saturated|cpu|memory|pool)[^\n|]{0,60}?\b(?<v>\d{3,}(?:\.\d+)?)\s?%", RegexOptions.IgnoreCase)]
    private static partial Regex Utilisation();

    [GeneratedRegex(@"current (?<c>\d+(?:\.\d+)?)%?, peak (?<p>\d+(?:\.\d+)?)%?")]
    private static partial Regex CurrentPeak();

    [GeneratedRegex(@"(?<!not )(?<!not yet )\b(have|has)\s+identified\b", RegexOptions.IgnoreCase)]
    private static partial Regex Identified();

    [GeneratedRegex(@"\b[0-9a-f]{12,40}\b")]
    private static partial Regex Hash();
}
