using System.Globalization;
using System.Text;
using System.Text.Json;
using Firebreak.Core;
using Microsoft.Data.Sqlite;

namespace Firebreak.Storage;

/// <summary>The measures projection: one row per incident of the facts <c>firebreak metrics</c> reads (<see cref="IncidentMeasures"/>).</summary>
/// <remarks>
/// <para>A row is written in the transaction of every append that stores an event, from the state the append folded,
/// so it is never behind the events this code writes. A trigger deletes an incident's row whenever a row is inserted
/// into <c>events</c>, so a writer that does not know the projection (an older Firebreak on the same file) leaves no
/// stale row, only a missing one; a missing row is read from the events (metrics) and rebuilt on the next open.</para>
/// <para>Stores made before the projection gain it on open: every incident without a row is replayed once
/// (<see cref="BuildMissingMeasures"/>). Moments are UTC ticks, so reading a row parses no text.</para>
/// </remarks>
public sealed partial class SqliteIncidentStore : IIncidentMeasuresSource
{
    private const string MeasuresSchema = """
        CREATE TABLE IF NOT EXISTS incident_measures (
            incident_id TEXT PRIMARY KEY,
            latest_at INTEGER NOT NULL,
            detected_at INTEGER NOT NULL,
            priority TEXT NULL,
            impact_at INTEGER NULL,
            acknowledged_at INTEGER NULL,
            engaged_at INTEGER NULL,
            resolved_at INTEGER NULL,
            resolved_tier INTEGER NULL,
            has_cause INTEGER NOT NULL,
            recurs INTEGER NOT NULL,
            review_held_at INTEGER NULL,
            actions TEXT NOT NULL
        );
        CREATE TRIGGER IF NOT EXISTS events_outdate_measures AFTER INSERT ON events
        BEGIN
            DELETE FROM incident_measures WHERE incident_id = NEW.incident_id;
        END;
        """;

