namespace Firebreak.Core;

/// <summary>A lifecycle transition that the state machine does not allow.</summary>
public sealed class InvalidTransitionException(IncidentStatus from, IncidentStatus to, string? detail = null)
    : InvalidOperationException($"an incident cannot go from {WireNames.Of(from)} to {WireNames.Of(to)}" + (detail is null ? string.Empty : $" ({detail})"))
{
    public IncidentStatus From { get; } = from;
    public IncidentStatus To { get; } = to;
}

/// <summary>Folds events into state, enforcing the lifecycle DETECTED → TRIAGED → INVESTIGATING → IDENTIFIED → MITIGATING → RESOLVED → CLOSED.</summary>
/// <remarks>
/// Allowed moves: DETECTED→TRIAGED; TRIAGED→INVESTIGATING, IDENTIFIED, MITIGATING or RESOLVED (it recovered by itself);
/// INVESTIGATING→IDENTIFIED (a plan is chosen, nobody has carried it out), MITIGATING or RESOLVED; IDENTIFIED→MITIGATING,
/// RESOLVED or back to INVESTIGATING; MITIGATING→RESOLVED or back to INVESTIGATING (the mitigation failed);
/// RESOLVED→CLOSED or back to INVESTIGATING (reopened). Everything else, including staying in place, moving back
/// to DETECTED or TRIAGED, skipping triage and leaving CLOSED, throws <see cref="InvalidTransitionException"/>.
/// </remarks>
public static class IncidentLifecycle
{
    private static readonly IReadOnlyDictionary<IncidentStatus, IncidentStatus[]> Allowed =
        new Dictionary<IncidentStatus, IncidentStatus[]>
        {
            [IncidentStatus.Detected] = [IncidentStatus.Triaged],
            [IncidentStatus.Triaged] = [IncidentStatus.Investigating, IncidentStatus.Identified, IncidentStatus.Mitigating, IncidentStatus.Resolved],
            [IncidentStatus.Investigating] = [IncidentStatus.Identified, IncidentStatus.Mitigating, IncidentStatus.Resolved],
            [IncidentStatus.Identified] = [IncidentStatus.Mitigating, IncidentStatus.Resolved, IncidentStatus.Investigating],
            [IncidentStatus.Mitigating] = [IncidentStatus.Resolved, IncidentStatus.Investigating],
            [IncidentStatus.Resolved] = [IncidentStatus.Closed, IncidentStatus.Investigating],
            [IncidentStatus.Closed] = [],
        };

    /// <summary>True when the lifecycle allows moving from one status to another.</summary>
    public static bool CanMove(IncidentStatus from, IncidentStatus to) =>
        Allowed.TryGetValue(from, out var targets) && targets.Contains(to);

    /// <summary>The number of the standing or next resolution: one more than the reopenings (RESOLVED back to work) recorded up to <paramref name="until"/>.</summary>
    public static int ResolutionNumber(IEnumerable<IncidentEvent> events, DateTimeOffset? until = null) =>
        1 + events.OfType<StatusChanged>().Count(s => s.From == IncidentStatus.Resolved && s.To != IncidentStatus.Closed && (until is null || s.At <= until));

    /// <summary>Applies one event; throws <see cref="InvalidTransitionException"/> on an illegal status change.</summary>
    /// <remarks>
    /// <see cref="IncidentResolved"/> and <see cref="IncidentClosed"/> imply the move to RESOLVED and CLOSED; when a
    /// <see cref="StatusChanged"/> already made that move they only record the moment. A <see cref="StatusChanged"/>
    /// whose From is not the current status throws, since it was decided on a state that no longer holds.
    /// </remarks>
    public static IncidentState Apply(IncidentState state, IncidentEvent @event)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(@event);

        var next = Fold(state, @event);
        return next with { Events = [.. state.Events, @event] };
    }

    /// <summary>Replays events into the current state.</summary>
    public static IncidentState Replay(string id, IEnumerable<IncidentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var state = new IncidentState { Id = id };
        var list = new List<IncidentEvent>();
        foreach (var @event in events)
        {
            state = Fold(state, @event);
            list.Add(@event);
        }

        return state with { Events = list };
    }

    private static IncidentState Fold(IncidentState state, IncidentEvent @event)
    {
        if (state.Events.Count == 0 && state.DetectedAt == default && @event is not IncidentDetected)
        {
            // Without a detection event the first fact is the earliest moment known.
            state = state with { DetectedAt = @event.At };
        }

        return @event switch
        {
            IncidentDetected e => state with { DetectedAt = e.At, ReportedPriority = e.ReportedPriority },
            IncidentClassified e => state with { Priority = e.Priority, Impact = e.Impact, Urgency = e.Urgency, Category = e.Category },
            StatusChanged e => ChangeStatus(state, e.From, e.To, e.At),
            RoleAssigned e => state with { Roles = new Dictionary<string, string>(state.Roles) { [e.Role] = e.Person } },
            Escalated e => state with { Tier = e.Tier > state.Tier ? e.Tier : state.Tier },
            Notified e => state with
            {
                ManagementNotified = state.ManagementNotified || Audiences.Is(e.Audience, Audiences.Management),
                ExecutiveNotified = state.ExecutiveNotified || Audiences.Is(e.Audience, Audiences.Executive),
            },
            MitigationChosen e => state with { Mitigation = e.Strategy, MitigationExecuted = false, MitigationValidated = false },
            MitigationDecided e => state with { Mitigation = e.Strategy, MitigationExecuted = false, MitigationValidated = false },
            MitigationExecuted e => state with { Mitigation = e.Strategy, MitigationExecuted = e.Succeeded, MitigationValidated = false },
            MitigationValidated e => state with { MitigationValidated = e.Verdict == ResolutionVerdict.Resolved },
            MajorIncidentDeclared => state with { MajorIncident = true },
            ChangeFreezeDeclared => state with { ChangeFreeze = true },
            IncidentResolved e => state.Status == IncidentStatus.Resolved
                ? state with { ResolvedAt = state.ResolvedAt ?? e.At }
                : ChangeStatus(state, state.Status, IncidentStatus.Resolved, e.At),
            IncidentClosed e => state.Status == IncidentStatus.Closed
                ? state
                : ChangeStatus(state, state.Status, IncidentStatus.Closed, e.At),
            _ => state,
        };
    }

    private static IncidentState ChangeStatus(IncidentState state, IncidentStatus from, IncidentStatus to, DateTimeOffset at)
    {
        if (from != state.Status)
        {
            throw new InvalidTransitionException(state.Status, to,
                $"the change was decided for an incident in {WireNames.Of(from)}, but it is {WireNames.Of(state.Status)}");
        }

        if (!CanMove(from, to))
        {
            throw new InvalidTransitionException(from, to);
        }

        return to switch
        {
            IncidentStatus.Resolved => state with { Status = to, ResolvedAt = at },
            // A reopened incident is no longer resolved.
            IncidentStatus.Investigating when from == IncidentStatus.Resolved => state with { Status = to, ResolvedAt = null },
            _ => state with { Status = to },
        };
    }
}
