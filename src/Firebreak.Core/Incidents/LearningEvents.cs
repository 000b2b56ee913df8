namespace Firebreak.Core;

/// <summary>When users were first affected (the earliest metric or log onset the diagnosis found); MTTD runs from it to detection.</summary>
/// <remarks><see cref="IncidentEvent.At"/> is the impact start itself; <see cref="Basis"/> says which signal showed it.</remarks>
public sealed record ImpactStarted(DateTimeOffset At, string Actor, string Basis) : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => "impact-started";
}

/// <summary>The leading cause as the root-cause analysis recorded it, in the typed form recurrence compares.</summary>
/// <remarks>Component: where the cause lies (null when the diagnosis names none); Kind: e.g. <c>change:deploy</c>,
/// <c>capacity</c>, <c>dependency</c> (<see cref="CauseSignature.Kind"/>); Terms: the mechanism's key terms (<c>CauseRecords.Terms</c> in Firebreak.Response).</remarks>
public sealed record CauseRecorded(DateTimeOffset At, string Actor, string? Component, string Kind, string Statement, IReadOnlyList<string> Terms)
    : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => $"cause:{Kind}:{Component}:{Statement}";
}

/// <summary>This incident's cause matches an earlier incident's: same component, same cause kind, similar key terms.</summary>
public sealed record RecurrenceLinked(
    DateTimeOffset At, string Actor, string EarlierIncident, string Component, string Kind, double Similarity, IReadOnlyList<string> SharedTerms)
    : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => $"recurrence:{EarlierIncident}";
}
