using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>Step 7: schedule the post-incident review and track preventive actions.</summary>
public sealed class Step7Review : IFlowStep
{
    /// <inheritdoc/>
    public int Number => 7;

    /// <inheritdoc/>
    public string Name => "Post-Incident Review (PIR)";

    /// <summary>Schedules the review and records the preventive actions; actions from earlier runs keep their dates and owners.</summary>
    public static Reviewed Run(FlowRun run, Detected detected, Triaged triaged, FunctionallyEscalated escalated, Mitigated mitigated)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(detected);
        ArgumentNullException.ThrowIfNull(triaged);
        ArgumentNullException.ThrowIfNull(escalated);
        ArgumentNullException.ThrowIfNull(mitigated);
        var context = run;
        var journal = context.Journal;
        var reporter = context.Reporter;
        var state = journal.State;
        if (state.Status >= IncidentStatus.Resolved)
        {
            reporter.Report(ProgressMark.Done, "Incident RESOLVED");
        }
        else
        {
            reporter.Report(ProgressMark.Warning, $"Incident not resolved yet (status {WireNames.Of(state.Status)}); the review is scheduled provisionally");
        }

        reporter.Report(ProgressMark.Working, "Conducting post-incident review...");
        var roster = escalated.Roster;
        var priority = run.Priority(triaged.Triage);
        var review = ProjectManager.ScheduleReview(priority, context.Policy, roster, state, mitigated.AsOf, triaged.SecurityPath, context.Config.Review);
        journal.Record(review.Events);
        if (review.Value.MeetingAt is { } meeting)
        {
            reporter.Report(ProgressMark.Done, $"PIR meeting scheduled: {Md.Time(meeting)}", 1);
        }
        else
        {
            reporter.Report(ProgressMark.Skipped, $"No PIR required for {priority}", 1);
        }

        var diagnosis = detected.Diagnosis;
        var symptom = detected.Evidence.Metrics.Where(m => m.Anomalous && m.Series.Kind is "error_rate" or "latency_p95_ms")
            .OrderByDescending(m => m.Series.Kind == "error_rate").FirstOrDefault();
        var inputs = new PreventionInputs(diagnosis, mitigated.Plan, roster, context.Policy, journal.State, mitigated.AsOf)
        {
            Profile = run.Config.Profile,
            Link = mitigated.RootCause.Whys.Link,
            MitigationExecuted = mitigated.Outcome.Executed,
            FirstAlert = detected.Evidence.Alerts.OrderBy(a => a.StartsAt).FirstOrDefault(),
            SymptomMetric = symptom?.Series.Name,
            ChangeToOnset = diagnosis.Leading?.Change is { } change && diagnosis.Onset is { } onset ? onset - change.At : null,
        };
        var proposed = ProjectManager.PreventiveActions(inputs);
        journal.Record(proposed.Events);

        // The record is what counts: actions added in an earlier run keep their dates and owners.
        var decided = proposed.Value.ToDictionary(a => (a.Horizon, a.Action));
        var actions = journal.OfType<ActionAdded>()
            .Select(a => decided.TryGetValue((a.Horizon, a.Action), out var p)
                ? new PreventiveAction(a.Horizon, a.Action, a.Owner, a.Due, "Open", p.Why) { Type = p.Type, Priority = p.Priority }
                : new PreventiveAction(a.Horizon, a.Action, a.Owner, a.Due, "Open", "recorded in an earlier run"))
            .ToList();
        return new Reviewed(review.Value, actions);
    }
}
