using System.Text.Json;
using Firebreak.Core;

namespace Firebreak.Storage;

/// <summary>Reads many incidents at once for reports (metrics, recurrence), only the event types asked for.</summary>
public sealed partial class SqliteIncidentStore : IIncidentHistory
{
    /// <inheritdoc/>
    /// <remarks>One query over the events of the incidents in range, filtered by type in SQL so unneeded payloads are never parsed.</remarks>
    public async Task<IReadOnlyList<IncidentHistory>> HistoriesAsync(
        IReadOnlyCollection<Type> eventTypes, DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(eventTypes);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var types = eventTypes.Select(EventSerializer.TypeName).Distinct(StringComparer.Ordinal).ToList();
        var typeParameters = new List<string>();
        for (var i = 0; i < types.Count; i++)
        {
            typeParameters.Add($"$t{i}");
            command.Parameters.AddWithValue($"$t{i}", types[i]);
        }

        command.Parameters.AddWithValue("$since", since is { } s ? Moment(s) : DBNull.Value);
        command.Parameters.AddWithValue("$until", until is { } u ? Moment(u) : DBNull.Value);
        command.CommandText = $"""
            SELECT i.id, e.seq, e.payload
            FROM incidents i LEFT JOIN events e
              ON e.incident_id = i.id AND e.type IN ({(typeParameters.Count == 0 ? "NULL" : string.Join(", ", typeParameters))})
            WHERE ($since IS NULL OR i.detected_at >= $since) AND ($until IS NULL OR i.detected_at < $until)
            ORDER BY i.detected_at, i.id, e.seq
            """;

        var result = new List<IncidentHistory>();
        string? current = null;
        List<IncidentEvent>? events = null;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetString(0);
            if (id != current)
            {
                current = id;
                events = [];
                result.Add(new IncidentHistory(id, events));
            }

            if (reader.IsDBNull(2))
            {
                continue;
            }

            try
            {
                events!.Add(EventSerializer.Deserialize(reader.GetString(2)));
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException)
            {
                throw new IncidentStoreException($"event {reader.GetInt64(1)} of incident {id} cannot be read: {ex.Message}", ex);
            }
        }

        return result;
    }
}
