using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Storage;

namespace Firebreak.Response;

/// <summary>Decides what performing a due item does: the event it records and one outbox message per configured channel; pure.</summary>
/// <remarks>An escalation records <see cref="Escalated"/>, a notice <see cref="Notified"/> (decided: the outbox row says drafted, sent or failed),
/// an SLA breach <see cref="SlaBreached"/>; a status-page update, an SLA warning, the review deadline and an overdue action are
/// timeline notes. Message keys are <c>&lt;incident&gt;:&lt;item key&gt;:&lt;channel&gt;</c>, so performing twice queues nothing new.</remarks>
public sealed class ApplicationDuePerformer(ProjectConfig config) : IDuePerformer
{
    /// <summary>The actor of the engine's events.</summary>
    public const string Engine = "firebreak engine";

    /// <inheritdoc/>
    public DueEffects Decide(IncidentState state, DueItem item, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(item);
        var audience = item.Audience ?? (item.Kind == DueKind.Escalation ? $"tier{(int)(item.Tier ?? Tier.Tier2)}" : Audiences.OnCall);
        if (item.Kind == DueKind.Notice && Audiences.Is(audience, EscalationEngine.PirAudience))
        {
            return Invitation(state, item, now);
        }

        IncidentEvent recorded = item.Kind switch
        {
            DueKind.Escalation when item.Tier is { } tier => new Escalated(now, Engine, tier, item.Reason),
            DueKind.Notice => new Notified(now, Engine, audience, LiveNotices.Recipients(config, audience), item.Reason),
            DueKind.SlaBreach when item.Sla is { } sla => new SlaBreached(now, Engine, sla, item.Target ?? TimeSpan.Zero, now - state.DetectedAt),
            _ => new NoteRecorded(now, Engine, $"{item.Reason} ({item.Key})", "escalation engine"),
        };

        var delivered = item.Kind is DueKind.Escalation or DueKind.Notice or DueKind.StatusPageUpdate or DueKind.SlaBreach;
        var subject = $"[{state.Priority?.ToString() ?? "incident"}] {state.Id}: {item.Kind switch
        {
            DueKind.Escalation => $"escalated to {(item.Tier is { } tier ? TierText.Of(tier) : "the next tier")}",
            DueKind.Notice => $"notice to {audience}",
            DueKind.StatusPageUpdate => "status-page update due",
            _ => $"{item.Sla} SLA breached",
        }}";
        var body = $"{item.Reason}\nStatus: {WireNames.Of(state.Status)}. Due {Md.Time(item.DueAt)}, performed {Md.Time(now)} by the escalation engine.";
        IReadOnlyList<OutgoingMessage> messages = delivered
            ? [.. config.Notify.Channels.Select(channel => LiveNotices.Message($"{state.Id}:{item.Key}:{channel}", state.Id, audience, channel, subject, body))]
            : [];
        return new DueEffects([recorded], messages);
    }

    /// <summary>The PIR invitation: the review (re)booked at the policy's deadline when the record does not hold that booking yet, and the notice naming the meeting, queued for every channel.</summary>
    private DueEffects Invitation(IncidentState state, DueItem item, DateTimeOffset now)
    {
        var events = new List<IncidentEvent>();
        var commander = state.Roles.TryGetValue(Roles.IncidentCommander, out var ic) ? ic : null;
        if (ReviewBooking.Rebook(state, config.Policy, config.Review, now, Agents.ProjectManager,
            commander ?? "Incident Commander (unknown: people.incident_commanders is not configured)") is { } booking)
        {
            events.Add(booking);
        }

        var meeting = events.OfType<ReviewScheduled>().LastOrDefault() ?? state.Events.OfType<ReviewScheduled>().LastOrDefault();
        var attendees = state.Roles.Values.Append(meeting?.Facilitator).OfType<string>().Where(p => !string.IsNullOrWhiteSpace(p)).Distinct(StringComparer.Ordinal).ToList();
        var recipients = attendees.Count == 0 ? "unknown (nobody holds a role on the incident yet)" : string.Join(", ", attendees);
        var hours = config.Review;
        var when = meeting is null
            ? "unknown (no review is booked: run firebreak respond to book it)"
            : $"{Md.Time(meeting.MeetingAt)} for {ProjectManager.ReviewDuration.TotalMinutes:0} minutes, facilitator {meeting.Facilitator}"
              + (meeting.Deadline is { } due ? $", policy deadline {Md.Time(due)}" : string.Empty)
              + $" (working hours {hours.Start:HH\\:mm}-{hours.End:HH\\:mm} {hours.Zone.Id})";
        var reason = $"{item.Reason}: meeting {when}";
        events.Add(new Notified(now, Engine, EscalationEngine.PirAudience, recipients, reason));
        var subject = $"[{state.Priority?.ToString() ?? "incident"}] {state.Id}: post-incident review invitation";
        var body = $"{reason}\nCalendar: {PirCalendarRenderer.Path} beside pir-meeting-invite.md in the incident folder.\nTo: {recipients}\nStatus: {WireNames.Of(state.Status)}. Due {Md.Time(item.DueAt)}, performed {Md.Time(now)} by the escalation engine.";
        return new DueEffects(events, [.. config.Notify.Channels.Select(channel =>
            LiveNotices.Message($"{state.Id}:{item.Key}:{channel}", state.Id, EscalationEngine.PirAudience, channel, subject, body))]);
    }
}

