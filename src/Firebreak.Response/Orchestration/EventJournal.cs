using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>
/// The incident's events: those already stored, plus new ones recorded as the steps run.
/// New events are folded into the state at once and appended to the store at the end of each step,
/// so a crash leaves a consistent prefix and a re-run records only what is still missing.
/// </summary>
public sealed class EventJournal
{
    private readonly IIncidentStore _store;
    private readonly IncidentId _id;
    private readonly List<IncidentEvent> _pending = [];
    private readonly HashSet<string> _keys;

    private EventJournal(IIncidentStore store, IncidentId id, IncidentState state)
    {
        _store = store;
        _id = id;
        State = state;
        _keys = new HashSet<string>(state.Events.Select(e => e.DedupKey), StringComparer.Ordinal);
        Loaded = state.Events.Count;
    }

    /// <summary>The incident's state, including events recorded in this run.</summary>
    public IncidentState State { get; private set; }

    /// <summary>How many events the store held before this run.</summary>
    public int Loaded { get; }

    /// <summary>How many events this run appended to the store.</summary>
    public int Appended { get; private set; }

    /// <summary>Loads an incident's stored events.</summary>
    public static async Task<EventJournal> OpenAsync(IIncidentStore store, IncidentId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var events = await store.LoadAsync(id, cancellationToken).ConfigureAwait(false);
        return new EventJournal(store, id, IncidentLifecycle.Replay(id.Value, events));
    }

    /// <summary>True when the incident already has an event with this dedup key.</summary>
    public bool Has(string dedupKey) => _keys.Contains(dedupKey);

    /// <summary>Events of a type, stored or new, in order.</summary>
    public IEnumerable<T> OfType<T>() where T : IncidentEvent => State.Events.OfType<T>();

    /// <summary>Records events, skipping facts the incident already has; returns those recorded.</summary>
    public IReadOnlyList<IncidentEvent> Record(IEnumerable<IncidentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var recorded = new List<IncidentEvent>();
        foreach (var @event in events)
        {
            if (!_keys.Add(@event.DedupKey))
            {
                continue;
            }

            State = IncidentLifecycle.Apply(State, @event);
            _pending.Add(@event);
            recorded.Add(@event);
        }

        return recorded;
    }

    /// <summary>Records one event unless the incident already has it; true when recorded.</summary>
    public bool Record(IncidentEvent @event) => Record([@event]).Count == 1;

    /// <summary>Moves the lifecycle forward to <paramref name="target"/> through each intermediate status; does nothing when already there or past it.</summary>
    public void MoveTo(IncidentStatus target, DateTimeOffset at, string actor, string reason)
    {
        while (State.Status < target && State.Status != IncidentStatus.Closed)
        {
            var next = State.Status + 1;
            if (!IncidentLifecycle.CanMove(State.Status, next))
            {
                throw new InvalidTransitionException(State.Status, next);
            }

            var moved = Record(new StatusChanged(at, actor, State.Status, next, reason));
            if (!moved)
            {
                // The same transition was stored earlier and later undone; record nothing more.
                return;
            }
        }
    }

    /// <summary>Appends the events recorded since the last flush to the store.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        // What reaches firebreak.db is redacted whatever the role wrote: a secret quoted into an event must not persist.
        var appended = await _store.AppendAsync(_id, [.. _pending.Select(StoredForm)], cancellationToken).ConfigureAwait(false);
        Appended += appended.Count;
        _pending.Clear();
    }

    private static IncidentEvent StoredForm(IncidentEvent @event)
    {
        var json = Storage.EventSerializer.Serialize(@event);
        var redacted = Evidence.Redactor.RedactJson(json, indented: false);
        return ReferenceEquals(json, redacted) ? @event : Storage.EventSerializer.Deserialize(redacted);
    }
}
