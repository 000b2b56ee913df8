namespace Firebreak.Core;

/// <summary>How far a notice got: decided by the policy, drafted as a file, queued in the outbox, sent by a channel, failed, or confirmed by a person.</summary>
public enum NoticeState { Decided, Drafted, Sent, Failed, Confirmed, Queued }

/// <summary>One outbox message of a notice as the outbox holds it: the channel, its state (drafted = queued or retrying, sent, failed), attempts and the channel's last answer.</summary>
public sealed record NoticeDelivery(
    string Key,
    string Audience,
    string Channel,
    string State,
    int Attempts,
    string? Answer,
    DateTimeOffset QueuedAt,
    DateTimeOffset? SentAt,
    string Subject)
{
    /// <summary>The outbox state of a message waiting for its first attempt or a retry.</summary>
    public const string Waiting = "drafted";

    /// <summary>The outbox state of a message a channel accepted.</summary>
    public const string Delivered = "sent";

    /// <summary>The outbox state of a message given up on.</summary>
    public const string GaveUp = "failed";
}

/// <summary>One notice the policy asks for: who it is for, when it is due, how far it got and where its text is.</summary>
/// <param name="Audience">An <see cref="Audiences"/> name.</param>
/// <param name="Recipients">The configured people, or "unknown (people.X is not configured)".</param>
/// <param name="DecidedAt">When the policy decided it (the moment of the run that decided it).</param>
/// <param name="DueAt">When the policy wants it out, or null when the policy gives no deadline.</param>
/// <param name="State">Drafted when only its file exists; Sent only when a channel accepted it; Confirmed only when a person said so.</param>
/// <param name="Channel">The channel that carried it, or null (Firebreak has none configured yet).</param>
/// <param name="Artifact">Its draft, relative to the incident folder, or null when none is written.</param>
/// <param name="Reason">Why the policy asks for it.</param>
public sealed record NoticeDecision(
    string Audience,
    string Recipients,
    DateTimeOffset DecidedAt,
    DateTimeOffset? DueAt,
    NoticeState State,
    string? Channel,
    string? Artifact,
    string Reason)
{
    /// <summary>The number of a repeated notice (status-page update #n), or null.</summary>
    public int? Sequence { get; init; }

    /// <summary>Its outbox messages, one per channel, as the outbox records them; empty when none was queued.</summary>
    public IReadOnlyList<NoticeDelivery> Deliveries { get; init; } = [];

    /// <summary>True only when it left Firebreak (sent) or a person confirmed it.</summary>
    public bool Delivered => State is NoticeState.Sent or NoticeState.Confirmed;

    /// <summary>The state as written in incident.json and the record: decided, drafted, sent, failed, confirmed.</summary>
    public string StateName => State.ToString().ToLowerInvariant();
}

/// <summary>Decides the incident's notices from its recorded <see cref="Notified"/> decisions and the clock; pure.</summary>
/// <remarks>
/// A <see cref="Notified"/> event records that the policy decided a notice, not that it was delivered. With no delivery
/// channel, a notice whose draft is written is Drafted, and one without a draft is Decided; nothing is ever Sent here.
/// </remarks>
public static class Notices
{
    /// <summary>The notices as of the clock's moment; <paramref name="drafts"/> maps an audience to its written draft.</summary>
    public static IReadOnlyList<NoticeDecision> Decide(IncidentState state, ClockReport clock, IReadOnlyDictionary<string, string> drafts) =>
        Decide(state, clock, drafts, []);

