namespace Firebreak.Core;

/// <summary>A tracked preventive action's due date and the moment it was first completed (null while open).</summary>
public readonly record struct ActionDue(DateTimeOffset Due, DateTimeOffset? DoneAt);

/// <summary>The facts of one incident that the learning measures read: its clock milestones and learning events, with no policy applied.</summary>
/// <remarks>
/// <para>This is the per-incident projection the store keeps beside the events (updated in the transaction of every
/// append), so <c>firebreak metrics</c> reads one small row per incident instead of replaying its events. The policy
/// (SLA targets, review windows) and the report's moment are applied later, in <see cref="IncidentMetrics.Report"/>.</para>
/// <para>The milestones are read as of a moment (<see cref="ClockMilestones"/>: only events at or before it count).
/// A projection taken as of <see cref="LatestEventAt"/> reads every event, so it holds for any report moment at or
/// after it; for an earlier report moment (an event recorded ahead of the clock) it must be read again from the events.</para>
/// </remarks>
/// <param name="Id">The incident.</param>
/// <param name="LatestEventAt">The latest moment among the incident's events.</param>
/// <param name="DetectedAt">Detection (<see cref="IncidentState.DetectedAt"/>).</param>
/// <param name="Priority">The milestones' priority: the latest classification, else the reported one.</param>
/// <param name="ImpactAt">The first recorded impact start, or null.</param>
/// <param name="AcknowledgedAt">The first acknowledgement by a person, or null.</param>
/// <param name="EngagedAt">The first escalation to Tier 2 or higher or the Tier 2 component owner's assignment, or null.</param>
/// <param name="ResolvedAt">The standing resolution (a reopened incident is not resolved), or null.</param>
/// <param name="ResolvedTier">The highest tier escalated to by the resolution (Tier 1 when never escalated); null while unresolved.</param>
/// <param name="HasCause">A cause is recorded.</param>
/// <param name="Recurs">A recurrence link to an earlier incident is recorded.</param>
/// <param name="ReviewHeldAt">When the first recorded review was held, or null.</param>
/// <param name="Actions">The tracked preventive actions, in the order tracked.</param>
public sealed record IncidentMeasures(
    string Id,
    DateTimeOffset LatestEventAt,
    DateTimeOffset DetectedAt,
    Priority? Priority,
    DateTimeOffset? ImpactAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? EngagedAt,
    DateTimeOffset? ResolvedAt,
    Tier? ResolvedTier,
    bool HasCause,
    bool Recurs,
    DateTimeOffset? ReviewHeldAt,
    IReadOnlyList<ActionDue> Actions)
{
    /// <summary>The incident.</summary>
    public string Id { get; } = !string.IsNullOrWhiteSpace(Id) ? Id : throw new ArgumentException("an incident id is required", nameof(Id));

    /// <summary>The tracked preventive actions, in the order tracked.</summary>
    public IReadOnlyList<ActionDue> Actions { get; } = Actions ?? throw new ArgumentNullException(nameof(Actions));

    /// <summary>The measures of <paramref name="state"/> reading every event (as of its latest event).</summary>
    public static IncidentMeasures Of(IncidentState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Of(state, Latest(state));
    }

    /// <summary>The measures of <paramref name="state"/> with its milestones read as of <paramref name="asOf"/>.</summary>
    public static IncidentMeasures Of(IncidentState state, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(state);
        var milestones = ClockMilestones.Of(state, asOf);
        var resolvedAt = milestones.ResolvedAt;

        Tier? resolvedTier = null;
        if (resolvedAt is { } resolved)
        {
            resolvedTier = Tier.Tier1;
            foreach (var escalated in state.Events.OfType<Escalated>())
            {
                if (escalated.At <= resolved && escalated.Tier > resolvedTier)
                {
                    resolvedTier = escalated.Tier;
                }
            }
        }

        var done = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var completed in state.Events.OfType<ActionCompleted>())
        {
            done.TryAdd(completed.ActionId, completed.At);
        }

        var actions = state.Events.OfType<ActionTracked>()
            .Select(a => new ActionDue(a.Due, done.TryGetValue(a.ActionId, out var at) ? at : null))
            .ToList();

        return new IncidentMeasures(
            state.Id,
            Latest(state),
            milestones.DetectedAt,
            milestones.Priority,
            state.Events.OfType<ImpactStarted>().FirstOrDefault()?.At,
            milestones.AcknowledgedAt,
            milestones.EngagedAt,
            resolvedAt,
            resolvedTier,
            state.Events.OfType<CauseRecorded>().Any(),
            state.Events.OfType<RecurrenceLinked>().Any(),
            state.Events.OfType<ReviewHeld>().FirstOrDefault()?.HeldAt,
            actions);
    }

    private static DateTimeOffset Latest(IncidentState state)
    {
        var latest = state.DetectedAt;
        foreach (var @event in state.Events)
        {
            if (@event.At > latest)
            {
                latest = @event.At;
            }
        }

        return latest;
    }
}
