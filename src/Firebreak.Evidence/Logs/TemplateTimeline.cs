namespace Firebreak.Evidence;

/// <summary>Counts of one template over time in minute buckets that coarsen (double in width) when there are too many, so memory stays bounded.</summary>
public sealed class TemplateTimeline
{
    private const int MaxBuckets = 4096;
    private static readonly long MinuteTicks = TimeSpan.TicksPerMinute;

    private Dictionary<long, long> _buckets = [];
    private long _width = MinuteTicks;

    /// <summary>Occurrences with a timestamp.</summary>
    public long Count { get; private set; }

    /// <summary>The earliest occurrence.</summary>
    public DateTimeOffset? First { get; private set; }

    /// <summary>The latest occurrence.</summary>
    public DateTimeOffset? Last { get; private set; }

    /// <summary>Records one occurrence.</summary>
    public void Add(DateTimeOffset time, long count = 1)
    {
        Count += count;
        if (First is null || time < First)
        {
            First = time;
        }

        if (Last is null || time > Last)
        {
            Last = time;
        }

        var key = Floor(time.UtcTicks);
        _buckets[key] = _buckets.GetValueOrDefault(key) + count;
        if (_buckets.Count > MaxBuckets)
        {
            Coarsen();
        }
    }

    /// <summary>Adds every occurrence of another timeline.</summary>
    public void Merge(TemplateTimeline other)
    {
        ArgumentNullException.ThrowIfNull(other);
        while (other._width > _width)
        {
            Coarsen();
        }

        foreach (var (start, count) in other._buckets)
        {
            var key = Floor(start);
            _buckets[key] = _buckets.GetValueOrDefault(key) + count;
        }

        Count += other.Count;
        if (other.First is { } f && (First is null || f < First))
        {
            First = f;
        }

        if (other.Last is { } l && (Last is null || l > Last))
        {
            Last = l;
        }

        while (_buckets.Count > MaxBuckets)
        {
            Coarsen();
        }
    }

    /// <summary>Occurrences strictly before <paramref name="time"/> (to bucket precision).</summary>
    public long CountBefore(DateTimeOffset time)
    {
        var limit = time.UtcTicks;
        long n = 0;
        foreach (var (start, count) in _buckets)
        {
            if (start + _width <= limit)
            {
                n += count;
            }
            else if (start < limit)
            {
                // Split a straddling bucket in proportion; exact at minute resolution for recent logs.
                n += count * (limit - start) / _width;
            }
        }

        return n;
    }

    /// <summary>Finds when the rate rose: the split maximizing a two-rate Poisson likelihood over [<paramref name="start"/>, <paramref name="end"/>], or null when no rise is significant.</summary>
    public DateTimeOffset? Onset(DateTimeOffset start, DateTimeOffset end)
    {
        if (Count == 0 || First is null)
        {
            return null;
        }

        var t0 = start.UtcTicks;
        var total = Math.Max(end.UtcTicks - t0, MinuteTicks);
        var keys = _buckets.Keys.Order().ToArray();
        long before = 0;
        var bestScore = 0.0;
        long? best = null;
        foreach (var key in keys)
        {
            var split = Math.Max(key, t0);
            var t1 = split - t0;
            var t2 = total - t1;
            var after = Count - before;
            if (t2 > 0 && after >= 3)
            {
                var rate1 = t1 <= 0 ? 0 : (double)before / t1;
                var rate2 = (double)after / t2;
                if (rate2 > 2 * rate1)
                {
                    var score = LogLikelihood(before, t1) + LogLikelihood(after, t2) - LogLikelihood(Count, total);
                    if (score > bestScore)
                    {
                        bestScore = score;
                        best = split;
                    }
                }
            }

            before += _buckets[key];
        }

        if (best is null || bestScore < 4.0)
        {
            return null;
        }

        // A template that starts at the split began there; use its exact first time when it falls inside the bucket.
        var onset = new DateTimeOffset(best.Value, TimeSpan.Zero);
        return First.Value >= onset && First.Value.UtcTicks < best.Value + _width ? First.Value : onset;
    }

    private static double LogLikelihood(long n, long ticks) =>
        n == 0 || ticks <= 0 ? 0 : n * Math.Log((double)n / ticks * MinuteTicks);

    private long Floor(long ticks) => ticks - (((ticks % _width) + _width) % _width);

    private void Coarsen()
    {
        _width *= 2;
        var coarse = new Dictionary<long, long>(_buckets.Count / 2 + 1);
        foreach (var (start, count) in _buckets)
        {
            var key = Floor(start);
            coarse[key] = coarse.GetValueOrDefault(key) + count;
        }

        _buckets = coarse;
    }
}
