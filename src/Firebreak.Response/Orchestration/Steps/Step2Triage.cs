using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>Step 2: impact and urgency in parallel, the priority from the matrix, and the response roles.</summary>
public sealed class Step2Triage : IFlowStep
{
    /// <inheritdoc/>
    public int Number => 2;

    /// <inheritdoc/>
    public string Name => "Triage and Severity Assessment";

    /// <inheritdoc/>
    public async Task RunAsync(FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var diagnosis = context.RequireDiagnosis();
        var reported = context.Request.ReportedPriority ?? context.Journal.State.ReportedPriority;
        var reporter = context.Reporter;

        reporter.Report(ProgressMark.Working, "Assessing impact and urgency...");
        var impactTask = IncidentResponder.AssessImpactAsync(diagnosis.Facts, reported, context.Guidance);
        var urgencyTask = ReliabilityEngineer.AssessUrgencyAsync(diagnosis.Facts, reported, context.Guidance);
        await Task.WhenAll(impactTask, urgencyTask).ConfigureAwait(false);
        var impact = await impactTask.ConfigureAwait(false);
        var urgency = await urgencyTask.ConfigureAwait(false);
        reporter.Report(ProgressMark.Done, $"Impact: {WireNames.Of(impact.Level)}", 1);
        reporter.Report(ProgressMark.Done, $"Urgency: {WireNames.Of(urgency.Level)}", 1);

        var triage = IncidentResponder.SynthesizePriority(diagnosis.Facts, impact, urgency, reported, context.Guidance, diagnosis.Category, context.AsOf);
        if (context.Journal.State.Priority is { } recorded && recorded < triage.Value.Priority)
        {
            // A re-run never quietly lowers the priority the incident already has (an escalation, an earlier triage).
            context.Triage = triage.Value with { Priority = recorded, Verdict = $"{triage.Value.Verdict}; the incident keeps the recorded {recorded}, which a re-run does not lower" };
            reporter.Report(ProgressMark.Warning, $"Evidence now points to {triage.Value.Priority}; keeping the recorded {recorded}", 1);
        }
        else
        {
            context.Triage = triage.Value;
            context.Journal.Record(triage.Events);
        }

        context.Journal.MoveTo(IncidentStatus.Triaged, context.AsOf, Agents.IncidentResponder, $"triage complete, severity {context.Triage.Priority}");
        var priority = context.Priority;
        var change = reported is { } r && r != context.Triage.Priority ? $" (reported {r}: {context.Triage.Verdict})" : string.Empty;
        reporter.Report(ProgressMark.Done, $"Priority assigned: {priority}{change}");

        var roster = RoleAssigner.Assign(priority, context.Journal.State.Tier, context.Config.Profile, diagnosis.AffectedComponents, context.Guidance, diagnosis.Category);
        context.Roster = roster;
        context.Journal.Record(IncidentResponder.RecordRoster(roster, context.AsOf));
        foreach (var block in roster.Blocks)
        {
            reporter.Report(ProgressMark.Warning, $"Key person unavailable: {block.Unavailable} ({block.Role}); {(block.Backup is null ? "no backup configured" : $"backup {block.Backup} engaged")}", 1);
            context.Warn($"Escalation blocked: {block.Unavailable} ({block.Role}) unavailable; {block.Backup ?? "no backup"} used ({block.Reason})");
        }

        if (priority <= Priority.P1)
        {
            reporter.Report(ProgressMark.Done, $"Incident Commander assigned: {roster.Holder(Roles.IncidentCommander) ?? "unknown (people.incident_commanders is not configured)"} ({priority})");
        }

        context.Journal.Record(IncidentResponder.InitialAlert(roster, context.Detection!, context.AsOf));

        if (SecurityArchitect.Applies(diagnosis, context.Guidance))
        {
            await PreserveAsync(context, cancellationToken).ConfigureAwait(false);
        }

        reporter.Report(ProgressMark.Working, "Initiating functional escalation (Tier 1)...");
    }

    private static async Task PreserveAsync(FlowContext context, CancellationToken cancellationToken)
    {
        // Evidence is preserved here, before step 6 can change anything. Guidance alone asks for a review, never declares a breach.
        var diagnosis = context.RequireDiagnosis();
        var breach = SecurityArchitect.EvidenceShows(diagnosis);
        context.SecurityPath = breach;
        if (breach)
        {
            context.Reporter.Report(ProgressMark.Failed, "SECURITY INCIDENT or DATA LOSS shown by the evidence");
        }
        else
        {
            context.Reporter.Report(ProgressMark.Working, "Security review requested by the guidance (the evidence shows no breach): preserving evidence, engaging the security lead");
        }

        var evidence = context.RequireEvidence();
        var preserved = await EvidenceVault.PreserveAsync(
            context.Config.ProjectDirectory, context.Request.IncidentDirectory, SecurityArchitect.EvidenceFiles(evidence), cancellationToken).ConfigureAwait(false);
        context.Preserved = preserved;
        context.Journal.Record(breach
            ? SecurityArchitect.Respond(preserved, diagnosis, context.Config.Profile, context.AsOf)
            : SecurityArchitect.Review(preserved, context.Guidance, context.Config.Profile, context.AsOf));
        context.Reporter.Report(ProgressMark.Done, $"Evidence preserved before mitigation: {preserved.Files.Count} files, byte-exact and private, manifest {preserved.ManifestPath}", 1);
        if (breach)
        {
            context.Reporter.Report(ProgressMark.Working, "Legal and compliance notice: decided, due IMMEDIATELY; Executive notice: decided, due IMMEDIATELY (drafted, not sent)", 1);
            context.Warn("Security incident or data loss: evidence preserved with a SHA-256 manifest; forensic analysis required before system restoration");
        }
        else
        {
            context.Warn("Security review requested by the guidance: evidence preserved and the security lead engaged; no breach is shown by the evidence, so category, impact and notices are unchanged");
        }
    }
}
