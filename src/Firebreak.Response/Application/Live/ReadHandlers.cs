using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>A tracked action as it stands.</summary>
public sealed record ActionView(string Id, string Title, string Owner, DateTimeOffset Due, string Type, string Priority, DateTimeOffset? DoneAt, bool Overdue);

/// <summary>One line of the timeline: when, who, what kind, what.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Actor, string Type, string Text);

/// <summary>An incident as its events say it stands.</summary>
public sealed record IncidentView(
    string Id,
    string Status,
    string? WorkingStatus,
    string? Priority,
    string Tier,
    DateTimeOffset DetectedAt,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ReviewHeldAt,
    IReadOnlyDictionary<string, string> Roles,
    int Updates,
    IReadOnlyList<ActionView> Actions)
{
    /// <summary>Reads the view from the state as of <paramref name="now"/>.</summary>
    public static IncidentView Of(IncidentState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var ack = state.Events.OfType<IncidentAcknowledged>().OrderBy(a => a.At).FirstOrDefault();
        var working = state.Events.Where(e => e is WorkingStatusSet or StatusChanged).LastOrDefault() as WorkingStatusSet;
        return new IncidentView(
            state.Id,
            WireNames.Of(state.Status),
            working?.State,
            state.Priority?.ToString() ?? state.ReportedPriority?.ToString(),
            TierText.Of(state.Tier),
            state.DetectedAt,
            ack?.At,
            ack?.By,
            state.ResolvedAt,
            state.Events.OfType<ReviewHeld>().FirstOrDefault()?.HeldAt,
            state.Roles,
            state.Events.OfType<UpdatePosted>().Count(),
            ActionsOf(state, now));
    }

    /// <summary>The tracked actions with their completion.</summary>
    public static IReadOnlyList<ActionView> ActionsOf(IncidentState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var done = state.Events.OfType<ActionCompleted>().GroupBy(a => a.ActionId).ToDictionary(g => g.Key, g => g.First().At);
        return
        [
            .. state.Events.OfType<ActionTracked>().Select(a =>
            {
                DateTimeOffset? doneAt = done.TryGetValue(a.ActionId, out var at) ? at : null;
                return new ActionView(a.ActionId, a.Title, a.Owner, a.Due, a.Kind.ToString().ToLowerInvariant(), a.Priority.ToString(), doneAt,
                    doneAt is null ? now > a.Due : doneAt > a.Due);
            }),
        ];
    }
}

/// <summary>firebreak list, show, timeline and action list: read the store, change nothing.</summary>
public sealed class ReadHandlers(LiveCommandRunner runner)
{
    /// <summary>Every incident of the store.</summary>
    public async Task<IReadOnlyList<IncidentSummary>> ListAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(runner.Services.StorePath))
        {
            return [];
        }

        var store = runner.Services.OpenStore(runner.Services.StorePath);
        try
        {
            return store is IIncidentCatalog catalog
                ? await catalog.AllIncidentsAsync(cancellationToken).ConfigureAwait(false)
                : await store.OpenIncidentsAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await IncidentStores.CloseAsync(store).ConfigureAwait(false);
        }
    }

    /// <summary>One incident as it stands.</summary>
    public async Task<IncidentView> ShowAsync(IncidentId id, CancellationToken cancellationToken) =>
        IncidentView.Of(await runner.ReadAsync(id, cancellationToken).ConfigureAwait(false), runner.Services.Time.GetUtcNow());

    /// <summary>The incident's tracked actions.</summary>
    public async Task<IReadOnlyList<ActionView>> ActionsAsync(IncidentId id, CancellationToken cancellationToken) =>
        IncidentView.ActionsOf(await runner.ReadAsync(id, cancellationToken).ConfigureAwait(false), runner.Services.Time.GetUtcNow());

    /// <summary>Every event of the incident as a timeline line, in time order.</summary>
    public async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(IncidentId id, CancellationToken cancellationToken)
    {
        var state = await runner.ReadAsync(id, cancellationToken).ConfigureAwait(false);
        return [.. state.Events.Select(Entry).OrderBy(e => e.At)];
    }

    /// <summary>One event as a timeline line.</summary>
    public static TimelineEntry Entry(IncidentEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var (type, text) = @event switch
        {
            IncidentDetected e => ("detected", e.Summary),
            IncidentClassified e => ("classified", $"{e.Priority} ({e.Impact} impact, {e.Urgency} urgency): {e.Reason}"),
            StatusChanged e => ("status", $"{WireNames.Of(e.From)} → {WireNames.Of(e.To)}: {e.Reason}"),
            RoleAssigned e => ("role", $"{e.Person} is {e.Role}"),
            EscalationBlocked e => ("blocked", $"{e.Role}: {e.Unavailable} unavailable, backup {e.Backup ?? "none"}"),
            Escalated e => ("escalated", $"{TierText.Of(e.Tier)}: {e.Reason}"),
            Notified e => ("notice", $"{e.Audience} ({e.Recipients}) decided: {e.Reason}"),
            IncidentAcknowledged e => ("acknowledged", $"acknowledged by {e.By} ({e.Source})"),
            UpdatePosted e => ("update", $"{e.Audience}: {e.Text}"),
            WorkingStatusSet e => ("working-status", e.State),
            NoteRecorded e => ("note", e.Text),
            IncidentResolved e => ("resolved", e.Summary),
            ReviewHeld e => ("review", $"held {LiveCommandRunner.Iso(e.HeldAt)} with {string.Join(", ", e.Attendees)}"),
            ActionTracked e => ("action", $"{e.ActionId} {e.Title} ({e.Owner}, due {LiveCommandRunner.Iso(e.Due)})"),
            ActionCompleted e => ("action-done", e.ActionId),
            IncidentClosed e => ("closed", e.Reason),
            SlaBreached e => ("sla-breached", $"{e.Sla}: target {e.Target}, elapsed {e.Elapsed}"),
            ImpactStarted e => ("impact-started", e.Basis),
            CauseRecorded e => ("cause", $"{e.Kind} in {e.Component ?? "unknown component"}: {e.Statement}"),
            RecurrenceLinked e => ("recurrence", $"recurs from {e.EarlierIncident} ({e.Component}, {e.Kind}, similarity {e.Similarity:0.00})"),
            _ => (@event.GetType().Name, @event.DedupKey),
        };
        return new TimelineEntry(@event.At, @event.Actor, type, text);
    }
}
