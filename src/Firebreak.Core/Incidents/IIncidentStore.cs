namespace Firebreak.Core;

/// <summary>A short view of an incident kept in the store, for concurrency checks.</summary>
public sealed record IncidentSummary(string Id, IncidentStatus Status, Priority? Priority, DateTimeOffset DetectedAt);

/// <summary>The append-only event store of a project's incidents.</summary>
public interface IIncidentStore
{
    /// <summary>All events of an incident, in the order they were appended.</summary>
    Task<IReadOnlyList<IncidentEvent>> LoadAsync(IncidentId id, CancellationToken cancellationToken = default);

    /// <summary>Appends events atomically, skipping any whose DedupKey the incident already has; returns those appended.</summary>
    Task<IReadOnlyList<IncidentEvent>> AppendAsync(IncidentId id, IReadOnlyList<IncidentEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Incidents that are not RESOLVED or CLOSED.</summary>
    Task<IReadOnlyList<IncidentSummary>> OpenIncidentsAsync(CancellationToken cancellationToken = default);
}

/// <summary>Lists every incident of a store, open or not (the SQLite store implements it).</summary>
public interface IIncidentCatalog
{
    /// <summary>Every incident's summary row, in detection order.</summary>
    Task<IReadOnlyList<IncidentSummary>> AllIncidentsAsync(CancellationToken cancellationToken = default);
}
