using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>The four emergency questions Tier 3 answers.</summary>
public enum Tier3Question
{
    ArchitectureChange,
    VendorEscalation,
    Hotfix,
    WorkaroundOrFix,
}

/// <summary>One Tier 3 decision: the question, the verdict and why; decided once and rendered as is.</summary>
public sealed record Tier3Decision
{
    /// <summary>Creates a decision; the verdict and the reason are required.</summary>
    public Tier3Decision(Tier3Question question, string verdict, string why)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(verdict);
        ArgumentException.ThrowIfNullOrWhiteSpace(why);
        Question = question;
        Verdict = verdict;
        Why = why;
    }

    public Tier3Question Question { get; }
    public string Verdict { get; }
    public string Why { get; }

    /// <summary>The question as the record names it.</summary>
    public string Title => Question switch
    {
        Tier3Question.ArchitectureChange => "Emergency architecture change",
        Tier3Question.VendorEscalation => "Vendor escalation",
        Tier3Question.Hotfix => "Hotfix outside normal process",
        _ => "Temporary workaround vs full fix",
    };
}

/// <summary>The architecture-designer (Tier 3): emergency architecture decisions.</summary>
public static class ArchitectureDesigner
{
    private const string Me = Agents.ArchitectureDesigner;

    /// <summary>Decides on emergency architecture changes, vendor escalation, hotfix approval and workaround vs. fix.</summary>
    public static IReadOnlyList<Tier3Decision> Decide(Diagnosis diagnosis, MitigationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        ArgumentNullException.ThrowIfNull(plan);
        var cause = diagnosis.Leading?.Cause ?? CauseKind.Unknown;
        var strategy = plan.Strategy;
        return
        [
            cause == CauseKind.Capacity
                ? new(Tier3Question.ArchitectureChange, "APPROVE (capacity increase only)", "the evidence points to capacity; scaling is the least risky structural change")
                : new(Tier3Question.ArchitectureChange, "REJECT for now", "the mitigation restores service without structural change; redesign belongs in the preventive actions"),
            cause == CauseKind.Dependency
                ? new(Tier3Question.VendorEscalation, "INITIATE", "the leading hypothesis blames a dependency")
                : new(Tier3Question.VendorEscalation, "NOT NEEDED", "no vendor component implicated"),
            strategy == MitigationStrategy.Hotfix
                ? new(Tier3Question.Hotfix, "APPROVE WITH CONDITIONS", "minimal change, peer review, staging smoke tests and the deployment manager's sign-off; monitor 15 min after deploy")
                : new(Tier3Question.Hotfix, "NOT REQUESTED", $"the chosen mitigation is {WireNames.Of(strategy)}"),
            new(Tier3Question.WorkaroundOrFix,
                strategy is MitigationStrategy.Workaround or MitigationStrategy.Rollback or MitigationStrategy.ConfigChange or MitigationStrategy.Scaling ? "WORKAROUND NOW, FIX LATER" : "FULL FIX",
                $"{DossierFacts.WordsOf(strategy)} restores service first; the permanent fix is tracked in preventive-actions.md"),
        ];
    }

    /// <summary>Records the decisions made by <see cref="Decide"/>, one note each.</summary>
    public static IReadOnlyList<IncidentEvent> Record(IReadOnlyList<Tier3Decision> decisions, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        return [.. decisions.Select(d => (IncidentEvent)new NoteRecorded(asOf, Me, $"Tier 3 decision: {d.Title}: {d.Verdict} ({Redactor.Redact(d.Why)})", "diagnostics/tier3-architecture-assessment.md"))];
    }
}
