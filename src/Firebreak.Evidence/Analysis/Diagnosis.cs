using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>What the evidence points to when no change is to blame.</summary>
public enum CauseKind { Change, Capacity, Dependency, Security, DataIntegrity, Unknown, Certificate, ClockStep, Input }

/// <summary>A ranked explanation of the incident with its evidence and confidence.</summary>
public sealed record Hypothesis(
    string Statement,
    CauseKind Cause,
    ChangeRecord? Change,
    double Score,
    Confidence Confidence,
    IReadOnlyList<EvidenceItem> Evidence)
{
    /// <summary>
    /// True when the mechanism lies outside our changes (a third party, the provider's network, a certificate's validity, a
    /// clock): a change that touches nothing the failure names is then a decoy.
    /// </summary>
    public bool Outside { get; init; }

    /// <summary>Why this explanation does not lead (a decoy's reasons: after the onset, deployed elsewhere, touches nothing named…).</summary>
    public IReadOnlyList<EvidenceItem> Against { get; init; } = [];
}

/// <summary>Everything read from the project, before judgment.</summary>
public sealed record EvidenceBundle(
    ProjectConfig Config,
    IReadOnlyList<Alert> Alerts,
    IReadOnlyList<ChangeRecord> Changes,
    IReadOnlyList<SeriesAnalysis> Metrics,
    LogAnalysis Logs,
    IReadOnlyList<Runbook> Runbooks,
    IReadOnlyList<EvidenceWarning> Warnings)
{
    /// <summary>True when the project is a git repository that could be read.</summary>
    public bool GitAvailable { get; init; }
}

/// <summary>The reasoning engine's conclusion: what broke, where it started, why, and the facts for triage.</summary>
public sealed record Diagnosis(
    IncidentCategory Category,
    IReadOnlyList<string> AffectedComponents,
    string? OriginComponent,
    DateTimeOffset? Onset,
    IReadOnlyList<Hypothesis> Hypotheses,
    TriageFacts Facts,
    IReadOnlyList<EvidenceItem> Symptoms,
    IReadOnlyList<RunbookMatch> Runbooks)
{
    /// <summary>The change blamed, or null when none explains the data.</summary>
    public Hypothesis? Suspected => Hypotheses is [{ Change: not null } first, ..] ? first : null;

    /// <summary>The leading explanation, whatever its kind.</summary>
    public Hypothesis? Leading => Hypotheses.Count > 0 ? Hypotheses[0] : null;

    /// <summary>Components failing only because something they depend on failed first.</summary>
    public IReadOnlyList<string> CollateralComponents { get; init; } = [];
}

/// <summary>The chosen mitigation with its reasoning, plan and fallback.</summary>
public sealed record MitigationPlan(
    MitigationStrategy Strategy,
    string Rationale,
    IReadOnlyList<string> Steps,
    IReadOnlyList<string> RollbackPlan,
    string? TargetComponent,
    string? TargetVersion,
    IReadOnlyList<EvidenceItem> Evidence)
{
    /// <summary>The other options considered and why they were not chosen.</summary>
    public IReadOnlyList<(MitigationStrategy Strategy, string Reason)> Rejected { get; init; } = [];

    /// <summary>The runbook whose steps the plan follows, if any.</summary>
    public RunbookMatch? Runbook { get; init; }
}
