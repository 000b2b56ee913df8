using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>The architecture-designer: Tier 3 assessment and the emergency decisions only Tier 3 can take.</summary>
public static class ArchitectureDesigner
{
    private const string Me = Agents.ArchitectureDesigner;

    /// <summary>Decides on vendor escalation, hotfix approval, emergency architecture changes and workaround vs. fix.</summary>
    public static RoleResult<IReadOnlyList<string>> Assess(Diagnosis diagnosis, MitigationPlan plan, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        ArgumentNullException.ThrowIfNull(plan);
        var decisions = new List<string>();
        if (diagnosis.Leading is { Cause: CauseKind.Dependency } dependency)
        {
            decisions.Add($"Vendor escalation: initiate with the provider of the failing dependency ({dependency.Statement})");
        }

        if (diagnosis.Leading is { Cause: CauseKind.Capacity } capacity)
        {
            decisions.Add($"Emergency capacity change: approved within the current architecture ({capacity.Statement}); a design review follows in the PIR");
        }

        decisions.Add(plan.Strategy == MitigationStrategy.Hotfix
            ? "Hotfix outside the normal process: approved on condition of a staging smoke test and a 15-minute metric watch"
            : "Hotfix outside the normal process: not needed");
        decisions.Add(plan.Strategy is MitigationStrategy.Workaround or MitigationStrategy.Scaling
            ? $"Recommend the temporary {WireNames.Of(plan.Strategy)} now and a full fix tracked as a preventive action"
            : $"Recommend {WireNames.Of(plan.Strategy)} as the fix path");
        var events = decisions.Select(d => (IncidentEvent)new NoteRecorded(asOf, Me, $"Tier 3 decision: {Redactor.Redact(d)}", "diagnostics/tier3-architecture-assessment.md")).ToList();
        return new(decisions, events);
    }
}
