using Firebreak.Storage;

namespace Firebreak.Notify;

/// <summary>The answer of one delivery attempt: delivered or not, the channel's own words, and whether retrying could help.</summary>
public sealed record SendResult(bool Delivered, string Answer, bool Permanent = false)
{
    /// <summary>A delivered message.</summary>
    public static SendResult Ok(string answer) => new(true, answer);

    /// <summary>A failure a later attempt may overcome (a 5xx, a refused connection, a timeout).</summary>
    public static SendResult Transient(string answer) => new(false, answer);

    /// <summary>A failure no retry will fix (a 4xx, a rejected recipient, a missing setting).</summary>
    public static SendResult Rejected(string answer) => new(false, answer, Permanent: true);
}

/// <summary>Delivers outbox messages over one channel (webhook, email).</summary>
public interface ISender
{
    /// <summary>The channel name messages carry, e.g. webhook.</summary>
    string Channel { get; }

    /// <summary>One attempt to deliver <paramref name="message"/>; never throws for a delivery failure, it answers.</summary>
    Task<SendResult> SendAsync(OutboxEntry message, CancellationToken cancellationToken);
}
