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

    /// <inheritdoc/>
    public async Task RunAsync(FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var diagnosis = context.RequireDiagnosis();
        var evidence = context.RequireEvidence();
        var journal = context.Journal;
        var reporter = context.Reporter;

        var analysis = context.RootCause ?? throw new InvalidOperationException("step 5 has not run");
        var chosen = new IncidentResponder(context.Services.Reasoning).SelectMitigation(diagnosis, evidence, context.Guidance, context.AsOf);
        context.Plan = chosen.Value;
        context.RootCause = analysis with { Factors = ReliabilityEngineer.MitigationFactors(analysis.Factors, chosen.Value, context.Config.Mitigation) };
        journal.Record(chosen.Events);
        // A chosen plan nobody has carried out is IDENTIFIED; MITIGATING starts when a command runs.
        journal.MoveTo(IncidentStatus.Identified, context.AsOf, Agents.IncidentResponder, $"mitigation chosen: {WireNames.Of(chosen.Value.Strategy)}");
        var plan = chosen.Value;
        reporter.Report(ProgressMark.Working, $"Implementing mitigation strategy: {WireNames.Of(plan.Strategy)}...");

        if (journal.OfType<MitigationExecuted>().Any() || journal.State.Status >= IncidentStatus.Resolved)
        {
            context.Outcome = FromRecord(journal.State);
            reporter.Report(ProgressMark.Done, $"Mitigation already handled in an earlier run: {context.Outcome.Note}", 1);
            return;
        }

        var prepared = DevOpsEngineer.Prepare(plan, context.Config.Mitigation, diagnosis, evidence, context.Request.Id);
        if (!context.Request.Execute)
        {
            var note = prepared.Arguments is null
                ? $"Not executed: {prepared.Problem}. Apply the plan by hand, or configure the command and run with --execute."
                : $"Not executed: run again with --execute to run `{prepared.Display}` and validate it over {Say.Span(context.Config.Mitigation.ValidationWindow)}.";
            context.Outcome = MitigationOutcome.NotExecuted(note);
            reporter.Report(ProgressMark.Skipped, note, 1);
            return;
        }

        if (journal.State.ChangeFreeze)
        {
            const string Frozen = "Not executed: a change freeze is in force (no further changes until assessment complete).";
            context.Outcome = MitigationOutcome.NotExecuted(Frozen);
            reporter.Report(ProgressMark.Failed, Frozen, 1);
            return;
        }

        await ExecuteAsync(context, plan, prepared, cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(FlowContext context, MitigationPlan plan, PreparedCommand prepared, CancellationToken cancellationToken)
    {
        var journal = context.Journal;
        var reporter = context.Reporter;
        if (prepared.Arguments is null)
        {
            context.Outcome = MitigationOutcome.NotExecuted($"Not executed: {prepared.Problem}.");
            reporter.Report(ProgressMark.Failed, $"Cannot execute the {WireNames.Of(plan.Strategy)}: {prepared.Problem}", 1);
            return;
        }

        var devops = new DevOpsEngineer(context.Services.Processes);
        var startedAt = context.Services.Time.GetUtcNow();
        journal.MoveTo(IncidentStatus.Mitigating, startedAt, Agents.DevOpsEngineer, $"{WireNames.Of(plan.Strategy)} command started: {prepared.Display}");
        var result = await devops.ExecuteAsync(prepared, context.Config.ProjectDirectory, context.Config.Mitigation.CommandTimeout, cancellationToken).ConfigureAwait(false);
        var output = await WriteOutputAsync(context, plan.Strategy, prepared, result, startedAt, cancellationToken).ConfigureAwait(false);
        journal.Record(DevOpsEngineer.Record(plan.Strategy, prepared, result, output, startedAt));
        var what = result switch
        {
            { StartError: { } error } => $"could not start: {error}",
            { TimedOut: true } => $"timed out after {Say.Span(context.Config.Mitigation.CommandTimeout)}",
            _ => string.Create(CultureInfo.InvariantCulture, $"exit code {result.ExitCode}"),
        };

        if (!result.Succeeded)
        {
            reporter.Report(ProgressMark.Failed, $"Mitigation command failed: {prepared.Display} ({what}; output in {output})", 1);
            context.Outcome = new MitigationOutcome(true, prepared.Display, result.ExitCode, output, startedAt, ResolutionVerdict.NotResolved, [], $"The {WireNames.Of(plan.Strategy)} command failed ({what}).");
            if (plan.Strategy == MitigationStrategy.Rollback)
            {
                CriticalPath(context, "the rollback command itself failed");
            }

            await journal.FlushAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        reporter.Report(ProgressMark.Done, $"Mitigation executed: {prepared.Display} ({what}; output in {output})", 1);
        await journal.FlushAsync(cancellationToken).ConfigureAwait(false);

        var window = context.Config.Mitigation.ValidationWindow;
        reporter.Report(ProgressMark.Working, $"Validating over {Say.Span(window)}...", 1);
        await Task.Delay(window, context.Services.Time, cancellationToken).ConfigureAwait(false);
        context.AsOf = context.Services.Time.GetUtcNow();
        var before = context.RequireEvidence();
        var after = await context.Services.Evidence.CollectMetricsAsync(context.Config, context.AsOf, cancellationToken).ConfigureAwait(false);
        foreach (var warning in after.Warnings.Where(w => !before.Warnings.Contains(w)))
        {
            reporter.Report(ProgressMark.Warning, $"{warning.Source}: {warning.Message}", 2);
        }

        var validation = new ReliabilityEngineer(context.Services.Reasoning).Validate(before.Metrics, after.Metrics, context.Config.Profile.Slo, context.AsOf);
        journal.Record(validation.Events);
        var (verdict, proof) = validation.Value;
        context.Outcome = new MitigationOutcome(true, prepared.Display, result.ExitCode, output, startedAt, verdict, proof,
            $"{WireNames.Of(plan.Strategy)} executed at {Md.Time(startedAt)}; validation over {Say.Span(window)}: {WireNames.Of(verdict)}")
        {
            AfterMetrics = after.Metrics,
            ValidatedAt = context.AsOf,
        };

        switch (verdict)
        {
            case ResolutionVerdict.Resolved:
                reporter.Report(ProgressMark.Done, "Validation tests: PASSED", 1);
                reporter.Report(ProgressMark.Done, "Metrics returned to baseline", 1);
                journal.MoveTo(IncidentStatus.Resolved, context.AsOf, Agents.ReliabilityEngineer, "mitigation validated");
                var duration = context.AsOf - journal.State.DetectedAt;
                var summary = $"Mitigation validated, incident RESOLVED; total duration {Say.Duration(duration)}";
                journal.Record(new IncidentResolved(context.AsOf, Agents.ReliabilityEngineer, summary));
                journal.Record(IncidentResponder.Resolution($"{WireNames.Of(plan.Strategy)} restored service; root cause: {context.RootCause?.Whys.RootCauseText ?? "unknown"}", context.AsOf));
                reporter.Report(ProgressMark.Done, $"Incident RESOLVED (duration: {Say.Duration(duration)})");
                reporter.Report(ProgressMark.Working, "Resolution notice drafted (communications/resolution-notification.md), not sent: no delivery channel");
                break;
            case ResolutionVerdict.PartiallyResolved:
                reporter.Report(ProgressMark.Warning, "Validation: PARTIALLY RESOLVED; the incident stays MITIGATING", 1);
                context.Warn("Mitigation only partially resolved the incident");
                break;
            default:
                reporter.Report(ProgressMark.Failed, "Validation: NOT RESOLVED", 1);
                if (plan.Strategy == MitigationStrategy.Rollback)
                {
                    CriticalPath(context, "the rollback did not resolve the incident");
                }
                else
                {
                    context.Warn($"The {WireNames.Of(plan.Strategy)} did not resolve the incident");
                }

                break;
        }
    }

    /// <summary>The seed's "rollback fails" path: escalate to P0, stop all changes, executive notice, war room.</summary>
    private static void CriticalPath(FlowContext context, string why)
    {
        var journal = context.Journal;
        var at = context.AsOf;
        var people = context.Config.Profile.People;
        var triage = context.RequireTriage();
        var roster = context.RequireRoster();
        journal.Record(new IncidentClassified(at, Agents.IncidentResponder, Priority.P0, Impact.High, Urgency.High,
            journal.State.Category ?? context.RequireDiagnosis().Category, $"escalated to P0 CRITICAL: {why} (triage had {triage.Priority})"));
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
        if (context.Escalation is { } escalation)
        {
            context.Escalation = escalation with { ExecutiveNotified = true, ExecutiveReason = $"{why}: executive notification immediate" };
        }
    }

    private static async Task<string> WriteOutputAsync(FlowContext context, MitigationStrategy strategy, PreparedCommand prepared, ProcessResult result, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var actions = Path.Combine(context.Request.IncidentDirectory, "actions");
        Directory.CreateDirectory(actions);
        var name = string.Create(CultureInfo.InvariantCulture, $"actions/{at.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{WireNames.Of(strategy)}.log");
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"command: {prepared.Display}\n")
            .Append(CultureInfo.InvariantCulture, $"started: {at.UtcDateTime:O}\n")
            .Append(CultureInfo.InvariantCulture, $"exit code: {result.ExitCode}{(result.TimedOut ? " (timed out)" : string.Empty)}{(result.StartError is null ? string.Empty : $" (could not start: {result.StartError})")}\n")
            .Append("--- stdout ---\n").Append(Redactor.Redact(result.StandardOutput)).Append('\n')
            .Append("--- stderr ---\n").Append(Redactor.Redact(result.StandardError)).Append('\n');
        await File.WriteAllTextAsync(Path.Combine(context.Request.IncidentDirectory, name), text.ToString(), cancellationToken).ConfigureAwait(false);
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
