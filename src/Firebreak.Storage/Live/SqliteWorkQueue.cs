using System.Text.Json;
using Firebreak.Core;

namespace Firebreak.Storage;

/// <summary>The states of a row of scheduled work.</summary>
public static class WorkStates
{
    /// <summary>Owed at due_at; the plan may still re-time or cancel it.</summary>
    public const string Pending = "pending";

    /// <summary>Decided: its effects are stored and are being recorded; a crashed engine's successor finishes them.</summary>
    public const string Performing = "performing";

    /// <summary>Its effects are recorded and its notices queued.</summary>
    public const string Done = "done";

    /// <summary>No longer owed (acknowledged, resolved, re-timed under another key) before it was performed.</summary>
    public const string Cancelled = "cancelled";
}

/// <summary>A row of scheduled work claimed by one engine until ClaimedUntil.</summary>
public sealed record WorkClaim(string IncidentId, string Key, string Kind, DateTimeOffset DueAt, string State, string? Effects, int Attempts, string ClaimedBy, DateTimeOffset ClaimedUntil);

/// <summary>A row of scheduled work as stored.</summary>
public sealed record WorkRow(string IncidentId, string Key, string Kind, DateTimeOffset DueAt, string State, int Attempts, DateTimeOffset? DecidedAt, DateTimeOffset? DoneAt);

/// <summary>What a sync changed.</summary>
public sealed record SyncResult(int Added, int Retimed, int Cancelled);

