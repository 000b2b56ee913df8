namespace Firebreak.Core;

/// <summary>How far a notice got: decided by the policy, drafted as a file, sent by a channel, failed, or confirmed by a person.</summary>
public enum NoticeState { Decided, Drafted, Sent, Failed, Confirmed }

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
    public static IReadOnlyList<NoticeDecision> Decide(IncidentState state, ClockReport clock, IReadOnlyDictionary<string, string> drafts)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(drafts);
        var list = new List<NoticeDecision>();
        foreach (var notice in state.Events.OfType<Notified>().Where(n => n.At <= clock.AsOf).GroupBy(n => n.Audience.Trim().ToLowerInvariant()).Select(g => g.First()))
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
            list.Add(new NoticeDecision(audience, notice.Recipients, notice.At, due, draft is null ? NoticeState.Decided : NoticeState.Drafted, null, draft, notice.Reason));
        }

        return list;
    }
}
