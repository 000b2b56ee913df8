using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>Step 3: Tier 1 always; Tier 2 and Tier 3 when their triggers or timers say so.</summary>
public sealed class Step3FunctionalEscalation : IFlowStep
{
    /// <inheritdoc/>
    public int Number => 3;

    /// <inheritdoc/>
    public string Name => "Functional Escalation (Tier 1 → Tier 2 → Tier 3)";

    /// <summary>Escalates functionally; <paramref name="plan"/> is the mitigation chosen once (a hotfix calls for Tier 3 approval).</summary>
    public static FunctionallyEscalated Run(FlowRun run, Detected detected, Triaged triaged, MitigationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(detected);
        ArgumentNullException.ThrowIfNull(triaged);
        ArgumentNullException.ThrowIfNull(plan);
        var diagnosis = detected.Diagnosis;
        var journal = run.Journal;
        var reporter = run.Reporter;
        var at = run.AsOf;
        var priority = run.Priority(triaged.Triage);

        reporter.Report(ProgressMark.Working, $"Tier 1 response initiated ({triaged.Roster.Holder(Roles.Tier1OnCall) ?? "on-call unknown: people.oncall is not configured"})...");
        var tier1 = ReliabilityEngineer.GatherTier1(detected.Evidence, diagnosis, at);
        journal.Record(tier1.Events);
        journal.MoveTo(IncidentStatus.Investigating, at, Agents.ReliabilityEngineer, "Tier 1 data gathering started");
        var runbook = tier1.Value;
        reporter.Report(runbook is null ? ProgressMark.Warning : ProgressMark.Done,
            runbook is null ? "No runbook matches the symptoms" : $"Runbook matched (not executed by Firebreak): {runbook.Runbook.Path}", 1);
        reporter.Report(ProgressMark.Done, "Diagnostic data collected", 1);

        var clock = run.Clock(at);
        var reasons = new List<string>();
        var tier = journal.State.Tier;
        var tier2 = ReliabilityEngineer.Tier2Reasons(diagnosis, runbook, clock);
        IReadOnlyList<Tier3Decision> decisions = [];
        if (tier2.Count > 0 || tier >= Tier.Tier2)
        {
            if (tier2.Count > 0)
            {
                reasons.AddRange(tier2.Select(r => $"Tier 2: {r}"));
                reporter.Report(ProgressMark.Warning, $"Escalating to Tier 2 (reason: {string.Join("; ", tier2)})", 1);
                journal.Record(new Escalated(at, Agents.ReliabilityEngineer, Tier.Tier2, string.Join("; ", tier2)));
            }

            reporter.Report(ProgressMark.Working, $"Tier 2 response: Component Owner engaged ({RoleAssigner.Assign(priority, Tier.Tier2, run.Config.Profile, diagnosis.AffectedComponents, run.Guidance, diagnosis.Category, new OnCallAt(run.Config.OnCall, at)).Holder(Roles.Tier2ComponentOwner) ?? "owner unknown: not in components:"})...");
            var analysis = ComponentOwner.Analyze(diagnosis, at);
            journal.Record(analysis.Events);
            reporter.Report(ProgressMark.Done, $"Root cause hypothesis: {analysis.Value?.Statement ?? "none supported by the evidence"}", 1);

            var tier3 = ComponentOwner.Tier3Reasons(diagnosis, plan, clock);
            if (tier3.Count > 0 || journal.State.Tier >= Tier.Tier3)
            {
                if (tier3.Count > 0)
                {
                    reasons.AddRange(tier3.Select(r => $"Tier 3: {r}"));
                    reporter.Report(ProgressMark.Warning, $"Escalating to Tier 3 (reason: {string.Join("; ", tier3)})", 1);
                    journal.Record(new Escalated(at, Agents.ComponentOwner, Tier.Tier3, string.Join("; ", tier3)));
                }

                decisions = ArchitectureDesigner.Decide(diagnosis, plan);
                journal.Record(ArchitectureDesigner.Record(decisions, at));
                reporter.Report(ProgressMark.Done, $"Tier 3 architecture assessment: {decisions.Count} decisions", 1);
            }
            else
            {
                reporter.Report(ProgressMark.Done, $"Hypothesis confirmed at Tier 2 (confidence {(analysis.Value is null ? "LOW" : WireNames.Of(analysis.Value.Confidence))})", 1);
            }
        }
        else
        {
            reasons.Add($"Tier 1: runbook {runbook?.Runbook.Path} applies and no Tier 2 trigger fired");
            reporter.Report(ProgressMark.Done, "Handled at Tier 1: the runbook applies and no escalation trigger fired", 1);
        }

        var reached = journal.State.Tier;

        // Engage whoever the reached tier calls for (the component owner, the architect).
        var roster = RoleAssigner.Assign(priority, reached, run.Config.Profile, diagnosis.AffectedComponents, run.Guidance, diagnosis.Category, new OnCallAt(run.Config.OnCall, at));
        journal.Record(IncidentResponder.RecordRoster(roster, at));
        return new FunctionallyEscalated(new FunctionalEscalation(reached, reasons, runbook?.Runbook.Path, decisions), roster);
    }
}