/// <summary>The scheduled_work table: every timer of every incident, so a restart loses nothing, claimed with a lease so several engines each perform an item once.</summary>
/// <remarks>
/// A claim is one UPDATE ... WHERE state IN (pending, performing) AND due_at &lt;= now AND the lease is free ... RETURNING:
/// SQLite runs it under its single write lock, so two engines never claim the same row; on PostgreSQL the inner SELECT
/// takes FOR UPDATE SKIP LOCKED. A claimed row is decided (its effects stored, state performing), then its effects are
/// recorded and it is marked done, each step only by the engine whose claim it is. A claim that expires (the engine
/// died) is taken by the next tick: a pending row is re-planned, a performing row is finished from its stored effects.
/// </remarks>
public sealed class SqliteWorkQueue(LiveDatabase database)
{
    private readonly LiveDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <summary>Makes the incident's pending rows match <paramref name="plan"/>: new keys added, changed due moments re-timed, keys no longer owed cancelled; performing and done rows are never touched, a cancelled key owed again is revived.</summary>
    public async Task<SyncResult> SyncAsync(DuePlan plan, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        await using var connection = _database.Connect();
        await using var transaction = connection.BeginTransaction(deferred: false);
        var existing = new Dictionary<string, (string State, string DueAt)>(StringComparer.Ordinal);
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT key, state, due_at FROM scheduled_work WHERE incident_id = $incident";
            read.Parameters.AddWithValue("$incident", plan.IncidentId);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                existing[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2));
            }
        }

        int added = 0, retimed = 0;
        foreach (var item in plan.Items)
        {
            var due = LiveDatabase.Moment(item.DueAt);
            string sql;
            if (!existing.TryGetValue(item.Key, out var row))
            {
                sql = """
                    INSERT INTO scheduled_work (incident_id, key, kind, due_at, state, attempts, updated_at)
                    VALUES ($incident, $key, $kind, $due, 'pending', 0, $now)
                    """;
                added++;
            }
            else if (row.State == WorkStates.Cancelled || (row.State == WorkStates.Pending && row.DueAt != due))
            {
                sql = "UPDATE scheduled_work SET due_at = $due, state = 'pending', updated_at = $now WHERE incident_id = $incident AND key = $key";
                retimed++;
            }
            else
            {
                continue;
            }

            await using var write = connection.CreateCommand();
            write.Transaction = transaction;
            write.CommandText = sql;
            write.Parameters.AddWithValue("$incident", plan.IncidentId);
            write.Parameters.AddWithValue("$key", item.Key);
            write.Parameters.AddWithValue("$kind", item.Kind.ToString());
            write.Parameters.AddWithValue("$due", due);
            write.Parameters.AddWithValue("$now", LiveDatabase.Moment(now));
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var cancel = connection.CreateCommand();
        cancel.Transaction = transaction;
        cancel.CommandText = """
            UPDATE scheduled_work SET state = 'cancelled', claimed_by = NULL, claimed_until = NULL, updated_at = $now
            WHERE incident_id = $incident AND state = 'pending' AND key NOT IN (SELECT value FROM json_each($keys))
            """;
        cancel.Parameters.AddWithValue("$incident", plan.IncidentId);
        cancel.Parameters.AddWithValue("$now", LiveDatabase.Moment(now));
        cancel.Parameters.AddWithValue("$keys", JsonSerializer.Serialize(plan.Items.Select(i => i.Key).ToList(), StorageJsonContext.Default.ListString));
        var cancelled = await cancel.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new SyncResult(added, retimed, cancelled);
    }

    /// <summary>The keys of the incident already decided or done, with when they were decided: the engine never owes them again.</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> PerformedAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, decided_at FROM scheduled_work WHERE incident_id = $incident AND state IN ('performing', 'done')";
        command.Parameters.AddWithValue("$incident", incidentId);
        var result = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result[reader.GetString(0)] = LiveDatabase.ParseMoment(reader.GetString(1));
        }

        return result;
    }

    /// <summary>Claims up to <paramref name="limit"/> rows that are due at <paramref name="now"/> and not claimed by a live lease, for <paramref name="lease"/>.</summary>
    public async Task<IReadOnlyList<WorkClaim>> ClaimAsync(string engine, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(engine);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = _database.Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE scheduled_work
            SET claimed_by = $engine, claimed_until = $until, attempts = attempts + 1, updated_at = $now
            WHERE rowid IN (
                SELECT rowid FROM scheduled_work
                WHERE state IN ('pending', 'performing') AND due_at <= $now AND (claimed_until IS NULL OR claimed_until <= $now)
                ORDER BY due_at, incident_id, key
                LIMIT $limit)
            RETURNING incident_id, key, kind, due_at, state, effects, attempts, claimed_by, claimed_until
            """;
        command.Parameters.AddWithValue("$engine", engine);
        command.Parameters.AddWithValue("$now", LiveDatabase.Moment(now));
        command.Parameters.AddWithValue("$until", LiveDatabase.Moment(now + lease));
        command.Parameters.AddWithValue("$limit", limit);
        var claims = new List<WorkClaim>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            claims.Add(new WorkClaim(reader.GetString(0), reader.GetString(1), reader.GetString(2), LiveDatabase.ParseMoment(reader.GetString(3)),
                reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt32(6), reader.GetString(7),
                LiveDatabase.ParseMoment(reader.GetString(8))));
        }

        return [.. claims.OrderBy(c => c.DueAt).ThenBy(c => c.IncidentId, StringComparer.Ordinal).ThenBy(c => c.Key, StringComparer.Ordinal)];
    }

    /// <summary>Stores the decided effects of a pending row (state performing); false when the claim is no longer this engine's, or <paramref name="fence"/> (the incident lock it decided under) is no longer held at <paramref name="now"/>.</summary>
    public Task<bool> DecideAsync(WorkClaim claim, string effects, DateTimeOffset now, CancellationToken cancellationToken = default, IncidentLease? fence = null) =>
        fence is null
            ? UpdateClaimedAsync(claim, "state = 'performing', effects = $effects, decided_at = $now", "state = 'pending'", now, cancellationToken, ("$effects", effects))
            : UpdateClaimedAsync(claim, "state = 'performing', effects = $effects, decided_at = $now",
                """
                state = 'pending' AND EXISTS (SELECT 1 FROM incident_locks l WHERE l.incident_id = $incident AND l.holder = $holder
                    AND l.version = $version AND l.held_until > $now)
                """, now, cancellationToken, ("$effects", effects), ("$holder", fence.Holder), ("$version", fence.Version));

    /// <summary>Marks a performing row done; false when the claim is no longer this engine's.</summary>
    public Task<bool> CompleteAsync(WorkClaim claim, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        UpdateClaimedAsync(claim, "state = 'done', done_at = $now, claimed_by = NULL, claimed_until = NULL", "state = 'performing'", now, cancellationToken);

    /// <summary>Cancels a pending row that is no longer owed; false when the claim is no longer this engine's.</summary>
    public Task<bool> CancelAsync(WorkClaim claim, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        UpdateClaimedAsync(claim, "state = 'cancelled', claimed_by = NULL, claimed_until = NULL", "state = 'pending'", now, cancellationToken);

    /// <summary>Gives a pending row back, due at <paramref name="dueAt"/> (re-timed) or as it was.</summary>
    public Task<bool> ReleaseAsync(WorkClaim claim, DateTimeOffset now, DateTimeOffset? dueAt = null, CancellationToken cancellationToken = default) =>
        UpdateClaimedAsync(claim, "claimed_by = NULL, claimed_until = NULL, due_at = $due", "state IN ('pending', 'performing')", now, cancellationToken,
            ("$due", LiveDatabase.Moment(dueAt ?? claim.DueAt)));

    /// <summary>The incident's rows (all incidents' when null), soonest first.</summary>
    public async Task<IReadOnlyList<WorkRow>> ListAsync(string? incidentId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT incident_id, key, kind, due_at, state, attempts, decided_at, done_at FROM scheduled_work
            WHERE $incident IS NULL OR incident_id = $incident ORDER BY due_at, incident_id, key
            """;
        command.Parameters.AddWithValue("$incident", (object?)incidentId ?? DBNull.Value);
        var rows = new List<WorkRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new WorkRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), LiveDatabase.ParseMoment(reader.GetString(3)),
                reader.GetString(4), reader.GetInt32(5), reader.IsDBNull(6) ? null : LiveDatabase.ParseMoment(reader.GetString(6)),
                reader.IsDBNull(7) ? null : LiveDatabase.ParseMoment(reader.GetString(7))));
        }

        return rows;
    }

    /// <summary>The earliest moment anything can be claimed (for the incident, when given), or null: what a watcher sleeps until; a claimed row counts from when its lease runs out, so a failed item does not wake the watcher every second.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(string? incidentId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT MIN(MAX(due_at, COALESCE(claimed_until, due_at))) FROM scheduled_work
            WHERE state IN ('pending', 'performing') AND ($incident IS NULL OR incident_id = $incident)
            """;
        command.Parameters.AddWithValue("$incident", (object?)incidentId ?? DBNull.Value);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string text ? LiveDatabase.ParseMoment(text) : null;
    }

    /// <summary>Incidents the engine plans for: every one not CLOSED (a resolved incident still owes its notices, review and actions).</summary>
    public async Task<IReadOnlyList<string>> ActiveIncidentsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM incidents WHERE status <> 'CLOSED' ORDER BY id";
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private async Task<bool> UpdateClaimedAsync(WorkClaim claim, string set, string condition, DateTimeOffset now, CancellationToken cancellationToken,
        params (string Name, object Value)[] extra)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await using var connection = _database.Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE scheduled_work SET {set}, updated_at = $now
            WHERE incident_id = $incident AND key = $key AND claimed_by = $engine AND claimed_until = $until AND {condition}
            """;
        command.Parameters.AddWithValue("$incident", claim.IncidentId);
        command.Parameters.AddWithValue("$key", claim.Key);
        command.Parameters.AddWithValue("$engine", claim.ClaimedBy);
        command.Parameters.AddWithValue("$until", LiveDatabase.Moment(claim.ClaimedUntil));
        command.Parameters.AddWithValue("$now", LiveDatabase.Moment(now));
        foreach (var (name, value) in extra)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
