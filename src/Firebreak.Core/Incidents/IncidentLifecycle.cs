namespace Firebreak.Core;

/// <summary>A lifecycle transition that the state machine does not allow.</summary>
public sealed class InvalidTransitionException(IncidentStatus from, IncidentStatus to)
    : InvalidOperationException($"an incident cannot go from {WireNames.Of(from)} to {WireNames.Of(to)}")
{
    public IncidentStatus From { get; } = from;
    public IncidentStatus To { get; } = to;
}

/// <summary>Folds events into state, enforcing the lifecycle DETECTED → TRIAGED → INVESTIGATING → MITIGATING → RESOLVED → CLOSED.</summary>
public static class IncidentLifecycle
{
    /// <summary>True when the lifecycle allows moving from one status to another.</summary>
    public static bool CanMove(IncidentStatus from, IncidentStatus to) => throw new NotImplementedException();

    /// <summary>Applies one event; throws <see cref="InvalidTransitionException"/> on an illegal status change.</summary>
    public static IncidentState Apply(IncidentState state, IncidentEvent @event) => throw new NotImplementedException();

    /// <summary>Replays events into the current state.</summary>
    public static IncidentState Replay(string id, IEnumerable<IncidentEvent> events) => throw new NotImplementedException();
}
