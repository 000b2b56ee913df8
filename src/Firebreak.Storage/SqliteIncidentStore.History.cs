using System.Text.Json;
using Firebreak.Core;

namespace Firebreak.Storage;

/// <summary>Reads many incidents at once for reports (metrics, recurrence), only the event types asked for.</summary>
public sealed partial class SqliteIncidentStore : IIncidentHistory
{
    /// <inheritdoc/>
    /// <remarks>
    /// Two queries: the incidents in range in detection order, then their events of the wanted types in append order
    /// (a scan in rowid order, filtered by type in SQL so unneeded payloads are never read). The payloads are parsed on
    /// all cores, since parsing is most of the cost on a large store.
    /// </remarks>
    public async Task<IReadOnlyList<IncidentHistory>> HistoriesAsync(
        IReadOnlyCollection<Type> eventTypes, DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken = default,
        IReadOnlyDictionary<Type, string>? keyPrefixes = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(eventTypes);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        const string InRange = "($since IS NULL OR detected_at >= $since) AND ($until IS NULL OR detected_at < $until)";
        object sinceValue = since is { } s ? Moment(s) : DBNull.Value;
        object untilValue = until is { } u ? Moment(u) : DBNull.Value;

        var order = new List<string>();
        await using (var incidents = connection.CreateCommand())
        {
            incidents.CommandText = $"SELECT id FROM incidents WHERE {InRange} ORDER BY detected_at, id";
            incidents.Parameters.AddWithValue("$since", sinceValue);
            incidents.Parameters.AddWithValue("$until", untilValue);
            await using var reader = await incidents.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                order.Add(reader.GetString(0));
            }
        }

        var types = eventTypes.Select(EventSerializer.TypeName).Distinct(StringComparer.Ordinal).ToList();
        var rows = new List<(string Incident, long Seq, string Payload)>();
        if (order.Count > 0 && types.Count > 0)
        {
            await using var events = connection.CreateCommand();
            var names = new List<string>();
            for (var i = 0; i < types.Count; i++)
            {
                names.Add($"$t{i}");
                events.Parameters.AddWithValue($"$t{i}", types[i]);
            }

            events.Parameters.AddWithValue("$since", sinceValue);
            events.Parameters.AddWithValue("$until", untilValue);
            var range = since is null && until is null ? string.Empty : $" AND incident_id IN (SELECT id FROM incidents WHERE {InRange})";
            var prefixes = string.Empty;
            var p = 0;
            foreach (var (type, prefix) in keyPrefixes ?? new Dictionary<Type, string>())
            {
                events.Parameters.AddWithValue($"$pt{p}", EventSerializer.TypeName(type));
                events.Parameters.AddWithValue($"$pk{p}", prefix);
                prefixes += $" AND (type <> $pt{p} OR substr(dedup_key, 1, length($pk{p})) = $pk{p})";
                p++;
            }

            events.CommandText = $"SELECT incident_id, seq, payload FROM events WHERE type IN ({string.Join(", ", names)}){range}{prefixes} ORDER BY seq";
            await using var reader = await events.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
            }
        }

        var parsed = new IncidentEvent[rows.Count];
        Parallel.For(0, rows.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            try
            {
                parsed[i] = EventSerializer.Deserialize(rows[i].Payload);
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException)
            {
                throw new IncidentStoreException($"event {rows[i].Seq} of incident {rows[i].Incident} cannot be read: {ex.Message}", ex);
            }
        });

        var byIncident = order.ToDictionary(id => id, _ => new List<IncidentEvent>(), StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            if (byIncident.TryGetValue(rows[i].Incident, out var list))
            {
                list.Add(parsed[i]);
            }
        }

        return [.. order.Select(id => new IncidentHistory(id, byIncident[id]))];
    }
}
