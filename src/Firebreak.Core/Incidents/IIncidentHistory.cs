namespace Firebreak.Core;

/// <summary>One incident's events of the kinds asked for, in the order they were appended.</summary>
public sealed record IncidentHistory(string Id, IReadOnlyList<IncidentEvent> Events);

/// <summary>Reads many incidents at once, only the event kinds a report needs (the SQLite store implements it).</summary>
public interface IIncidentHistory
{
    /// <summary>The events of the given types of every incident detected in [<paramref name="since"/>, <paramref name="until"/>) (either bound optional), in detection order.</summary>
    /// <remarks>For a type in <paramref name="keyPrefixes"/>, only its events whose <see cref="IncidentEvent.DedupKey"/> starts with the prefix are read.</remarks>
    Task<IReadOnlyList<IncidentHistory>> HistoriesAsync(
        IReadOnlyCollection<Type> eventTypes, DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken = default,
        IReadOnlyDictionary<Type, string>? keyPrefixes = null);
}

/// <summary>Reads the per-incident measures a store keeps beside the events (the SQLite store updates them with every append).</summary>
public interface IIncidentMeasuresSource
{
    /// <summary>Every incident detected in [<paramref name="since"/>, <paramref name="until"/>) (either bound optional), in detection order, with its stored measures, or null when the store holds none for it (they are then read from its events).</summary>
    Task<IReadOnlyList<(string Id, IncidentMeasures? Measures)>> MeasuresAsync(DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken = default);
}