    /// <summary>
    /// The notices as of the clock's moment with their delivery state from the outbox: a notice's messages are those keyed
    /// <c>&lt;incident&gt;:notice:&lt;audience&gt;:&lt;channel&gt;</c> (or <c>:update:&lt;n&gt;:</c> for status-page update #n); it is Sent
    /// only when every message was sent, Failed when one was given up on, Queued while any waits; outbox messages that
    /// belong to no recorded notice (escalation pages, reminders) are listed after them with their own state.
    /// </summary>
    public static IReadOnlyList<NoticeDecision> Decide(IncidentState state, ClockReport clock, IReadOnlyDictionary<string, string> drafts, IReadOnlyList<NoticeDelivery> deliveries)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(drafts);
        ArgumentNullException.ThrowIfNull(deliveries);
        var list = new List<NoticeDecision>();
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var notice in state.Events.OfType<Notified>().Where(n => n.At <= clock.AsOf).GroupBy(n => (n.Audience.Trim().ToLowerInvariant(), n.Sequence)).Select(g => g.First()))
        {
            var audience = notice.Audience.Trim().ToLowerInvariant();
            var due = audience switch
            {
                Audiences.Management => clock.Deadline(EscalationClock.ManagementNotice)?.DueAt,
                Audiences.Executive => clock.Deadline(EscalationClock.ExecutiveNotice)?.DueAt,
                Audiences.StatusPage => clock.Deadline(EscalationClock.StatusPage)?.DueAt,
                _ => null,
            } ?? notice.At;
            var draft = drafts.TryGetValue(audience, out var path) ? path : null;
            var prefix = $"{state.Id}:{ItemOf(audience, notice.Sequence)}:";

            // Exactly <prefix><channel>: notice:pir-invitation:webhook is not a message of notice:pir-invitation:2.
            var mine = deliveries.Where(d => d.Key.StartsWith(prefix, StringComparison.Ordinal) && d.Key.IndexOf(':', prefix.Length) < 0).ToList();
            claimed.UnionWith(mine.Select(d => d.Key));
            var decided = new NoticeDecision(audience, notice.Recipients, notice.At, due, draft is null ? NoticeState.Decided : NoticeState.Drafted, null, draft, notice.Reason)
            {
                Sequence = notice.Sequence,
            };
            list.Add(WithDeliveries(decided, mine));
        }

        foreach (var other in deliveries.Where(d => !claimed.Contains(d.Key)).GroupBy(d => d.Key[..Math.Max(0, d.Key.LastIndexOf(':'))], StringComparer.Ordinal))
        {
            var first = other.First();
            list.Add(WithDeliveries(new NoticeDecision(first.Audience, "the channel's recipients", first.QueuedAt, first.QueuedAt, NoticeState.Decided, null, null, first.Subject), [.. other]));
        }

        return list;
    }

    /// <summary>
    /// The outbox item of a recorded notice (its messages are keyed <c>&lt;incident&gt;:&lt;item&gt;:&lt;channel&gt;</c>):
    /// update:&lt;n&gt; for status-page update #n, notice:&lt;audience&gt; for a notice given once (the PIR audience is
    /// notice:pir-invitation, the engine's item), notice:&lt;audience&gt;:&lt;n&gt; for the notice re-issued at the n-th resolution.
    /// </summary>
    public static string ItemOf(string audience, int? sequence)
    {
        ArgumentNullException.ThrowIfNull(audience);
        var name = audience.Trim().ToLowerInvariant();
        if (sequence is { } n && name == Audiences.StatusPage)
        {
            return $"update:{n}";
        }

        var item = $"notice:{(name == EscalationEngine.PirAudience ? "pir-invitation" : name)}";
        return sequence is { } number ? $"{item}:{number}" : item;
    }

    /// <summary>The notice with its outbox messages and the state they add up to.</summary>
    private static NoticeDecision WithDeliveries(NoticeDecision notice, IReadOnlyList<NoticeDelivery> mine)
    {
        if (mine.Count == 0)
        {
            return notice;
        }

        var state = mine.Any(d => d.State == NoticeDelivery.GaveUp) ? NoticeState.Failed
            : mine.All(d => d.State == NoticeDelivery.Delivered) ? NoticeState.Sent
            : NoticeState.Queued;
        return notice with { State = state, Channel = string.Join(", ", mine.Select(d => d.Channel)), Deliveries = mine };
    }
}
