namespace Firebreak.Core;

/// <summary>Who holds an incident's execution lock: process, host, and until when.</summary>
public sealed record ExecutionHolder(int Pid, string Host, DateTimeOffset AcquiredAt, DateTimeOffset HeldUntil);

/// <summary>One mitigation execution per incident at a time, across processes (a lock row in the store).</summary>
public interface IExecutionLocks
{
    /// <summary>
    /// Takes the incident's execution lock for <paramref name="me"/>; returns null when taken, else the other holder.
    /// A lock whose lease ran out, or held by a process of this host that no longer runs, is stale and taken over.
    /// </summary>
    Task<ExecutionHolder?> TryAcquireExecutionAsync(IncidentId id, ExecutionHolder me, CancellationToken cancellationToken = default);

    /// <summary>Lets the lock go if <paramref name="me"/> still holds it.</summary>
    Task ReleaseExecutionAsync(IncidentId id, ExecutionHolder me, CancellationToken cancellationToken = default);
}
