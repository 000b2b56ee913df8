using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>Step 7: schedule the post-incident review and track preventive actions.</summary>
public sealed class Step7Review : IFlowStep
{
    /// <inheritdoc/>
    public int Number => 7;

    /// <inheritdoc/>
    public string Name => "Post-Incident Review (PIR)";

    /// <inheritdoc/>
    public Task RunAsync(FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
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
        var roster = context.RequireRoster();
        var review = ProjectManager.ScheduleReview(context.Priority, context.Policy, roster, state, context.AsOf, context.SecurityPath);
        journal.Record(review.Events);
        context.Review = review.Value;
        if (review.Value.MeetingAt is { } meeting)
        {
            reporter.Report(ProgressMark.Done, $"PIR meeting scheduled: {Md.Time(meeting)}", 1);
        }
        else
        {
            reporter.Report(ProgressMark.Skipped, $"No PIR required for {context.Priority}", 1);
        }

        var proposed = ProjectManager.PreventiveActions(context.RequireDiagnosis(), context.Plan!, roster, context.Policy, journal.State, context.AsOf);
        journal.Record(proposed.Events);

        // The record is what counts: actions added in an earlier run keep their dates and owners.
        var why = proposed.Value.ToDictionary(a => (a.Horizon, a.Action), a => a.Why);
        context.Actions = journal.OfType<ActionAdded>()
            .Select(a => new PreventiveAction(a.Horizon, a.Action, a.Owner, a.Due, "Open", why.GetValueOrDefault((a.Horizon, a.Action), "recorded in an earlier run")))
            .ToList();
        return Task.CompletedTask;
    }
}
