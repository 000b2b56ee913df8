using System.Globalization;
using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>
/// The reliability-engineer: assesses urgency, does the Tier 1 data gathering, finds the contributing factors,
/// validates the mitigation and recommends the runbook update.
/// </summary>
public sealed class ReliabilityEngineer(IReasoning reasoning)
{
    private const string Me = Agents.ReliabilityEngineer;

    /// <summary>Tier 1: records what each evidence source showed and the runbook that applies.</summary>
    public static RoleResult<RunbookMatch?> GatherTier1(EvidenceBundle evidence, Diagnosis diagnosis, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(diagnosis);
        var events = new List<IncidentEvent>();
        void Add(string source, string summary) => events.Add(new EvidenceCollected(asOf, Me, source, Redactor.Redact(summary)));

        var firing = evidence.Alerts.Count(a => a.IsFiring);
        Add("alerts", evidence.Alerts.Count == 0
            ? "not available: no Alertmanager payload found"
            : string.Create(CultureInfo.InvariantCulture, $"{firing} firing of {evidence.Alerts.Count}: {string.Join(", ", evidence.Alerts.Where(a => a.IsFiring).Select(a => a.Name).Distinct(StringComparer.Ordinal))}"));
        Add("changes", evidence.Changes.Count == 0
            ? "not available: no commits or deploy records found"
            : string.Create(CultureInfo.InvariantCulture, $"{evidence.Changes.Count} changes in the window; latest: {Latest(evidence.Changes)}"));
        var anomalous = evidence.Metrics.Where(m => m.Anomalous).Select(m => m.Series.Name).ToList();
        Add("metrics", evidence.Metrics.Count == 0
            ? "not available: no metric series found"
            : string.Create(CultureInfo.InvariantCulture, $"{evidence.Metrics.Count} series, {anomalous.Count} anomalous") + (anomalous.Count > 0 ? $": {string.Join(", ", anomalous)}" : string.Empty));
        var fresh = evidence.Logs.Templates.Count(t => t.IsNew || t.IsSurging);
        if (evidence.Logs.Files.Count == 0)
        {
            Add("logs", "not available: no log files found");
        }
        else
        {
            // Logs grow between runs: the counts change every time, the finding (which files, which templates are new or surging) rarely.
            events.Add(new EvidenceCollected(asOf, Me, "logs", Redactor.Redact(string.Create(CultureInfo.InvariantCulture,
                $"{evidence.Logs.RecordsRead} records in {evidence.Logs.Files.Count} files, {evidence.Logs.Templates.Count} templates, {fresh} new or surging")))
            {
                Basis = LogFindingBasis(evidence.Logs),
            });
        }

        var runbook = diagnosis.Runbooks.Count > 0 ? diagnosis.Runbooks[0] : null;
        Add("runbooks", runbook is null
            ? string.Create(CultureInfo.InvariantCulture, $"no runbook matches the symptoms ({evidence.Runbooks.Count} read)")
            : $"{runbook.Runbook.Path} matches ({string.Join(", ", runbook.MatchedTerms)})");
        return new(runbook, events);
    }

    /// <summary>The log finding in a short stable form: the files read and a digest of the templates that are new or surging, without the counts that grow with every line written.</summary>
    private static string LogFindingBasis(LogAnalysis logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var fresh = logs.Templates.Where(t => t.IsNew || t.IsSurging).Select(t => t.Template).Order(StringComparer.Ordinal).ToList();
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join('\n', logs.Files.Order(StringComparer.Ordinal)) + "\n\n" + string.Join('\n', fresh))))[..16];
        return string.Create(CultureInfo.InvariantCulture, $"{logs.Files.Count} files, {fresh.Count} new or surging, {digest}");
    }

    /// <summary>Tier 1 → Tier 2: no runbook resolves it, a code change or infrastructure is suspected, or the Tier 1 timer ran out.</summary>
    public static IReadOnlyList<string> Tier2Reasons(Diagnosis diagnosis, RunbookMatch? runbook, ClockReport clock)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        ArgumentNullException.ThrowIfNull(clock);
        var reasons = new List<string>();
        if (runbook is null)
        {
            reasons.Add("no runbook covers these symptoms");
        }

        if (diagnosis.Suspected?.Change is { } change)
        {
            if (change.Kind is ChangeKind.Commit or ChangeKind.Deploy)
            {
                reasons.Add($"code change suspected: {WireNames.Of(change.Kind)} {change.Ref} of {change.Component ?? "the service"}");
            }
            else if (change.Kind is ChangeKind.Infra or ChangeKind.Migration)
            {
                reasons.Add($"infrastructure change suspected: {WireNames.Of(change.Kind)} {change.Ref}");
            }
        }

        if (diagnosis.Leading is { Cause: CauseKind.Capacity or CauseKind.Dependency } leading)
        {
            reasons.Add($"{(leading.Cause == CauseKind.Capacity ? "infrastructure capacity" : "a dependency")} suspected: {leading.Statement}");
        }

        if (clock.Deadline(EscalationClock.Tier2) is { Due: true, DueAt: { } due })
        {
            reasons.Add($"Tier 1 timer ran out at {Md.Time(due)} with the incident unresolved");
        }

        return reasons;
    }

    private static string Latest(IReadOnlyList<ChangeRecord> changes)
    {
        var latest = changes.MaxBy(c => c.At)!;
        return $"{WireNames.Of(latest.Kind)} {latest.Ref} at {Md.Time(latest.At)}";
    }

    /// <summary>Finds the contributing factors (People, Process, Technology, Environment) the evidence supports.</summary>
    public static Task<RcaFishbone> ContributingFactorsAsync(IncidentFacts facts, FishboneContext context) =>
        Task.Run(() => ContributingFactors(facts, context));

    /// <summary>The fishbone: each factor in its category, with its citation.</summary>
    public static RcaFishbone ContributingFactors(IncidentFacts facts, FishboneContext context)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(context);
        return FishboneAnalysis.Run(facts, context);
    }

    /// <summary>Adds what choosing the mitigation revealed (no command configured to run it) to the fishbone.</summary>
    public static RcaFishbone MitigationFactors(RcaFishbone factors, MitigationPlan plan, MitigationCommands commands)
    {
        ArgumentNullException.ThrowIfNull(factors);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(commands);
        return FishboneAnalysis.MitigationReadiness(plan, commands) is { } factor ? factors.WithProcess(factor) : factors;
    }

    /// <summary>Validates the mitigation by comparing fresh metrics with those before it.</summary>
    public RoleResult<(ResolutionVerdict Verdict, IReadOnlyList<EvidenceItem> Evidence)> Validate(
        IReadOnlyList<SeriesAnalysis> before, IReadOnlyList<SeriesAnalysis> after, SloTargets slo, DateTimeOffset asOf)
    {
        var judged = reasoning.Judge(before, after, slo);
        var summary = judged.Evidence.Count == 0
            ? "no fresh metrics to compare with the baseline"
            : string.Join("; ", judged.Evidence.Take(3).Select(e => $"{e.Text} ({e.Source})"));
        return new(judged, [new MitigationValidated(asOf, Me, judged.Verdict, Redactor.Redact(summary))]);
    }
}
