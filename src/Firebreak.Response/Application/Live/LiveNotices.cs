using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>The outbox messages of a notice a person decided (escalate, update): one per configured channel, keyed like the engine's.</summary>
/// <remarks>Keys are <c>&lt;incident&gt;:&lt;item&gt;:&lt;channel&gt;</c> with the engine's item names (escalate:tier2, notice:management)
/// and update:&lt;n&gt; for status-page update #n, so a notice decided by a person and by the engine is still queued once,
/// and a retried command queues nothing new. With no channel configured, no message is made and the notice stays a draft.</remarks>
public static class LiveNotices
{
    /// <summary>The messages of one notice for every channel of <paramref name="config"/>.</summary>
    public static IReadOnlyList<OutgoingMessage> For(ProjectConfig config, IncidentState state, string item, string audience, string what, string body, string actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(state);
        var subject = $"[{state.Priority?.ToString() ?? "incident"}] {state.Id}: {what}";
        var text = $"{body}\nStatus: {WireNames.Of(state.Status)}. Decided by {actor} at {LiveCommandRunner.Iso(at)}.";
        return [.. config.Notify.Channels.Select(channel => Message($"{state.Id}:{item}:{channel}", state.Id, audience, channel, subject, text))];
    }

    /// <summary>Who a notice to <paramref name="audience"/> goes to, from firebreak.yaml people: (communications for any other audience), or "unknown (...)".</summary>
    public static string Recipients(ProjectConfig config, string audience)
    {
        ArgumentNullException.ThrowIfNull(config);
        var people = config.Profile.People;
        IReadOnlyList<string> names = audience switch
        {
            Audiences.Management => people.Management,
            Audiences.Executive => people.Executives,
            Audiences.OnCall => people.Oncall,
            Audiences.Legal => people.Legal,
            Audiences.Security => people.Security,
            _ => people.Communications,
        };
        return names.Count == 0 ? $"unknown (nobody is configured for {audience} in firebreak.yaml people:)" : string.Join(", ", names);
    }

    /// <summary>One outbox message with its subject and body redacted (<see cref="Redactor"/>): a secret typed into a note or found in evidence never leaves the machine.</summary>
    public static OutgoingMessage Message(string key, string incidentId, string audience, string channel, string subject, string body) =>
        new(key, incidentId, audience, channel, Redactor.Redact(subject), Redactor.Redact(body));

    /// <summary>The messages of every notice recorded on the incident (by the respond flow, the engine or a person), for every channel; the outbox keeps the first copy of each key.</summary>
    public static IReadOnlyList<OutgoingMessage> ForDecided(ProjectConfig config, IncidentState state)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(state);
        if (config.Notify.Channels.Count == 0)
        {
            return [];
        }

        return [.. state.Events.OfType<Notified>().SelectMany(n =>
        {
            var audience = n.Audience.Trim().ToLowerInvariant();
            var item = Notices.ItemOf(audience, n.Sequence);
            var what = n.Sequence is { } seq ? (audience == Audiences.StatusPage ? $"status-page update #{seq}" : $"notice to {audience} (resolution #{seq})") : $"notice to {audience}";
            return For(config, state, item, audience, what, $"{n.Reason}\nTo: {n.Recipients}", n.Actor, n.At);
        })];
    }
}
