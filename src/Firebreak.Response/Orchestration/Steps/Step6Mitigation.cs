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
        // A person's decision (firebreak mitigate) is its own record: the analysis' choice is recorded only when it stands.
        var decided = journal.State.Events.OfType<MitigationDecided>().LastOrDefault();
        if (decided?.Strategy != plan.Strategy)
        {
            journal.Record(IncidentResponder.MitigationChosen(plan, run.AsOf));
        }

        // A chosen plan nobody has carried out is IDENTIFIED; MITIGATING starts when a command runs.
        journal.MoveTo(IncidentStatus.Identified, run.AsOf, Agents.IncidentResponder, $"mitigation chosen: {WireNames.Of(plan.Strategy)}");
        reporter.Report(ProgressMark.Working, $"Implementing mitigation strategy: {WireNames.Of(plan.Strategy)}...");
        Mitigated Done(MitigationOutcome outcome) => new(plan, outcome, rootCause, escalation, run.AsOf);

        var interrupted = Interrupted(journal.State);
        var retry = interrupted is not null && run.Request.Execute && run.Request.RetryAction;
        if (interrupted is not null && !retry)
        {
            // Never repeated silently: the command may have done part or all of its work.
            var stopped = $"Interrupted: `{interrupted.Command}` was started at {Md.Time(interrupted.At)} by a run that ended before recording its outcome; it is not run again. "
                + "Check what it did, then run with --execute --retry-action to run it again.";
            reporter.Report(ProgressMark.Warning, stopped, 1);
            run.Warn(stopped);
            return Done(MitigationOutcome.NotExecuted(stopped));
        }

        // An execution before a person's later decision carried out the earlier plan, not this one.
        if (!retry && (journal.OfType<MitigationExecuted>().Any(e => decided is null || e.At >= decided.At) || journal.State.Status >= IncidentStatus.Resolved))
        {
            if (PendingValidation(journal.State) is { } pending && run.Request.At is null)
            {
                return await ResumeValidationAsync(run, detected, triaged, pending, Done(FromRecord(journal.State)), cancellationToken).ConfigureAwait(false);
            }

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

        journal.MoveTo(IncidentStatus.Mitigating, startedAt, Agents.DevOpsEngineer, $"{WireNames.Of(plan.Strategy)} command started: {Redactor.Redact(prepared.Display)}");

        // The intent is stored before the command starts: a run killed while it runs leaves a trace the next run reports.
        var attempt = journal.OfType<MitigationStarted>().Count() + 1;
        var key = string.Create(CultureInfo.InvariantCulture, $"{run.Request.Id}:{WireNames.Of(plan.Strategy)}:{attempt}");
        journal.Record(new MitigationStarted(startedAt, Agents.DevOpsEngineer, plan.Strategy, Redactor.Redact(prepared.Display), key,
            ProcessRunner.Resolve(prepared.Arguments[0], run.Config.ProjectDirectory)));
        await journal.FlushAsync(cancellationToken).ConfigureAwait(false);
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
        return await ValidateAsync(run, detected, triaged, mitigated, new Executed(prepared.Display, result.ExitCode, output, startedAt), window, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What ran: the command, its exit code, its log and when it started.</summary>
    private sealed record Executed(string Display, int ExitCode, string Output, DateTimeOffset StartedAt);

    /// <summary>Waits out what is left of the validation window, reads the metrics again and judges the mitigation.</summary>
    private static async Task<Mitigated> ValidateAsync(FlowRun run, Detected detected, Triaged triaged, Mitigated mitigated, Executed executed, TimeSpan wait, CancellationToken cancellationToken)
    {
        var journal = run.Journal;
        var reporter = run.Reporter;
        var plan = mitigated.Plan;
        var window = run.Config.Mitigation.ValidationWindow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, run.Services.Time, cancellationToken).ConfigureAwait(false);
        }

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
            Outcome = new MitigationOutcome(true, executed.Display, executed.ExitCode, executed.Output, executed.StartedAt, verdict, proof,
                $"{WireNames.Of(plan.Strategy)} executed at {Md.Time(executed.StartedAt)}; validation over {Say.Span(window)}: {WireNames.Of(verdict)}")
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

    /// <summary>The last mitigation started without an outcome recorded after it (the run was killed while it ran); null when none.</summary>
    private static MitigationStarted? Interrupted(IncidentState state)
    {
        MitigationStarted? open = null;
        foreach (var @event in state.Events)
        {
            open = @event switch
            {
                MitigationStarted started => started,
                MitigationExecuted => null,
                _ => open,
            };
        }

        return open;
    }

    /// <summary>The last successful execution whose validation was never recorded while the incident is still open (a run killed during the wait); null when none.</summary>
    private static MitigationExecuted? PendingValidation(IncidentState state)
    {
        if (state.Status >= IncidentStatus.Resolved)
        {
            return null;
        }

        var executed = state.Events.OfType<MitigationExecuted>().LastOrDefault();
        return executed is { Succeeded: true } && !state.Events.OfType<MitigationValidated>().Any(v => v.At >= executed.At) ? executed : null;
    }

    /// <summary>Picks up a validation an earlier run did not finish: judges it now when the window is over, else waits out the rest with --execute.</summary>
    private static async Task<Mitigated> ResumeValidationAsync(FlowRun run, Detected detected, Triaged triaged, MitigationExecuted pending, Mitigated mitigated, CancellationToken cancellationToken)
    {
        var reporter = run.Reporter;
        var window = run.Config.Mitigation.ValidationWindow;
        var due = pending.At + window;
        var left = due - run.AsOf;
        if (left > TimeSpan.Zero && !run.Request.Execute)
        {
            var waiting = $"{WireNames.Of(pending.Strategy)} executed at {Md.Time(pending.At)}; validation pending until {Md.Time(due)}: run again after it, or with --execute to wait for it.";
            reporter.Report(ProgressMark.Working, waiting, 1);
            return mitigated with { Outcome = mitigated.Outcome with { Note = waiting } };
        }

        reporter.Report(ProgressMark.Working, left > TimeSpan.Zero
            ? $"Resuming the validation an earlier run left unfinished: {Say.Span(left)} of the window left..."
            : $"Resuming the validation an earlier run left unfinished (window ended {Md.Time(due)})...", 1);
        var executed = new Executed(pending.Command, pending.ExitCode, pending.OutputFile, pending.At);
        return await ValidateAsync(run, detected, triaged, mitigated, executed, left, cancellationToken).ConfigureAwait(false);
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
