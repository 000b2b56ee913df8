using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>Reads many incidents' histories from a store: in one query when the store supports it, else incident by incident.</summary>
public static class IncidentHistories
{
    /// <summary>The events of <paramref name="types"/> of every incident detected in [<paramref name="since"/>, <paramref name="until"/>), in detection order.</summary>
    public static async Task<IReadOnlyList<IncidentHistory>> ReadAsync(
        IIncidentStore store, IReadOnlyCollection<Type> types, DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken,
        IReadOnlyDictionary<Type, string>? keyPrefixes = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(types);
        if (store is IIncidentHistory history)
        {
            return await history.HistoriesAsync(types, since, until, cancellationToken, keyPrefixes).ConfigureAwait(false);
        }

        var summaries = store is IIncidentCatalog catalog
            ? await catalog.AllIncidentsAsync(cancellationToken).ConfigureAwait(false)
            : await store.OpenIncidentsAsync(cancellationToken).ConfigureAwait(false);
        var wanted = types.ToHashSet();
        var result = new List<IncidentHistory>();
        foreach (var summary in summaries.Where(s => (since is null || s.DetectedAt >= since) && (until is null || s.DetectedAt < until)))
        {
            var events = await store.LoadAsync(new IncidentId(summary.Id), cancellationToken).ConfigureAwait(false);
            result.Add(new IncidentHistory(summary.Id, [.. events.Where(e => wanted.Contains(e.GetType())
                && (keyPrefixes is null || !keyPrefixes.TryGetValue(e.GetType(), out var prefix) || e.DedupKey.StartsWith(prefix, StringComparison.Ordinal)))]));
        }

        return result;
    }
}
