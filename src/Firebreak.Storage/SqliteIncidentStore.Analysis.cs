using System.Globalization;
using Firebreak.Core;
using Microsoft.Data.Sqlite;

namespace Firebreak.Storage;

/// <summary>The analysis stream: one row per stored version of an incident's analysis, append-only, numbered from 1.</summary>
public sealed partial class SqliteIncidentStore
{
    private const string AnalysisSchema = """
        CREATE TABLE IF NOT EXISTS analysis_events (
            incident_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            schema_version INTEGER NOT NULL,
            recorded_at TEXT NOT NULL,
            digest TEXT NOT NULL,
            reason TEXT NOT NULL,
            payload TEXT NOT NULL,
            PRIMARY KEY (incident_id, version)
        );
        """;

    /// <inheritdoc/>
    public async Task<AnalysisVersion?> LatestAnalysisAsync(IncidentId id, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var found = await ReadAnalysesAsync(connection, null, id.Value, latestOnly: true, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AnalysisVersion>> AnalysesAsync(IncidentId id, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAnalysesAsync(connection, null, id.Value, latestOnly: false, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> AppendAnalysisAsync(IncidentId id, AnalysisVersion analysis, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(analysis);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var latest = await ReadAnalysesAsync(connection, transaction, id.Value, latestOnly: true, cancellationToken).ConfigureAwait(false);
        if (latest.Count > 0 && (latest[0].Version >= analysis.Version || SameDecisions(latest[0], analysis)))
        {
            return false;
        }

        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT OR IGNORE INTO analysis_events (incident_id, version, schema_version, recorded_at, digest, reason, payload)
            VALUES ($incident, $version, $schema, $at, $digest, $reason, $payload)
            """;
        insert.Parameters.AddWithValue("$incident", id.Value);
        insert.Parameters.AddWithValue("$version", analysis.Version);
        insert.Parameters.AddWithValue("$schema", analysis.SchemaVersion);
        insert.Parameters.AddWithValue("$at", analysis.RecordedAt.ToString("O", CultureInfo.InvariantCulture));
        insert.Parameters.AddWithValue("$digest", analysis.Digest);
        insert.Parameters.AddWithValue("$reason", analysis.Reason);
        insert.Parameters.AddWithValue("$payload", analysis.Payload);
        var inserted = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return inserted;
    }

    /// <summary>The same digest in the same schema: the same decisions.</summary>
    private static bool SameDecisions(AnalysisVersion stored, AnalysisVersion next) =>
        stored.SchemaVersion == next.SchemaVersion && string.Equals(stored.Digest, next.Digest, StringComparison.Ordinal);

    private static async Task<IReadOnlyList<AnalysisVersion>> ReadAnalysesAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string id, bool latestOnly, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = latestOnly
            ? "SELECT version, schema_version, recorded_at, digest, reason, payload FROM analysis_events WHERE incident_id = $incident ORDER BY version DESC LIMIT 1;"
            : "SELECT version, schema_version, recorded_at, digest, reason, payload FROM analysis_events WHERE incident_id = $incident ORDER BY version;";
        command.Parameters.AddWithValue("$incident", id);
        var found = new List<AnalysisVersion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add(new AnalysisVersion(
                reader.GetInt32(0), reader.GetInt32(1), DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture),
                reader.GetString(3), reader.GetString(4), reader.GetString(5)));
        }

        return found;
    }
}
