using Firebreak.Core;
using Microsoft.Data.Sqlite;

namespace Firebreak.Storage;

/// <summary>The states of an outgoing message: drafted (waiting or retrying), sent, failed (gave up).</summary>
public static class OutboxStates
{
    public const string Drafted = "drafted";
    public const string Sent = "sent";
    public const string Failed = "failed";
}

/// <summary>A message of the outbox as stored, with its delivery record.</summary>
public sealed record OutboxEntry(
    long Id,
    string Key,
    string IncidentId,
    string Audience,
    string Channel,
    string Subject,
    string Body,
    string State,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    string? LastAnswer,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    string? ClaimedBy,
    DateTimeOffset? ClaimedUntil);

/// <summary>The outbox table: every decided notice, queued once by its idempotency key, then delivered (or given up on) by a delivery worker.</summary>
/// <remarks>
/// Enqueueing ignores a key already queued, so performing a due item twice queues its notices once. A delivery worker
/// claims drafted messages whose next attempt is due with a lease (one UPDATE ... RETURNING, as for scheduled work), and
/// records each attempt's answer: sent, a retry at a later moment, or failed. Only the claim's holder can record it.
/// </remarks>
public sealed class SqliteOutbox(LiveDatabase database)
{
    private const string Columns = """
        id, idempotency_key, incident_id, audience, channel, subject, body, state, attempts, next_attempt_at, last_answer,
        created_at, sent_at, claimed_by, claimed_until
        """;

    private readonly LiveDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <summary>Queues <paramref name="message"/> for delivery now; false when its key was already queued.</summary>
    public async Task<bool> EnqueueAsync(OutgoingMessage message, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var connection = _database.Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO outbox (idempotency_key, incident_id, audience, channel, subject, body, state, attempts, next_attempt_at, created_at)
            VALUES ($key, $incident, $audience, $channel, $subject, $body, 'drafted', 0, $now, $now)
            ON CONFLICT (idempotency_key) DO NOTHING
            """;
        command.Parameters.AddWithValue("$key", message.Key);
        command.Parameters.AddWithValue("$incident", message.IncidentId);
        command.Parameters.AddWithValue("$audience", message.Audience);
        command.Parameters.AddWithValue("$channel", message.Channel);
        command.Parameters.AddWithValue("$subject", message.Subject);
        command.Parameters.AddWithValue("$body", message.Body);
        command.Parameters.AddWithValue("$now", LiveDatabase.Moment(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Claims up to <paramref name="limit"/> drafted messages whose next attempt is due, for <paramref name="lease"/>.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> ClaimAsync(string worker, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(worker);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = _database.Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE outbox SET claimed_by = $worker, claimed_until = $until
            WHERE id IN (
                SELECT id FROM outbox
                WHERE state = 'drafted' AND next_attempt_at <= $now AND (claimed_until IS NULL OR claimed_until <= $now)
                ORDER BY next_attempt_at, id
                LIMIT $limit)
            RETURNING {Columns}
            """;
        command.Parameters.AddWithValue("$worker", worker);
        command.Parameters.AddWithValue("$now", LiveDatabase.Moment(now));
        command.Parameters.AddWithValue("$until", LiveDatabase.Moment(now + lease));
        command.Parameters.AddWithValue("$limit", limit);
        var entries = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return [.. entries.OrderBy(e => e.NextAttemptAt).ThenBy(e => e.Id)];
    }

    /// <summary>Records a delivered message; false when the claim is no longer this worker's.</summary>
    public Task<bool> MarkSentAsync(OutboxEntry entry, string answer, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        RecordAsync(entry, "state = 'sent', sent_at = $now", answer, now, cancellationToken);

    /// <summary>Records a failed attempt to be retried at <paramref name="nextAttemptAt"/>; false when the claim is no longer this worker's.</summary>
    public Task<bool> MarkRetryAsync(OutboxEntry entry, string answer, DateTimeOffset now, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default) =>
        RecordAsync(entry, "next_attempt_at = $next", answer, now, cancellationToken, LiveDatabase.Moment(nextAttemptAt));

    /// <summary>Records the last failed attempt: the message is failed and not retried; false when the claim is no longer this worker's.</summary>
    public Task<bool> MarkFailedAsync(OutboxEntry entry, string answer, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        RecordAsync(entry, "state = 'failed'", answer, now, cancellationToken);

    /// <summary>The messages of an incident (all when null), in the order they were queued.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(string? incidentId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM outbox WHERE $incident IS NULL OR incident_id = $incident ORDER BY id";
        command.Parameters.AddWithValue("$incident", (object?)incidentId ?? DBNull.Value);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The earliest moment a drafted message is due for an attempt, or null.</summary>
    public async Task<DateTimeOffset?> NextAttemptAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'drafted'";
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string text ? LiveDatabase.ParseMoment(text) : null;
    }

    private async Task<bool> RecordAsync(OutboxEntry entry, string set, string answer, DateTimeOffset now, CancellationToken cancellationToken, string? next = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = _database.Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE outbox SET {set}, attempts = attempts + 1, last_answer = $answer, claimed_by = NULL, claimed_until = NULL
            WHERE id = $id AND state = 'drafted' AND claimed_by = $worker AND claimed_until = $until
            """;
        command.Parameters.AddWithValue("$id", entry.Id);
        command.Parameters.AddWithValue("$worker", (object?)entry.ClaimedBy ?? DBNull.Value);
        command.Parameters.AddWithValue("$until", entry.ClaimedUntil is { } until ? LiveDatabase.Moment(until) : DBNull.Value);
        command.Parameters.AddWithValue("$answer", answer.Length > MaxAnswer ? answer[..MaxAnswer] : answer);
        command.Parameters.AddWithValue("$now", LiveDatabase.Moment(now));
        command.Parameters.AddWithValue("$next", (object?)next ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>The longest answer of a channel kept in the record. The default is 2,000 characters.</summary>
    public const int MaxAnswer = 2_000;

    private static async Task<List<OutboxEntry>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<OutboxEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new OutboxEntry(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetString(6), reader.GetString(7), reader.GetInt32(8), LiveDatabase.ParseMoment(reader.GetString(9)),
                reader.IsDBNull(10) ? null : reader.GetString(10), LiveDatabase.ParseMoment(reader.GetString(11)),
                reader.IsDBNull(12) ? null : LiveDatabase.ParseMoment(reader.GetString(12)),
                reader.IsDBNull(13) ? null : reader.GetString(13),
                reader.IsDBNull(14) ? null : LiveDatabase.ParseMoment(reader.GetString(14))));
        }

        return entries;
    }
}