/// <summary>Delivers the outbox's drafted messages once through the configured channels (the Notify project's worker).</summary>
public interface IOutboxDelivery
{
    /// <summary>One delivery pass; returns a one-line account.</summary>
    Task<string> DeliverOnceAsync(CancellationToken cancellationToken);

    /// <summary>When the next drafted message is due an attempt, or null.</summary>
    Task<DateTimeOffset?> NextAttemptAsync(CancellationToken cancellationToken);
}

/// <summary>What is due: every scheduled item of the store, re-planned per incident first; Why gives, per <c>&lt;incident&gt;/&lt;key&gt;</c>, the policy's reason (or why it is unknown), Failed the incidents that could not be planned with why.</summary>
public sealed record DueListing(DateTimeOffset At, IReadOnlyList<WorkRow> Items, IReadOnlyDictionary<string, string> Why, IReadOnlyDictionary<string, string> Failed);

/// <summary>firebreak due, tick and watch over the live engine and the outbox.</summary>
public sealed class EngineHandlers(LiveEngine engine, LiveDatabase database, IIncidentStore store, IOutboxDelivery delivery, TimeProvider time)
{
    /// <summary>Re-plans every incident that is not closed and lists its pending and performing work, soonest first; <paramref name="readOnly"/> (due --at a past moment) plans in memory and writes nothing, so a view of the past never re-times the live table.</summary>
    public async Task<DueListing> DueAsync(CancellationToken cancellationToken, bool readOnly = false)
    {
        var incidents = store is IIncidentCatalog catalog
            ? await catalog.AllIncidentsAsync(cancellationToken).ConfigureAwait(false)
            : await store.OpenIncidentsAsync(cancellationToken).ConfigureAwait(false);
        var queue = new SqliteWorkQueue(database);
        var before = await queue.ListAsync(null, cancellationToken).ConfigureAwait(false);

        // A closed incident is re-planned too while it has open rows: the plan then owes only its overdue actions, so the
        // rows it left behind (escalations, the PIR deadline) are cancelled instead of listed.
        var owing = before.Where(r => r.State == WorkStates.Pending).Select(r => r.IncidentId).ToHashSet(StringComparer.Ordinal);
        var why = new Dictionary<string, string>(StringComparer.Ordinal);
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        var planned = new List<WorkRow>();
        foreach (var incident in incidents.Where(i => i.Status != IncidentStatus.Closed || owing.Contains(i.Id)))
        {
            try
            {
                var plan = readOnly
                    ? await engine.PlanIncidentAsync(incident.Id, cancellationToken).ConfigureAwait(false)
                    : await engine.SyncIncidentAsync(incident.Id, cancellationToken).ConfigureAwait(false);
                foreach (var item in plan?.Items ?? [])
                {
                    why[$"{incident.Id}/{item.Key}"] = item.Reason;
                    if (readOnly)
                    {
                        planned.Add(new WorkRow(incident.Id, item.Key, item.Kind.ToString(), item.DueAt, WorkStates.Pending, 0, null, null));
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One broken incident is reported and never hides the others' work.
                failed[incident.Id] = ex.Message;
            }
        }

        var rows = readOnly ? planned : await queue.ListAsync(null, cancellationToken).ConfigureAwait(false);
        return new DueListing(time.GetUtcNow(),
            [.. rows.Where(r => r.State is WorkStates.Pending or WorkStates.Performing).OrderBy(r => r.DueAt).ThenBy(r => r.Key, StringComparer.Ordinal)], why, failed);
    }

    /// <summary>Performs what is due now, once, then delivers the outbox once; a delivery pass that fails is reported in the account, never hiding what the tick performed.</summary>
    public async Task<(TickReport Tick, string Delivery)> TickAsync(CancellationToken cancellationToken)
    {
        var tick = await engine.TickAsync(cancellationToken).ConfigureAwait(false);
        string delivered;
        try
        {
            delivered = await delivery.DeliverOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // What the engine performed stands (and is reported); the drafted messages wait in the outbox for the next pass.
            delivered = $"outbox: not delivered this tick ({ex.Message}); the messages stay drafted for the next pass";
        }

        return (tick, delivered);
    }

    /// <summary>Ticks until cancelled, sleeping on the clock until the next due item or delivery attempt (at most <paramref name="longest"/>); a stop requested during a tick takes effect when that tick has finished, so no claim is left to lapse.</summary>
    public async Task WatchAsync(Func<TickReport, string, Task> report, TimeSpan longest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        while (!cancellationToken.IsCancellationRequested)
        {
            DateTimeOffset? next;
            try
            {
                var (tick, delivered) = await TickAsync(CancellationToken.None).ConfigureAwait(false);
                await report(tick, delivered).ConfigureAwait(false);
                next = ClockMilestones.Earliest(
                    await new SqliteWorkQueue(database).NextDueAsync(null, cancellationToken).ConfigureAwait(false),
                    await delivery.NextAttemptAsync(cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                // A failed tick (the database busy or unreadable a moment) is reported and retried; the watch goes on.
                var failedAt = time.GetUtcNow();
                await report(new TickReport(failedAt, 0, [], [], [], ["tick"],
                    new Dictionary<string, string> { ["tick"] = $"this round of the watch failed and is tried again within {DurationParser.Format(longest)}: {ex.Message}" }),
                    "outbox: not attempted").ConfigureAwait(false);
                next = null;
            }

            var now = time.GetUtcNow();
            next ??= now + longest;
            var wait = next.Value - now;
            wait = wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait > longest ? longest : wait;
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
