using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>The component-owner: Tier 2 analysis, turning the evidence into ranked root-cause hypotheses.</summary>
public static class ComponentOwner
{
    private const string Me = Agents.ComponentOwner;

    /// <summary>Records the leading hypotheses (at most three) with their confidence and the change they blame.</summary>
    public static RoleResult<Hypothesis?> Analyze(Diagnosis diagnosis, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        var events = diagnosis.Hypotheses
            .Take(3)
            .Select(h => (IncidentEvent)new HypothesisRecorded(asOf, Me, Redactor.Redact(h.Statement), h.Confidence, h.Change?.Ref))
            .ToList();
        return new(diagnosis.Leading, events);
    }

    /// <summary>Tier 2 → Tier 3: an architectural, dependency or vendor issue, a hotfix to approve, or the Tier 2 timer ran out.</summary>
    public static IReadOnlyList<string> Tier3Reasons(Diagnosis diagnosis, MitigationPlan plan, ClockReport clock)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(clock);
        var reasons = new List<string>();
        switch (diagnosis.Leading?.Cause)
        {
            case CauseKind.Dependency:
                reasons.Add($"vendor/third-party dependency issue: {diagnosis.Leading.Statement}");
                break;
            case CauseKind.Capacity:
                reasons.Add($"capacity/architectural constraint: {diagnosis.Leading.Statement}");
                break;
            default:
                break;
        }

        if (plan.Strategy == MitigationStrategy.Hotfix)
        {
            reasons.Add("emergency code fix required: hotfix approval needed");
        }

        if (clock.Deadline(EscalationClock.Tier3) is { Due: true, DueAt: { } due })
        {
            reasons.Add($"Tier 2 timer ran out at {Md.Time(due)} with the incident unresolved");
        }

        return reasons;
    }
}
