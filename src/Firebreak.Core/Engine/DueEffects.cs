namespace Firebreak.Core;

/// <summary>A notice drafted for delivery: Key makes it idempotent (the same key is queued and sent once), Channel names the sender (webhook, email).</summary>
public sealed record OutgoingMessage
{
    /// <summary>Creates the message, throwing <see cref="ArgumentException"/> on an empty key, audience, channel or body.</summary>
    public OutgoingMessage(string key, string incidentId, string audience, string channel, string subject, string body)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(incidentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(audience);
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(body);
        Key = key;
        IncidentId = incidentId;
        Audience = audience;
        Channel = channel;
        Subject = subject ?? string.Empty;
        Body = body;
    }

    public string Key { get; }
    public string IncidentId { get; }
    public string Audience { get; }
    public string Channel { get; }
    public string Subject { get; }
    public string Body { get; }
}

/// <summary>What performing a due item does: the events it records and the notices it queues.</summary>
public sealed record DueEffects(IReadOnlyList<IncidentEvent> Events, IReadOnlyList<OutgoingMessage> Messages)
{
    /// <summary>Nothing to record or send.</summary>
    public static DueEffects None { get; } = new([], []);
}

/// <summary>Decides, purely, the effects of performing a due item on an incident at a moment; the engine records and queues them.</summary>
/// <remarks>Events should carry deterministic dedup keys and messages deterministic keys, so performing twice changes nothing.</remarks>
public interface IDuePerformer
{
    /// <summary>The events and messages that performing <paramref name="item"/> on <paramref name="state"/> at <paramref name="now"/> produces.</summary>
    DueEffects Decide(IncidentState state, DueItem item, DateTimeOffset now);
}
