using System.Globalization;
using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>Who acts and when: --as (a person in the roster) and --at (a moment not in the future); null means unnamed and now.</summary>
public sealed record CommandActor(string? Person = null, DateTimeOffset? At = null)
{
    /// <summary>An unnamed actor, now.</summary>
    public static CommandActor Now { get; } = new();
}

/// <summary>What a command decided: the events to append and a one-line account of them.</summary>
public sealed record CommandDecision(IReadOnlyList<IncidentEvent> Events, string Message)
{
    /// <summary>The notices to queue in the outbox (deterministic keys: a retried command queues nothing new); none by default.</summary>
    public IReadOnlyList<OutgoingMessage> Messages { get; init; } = [];
}

/// <summary>What a command did: the events appended (none when the same command was already recorded), the state after, what was rendered.</summary>
public sealed record CommandResult(IncidentId Id, IReadOnlyList<IncidentEvent> Appended, IncidentState State, ArtifactReport? Artifacts, string Message)
{
    /// <summary>True when nothing new was recorded (a retried command).</summary>
    public bool Unchanged => Appended.Count == 0;
}

/// <summary>The moment and the person a command acts as, validated.</summary>
public sealed record CommandContext(IncidentState State, DateTimeOffset At, string Actor, bool Named);

/// <summary>
/// The shared mechanics of every writing command: validates --as and --at, takes the incident's lock, reads its events,
/// lets the operation decide (it throws <see cref="RequestRefusedException"/> for a transition it does not allow),
/// appends atomically (the store enforces the lifecycle again and ignores repeated dedup keys), releases the lock,
/// re-times the scheduled work and re-renders the record. It writes no file and no console line itself.
/// </summary>
public sealed class LiveCommandRunner(LiveServices services)
{
    /// <summary>The actor written when no --as is given.</summary>
    public const string UnnamedActor = "unnamed operator (no --as given)";

    /// <summary>The services the runner works through.</summary>
    public LiveServices Services { get; } = services ?? throw new ArgumentNullException(nameof(services));

    /// <summary>Runs one writing command on incident <paramref name="id"/>.</summary>
    public async Task<CommandResult> RunAsync(IncidentId id, CommandActor actor, Func<CommandContext, CommandDecision> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(decide);
        var person = ResolvePerson(actor.Person);
        var now = Services.Time.GetUtcNow();
        var at = actor.At ?? now;
        if (at > now)
        {
            throw new RequestRefusedException($"--at {Iso(at)} is in the future (now is {Iso(now)})");
        }

        RequireStore();
        IReadOnlyList<IncidentEvent> appended;
        IncidentState after;
        CommandDecision decision;
        var store = Services.OpenStore(Services.StorePath);
        try
        {
            await using (await Services.Locks.HoldAsync(id.Value, cancellationToken).ConfigureAwait(false))
            {
                var state = await LoadExistingAsync(store, id, cancellationToken).ConfigureAwait(false);
                if (at < state.DetectedAt)
                {
                    throw new RequestRefusedException($"--at {Iso(at)} is before {id} was detected ({Iso(state.DetectedAt)})");
                }

                decision = decide(new CommandContext(state, at, person ?? UnnamedActor, person is not null));
                try
                {
                    appended = await store.AppendAsync(id, decision.Events, cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidTransitionException ex)
                {
                    throw new RequestRefusedException($"{id}: {ex.Message}");
                }

                // Queued under the lock, after the events: a retried command queues again and the outbox keeps the first copy.
                await Services.Outbox.QueueAsync(decision.Messages, now, cancellationToken).ConfigureAwait(false);
                after = IncidentLifecycle.Replay(id.Value, await store.LoadAsync(id, cancellationToken).ConfigureAwait(false));
            }
        }
        finally
        {
            await IncidentStores.CloseAsync(store).ConfigureAwait(false);
        }

        if (appended.Count == 0)
        {
            return new CommandResult(id, appended, after, null, $"{id}: already recorded; nothing changed");
        }

        await Services.Schedule.SyncAsync(id.Value, cancellationToken).ConfigureAwait(false);
        var artifacts = await Services.Renderer.RenderAsync(id, cancellationToken).ConfigureAwait(false);
        return new CommandResult(id, appended, after, artifacts, decision.Message);
    }

    /// <summary>Loads an incident for a read command; refuses an unknown one.</summary>
    public async Task<IncidentState> ReadAsync(IncidentId id, CancellationToken cancellationToken)
    {
        RequireStore();
        var store = Services.OpenStore(Services.StorePath);
        try
        {
            return await LoadExistingAsync(store, id, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await IncidentStores.CloseAsync(store).ConfigureAwait(false);
        }
    }

    /// <summary>The roster's spelling of a person, or null when none is given; refuses a person not in the roster.</summary>
    public string? ResolvePerson(string? person)
    {
        if (person is null)
        {
            return null;
        }

        var name = person.Trim();
        if (Services.Roster.TryGetValue(name, out var known))
        {
            return known;
        }

        var roster = Services.Roster.Count == 0 ? "firebreak.yaml names nobody (people:, oncall:)" : $"the roster is {string.Join(", ", Services.Roster.Order(StringComparer.Ordinal))}";
        throw new RequestRefusedException($"'{name}' is not in the roster from firebreak.yaml people:/oncall: ({roster})");
    }

    /// <summary>A moment as ISO 8601 UTC.</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private void RequireStore()
    {
        if (!File.Exists(Services.StorePath))
        {
            throw new RequestRefusedException($"no incident store at {Services.StorePath}: run 'firebreak respond' or 'firebreak declare' first");
        }
    }

    private async Task<IncidentState> LoadExistingAsync(IIncidentStore store, IncidentId id, CancellationToken cancellationToken)
    {
        var events = await store.LoadAsync(id, cancellationToken).ConfigureAwait(false);
        if (events.Count == 0)
        {
            throw new RequestRefusedException($"no incident {id} in {Services.StorePath}");
        }

        return IncidentLifecycle.Replay(id.Value, events);
    }
}