    private const string UpsertMeasuresSql = """
        INSERT OR REPLACE INTO incident_measures (incident_id, latest_at, detected_at, priority, impact_at, acknowledged_at, engaged_at,
            resolved_at, resolved_tier, has_cause, recurs, review_held_at, actions)
        VALUES ($id, $latest, $detected, $priority, $impact, $ack, $engaged, $resolved, $tier, $cause, $recurs, $review, $actions)
        """;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<(string Id, IncidentMeasures? Measures)>> MeasuresAsync(
        DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT i.id, m.incident_id, m.latest_at, m.detected_at, m.priority, m.impact_at, m.acknowledged_at, m.engaged_at,
                   m.resolved_at, m.resolved_tier, m.has_cause, m.recurs, m.review_held_at, m.actions
            FROM incidents i LEFT JOIN incident_measures m ON m.incident_id = i.id
            WHERE ($since IS NULL OR i.detected_at >= $since) AND ($until IS NULL OR i.detected_at < $until)
            ORDER BY i.detected_at, i.id
            """;
        command.Parameters.AddWithValue("$since", since is { } s ? Moment(s) : DBNull.Value);
        command.Parameters.AddWithValue("$until", until is { } u ? Moment(u) : DBNull.Value);
        var result = new List<(string, IncidentMeasures?)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetString(0);
            result.Add((id, reader.IsDBNull(1) ? null : new IncidentMeasures(
                id,
                Ticks(reader, 2)!.Value,
                Ticks(reader, 3)!.Value,
                reader.IsDBNull(4) ? null : Enum.Parse<Priority>(reader.GetString(4)),
                Ticks(reader, 5),
                Ticks(reader, 6),
                Ticks(reader, 7),
                Ticks(reader, 8),
                reader.IsDBNull(9) ? null : (Tier)reader.GetInt32(9),
                reader.GetInt64(10) != 0,
                reader.GetInt64(11) != 0,
                Ticks(reader, 12),
                DecodeActions(reader.GetString(13)))));
        }

        return result;
    }

    private static async Task UpsertMeasuresAsync(SqliteConnection connection, SqliteTransaction transaction, IncidentState state, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        BindMeasures(command, IncidentMeasures.Of(state));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void BindMeasures(SqliteCommand command, IncidentMeasures m)
    {
        command.CommandText = UpsertMeasuresSql;
        command.Parameters.Clear();
        command.Parameters.AddWithValue("$id", m.Id);
        command.Parameters.AddWithValue("$latest", m.LatestEventAt.UtcTicks);
        command.Parameters.AddWithValue("$detected", m.DetectedAt.UtcTicks);
        command.Parameters.AddWithValue("$priority", m.Priority is { } p ? p.ToString() : DBNull.Value);
        command.Parameters.AddWithValue("$impact", TicksOrNull(m.ImpactAt));
        command.Parameters.AddWithValue("$ack", TicksOrNull(m.AcknowledgedAt));
        command.Parameters.AddWithValue("$engaged", TicksOrNull(m.EngagedAt));
        command.Parameters.AddWithValue("$resolved", TicksOrNull(m.ResolvedAt));
        command.Parameters.AddWithValue("$tier", m.ResolvedTier is { } t ? (int)t : DBNull.Value);
        command.Parameters.AddWithValue("$cause", m.HasCause ? 1 : 0);
        command.Parameters.AddWithValue("$recurs", m.Recurs ? 1 : 0);
        command.Parameters.AddWithValue("$review", TicksOrNull(m.ReviewHeldAt));
        command.Parameters.AddWithValue("$actions", EncodeActions(m.Actions));
    }

    /// <summary>Replays every incident that has no measures row (a store made before the projection, or written by a Firebreak without it) and stores its row.</summary>
    /// <remarks>An incident whose events cannot be read or replayed keeps no row: metrics then reads it from its events and says why it cannot.</remarks>
    private static void BuildMissingMeasures(SqliteConnection connection, SqliteTransaction transaction)
    {
        var missing = new List<string>();
        using (var find = connection.CreateCommand())
        {
            find.Transaction = transaction;
            find.CommandText = "SELECT id FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM incident_measures m WHERE m.incident_id = i.id);";
            using var reader = find.ExecuteReader();
            while (reader.Read())
            {
                missing.Add(reader.GetString(0));
            }
        }

        if (missing.Count == 0)
        {
            return;
        }

        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT payload FROM events WHERE incident_id = $incident ORDER BY seq;";
        var incident = read.Parameters.Add("$incident", SqliteType.Text);
        using var write = connection.CreateCommand();
        write.Transaction = transaction;
        foreach (var id in missing)
        {
            incident.Value = id;
            var events = new List<IncidentEvent>();
            try
            {
                using (var reader = read.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        events.Add(EventSerializer.Deserialize(reader.GetString(0)));
                    }
                }

                if (events.Count == 0)
                {
                    continue;
                }

                BindMeasures(write, IncidentMeasures.Of(IncidentLifecycle.Replay(id, events)));
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidTransitionException)
            {
                continue;
            }

            write.ExecuteNonQuery();
        }
    }

    private static object TicksOrNull(DateTimeOffset? at) => at is { } value ? value.UtcTicks : DBNull.Value;

    private static DateTimeOffset? Ticks(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTimeOffset(reader.GetInt64(ordinal), TimeSpan.Zero);

    // "due:done;due:" in UTC ticks, done empty while open: a handful of numbers per incident, read without a JSON parser.
    private static string EncodeActions(IReadOnlyList<ActionDue> actions)
    {
        var text = new StringBuilder();
        foreach (var action in actions)
        {
            if (text.Length > 0)
            {
                text.Append(';');
            }

            text.Append(action.Due.UtcTicks.ToString(CultureInfo.InvariantCulture)).Append(':');
            if (action.DoneAt is { } done)
            {
                text.Append(done.UtcTicks.ToString(CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    private static IReadOnlyList<ActionDue> DecodeActions(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var actions = new List<ActionDue>();
        foreach (var part in text.Split(';'))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var due = new DateTimeOffset(long.Parse(part.AsSpan(0, colon), CultureInfo.InvariantCulture), TimeSpan.Zero);
            var done = colon == part.Length - 1 ? (DateTimeOffset?)null
                : new DateTimeOffset(long.Parse(part.AsSpan(colon + 1), CultureInfo.InvariantCulture), TimeSpan.Zero);
            actions.Add(new ActionDue(due, done));
        }

        return actions;
    }
}
