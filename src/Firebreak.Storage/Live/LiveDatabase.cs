using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Firebreak.Storage;

/// <summary>The live incident's tables (scheduled work, incident locks, outbox) in the incident database, beside the events.</summary>
/// <remarks>
/// Opening makes sure the incident schema exists first (through <see cref="SqliteIncidentStore.Open"/>), then adds the
/// live tables with CREATE TABLE IF NOT EXISTS, so an older database gains them and a newer Firebreak reads them.
/// Moments are stored as round-trip UTC text, which sorts chronologically. Every method opens its own pooled
/// connection, so instances in several processes (or several in one) share the file safely in WAL mode.
/// </remarks>
public sealed class LiveDatabase : IDisposable
{
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);
    private readonly string _connectionString;

    private LiveDatabase(string path, string connectionString)
    {
        Path = path;
        _connectionString = connectionString;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens the incident database at <paramref name="path"/> (creating it when missing) and ensures the live tables.</summary>
    /// <exception cref="IncidentStoreException">The file is not an incident database or cannot be opened.</exception>
    public static LiveDatabase Open(string path)
    {
        using (SqliteIncidentStore.Open(path))
        {
            // The incident schema first: a fresh file with only live tables would look like another application's.
        }

        var full = System.IO.Path.GetFullPath(path);
        var database = new LiveDatabase(full, new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWrite,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString());
        try
        {
            using var connection = database.Connect();
            using var command = connection.CreateCommand();
            command.CommandText = Schema;
            command.ExecuteNonQuery();
        }
        catch (SqliteException ex)
        {
            throw new IncidentStoreException($"cannot add the live tables to {full}: {ex.Message}", ex);
        }

        return database;
    }

    internal const string Schema = """
        CREATE TABLE IF NOT EXISTS scheduled_work (
            incident_id TEXT NOT NULL,
            key TEXT NOT NULL,
            kind TEXT NOT NULL,
            due_at TEXT NOT NULL,
            state TEXT NOT NULL,
            claimed_by TEXT NULL,
            claimed_until TEXT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            effects TEXT NULL,
            decided_at TEXT NULL,
            done_at TEXT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (incident_id, key)
        );
        CREATE INDEX IF NOT EXISTS ix_scheduled_work_due ON scheduled_work (state, due_at);
        CREATE TABLE IF NOT EXISTS incident_locks (
            incident_id TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            held_until TEXT NOT NULL,
            version INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            idempotency_key TEXT NOT NULL UNIQUE,
            incident_id TEXT NOT NULL,
            audience TEXT NOT NULL,
            channel TEXT NOT NULL,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            claimed_by TEXT NULL,
            claimed_until TEXT NULL,
            last_answer TEXT NULL,
            created_at TEXT NOT NULL,
            sent_at TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_outbox_deliverable ON outbox (state, next_attempt_at);
        CREATE INDEX IF NOT EXISTS ix_outbox_incident ON outbox (incident_id);
        """;

    /// <summary>Opens a configured connection; the caller disposes it.</summary>
    internal SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var pragma = connection.CreateCommand();
            pragma.CommandText = string.Create(CultureInfo.InvariantCulture,
                $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL;");
            pragma.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Round-trip UTC text, which sorts chronologically.</summary>
    internal static string Moment(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    internal static DateTimeOffset ParseMoment(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>Releases pooled connections so the file can be moved or deleted.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
