using System.Text.Json;
using Firebreak.Core;

namespace Firebreak.Storage;

/// <summary>Tunable numbers of the live engine.</summary>
public sealed record LiveEngineOptions
{
    /// <summary>How long a claimed item stays this engine's before another may take it. The default is 2 minutes.</summary>
    public TimeSpan ClaimLease { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an incident lock is held at most. The default is 1 minute.</summary>
    public TimeSpan LockLease { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The most items one tick claims. The default is 100.</summary>
    public int ClaimBatch { get; init; } = 100;

    /// <summary>The defaults.</summary>
    public static LiveEngineOptions Default { get; } = new();
}

/// <summary>What one tick did: items named <c>&lt;incident&gt;/&lt;key&gt;</c>; Why says, per name, the reason it was performed, cancelled, deferred or failed; Failed also lists incidents the tick could not plan.</summary>
public sealed record TickReport(
    DateTimeOffset At,
    int Planned,
    IReadOnlyList<string> Performed,
    IReadOnlyList<string> Cancelled,
    IReadOnlyList<string> Deferred,
    IReadOnlyList<string> Failed,
    IReadOnlyDictionary<string, string> Why);

/// <summary>One engine of possibly several on the same database: plans every active incident into scheduled work, then claims and performs what is due, once.</summary>
/// <remarks>
/// <para>A tick: (1) for each incident not closed, under its lock, plan with <see cref="EscalationEngine"/> (the performed
/// keys come from the table) and sync the rows; (2) claim the due rows with a lease; (3) for each claim, under the
/// incident's lock: a pending row is re-planned (an acknowledgement a moment earlier cancels it, a re-timing gives it
/// back), its effects are decided by the <see cref="IDuePerformer"/> and stored (state performing); then the events are
/// appended (their dedup keys make a repeat a no-op), the messages queued (their keys likewise), and the row is done.</para>
/// <para>A tick killed anywhere leaves rows pending or performing with a lease that runs out; the next tick re-plans
/// the pending ones and finishes the performing ones from their stored effects, so every item is performed once.</para>
/// </remarks>
public sealed class LiveEngine(
    IIncidentStore store,
    LiveDatabase database,
    ResponsePolicy policy,
    IDuePerformer performer,
    TimeProvider time,
    string engineId,
    LiveEngineOptions? options = null,
    EngineOptions? engineOptions = null)
{
    private readonly SqliteWorkQueue _work = new(database);
    private readonly SqliteIncidentLocks _locks = new(database);
    private readonly SqliteOutbox _outbox = new(database);
    private readonly LiveEngineOptions _options = options ?? LiveEngineOptions.Default;

    /// <summary>The engine's name in claims and locks.</summary>
    public string EngineId { get; } = string.IsNullOrWhiteSpace(engineId) ? throw new ArgumentException("an engine needs an id", nameof(engineId)) : engineId;

    /// <summary>Plans one incident into scheduled work under its lock (a human command calls this after appending); null when the incident is locked by someone else.</summary>
    public async Task<DuePlan?> SyncIncidentAsync(string incidentId, CancellationToken cancellationToken = default) =>
        (await SyncAsync(incidentId, cancellationToken).ConfigureAwait(false))?.Plan;

    /// <summary>Plans one incident under its lock; returns the plan and the pending keys the plan no longer owes (now cancelled), or null when locked.</summary>
    private async Task<(DuePlan Plan, IReadOnlyList<string> Cancelled)?> SyncAsync(string incidentId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (await _locks.TryAcquireAsync(incidentId, EngineId, now, _options.LockLease, cancellationToken).ConfigureAwait(false) is not { } lease)
        {
            return null;
        }

        try
        {
            var plan = await PlanAsync(incidentId, now, cancellationToken).ConfigureAwait(false);
            var owed = plan.Items.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
            var cancelled = (await _work.ListAsync(incidentId, cancellationToken).ConfigureAwait(false))
                .Where(r => r.State == WorkStates.Pending && !owed.Contains(r.Key)).Select(r => r.Key).ToList();
            await _work.SyncAsync(plan, now, cancellationToken).ConfigureAwait(false);
            return (plan, cancelled);
        }
        finally
        {
            await _locks.ReleaseAsync(lease, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Plans every active incident, then performs what is due now, once; one incident that cannot be read or performed is reported in Failed and never stops the others.</summary>
    public async Task<TickReport> TickAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var planned = 0;
        var performed = new List<string>();
        var cancelled = new List<string>();
        var deferred = new List<string>();
        var failed = new List<string>();
        var why = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in await _work.ActiveIncidentsAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (await SyncAsync(id, cancellationToken).ConfigureAwait(false) is { } synced)
                {
                    planned++;
                    foreach (var key in synced.Cancelled)
                    {
                        cancelled.Add($"{id}/{key}");
                        why[$"{id}/{key}"] = "no longer owed on the incident's current events (acknowledged, resolved, re-timed or re-prioritised)";
                    }
                }
            }
            catch (Exception ex) when (IsIncidentFault(ex, cancellationToken))
            {
                // A broken incident (an unreadable event, a bad value) must not stop the engine for the others.
                failed.Add(id);
                why[id] = $"cannot be planned: {ex.Message}";
            }
        }

        foreach (var claim in await _work.ClaimAsync(EngineId, now, _options.ClaimLease, _options.ClaimBatch, cancellationToken).ConfigureAwait(false))
        {
            var name = $"{claim.IncidentId}/{claim.Key}";
            Outcome outcome;
            string reason;
            try
            {
                (outcome, reason) = await PerformAsync(claim, now, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsIncidentFault(ex, cancellationToken))
            {
                // The claim is kept until its lease runs out, so the item is tried again after the lease, not at once.
                (outcome, reason) = (Outcome.Failed, $"failed, tried again after {DurationParser.Format(_options.ClaimLease)}: {ex.Message}");
            }

            (outcome switch { Outcome.Performed => performed, Outcome.Cancelled => cancelled, Outcome.Failed => failed, _ => deferred }).Add(name);
            why[name] = reason;
        }

        return new TickReport(now, planned, performed, cancelled, deferred, failed, why);
    }

    /// <summary>True for a failure confined to one incident or item; a cancellation of the tick itself is never swallowed.</summary>
    private static bool IsIncidentFault(Exception ex, CancellationToken cancellationToken) =>
        !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested) && ex is not OutOfMemoryException;

    private enum Outcome { Performed, Cancelled, Deferred, Failed }

    private async Task<(Outcome, string)> PerformAsync(WorkClaim claim, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await _locks.TryAcquireAsync(claim.IncidentId, EngineId, now, _options.LockLease, cancellationToken).ConfigureAwait(false) is not { } lease)
        {
            // A human command holds the incident: try again next tick, on the state it leaves.
            await _work.ReleaseAsync(claim, now, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (Outcome.Deferred, "the incident is held by a command or another engine; tried again next tick on the state it leaves");
        }

        try
        {
            DueEffects effects;
            string reason;
            if (claim.State == WorkStates.Performing && claim.Effects is { } stored)
            {
                // Decided by an engine that stopped before finishing: finish its decision, do not re-decide.
                effects = Deserialize(stored);
                reason = "finished the decision of an engine that stopped before recording it";
            }
            else
            {
                var id = new IncidentId(claim.IncidentId);
                var state = IncidentLifecycle.Replay(claim.IncidentId, await store.LoadAsync(id, cancellationToken).ConfigureAwait(false));
                var performedKeys = await _work.PerformedAsync(claim.IncidentId, cancellationToken).ConfigureAwait(false);
                var item = EscalationEngine.Plan(state, policy, now, performedKeys, engineOptions).Item(claim.Key);
                if (item is null)
                {
                    await _work.CancelAsync(claim, now, cancellationToken).ConfigureAwait(false);
                    return (Outcome.Cancelled, "no longer owed on the incident's current events (acknowledged, resolved, re-timed or re-prioritised)");
                }

                if (!item.IsDue(now))
                {
                    await _work.ReleaseAsync(claim, now, item.DueAt, cancellationToken).ConfigureAwait(false);
                    return (Outcome.Deferred, $"re-timed to {LiveDatabase.Moment(item.DueAt)}: {item.Reason}");
                }

                effects = performer.Decide(state, item, now);
                reason = item.Reason;

                // The decision is stored only while this engine still holds the incident lock (its version is the fencing
                // token): an engine that stalled past its lease cannot record an escalation a person overtook.
                if (!await _work.DecideAsync(claim, Serialize(effects), now, cancellationToken, lease).ConfigureAwait(false))
                {
                    return (Outcome.Deferred, "the claim or the incident lock ran out before the decision was stored; tried again next tick");
                }
            }

            if (effects.Events.Count > 0)
            {
                await store.AppendAsync(new IncidentId(claim.IncidentId), effects.Events, cancellationToken).ConfigureAwait(false);
            }

            foreach (var message in effects.Messages)
            {
                await _outbox.EnqueueAsync(message, now, cancellationToken).ConfigureAwait(false);
            }

            return await _work.CompleteAsync(claim, now, cancellationToken).ConfigureAwait(false)
                ? (Outcome.Performed, reason)
                : (Outcome.Deferred, "recorded, but the claim ran out before it was marked done; the next tick marks it without repeating it");
        }
        finally
        {
            await _locks.ReleaseAsync(lease, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Plans one incident as of the engine's clock without writing anything (what <c>due --at</c> shows for a past moment).</summary>
    public Task<DuePlan> PlanIncidentAsync(string incidentId, CancellationToken cancellationToken = default) =>
        PlanAsync(incidentId, time.GetUtcNow(), cancellationToken);

    private async Task<DuePlan> PlanAsync(string incidentId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var events = await store.LoadAsync(new IncidentId(incidentId), cancellationToken).ConfigureAwait(false);
        var state = IncidentLifecycle.Replay(incidentId, events);
        var performed = await _work.PerformedAsync(incidentId, cancellationToken).ConfigureAwait(false);
        return EscalationEngine.Plan(state, policy, now, performed, engineOptions);
    }

    /// <summary>The stored form of decided effects: events as the event store writes them, messages as plain fields.</summary>
    public static string Serialize(DueEffects effects) => JsonSerializer.Serialize(
        new StoredEffects([.. effects.Events.Select(EventSerializer.Serialize)],
            [.. effects.Messages.Select(m => new StoredMessage(m.Key, m.IncidentId, m.Audience, m.Channel, m.Subject, m.Body))]),
        StorageJsonContext.Default.StoredEffects);

    /// <summary>Reads effects written by <see cref="Serialize"/>.</summary>
    public static DueEffects Deserialize(string json)
    {
        var stored = JsonSerializer.Deserialize(json, StorageJsonContext.Default.StoredEffects) ?? throw new JsonException("the stored effects are null");
        return new DueEffects(
            [.. stored.Events.Select(EventSerializer.Deserialize)],
            [.. stored.Messages.Select(m => new OutgoingMessage(m.Key, m.IncidentId, m.Audience, m.Channel, m.Subject, m.Body))]);
    }

    /// <summary>The stored form of <see cref="DueEffects"/>.</summary>
    internal sealed record StoredEffects(IReadOnlyList<string> Events, IReadOnlyList<StoredMessage> Messages);

    /// <summary>The stored form of an outgoing message.</summary>
    internal sealed record StoredMessage(string Key, string IncidentId, string Audience, string Channel, string Subject, string Body);
}
