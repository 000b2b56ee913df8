using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>Step 3: Tier 1 always; Tier 2 and Tier 3 when their triggers or timers say so.</summary>
public sealed class Step3FunctionalEscalation : IFlowStep
{
    /// <inheritdoc/>
    public int Number => 3;

    /// <inheritdoc/>
    public string Name => "Functional Escalation (Tier 1 → Tier 2 → Tier 3)";

    /// <inheritdoc/>
    public Task RunAsync(FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var diagnosis = context.RequireDiagnosis();
        var evidence = context.RequireEvidence();
        var journal = context.Journal;
        var reporter = context.Reporter;
        var at = context.AsOf;

        reporter.Report(ProgressMark.Working, $"Tier 1 response initiated ({context.RequireRoster().Holder(Roles.Tier1OnCall) ?? "on-call unknown: people.oncall is not configured"})...");
        var tier1 = ReliabilityEngineer.GatherTier1(evidence, diagnosis, at);
        journal.Record(tier1.Events);
        journal.MoveTo(IncidentStatus.Investigating, at, Agents.ReliabilityEngineer, "Tier 1 data gathering started");
        var runbook = tier1.Value;
        reporter.Report(runbook is null ? ProgressMark.Warning : ProgressMark.Done,
            runbook is null ? "No runbook matches the symptoms" : $"Runbook matched (not executed by Firebreak): {runbook.Runbook.Path}", 1);
        reporter.Report(ProgressMark.Done, "Diagnostic data collected", 1);

        // The plan is needed now: a hotfix calls for Tier 3 approval. Step 6 records the choice.
        context.Plan = context.Services.Reasoning.Choose(diagnosis, evidence, context.Guidance);

        var clock = context.Clock();
        var reasons = new List<string>();
        var tier = journal.State.Tier;
        var tier2 = ReliabilityEngineer.Tier2Reasons(diagnosis, runbook, clock);
        var decisions = new List<string>();
        if (tier2.Count > 0 || tier >= Tier.Tier2)
        {
            if (tier2.Count > 0)
            {
                reasons.AddRange(tier2.Select(r => $"Tier 2: {r}"));
                reporter.Report(ProgressMark.Warning, $"Escalating to Tier 2 (reason: {string.Join("; ", tier2)})", 1);
                journal.Record(new Escalated(at, Agents.ReliabilityEngineer, Tier.Tier2, string.Join("; ", tier2)));
            }

            reporter.Report(ProgressMark.Working, $"Tier 2 response: Component Owner engaged ({RoleAssigner.Assign(context.Priority, Tier.Tier2, context.Config.Profile, diagnosis.AffectedComponents, context.Guidance, diagnosis.Category).Holder(Roles.Tier2ComponentOwner) ?? "owner unknown: not in components:"})...");
            var analysis = ComponentOwner.Analyze(diagnosis, at);
            journal.Record(analysis.Events);
            reporter.Report(ProgressMark.Done, $"Root cause hypothesis: {analysis.Value?.Statement ?? "none supported by the evidence"}", 1);

            var tier3 = ComponentOwner.Tier3Reasons(diagnosis, context.Plan, clock);
            if (tier3.Count > 0 || journal.State.Tier >= Tier.Tier3)
            {
                if (tier3.Count > 0)
                {
                    reasons.AddRange(tier3.Select(r => $"Tier 3: {r}"));
                    reporter.Report(ProgressMark.Warning, $"Escalating to Tier 3 (reason: {string.Join("; ", tier3)})", 1);
                    journal.Record(new Escalated(at, Agents.ComponentOwner, Tier.Tier3, string.Join("; ", tier3)));
                }

                var assessment = ArchitectureDesigner.Assess(diagnosis, context.Plan, at);
                journal.Record(assessment.Events);
                decisions.AddRange(assessment.Value);
                reporter.Report(ProgressMark.Done, $"Tier 3 architecture assessment: {assessment.Value.Count} decisions", 1);
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
        context.Functional = new FunctionalEscalation(reached, reasons, runbook?.Runbook.Path, decisions);

        // Engage whoever the reached tier calls for (the component owner, the architect).
        var roster = RoleAssigner.Assign(context.Priority, reached, context.Config.Profile, diagnosis.AffectedComponents, context.Guidance, diagnosis.Category);
        context.Roster = roster;
        journal.Record(IncidentResponder.RecordRoster(roster, at));
        return Task.CompletedTask;
    }
}
