using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Storage;

namespace Firebreak.Response;

/// <summary>Holds an incident exclusively while a command reads, decides and appends (the engine's tick takes the same lock).</summary>
public interface IIncidentLockPort
{
    /// <summary>Takes the incident's lock; throws <see cref="RequestRefusedException"/> when another holder keeps it too long.</summary>
    Task<IAsyncDisposable> HoldAsync(string incidentId, CancellationToken cancellationToken);
}

/// <summary>Re-times the incident's scheduled work after a command changed it.</summary>
public interface IScheduleSync
{
    /// <summary>Recomputes the incident's due items from its events.</summary>
    Task SyncAsync(string incidentId, CancellationToken cancellationToken);
}

/// <summary>Re-renders an incident's record (every artifact and incident.json, keeping human edits) from its stored events.</summary>
public interface IRecordRenderer
{
    /// <summary>Writes the record of <paramref name="id"/>; null when nothing was written.</summary>
    Task<ArtifactReport?> RenderAsync(IncidentId id, CancellationToken cancellationToken);
}

/// <summary>Queues a command's notices in the outbox, once per idempotency key, for the delivery worker to send.</summary>
public interface IOutboxPort
{
    /// <summary>Queues each message unless its key is already queued.</summary>
    Task QueueAsync(IReadOnlyList<OutgoingMessage> messages, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>No outbox: messages are dropped (tests of the deciding logic, which read the decision instead).</summary>
public sealed class NoOutbox : IOutboxPort
{
    /// <summary>The shared instance.</summary>
    public static NoOutbox Instance { get; } = new();

    /// <inheritdoc/>
    public Task QueueAsync(IReadOnlyList<OutgoingMessage> messages, DateTimeOffset now, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The outbox table of the incident database.</summary>
public sealed class SqliteOutboxPort(string storePath) : IOutboxPort, IDeliveryLedger
{
    /// <inheritdoc/>
    public async Task QueueAsync(IReadOnlyList<OutgoingMessage> messages, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return;
        }

        using var database = LiveDatabase.Open(storePath);
        var outbox = new SqliteOutbox(database);
        foreach (var message in messages)
        {
            await outbox.EnqueueAsync(message, now, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<NoticeDelivery>> ListAsync(string incidentId, CancellationToken cancellationToken)
    {
        if (!File.Exists(storePath))
        {
            return [];
        }

        using var database = LiveDatabase.Open(storePath);
        var entries = await new SqliteOutbox(database).ListAsync(incidentId, cancellationToken).ConfigureAwait(false);
        return [.. entries.Select(e => new NoticeDelivery(e.Key, e.Audience, e.Channel, e.State, e.Attempts, e.LastAnswer, e.CreatedAt, e.SentAt, e.Subject))];
    }
}

/// <summary>Carries out a person's mitigation decision: runs the configured command through the respond flow's step 6 (intent and outcome events, the execution lock, the validation).</summary>
public interface IMitigationExecutor
{
    /// <summary>Runs the decided strategy's command once; <paramref name="retry"/> runs it again after an interrupted attempt. Returns a one-line account.</summary>
    Task<string> ExecuteAsync(IncidentId id, bool retry, CancellationToken cancellationToken);
}

/// <summary>Executes through the respond flow with --execute: the one process runner, MitigationStarted before the command and MitigationExecuted after it, one execution per incident (execution_locks).</summary>
public sealed class RespondMitigationExecutor(RespondHandler handler, ProjectConfig config) : IMitigationExecutor
{
    /// <inheritdoc/>
    public async Task<string> ExecuteAsync(IncidentId id, bool retry, CancellationToken cancellationToken)
    {
        var result = await handler.HandleAsync(new FlowRequest(id, config) { Execute = true, RetryAction = retry }, cancellationToken).ConfigureAwait(false);
        return result.Dossier.Outcome.Note;
    }
}

/// <summary>No executor: --execute is refused (tests of the deciding logic).</summary>
public sealed class NoMitigationExecutor : IMitigationExecutor
{
    /// <summary>The shared instance.</summary>
    public static NoMitigationExecutor Instance { get; } = new();

    /// <inheritdoc/>
    public Task<string> ExecuteAsync(IncidentId id, bool retry, CancellationToken cancellationToken) =>
        throw new RequestRefusedException("no mitigation executor is configured here: --execute cannot run");
}

/// <summary>No lock: for a single caller (tests of the deciding logic).</summary>
public sealed class NoLock : IIncidentLockPort
{
    /// <summary>The shared instance.</summary>
    public static NoLock Instance { get; } = new();

    /// <inheritdoc/>
    public Task<IAsyncDisposable> HoldAsync(string incidentId, CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable>(Released.Instance);

    private sealed class Released : IAsyncDisposable
    {
        public static Released Instance { get; } = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>No scheduled work to re-time.</summary>
public sealed class NoScheduleSync : IScheduleSync
{
    /// <summary>The shared instance.</summary>
    public static NoScheduleSync Instance { get; } = new();

    /// <inheritdoc/>
    public Task SyncAsync(string incidentId, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Renders nothing.</summary>
public sealed class NoRecordRenderer : IRecordRenderer
{
    /// <summary>The shared instance.</summary>
    public static NoRecordRenderer Instance { get; } = new();

    /// <inheritdoc/>
    public Task<ArtifactReport?> RenderAsync(IncidentId id, CancellationToken cancellationToken) => Task.FromResult<ArtifactReport?>(null);
}

/// <summary>
/// Re-renders from the stored analysis and the incident's events (no evidence read, no reasoning), through the artifact
/// sink; an incident without a stored analysis is analysed once by the respond flow, which stores it.
/// </summary>
public sealed class RespondRecordRenderer(RespondHandler handler, ProjectConfig config) : IRecordRenderer
{
    /// <inheritdoc/>
    public async Task<ArtifactReport?> RenderAsync(IncidentId id, CancellationToken cancellationToken) =>
        await handler.RenderAsync(id, config, cancellationToken).ConfigureAwait(false);
}

/// <summary>What every live command needs: the project, the clock, the store and the ports.</summary>
public sealed record LiveServices(
    ProjectConfig Config,
    TimeProvider Time,
    Func<string, IIncidentStore> OpenStore)
{
    /// <summary>The incident lock (default: none).</summary>
    public IIncidentLockPort Locks { get; init; } = NoLock.Instance;

    /// <summary>The schedule re-timer (default: none).</summary>
    public IScheduleSync Schedule { get; init; } = NoScheduleSync.Instance;

    /// <summary>The record renderer (default: none).</summary>
    public IRecordRenderer Renderer { get; init; } = NoRecordRenderer.Instance;

    /// <summary>The outbox human commands queue their notices in (default: none).</summary>
    public IOutboxPort Outbox { get; init; } = NoOutbox.Instance;

    /// <summary>Runs a decided mitigation's command (default: none, --execute is refused).</summary>
    public IMitigationExecutor Mitigation { get; init; } = NoMitigationExecutor.Instance;

    /// <summary>The people who may act: every name in people:, the components' owners and backups, and the on-call rotations, backups and overrides.</summary>
    public HashSet<string> Roster { get; } = RosterOf(Config);

    /// <summary>The store file of the project.</summary>
    public string StorePath => FlowRequest.StorePath(Config.ProjectDirectory);

    private static HashSet<string> RosterOf(ProjectConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var people = config.Profile.People;
        var schedule = config.OnCall;
        IEnumerable<string?> names =
        [
            .. people.Oncall, .. people.IncidentCommanders, .. people.Communications, .. people.Architects, .. people.Management,
            .. people.Executives, .. people.Security, .. people.Legal, .. people.DeploymentManagers,
            .. config.Profile.Components.SelectMany(c => new[] { c.Owner, c.Backup }),
            .. schedule.Rotations.Values.SelectMany(r => r.Members),
            .. schedule.RoleSchedules.Select(r => r.Backup),
            .. schedule.Components.Values.SelectMany(r => r).Select(r => r.Backup),
            .. schedule.Overrides.Select(o => o.Person),
        ];
        return new HashSet<string>(names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim()), StringComparer.OrdinalIgnoreCase);
    }
}
