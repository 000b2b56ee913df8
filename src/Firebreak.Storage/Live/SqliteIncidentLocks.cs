using Microsoft.Data.Sqlite;

namespace Firebreak.Storage;

/// <summary>A held incident lock: Version is its fencing token, bumped at every acquisition.</summary>
public sealed record IncidentLease(string IncidentId, string Holder, long Version, DateTimeOffset Until);

/// <summary>Per-incident locks with a lease, so a tick and a human command on the same incident never interleave, across processes.</summary>
/// <remarks>
/// Acquiring is one INSERT ... ON CONFLICT DO UPDATE ... WHERE the lease has run out ... RETURNING version: it succeeds
/// when nobody holds the incident or the holder's lease expired (a killed process cannot keep it), and each success bumps
/// the version. Whoever read an incident, decided, and is about to write checks <see cref="IsHeldAsync"/> (or holds the
/// lock across the whole read-decide-write), so an escalation is never decided on a state a human just changed.
/// </remarks>
public sealed class SqliteIncidentLocks(LiveDatabase database)
{
    private readonly LiveDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <summary>Takes the incident's lock for <paramref name="lease"/>, or returns null when someone else holds it.</summary>
    public async Task<IncidentLease?> TryAcquireAsync(string incidentId, string holder, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(incidentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        await using var connection = _database.Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO incident_locks (incident_id, holder, held_until, version) VALUES ($incident, $holder, $until, 1)
            ON CONFLICT (incident_id) DO UPDATE SET holder = excluded.holder, held_until = excluded.held_until, version = incident_locks.version + 1
            WHERE incident_locks.held_until <= $now
            RETURNING version
            """;
        command.Parameters.AddWithValue("$incident", incidentId);
        command.Parameters.AddWithValue("$holder", holder);
        command.Parameters.AddWithValue("$now", LiveDatabase.Moment(now));
        command.Parameters.AddWithValue("$until", LiveDatabase.Moment(now + lease));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version
            ? new IncidentLease(incidentId, holder, version, now + lease)
            : null;
    }

    /// <summary>Takes the lock, waiting (on <paramref name="time"/>) up to <paramref name="wait"/> while someone else holds it; null when it stayed held.</summary>
    public async Task<IncidentLease?> AcquireAsync(string incidentId, string holder, TimeProvider time, TimeSpan lease, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(time);
        var deadline = time.GetUtcNow() + wait;
        var pause = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            if (await TryAcquireAsync(incidentId, holder, time.GetUtcNow(), lease, cancellationToken).ConfigureAwait(false) is { } held)
            {
                return held;
            }

            if (time.GetUtcNow() >= deadline)
            {
                return null;
            }

            await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
        }
    }

    /// <summary>True while <paramref name="lease"/> is still the incident's current lock and has not run out at <paramref name="now"/>.</summary>
    public async Task<bool> IsHeldAsync(IncidentLease lease, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await using var connection = _database.Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM incident_locks WHERE incident_id = $incident AND holder = $holder AND version = $version AND held_until > $now";
        Bind(command, lease);
        command.Parameters.AddWithValue("$now", LiveDatabase.Moment(now));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long count && count == 1;
    }

    /// <summary>Lets the lock go (only if it is still this lease's); false when it had already been taken over.</summary>
    public async Task<bool> ReleaseAsync(IncidentLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await using var connection = _database.Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE incident_locks SET held_until = '0001-01-01T00:00:00.0000000Z'
            WHERE incident_id = $incident AND holder = $holder AND version = $version
            """;
        Bind(command, lease);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static void Bind(SqliteCommand command, IncidentLease lease)
    {
        command.Parameters.AddWithValue("$incident", lease.IncidentId);
        command.Parameters.AddWithValue("$holder", lease.Holder);
        command.Parameters.AddWithValue("$version", lease.Version);
    }
}
