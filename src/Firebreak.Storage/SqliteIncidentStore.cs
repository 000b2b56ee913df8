using System.Globalization;
using System.Text.Json;
using Firebreak.Core;
using Microsoft.Data.Sqlite;

namespace Firebreak.Storage;

/// <summary>The incident event store in one SQLite file (WAL mode): append-only events, deduplicated per incident, and a summary row and a measures row per incident.</summary>
/// <remarks>
/// Each append runs in one IMMEDIATE transaction: the incident's events are replayed with <see cref="IncidentLifecycle"/>,
/// the new events are inserted with INSERT OR IGNORE on the unique (incident_id, dedup_key) index and folded in, and the
/// incidents and incident_measures rows are updated; an illegal transition rolls the whole batch back. A status change whose key exists but that
/// is a legal move from the current status at a new moment (a retried mitigation, a reopened incident) is a new fact and
/// is stored with an occurrence suffix on its key. A killed process therefore leaves all or
/// none of a batch, and concurrent writers (other processes, other instances) wait on the busy timeout.
/// </remarks>
public sealed partial class SqliteIncidentStore : IIncidentStore, IIncidentCatalog, IExecutionLocks, IAnalysisLog, IAsyncDisposable, IDisposable
{
    /// <summary>The schema version this code writes and reads.</summary>
    public const int SchemaVersion = 1;

    private const int SqliteNotADatabase = 26;
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private readonly string _connectionString;
    private bool _disposed;

