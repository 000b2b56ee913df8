using Firebreak.Storage;

namespace Firebreak.Notify;

/// <summary>Retry and lease numbers of the delivery worker.</summary>
public sealed record DeliveryOptions
{
    /// <summary>Attempts before a message is failed. The default is 6.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>The wait after the first failed attempt; each further failure doubles it. The default is 30 seconds.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between attempts. The default is 30 minutes.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How long one attempt may take before it counts as failed. The default is 30 seconds.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a claimed message stays this worker's. The default is 2 minutes (longer than an attempt).</summary>
    public TimeSpan ClaimLease { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The most messages one run claims. The default is 50.</summary>
    public int Batch { get; init; } = 50;

    /// <summary>The defaults.</summary>
    public static DeliveryOptions Default { get; } = new();

    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1-based): FirstRetryDelay × 2^(attempt-1), at most MaxRetryDelay.</summary>
    public TimeSpan RetryDelay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var delay = FirstRetryDelay.TotalMilliseconds * factor;
        return delay >= MaxRetryDelay.TotalMilliseconds ? MaxRetryDelay : TimeSpan.FromMilliseconds(delay);
    }
}

/// <summary>What one delivery run did, by message key.</summary>
public sealed record DeliveryReport(IReadOnlyList<string> Sent, IReadOnlyList<string> Retrying, IReadOnlyList<string> Failed);

/// <summary>Delivers the outbox: claims due messages with a lease, sends each through its channel's sender, and records sent, a retry with exponential backoff, or failed.</summary>
/// <remarks>
/// A message is marked sent as soon as its channel accepts it. The only way it could go twice is a worker killed between
/// the channel's acceptance and that mark: its lease runs out and the message is attempted again with the same
/// idempotency key (the webhook's Idempotency-Key header, the email's Message-ID), which receivers use to drop it.
/// </remarks>
public sealed class DeliveryWorker
{
    private readonly SqliteOutbox _outbox;
    private readonly Dictionary<string, ISender> _senders;
    private readonly TimeProvider _time;
    private readonly DeliveryOptions _options;

    /// <summary>Creates a worker named <paramref name="workerId"/> (in claims) over the given senders, one per channel.</summary>
    public DeliveryWorker(SqliteOutbox outbox, IEnumerable<ISender> senders, TimeProvider time, string workerId, DeliveryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(senders);
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        _senders = senders.ToDictionary(s => s.Channel, StringComparer.OrdinalIgnoreCase);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _options = options ?? DeliveryOptions.Default;
        WorkerId = workerId;
    }

    public string WorkerId { get; }

    /// <summary>Attempts every message due now, once.</summary>
    public async Task<DeliveryReport> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var sent = new List<string>();
        var retrying = new List<string>();
        var failed = new List<string>();
        var now = _time.GetUtcNow();
        foreach (var message in await _outbox.ClaimAsync(WorkerId, now, _options.ClaimLease, _options.Batch, cancellationToken).ConfigureAwait(false))
        {
            var result = await AttemptAsync(message, cancellationToken).ConfigureAwait(false);
            var at = _time.GetUtcNow();
            var attempt = message.Attempts + 1;
            if (result.Delivered)
            {
                await _outbox.MarkSentAsync(message, result.Answer, at, cancellationToken).ConfigureAwait(false);
                sent.Add(message.Key);
            }
            else if (result.Permanent || attempt >= _options.MaxAttempts)
            {
                // The channel's own answer; the attempts are the row's count (the record says "failed after N attempts").
                await _outbox.MarkFailedAsync(message, result.Answer, at, cancellationToken).ConfigureAwait(false);
                failed.Add(message.Key);
            }
            else
            {
                await _outbox.MarkRetryAsync(message, result.Answer, at, at + _options.RetryDelay(attempt), cancellationToken).ConfigureAwait(false);
                retrying.Add(message.Key);
            }
        }

        return new DeliveryReport(sent, retrying, failed);
    }

    private async Task<SendResult> AttemptAsync(OutboxEntry message, CancellationToken cancellationToken)
    {
        if (!_senders.TryGetValue(message.Channel, out var sender))
        {
            return SendResult.Rejected($"no sender is configured for channel {message.Channel}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.AttemptTimeout);
        try
        {
            return await sender.SendAsync(message, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendResult.Transient($"no answer within {_options.AttemptTimeout.TotalSeconds:0} s");
        }
    }
}
