using System.Globalization;
using System.Text;
using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>Step 6: choose the mitigation; with --execute run it, wait out the validation window and judge it.</summary>
public sealed class Step6Mitigation : IFlowStep
{
    /// <inheritdoc/>
    public int Number => 6;

    /// <inheritdoc/>
    public string Name => "Mitigation and Resolution";

    /// <summary>Records the plan chosen once before escalation; with --execute runs it, waits out the validation window and judges it.</summary>
    public static async Task<Mitigated> RunAsync(FlowRun run, Detected detected, Triaged triaged, MitigationPlan plan, RootCauseAnalysis analysis, EscalationDecision escalation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(detected);
        ArgumentNullException.ThrowIfNull(triaged);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(escalation);
        var journal = run.Journal;
        var reporter = run.Reporter;

        var rootCause = analysis with { Factors = ReliabilityEngineer.MitigationFactors(analysis.Factors, plan, run.Config.Mitigation) };
        journal.Record(IncidentResponder.MitigationChosen(plan, run.AsOf));
        // A chosen plan nobody has carried out is IDENTIFIED; MITIGATING starts when a command runs.
        journal.MoveTo(IncidentStatus.Identified, run.AsOf, Agents.IncidentResponder, $"mitigation chosen: {WireNames.Of(plan.Strategy)}");
        reporter.Report(ProgressMark.Working, $"Implementing mitigation strategy: {WireNames.Of(plan.Strategy)}...");
        Mitigated Done(MitigationOutcome outcome) => new(plan, outcome, rootCause, escalation, run.AsOf);

        if (journal.OfType<MitigationExecuted>().Any() || journal.State.Status >= IncidentStatus.Resolved)
        {
            var recorded = FromRecord(journal.State);
            reporter.Report(ProgressMark.Done, $"Mitigation already handled in an earlier run: {recorded.Note}", 1);
            return Done(recorded);
        }

        var prepared = DevOpsEngineer.Prepare(plan, run.Config.Mitigation, detected.Diagnosis, detected.Evidence, run.Request.Id);
        if (!run.Request.Execute)
        {
            var note = prepared.Arguments is null
                ? $"Not executed: {prepared.Problem}. Apply the plan by hand, or configure the command and run with --execute."
                : $"Not executed: run again with --execute to run `{prepared.Display}` and validate it over {Say.Span(run.Config.Mitigation.ValidationWindow)}.";
            reporter.Report(ProgressMark.Skipped, note, 1);
            return Done(MitigationOutcome.NotExecuted(note));
        }

        if (journal.State.ChangeFreeze)
        {
            const string Frozen = "Not executed: a change freeze is in force (no further changes until assessment complete).";
            reporter.Report(ProgressMark.Failed, Frozen, 1);
            return Done(MitigationOutcome.NotExecuted(Frozen));
        }

        return await ExecuteAsync(run, detected, triaged, prepared, Done(MitigationOutcome.NotExecuted("Not executed.")), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Mitigated> ExecuteAsync(FlowRun run, Detected detected, Triaged triaged, PreparedCommand prepared, Mitigated mitigated, CancellationToken cancellationToken)
    {
        var journal = run.Journal;
        var reporter = run.Reporter;
        var plan = mitigated.Plan;
        if (prepared.Arguments is null)
        {
            reporter.Report(ProgressMark.Failed, $"Cannot execute the {WireNames.Of(plan.Strategy)}: {prepared.Problem}", 1);
            return mitigated with { Outcome = MitigationOutcome.NotExecuted($"Not executed: {prepared.Problem}.") };
        }

        var devops = new DevOpsEngineer(run.Services.Processes);
        var startedAt = run.Services.Time.GetUtcNow();
        journal.MoveTo(IncidentStatus.Mitigating, startedAt, Agents.DevOpsEngineer, $"{WireNames.Of(plan.Strategy)} command started: {prepared.Display}");
        var result = await devops.ExecuteAsync(prepared, run.Config.ProjectDirectory, run.Config.Mitigation.CommandTimeout, cancellationToken).ConfigureAwait(false);
        var output = await WriteOutputAsync(run, plan.Strategy, prepared, result, startedAt, cancellationToken).ConfigureAwait(false);
        journal.Record(DevOpsEngineer.Record(plan.Strategy, prepared, result, output, startedAt));
        var what = result switch
        {
            { StartError: { } error } => $"could not start: {error}",
            { TimedOut: true } => $"timed out after {Say.Span(run.Config.Mitigation.CommandTimeout)}",
            _ => string.Create(CultureInfo.InvariantCulture, $"exit code {result.ExitCode}"),
        };

        if (!result.Succeeded)
        {
            reporter.Report(ProgressMark.Failed, $"Mitigation command failed: {prepared.Display} ({what}; output in {output})", 1);
            var failed = mitigated with
            {
                Outcome = new MitigationOutcome(true, prepared.Display, result.ExitCode, output, startedAt, ResolutionVerdict.NotResolved, [], $"The {WireNames.Of(plan.Strategy)} command failed ({what})."),
            };
            if (plan.Strategy == MitigationStrategy.Rollback)
            {
                failed = failed with { Escalation = CriticalPath(run, detected, triaged, failed.Escalation, run.AsOf, "the rollback command itself failed") };
            }

            await journal.FlushAsync(cancellationToken).ConfigureAwait(false);
            return failed;
        }

        reporter.Report(ProgressMark.Done, $"Mitigation executed: {prepared.Display} (binary {result.ResolvedPath}; {what}; output in {output})", 1);
        await journal.FlushAsync(cancellationToken).ConfigureAwait(false);

        var window = run.Config.Mitigation.ValidationWindow;
        reporter.Report(ProgressMark.Working, $"Validating over {Say.Span(window)}...", 1);
        await Task.Delay(window, run.Services.Time, cancellationToken).ConfigureAwait(false);
        var asOf = run.Services.Time.GetUtcNow();
        var before = detected.Evidence;
        var after = await run.Services.Evidence.CollectMetricsAsync(run.Config, asOf, cancellationToken).ConfigureAwait(false);
        foreach (var warning in after.Warnings.Where(w => !before.Warnings.Contains(w)))
        {
            reporter.Report(ProgressMark.Warning, $"{warning.Source}: {warning.Message}", 2);
        }

        var validation = new ReliabilityEngineer(run.Services.Reasoning).Validate(before.Metrics, after.Metrics, run.Config.Profile.Slo, asOf);
        journal.Record(validation.Events);
        var (verdict, proof) = validation.Value;
        var validated = mitigated with
        {
            AsOf = asOf,
            Outcome = new MitigationOutcome(true, prepared.Display, result.ExitCode, output, startedAt, verdict, proof,
                $"{WireNames.Of(plan.Strategy)} executed at {Md.Time(startedAt)}; validation over {Say.Span(window)}: {WireNames.Of(verdict)}")
            {
                AfterMetrics = after.Metrics,
                ValidatedAt = asOf,
            },
        };

        switch (verdict)
        {
            case ResolutionVerdict.Resolved:
                reporter.Report(ProgressMark.Done, "Validation tests: PASSED", 1);
                reporter.Report(ProgressMark.Done, "Metrics returned to baseline", 1);
                journal.MoveTo(IncidentStatus.Resolved, asOf, Agents.ReliabilityEngineer, "mitigation validated");
                var duration = asOf - journal.State.DetectedAt;
                var summary = $"Mitigation validated, incident RESOLVED; total duration {Say.Duration(duration)}";
                journal.Record(new IncidentResolved(asOf, Agents.ReliabilityEngineer, summary));
                journal.Record(IncidentResponder.Resolution($"{WireNames.Of(plan.Strategy)} restored service; root cause: {mitigated.RootCause.Whys.RootCauseText}", asOf));
                reporter.Report(ProgressMark.Done, $"Incident RESOLVED (duration: {Say.Duration(duration)})");
                reporter.Report(ProgressMark.Working, "Resolution notice drafted (communications/resolution-notification.md), not sent: no delivery channel");
                break;
            case ResolutionVerdict.PartiallyResolved:
                reporter.Report(ProgressMark.Warning, "Validation: PARTIALLY RESOLVED; the incident stays MITIGATING", 1);
                run.Warn("Mitigation only partially resolved the incident");
                break;
            default:
                reporter.Report(ProgressMark.Failed, "Validation: NOT RESOLVED", 1);
                if (plan.Strategy == MitigationStrategy.Rollback)
                {
                    validated = validated with { Escalation = CriticalPath(run, detected, triaged, validated.Escalation, asOf, "the rollback did not resolve the incident") };
                }
                else
                {
                    run.Warn($"The {WireNames.Of(plan.Strategy)} did not resolve the incident");
                }

                break;
        }

        return validated;
    }

    /// <summary>The seed's "rollback fails" path: escalate to P0, stop all changes, executive notice, war room.</summary>
    private static EscalationDecision CriticalPath(FlowRun context, Detected detected, Triaged triaged, EscalationDecision escalation, DateTimeOffset at, string why)
    {
        var journal = context.Journal;
        var people = context.Config.Profile.People;
        var triage = triaged.Triage;
        var roster = triaged.Roster;
        journal.Record(new IncidentClassified(at, Agents.IncidentResponder, Priority.P0, Impact.High, Urgency.High,
            journal.State.Category ?? detected.Diagnosis.Category, $"escalated to P0 CRITICAL: {why} (triage had {triage.Priority})"));
        journal.Record(new ChangeFreezeDeclared(at, Agents.IncidentResponder, $"{why}: no further changes until assessment complete"));
        journal.Record(ProjectManager.Notice(Audiences.Executive, people.Executives, $"{why}: executive notification immediate", at, "executives"));
        var warRoom = new (string Role, string? Person)[]
        {
            (Roles.IncidentCommander, roster.Holder(Roles.IncidentCommander) ?? people.IncidentCommanders.FirstOrDefault()),
            (Roles.DeploymentManager, people.DeploymentManagers.FirstOrDefault(people.IsAvailable)),
            (Roles.Tier3Architect, roster.Holder(Roles.Tier3Architect) ?? people.Architects.FirstOrDefault(people.IsAvailable)),
        };
        foreach (var (role, person) in warRoom.Where(w => w.Person is not null))
        {
            journal.Record(new RoleAssigned(at, Agents.IncidentResponder, role, person!, $"emergency war room: {why}"));
        }

        var emergency = people.Executives.FirstOrDefault() ?? "CTO or VP Engineering (unknown: people.executives is not configured)";
        context.Reporter.Block($"""
            ❌ Rollback did not resolve incident or rollback itself failed ({why})

            STOP: No further changes until assessment complete.

            Escalating to P0 CRITICAL.

            Assembling emergency war room:
            {string.Join(Environment.NewLine, warRoom.Select(w => $"- {w.Role}: {w.Person ?? "unknown (not configured)"}"))}

            Options under evaluation:
            - Rollback to earlier version (skip problematic release)
            - Emergency hotfix (if root cause clear)
            - Maintenance mode (planned downtime for investigation)
            - Manual intervention (database repair, data migration)

            Executive notification: IMMEDIATE
            Public communication: "Extended outage, team working on resolution"

            Emergency contact: {emergency}
            """);
        context.Warn($"Critical: {why}; escalated to P0, change freeze declared, executive notice decided, war room named");
        return escalation with { ExecutiveNotified = true, ExecutiveReason = $"{why}: executive notification immediate" };
    }

    private static async Task<string> WriteOutputAsync(FlowRun context, MitigationStrategy strategy, PreparedCommand prepared, ProcessResult result, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"actions/{at.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{WireNames.Of(strategy)}.log");
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"command: {prepared.Display}\n")
            .Append(CultureInfo.InvariantCulture, $"binary: {result.ResolvedPath ?? "not found"}\n")
            .Append(CultureInfo.InvariantCulture, $"started: {at.UtcDateTime:O}\n")
            .Append(CultureInfo.InvariantCulture, $"exit code: {result.ExitCode}{(result.TimedOut ? " (timed out)" : string.Empty)}{(result.StartError is null ? string.Empty : $" (could not start: {result.StartError})")}\n")
            .Append(result.OutputTruncated ? "output: truncated to its head and tail\n" : string.Empty)
            .Append("--- stdout ---\n").Append(Redactor.Redact(result.StandardOutput)).Append('\n')
            .Append("--- stderr ---\n").Append(Redactor.Redact(result.StandardError)).Append('\n');
        await context.Services.Workspace.WriteActionLogAsync(context.Request.IncidentDirectory, name, text.ToString(), cancellationToken).ConfigureAwait(false);
        return name;
    }

    /// <summary>Rebuilds the outcome of a mitigation executed in an earlier run from its events.</summary>
    private static MitigationOutcome FromRecord(IncidentState state)
    {
        var executed = state.Events.OfType<MitigationExecuted>().LastOrDefault();
        var validated = state.Events.OfType<MitigationValidated>().LastOrDefault();
        if (executed is null)
        {
            return MitigationOutcome.NotExecuted(state.Status >= IncidentStatus.Resolved ? "Resolved without a command run by Firebreak." : "Not executed.");
        }

        var evidence = validated is null ? [] : new[] { new EvidenceItem(validated.Summary, new SourceRef("incident events", null, "mitigation-validated")) };
        return new MitigationOutcome(true, executed.Command, executed.ExitCode, executed.OutputFile, executed.At, validated?.Verdict, evidence,
            $"{WireNames.Of(executed.Strategy)} executed at {Md.Time(executed.At)} (exit code {executed.ExitCode.ToString(CultureInfo.InvariantCulture)}); validation: {(validated is null ? "not done" : WireNames.Of(validated.Verdict))}");
    }
}