    private SqliteIncidentStore(string path, string connectionString)
    {
        Path = path;
        _connectionString = connectionString;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating when missing, with its folder) the database at <paramref name="path"/> and ensures the schema.</summary>
    /// <exception cref="IncidentStoreException">The file is not an incident database or cannot be opened.</exception>
    public static SqliteIncidentStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new IncidentStoreException($"{full} is a directory, not an incident database file");
        }

        var folder = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();

        var store = new SqliteIncidentStore(full, connectionString);
        try
        {
            store.EnsureSchema();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteNotADatabase)
        {
            store.Dispose();
            throw new IncidentStoreException($"{full} is not an incident database (not a SQLite file): {ex.Message}", ex);
        }
        catch (SqliteException ex)
        {
            store.Dispose();
            throw new IncidentStoreException($"cannot open the incident database {full}: {ex.Message}", ex);
        }
        catch (IncidentStoreException)
        {
            store.Dispose();
            throw;
        }

        return store;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<IncidentEvent>> LoadAsync(IncidentId id, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadEventsAsync(connection, null, id.Value, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<IncidentEvent>> AppendAsync(IncidentId id, IReadOnlyList<IncidentEvent> events, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return [];
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // IMMEDIATE takes the write lock up front, so two writers never both read then fail to upgrade.
        await using var transaction = connection.BeginTransaction(deferred: false);

        var existing = await ReadEventsAsync(connection, transaction, id.Value, cancellationToken).ConfigureAwait(false);
        var state = IncidentLifecycle.Replay(id.Value, existing);
        var appended = new List<IncidentEvent>();

        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT OR IGNORE INTO events (incident_id, dedup_key, type, at, payload)
                VALUES ($incident, $key, $type, $at, $payload)
                """;
            var incident = insert.Parameters.Add("$incident", SqliteType.Text);
            var key = insert.Parameters.Add("$key", SqliteType.Text);
            var type = insert.Parameters.Add("$type", SqliteType.Text);
            var at = insert.Parameters.Add("$at", SqliteType.Text);
            var payload = insert.Parameters.Add("$payload", SqliteType.Text);
            incident.Value = id.Value;

            foreach (var @event in events)
            {
                ArgumentNullException.ThrowIfNull(@event, nameof(events));
                key.Value = @event.DedupKey;
                type.Value = EventSerializer.TypeName(@event);
                at.Value = Moment(@event.At);
                payload.Value = EventSerializer.Serialize(@event);
                if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0
                    && !(IsRepeatedMove(state, @event) && await InsertRepeatAsync(insert, key, @event.DedupKey, cancellationToken).ConfigureAwait(false)))
                {
                    continue;
                }

                // Throws on an illegal transition; disposing the transaction uncommitted rolls the batch back.
                state = IncidentLifecycle.Apply(state, @event);
                appended.Add(@event);
            }
        }

        if (appended.Count > 0)
        {
            await UpsertSummaryAsync(connection, transaction, state, cancellationToken).ConfigureAwait(false);
            await UpsertMeasuresAsync(connection, transaction, state, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return appended;
    }

    // A status change whose key exists but which moves the incident from where it now is, at a moment not yet recorded
    // for that move, happened again (a failed mitigation retried: MITIGATING -> INVESTIGATING -> MITIGATING; a reopened
    // incident): it is a new fact. A re-run's duplicate either starts from a status the incident has left or repeats
    // the recorded moment.
    private static bool IsRepeatedMove(IncidentState state, IncidentEvent @event) =>
        @event is StatusChanged move && move.From == state.Status && IncidentLifecycle.CanMove(move.From, move.To);

    private static async Task<bool> InsertRepeatAsync(SqliteCommand insert, SqliteParameter key, string dedupKey, CancellationToken cancellationToken)
    {
        // The same move at the same moment is the same fact sent again (a re-run replaying its history).
        await using (var twin = insert.Connection!.CreateCommand())
        {
            twin.Transaction = insert.Transaction;
            twin.CommandText = """
                SELECT COUNT(*) FROM events
                WHERE incident_id = $incident AND at = $at AND (dedup_key = $key OR substr(dedup_key, 1, length($key) + 1) = $key || '#')
                """;
            twin.Parameters.AddWithValue("$incident", insert.Parameters["$incident"].Value);
            twin.Parameters.AddWithValue("$at", insert.Parameters["$at"].Value);
            twin.Parameters.AddWithValue("$key", dedupKey);
            if (Convert.ToInt64(await twin.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0)
            {
                return false;
            }
        }

        for (var occurrence = 2; occurrence < 10_000; occurrence++)
        {
            key.Value = string.Create(CultureInfo.InvariantCulture, $"{dedupKey}#{occurrence}");
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<IncidentSummary>> OpenIncidentsAsync(CancellationToken cancellationToken = default) =>
        SummariesAsync("WHERE status NOT IN ('RESOLVED', 'CLOSED')", cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<IncidentSummary>> AllIncidentsAsync(CancellationToken cancellationToken = default) =>
        SummariesAsync(string.Empty, cancellationToken);

    private async Task<IReadOnlyList<IncidentSummary>> SummariesAsync(string where, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, status, priority, detected_at FROM incidents {where} ORDER BY detected_at, id";
        var result = new List<IncidentSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var status = Enum.Parse<IncidentStatus>(reader.GetString(1), ignoreCase: true);
            Priority? priority = reader.IsDBNull(2) ? null : Enum.Parse<Priority>(reader.GetString(2), ignoreCase: true);
            result.Add(new IncidentSummary(reader.GetString(0), status, priority, ParseMoment(reader.GetString(3))));
        }

        return result;
    }

    /// <summary>Releases pooled connections so the database file can be moved or deleted.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void EnsureSchema()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Configure(connection);
        Execute(connection, "PRAGMA journal_mode = WAL;");

        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", transaction);
        var version = Scalar(connection, "SELECT MAX(version) FROM schema_version;", transaction);
        if (version is long found && found > SchemaVersion)
        {
            throw new IncidentStoreException(
                $"{Path} has incident schema version {found}; this Firebreak reads version {SchemaVersion}: upgrade Firebreak");
        }

        if (version is null or DBNull)
        {
            var foreign = Scalar(connection,
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT IN ('schema_version', 'events', 'incidents', 'execution_locks') AND name NOT LIKE 'sqlite_%';",
                transaction);
            if (foreign is long count && count > 0)
            {
                throw new IncidentStoreException($"{Path} is a SQLite database of another application, not a Firebreak incident database");
            }

            Execute(connection, """
                CREATE TABLE IF NOT EXISTS events (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    incident_id TEXT NOT NULL,
                    dedup_key TEXT NOT NULL,
                    type TEXT NOT NULL,
                    at TEXT NOT NULL,
                    payload TEXT NOT NULL
                );
                CREATE UNIQUE INDEX IF NOT EXISTS ux_events_incident_dedup ON events (incident_id, dedup_key);
                CREATE TABLE IF NOT EXISTS incidents (
                    id TEXT PRIMARY KEY,
                    status TEXT NOT NULL,
                    priority TEXT NULL,
                    detected_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS ix_incidents_status ON incidents (status);
                """, transaction);
            Execute(connection, $"INSERT INTO schema_version (version) VALUES ({SchemaVersion.ToString(CultureInfo.InvariantCulture)});", transaction);
        }

        // Added beside schema version 1 (older stores gain it on open): one mitigation execution per incident at a time.
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS execution_locks (
                incident_id TEXT PRIMARY KEY,
                pid INTEGER NOT NULL,
                host TEXT NOT NULL,
                acquired_at TEXT NOT NULL,
                held_until TEXT NOT NULL
            );
            """, transaction);

        // Added beside schema version 1 (older stores gain it on open, empty: their analysis is recomputed once).
        Execute(connection, AnalysisSchema, transaction);

        // Added beside schema version 1 (older stores gain it on open, built once from their events).
        Execute(connection, MeasuresSchema, transaction);
        BuildMissingMeasures(connection, transaction);
        transaction.Commit();
    }

    /// <inheritdoc/>
    public async Task<ExecutionHolder?> TryAcquireExecutionAsync(IncidentId id, ExecutionHolder me, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // BEGIN IMMEDIATE: the read and the take-over happen under the write lock, so two runs cannot both win.
            using var transaction = connection.BeginTransaction(deferred: false);
            ExecutionHolder? current = null;
            using (var read = connection.CreateCommand())
            {
                read.Transaction = transaction;
                read.CommandText = "SELECT pid, host, acquired_at, held_until FROM execution_locks WHERE incident_id = $id;";
                read.Parameters.AddWithValue("$id", id.Value);
                using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    current = new ExecutionHolder(reader.GetInt32(0), reader.GetString(1),
                        DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture), DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture));
                }
            }

            if (current is not null && !IsStale(current, me))
            {
                return current;
            }

            using var write = connection.CreateCommand();
            write.Transaction = transaction;
            write.CommandText = "INSERT OR REPLACE INTO execution_locks (incident_id, pid, host, acquired_at, held_until) VALUES ($id, $pid, $host, $acquired, $until);";
            write.Parameters.AddWithValue("$id", id.Value);
            write.Parameters.AddWithValue("$pid", me.Pid);
            write.Parameters.AddWithValue("$host", me.Host);
            write.Parameters.AddWithValue("$acquired", me.AcquiredAt.ToString("O", CultureInfo.InvariantCulture));
            write.Parameters.AddWithValue("$until", me.HeldUntil.ToString("O", CultureInfo.InvariantCulture));
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            transaction.Commit();
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task ReleaseExecutionAsync(IncidentId id, ExecutionHolder me, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM execution_locks WHERE incident_id = $id AND pid = $pid AND host = $host AND acquired_at = $acquired;";
            command.Parameters.AddWithValue("$id", id.Value);
            command.Parameters.AddWithValue("$pid", me.Pid);
            command.Parameters.AddWithValue("$host", me.Host);
            command.Parameters.AddWithValue("$acquired", me.AcquiredAt.ToString("O", CultureInfo.InvariantCulture));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A lock is stale once its lease ran out, or when its process on this host no longer runs.</summary>
    private static bool IsStale(ExecutionHolder current, ExecutionHolder me)
    {
        if (current.HeldUntil <= me.AcquiredAt)
        {
            return true;
        }

        if (!string.Equals(current.Host, me.Host, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(current.Pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            Configure(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static void Configure(SqliteConnection connection) => Execute(connection, string.Create(CultureInfo.InvariantCulture,
        $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"));

    private static async Task<IReadOnlyList<IncidentEvent>> ReadEventsAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string id, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT seq, payload FROM events WHERE incident_id = $incident ORDER BY seq;";
        command.Parameters.AddWithValue("$incident", id);
        var events = new List<IncidentEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                events.Add(EventSerializer.Deserialize(reader.GetString(1)));
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException)
            {
                throw new IncidentStoreException($"event {reader.GetInt64(0)} of incident {id} cannot be read: {ex.Message}", ex);
            }
        }

        return events;
    }

    private static async Task UpsertSummaryAsync(SqliteConnection connection, SqliteTransaction transaction, IncidentState state, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO incidents (id, status, priority, detected_at, updated_at)
            VALUES ($id, $status, $priority, $detected, $updated)
            ON CONFLICT (id) DO UPDATE SET
                status = excluded.status, priority = excluded.priority,
                detected_at = excluded.detected_at, updated_at = excluded.updated_at
            """;
        command.Parameters.AddWithValue("$id", state.Id);
        command.Parameters.AddWithValue("$status", WireNames.Of(state.Status));
        command.Parameters.AddWithValue("$priority", state.Priority is { } p ? p.ToString() : DBNull.Value);
        command.Parameters.AddWithValue("$detected", Moment(state.DetectedAt));
        command.Parameters.AddWithValue("$updated", Moment(state.Events.Max(e => e.At)));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    // Round-trip UTC text sorts chronologically.
    private static string Moment(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseMoment(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
