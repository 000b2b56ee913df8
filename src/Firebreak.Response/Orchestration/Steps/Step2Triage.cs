using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>Step 2: impact and urgency (decided once), the priority from the matrix, and the response roles.</summary>
public sealed class Step2Triage : IFlowStep
{
    /// <inheritdoc/>
    public int Number => 2;

    /// <inheritdoc/>
    public string Name => "Triage and Severity Assessment";

    /// <summary>Triages the incident once and assigns the roles.</summary>
    public static async Task<Triaged> RunAsync(FlowRun run, Detected detected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(detected);
        var diagnosis = detected.Diagnosis;
        var reported = run.Request.ReportedPriority ?? run.Journal.State.ReportedPriority;
        var reporter = run.Reporter;

        reporter.Report(ProgressMark.Working, "Assessing impact and urgency...");
        var assessed = IncidentResponder.Assess(diagnosis.Facts, reported, run.Guidance);
        reporter.Report(ProgressMark.Done, $"Impact: {WireNames.Of(assessed.Impact.Level)}", 1);
        reporter.Report(ProgressMark.Done, $"Urgency: {WireNames.Of(assessed.Urgency.Level)}", 1);

        TriageResult triage;
        if (run.Journal.State.Priority is { } recorded && recorded < assessed.Priority)
        {
            // A re-run never quietly lowers the priority the incident already has (an escalation, an earlier triage).
            triage = assessed with { Priority = recorded, Verdict = $"{assessed.Verdict}; the incident keeps the recorded {recorded}, which a re-run does not lower" };
            reporter.Report(ProgressMark.Warning, $"Evidence now points to {assessed.Priority}; keeping the recorded {recorded}", 1);
        }
        else
        {
            triage = assessed;
            run.Journal.Record(IncidentResponder.Classified(assessed, diagnosis.Category, run.AsOf));
        }

        run.Journal.MoveTo(IncidentStatus.Triaged, run.AsOf, Agents.IncidentResponder, $"triage complete, severity {triage.Priority}");
        var priority = run.Priority(triage);
        var change = reported is { } r && r != triage.Priority ? $" (reported {r}: {triage.Verdict})" : string.Empty;
        reporter.Report(ProgressMark.Done, $"Priority assigned: {priority}{change}");

        var roster = RoleAssigner.Assign(priority, run.Journal.State.Tier, run.Config.Profile, diagnosis.AffectedComponents, run.Guidance, diagnosis.Category, new OnCallAt(run.Config.OnCall, run.AsOf));
        run.Journal.Record(IncidentResponder.RecordRoster(roster, run.AsOf));
        foreach (var block in roster.Blocks)
        {
            reporter.Report(ProgressMark.Warning, $"Key person unavailable: {block.Unavailable} ({block.Role}); {(block.Backup is null ? "no backup configured" : $"backup {block.Backup} engaged")}", 1);
            run.Warn($"Escalation blocked: {block.Unavailable} ({block.Role}) unavailable; {block.Backup ?? "no backup"} used ({block.Reason})");
        }

        if (priority <= Priority.P1)
        {
            reporter.Report(ProgressMark.Done, $"Incident Commander assigned: {roster.Holder(Roles.IncidentCommander) ?? "unknown (people.incident_commanders is not configured)"} ({priority})");
        }

        run.Journal.Record(IncidentResponder.InitialAlert(roster, detected.Detection, run.AsOf));

        var preserved = SecurityArchitect.Applies(diagnosis, run.Guidance) ? await PreserveAsync(run, detected, cancellationToken).ConfigureAwait(false) : null;
        var security = SecurityArchitect.EvidenceShows(diagnosis);

        reporter.Report(ProgressMark.Working, "Initiating functional escalation (Tier 1)...");
        return new Triaged(triage, roster, security, preserved);
    }

    private static async Task<PreservedEvidence> PreserveAsync(FlowRun run, Detected detected, CancellationToken cancellationToken)
    {
        // Evidence is preserved here, before step 6 can change anything. Guidance alone asks for a review, never declares a breach.
        var breach = SecurityArchitect.EvidenceShows(detected.Diagnosis);
        if (breach)
        {
            run.Reporter.Report(ProgressMark.Failed, "SECURITY INCIDENT or DATA LOSS shown by the evidence");
        }
        else
        {
            run.Reporter.Report(ProgressMark.Working, "Security review requested by the guidance (the evidence shows no breach): preserving evidence, engaging the security lead");
        }

        var preserved = await run.Services.Workspace.PreserveAsync(
            run.Config.ProjectDirectory, run.Request.IncidentDirectory, SecurityArchitect.EvidenceFiles(detected.Evidence), cancellationToken).ConfigureAwait(false);
        run.Journal.Record(breach
            ? SecurityArchitect.Respond(preserved, detected.Diagnosis, run.Config.Profile, run.AsOf)
            : SecurityArchitect.Review(preserved, run.Guidance, run.Config.Profile, run.AsOf));
        run.Reporter.Report(ProgressMark.Done, $"Evidence preserved before mitigation: {preserved.Files.Count} files, byte-exact and private, manifest {preserved.ManifestPath}", 1);
        if (breach)
        {
            run.Reporter.Report(ProgressMark.Working, "Legal and compliance notice: decided, due IMMEDIATELY; Executive notice: decided, due IMMEDIATELY (drafted, not sent)", 1);
            run.Warn("Security incident or data loss: evidence preserved with a SHA-256 manifest; forensic analysis required before system restoration");
        }
        else
        {
            run.Warn("Security review requested by the guidance: evidence preserved and the security lead engaged; no breach is shown by the evidence, so category, impact and notices are unchanged");
        }

        return preserved;
    }
}
