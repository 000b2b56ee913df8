using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>The guidance a run was given and what it changed: each recognised keyword's effect, and the phrases that changed nothing.</summary>
/// <param name="Text">The guidance as given.</param>
/// <param name="Effects">What each recognised keyword or phrase changed (the parser's decisions).</param>
/// <param name="Unrecognised">The comma- or sentence-separated phrases that matched no keyword, so changed nothing.</param>
public sealed record GuidanceEcho(string Text, IReadOnlyList<string> Effects, IReadOnlyList<string> Unrecognised)
{
    private static readonly char[] PhraseBreaks = [',', ';', '.', '\n', '!', '?'];

    /// <summary>The echo of a run's guidance, or null when none was given.</summary>
    public static GuidanceEcho? Of(GuidanceProfile guidance)
    {
        ArgumentNullException.ThrowIfNull(guidance);
        if (string.IsNullOrWhiteSpace(guidance.Text) && guidance.Effects.Count == 0)
        {
            return null;
        }

        // A phrase that on its own changes nothing (no keyword, or a negated one) is named, so nobody thinks it was acted on.
        var unrecognised = guidance.Text.Split(PhraseBreaks, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(phrase => GuidanceParser.Parse(phrase) is { Effects.Count: 0 })
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new GuidanceEcho(guidance.Text, guidance.Effects, unrecognised);
    }
}

/// <summary>What a re-run found that the stored analysis it continues did not have: evidence, decisions and events.</summary>
/// <param name="SinceVersion">The stored analysis version compared with.</param>
/// <param name="Since">When that version was recorded.</param>
/// <param name="NewAlerts">Alerts not in that version ("Name (started 19:18 UTC)").</param>
/// <param name="NewChanges">Changes not in that version.</param>
/// <param name="NewLogPatterns">New log patterns not in that version.</param>
/// <param name="NewAnomalies">Metrics anomalous now that were not then.</param>
/// <param name="NewEvents">Incident events this run recorded (bookkeeping excluded), as their timeline text.</param>
public sealed record SinceLastRun(
    int SinceVersion,
    DateTimeOffset Since,
    IReadOnlyList<string> NewAlerts,
    IReadOnlyList<string> NewChanges,
    IReadOnlyList<string> NewLogPatterns,
    IReadOnlyList<string> NewAnomalies,
    IReadOnlyList<string> NewEvents)
{
    /// <summary>The priority then and now, when it changed.</summary>
    public (Priority From, Priority To)? PriorityChange { get; init; }

    /// <summary>The leading cause then and now, when it changed (null: none).</summary>
    public (string? From, string? To)? CauseChange { get; init; }

    /// <summary>The mitigation plan then and now, when it changed.</summary>
    public (MitigationStrategy From, MitigationStrategy To)? PlanChange { get; init; }

    /// <summary>True when nothing is new.</summary>
    public bool Nothing => NewAlerts.Count == 0 && NewChanges.Count == 0 && NewLogPatterns.Count == 0 && NewAnomalies.Count == 0
        && NewEvents.Count == 0 && PriorityChange is null && CauseChange is null && PlanChange is null;

    /// <summary>Compares this run's dossier with the stored analysis it continues.</summary>
    public static SinceLastRun Compare(int version, DateTimeOffset recordedAt, IncidentDossier before, IncidentDossier now, IEnumerable<IncidentEvent> recordedThisRun)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(now);
        ArgumentNullException.ThrowIfNull(recordedThisRun);
        static string AlertKey(Alert a) => $"{a.Name}@{a.StartsAt:O}";
        static string ChangeKey(ChangeRecord c) => $"{c.Kind}:{c.Ref}";
        var alerts = before.Evidence.Alerts.Select(AlertKey).ToHashSet(StringComparer.Ordinal);
        var changes = before.Evidence.Changes.Select(ChangeKey).ToHashSet(StringComparer.Ordinal);
        var patterns = before.Evidence.Logs.Templates.Where(t => t.IsNew).Select(t => t.Template).ToHashSet(StringComparer.Ordinal);
        var anomalies = before.Evidence.Metrics.Where(m => m.Anomalous).Select(m => m.Series.Name).ToHashSet(StringComparer.Ordinal);
        var beforeCause = before.Diagnosis.Leading?.Statement;
        var nowCause = now.Diagnosis.Leading?.Statement;
        return new SinceLastRun(
            version,
            recordedAt,
            [.. now.Evidence.Alerts.Where(a => !alerts.Contains(AlertKey(a))).Select(a => $"{a.Name} (started {Md.Time(a.StartsAt)})")],
            [.. now.Evidence.Changes.Where(c => !changes.Contains(ChangeKey(c))).Select(c => $"{IncidentFacts.Describe(c)} at {Md.Time(c.At)}")],
            [.. now.Evidence.Logs.Templates.Where(t => t.IsNew && !patterns.Contains(t.Template)).Select(t => Md.Clip(Redactor.Redact(t.Template), 100))],
            [.. now.Evidence.Metrics.Where(m => m.Anomalous && !anomalies.Contains(m.Series.Name)).Select(m => m.Series.Name)],
            [.. recordedThisRun.Where(e => !RecordKeeping.IsBookkeeping(e)).Select(e => TimelineRenderer.Describe(e).Event)])
        {
            PriorityChange = before.Triage.Priority != now.Triage.Priority ? (before.Triage.Priority, now.Triage.Priority) : null,
            CauseChange = !string.Equals(beforeCause, nowCause, StringComparison.Ordinal) ? (beforeCause, nowCause) : null,
            PlanChange = before.Mitigation.Strategy != now.Mitigation.Strategy ? (before.Mitigation.Strategy, now.Mitigation.Strategy) : null,
        };
    }
}
