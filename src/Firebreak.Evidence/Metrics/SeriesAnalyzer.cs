using System.Globalization;
using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>Finds whether a metric series left its normal range, when, how far, and where it is heading.</summary>
/// <remarks>
/// The baseline is the median and MAD of the samples older than an hour before <c>asOf</c> (at most the three hours
/// before that), so a change up to an hour old stands out against clean history; a series too short for that uses
/// its first third. A sample is abnormal when it is more than <see cref="Threshold"/> robust standard deviations
/// (1.4826·MAD, floored at 1% of the baseline) from the median and at least <see cref="MinimumEffect"/> of the
/// baseline away. The onset is the start of the final run of abnormal samples, walked back over the ramp while the
/// samples still lean more than one standard deviation the same way. Direction is "up" or "down" for an anomalous
/// series and "none" otherwise. Burn rate = current error ratio / (1 - availability target); the budget is a 30-day
/// window, taken as untouched before the first sample read and spent by the errors in the file since.
/// </remarks>
public static class SeriesAnalyzer
{
    /// <summary>How many robust standard deviations make a sample abnormal.</summary>
    public const double Threshold = 4.0;

    /// <summary>The smallest relative change (of the baseline) that counts, so a flat series does not alarm on rounding.</summary>
    public const double MinimumEffect = 0.10;

    /// <summary>The error-budget window assumed for burn-rate arithmetic.</summary>
    public static readonly TimeSpan BudgetWindow = TimeSpan.FromDays(30);

    private static readonly TimeSpan RecentWindow = TimeSpan.FromHours(1);
    private static readonly TimeSpan BaselineSpan = TimeSpan.FromHours(3);
    private static readonly TimeSpan TrendWindow = TimeSpan.FromMinutes(5);
    private const int MinimumSamples = 6;
    private const int ConfirmRun = 3;

    /// <summary>Analyzes <paramref name="series"/> using only the samples at or before <paramref name="asOf"/>.</summary>
    public static SeriesAnalysis Analyze(MetricSeries series, DateTimeOffset asOf, SloTargets slo)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(slo);
        var samples = series.Samples.Where(s => s.At <= asOf && double.IsFinite(s.Value)).OrderBy(s => s.At).ToList();
        if (samples.Count == 0)
        {
            return new SeriesAnalysis(series, null, null, null, null, null, Trend.Unknown, false, "none");
        }

        var (currentValue, currentSample) = Current(samples);
        var currentSource = series.Source with { Detail = $"sample at {Iso(currentSample.At)} = {Format(currentSample.Value)}" };
        if (samples.Count < MinimumSamples)
        {
            return new SeriesAnalysis(series, null, null, currentValue, samples.Max(s => s.Value), null, Trend.Unknown, false, "none")
            {
                CurrentSource = currentSource,
            };
        }

        var first = AnalyzeWithBaseline(series, samples, slo, BaselineEnd(samples, asOf), currentValue, currentSource, out var onsetIndex, out var baselineEnd);

        // A short series whose change began inside the default baseline window: measure again against what came before it.
        if (first.Anomalous && onsetIndex < baselineEnd && onsetIndex >= MinimumSamples)
        {
            var second = AnalyzeWithBaseline(series, samples, slo, onsetIndex, currentValue, currentSource, out _, out _);
            if (second.Anomalous)
            {
                return second;
            }
        }

        return first;
    }

    private static SeriesAnalysis AnalyzeWithBaseline(
        MetricSeries series, List<MetricSample> samples, SloTargets slo, int baselineEnd, double currentValue, SourceRef currentSource,
        out int onsetIndex, out int usedBaselineEnd)
    {
        var baselineSamples = samples.Take(baselineEnd).Where(s => s.At >= samples[baselineEnd - 1].At - BaselineSpan).Select(s => s.Value).ToArray();
        var baseline = Median(baselineSamples);
        var mad = Median(baselineSamples.Select(v => Math.Abs(v - baseline)).ToArray());
        var sigma = Sigma(mad, baseline);

        // A series that crept over the whole window (a leak, a slow burn) has its "recent" baseline inside the drift:
        // measure it against the earliest hour instead. Saturation always; any kind when the history is long enough to
        // hold a drift of days and the drift is steady (the middle of the history lies between its start and now).
        var span = samples[^1].At - samples[0].At;
        var drifting = series.Kind.Equals("saturation", StringComparison.OrdinalIgnoreCase) || (span >= DriftHistory && Steady(samples));
        if (drifting
            && samples.TakeWhile(s => s.At <= samples[0].At + TimeSpan.FromHours(1)).Select(s => s.Value).ToArray() is { Length: >= MinimumSamples } early)
        {
            var earlyMedian = Median(early);
            var earlySigma = Sigma(Median(early.Select(v => Math.Abs(v - earlyMedian)).ToArray()), earlyMedian);
            var rising = baseline >= earlyMedian;
            var away = rising ? baseline - earlyMedian : earlyMedian - baseline;
            var lastMedian = Median(samples.TakeLast(ConfirmRun).Select(s => s.Value).ToArray());
            if (away > Threshold * earlySigma && (rising ? lastMedian > baseline : lastMedian < baseline)
                && (rising || !series.Kind.Equals("saturation", StringComparison.OrdinalIgnoreCase)))
            {
                baseline = earlyMedian;
                mad = earlySigma / 1.4826;
                sigma = earlySigma;
                baselineEnd = samples.FindIndex(s => s.At > samples[0].At + TimeSpan.FromHours(1));
            }
        }

        var delta = currentValue - baseline;
        var up = delta >= 0;
        bool Abnormal(double v) => (up ? v - baseline : baseline - v) is var d && d > Threshold * sigma && d >= MinimumEffect * Math.Abs(baseline);

        var statistically = Abnormal(currentValue) && samples.TakeLast(ConfirmRun).Count(s => Abnormal(s.Value)) >= 2;
        var sloBreach = IsLatency(series.Kind) && slo.LatencyP95Ms is { } limit && currentValue > limit && baseline <= limit && up && delta > Threshold * sigma;
        var anomalous = statistically || sloBreach;

        DateTimeOffset? onset = null;
        onsetIndex = samples.Count;
        usedBaselineEnd = baselineEnd;
        if (anomalous)
        {
            onsetIndex = Onset(samples, baselineEnd, Abnormal, v => (up ? v - baseline : baseline - v) > sigma);
            onset = samples[onsetIndex].At;
        }

        var tail = samples.Skip(baselineEnd).ToList();
        // The extreme in the anomaly's direction; for a normal series, the sample farthest from the baseline.
        double? peak = tail.Count == 0 ? null
            : !anomalous ? tail.MaxBy(s => Math.Abs(s.Value - baseline)).Value
            : up ? tail.Max(s => s.Value) : tail.Min(s => s.Value);
        var trend = TrendOf(samples, baseline, sigma);
        var analysis = new SeriesAnalysis(series, baseline, mad, currentValue, peak, onset, trend, anomalous, anomalous ? (up ? "up" : "down") : "none")
        {
            CurrentSource = currentSource,
        };
        return WithBurn(analysis, samples, currentValue, slo);
    }

    /// <summary>The error ratio a sample stands for, for error_rate and availability series (null for other kinds).</summary>
    internal static double? ErrorRatio(string kind, double value) => kind switch
    {
        "error_rate" => value > 1 ? value / 100 : value,
        "availability" => value > 1 ? 1 - (value / 100) : 1 - value,
        _ => null,
    };

    internal static bool IsLatency(string kind) => kind.StartsWith("latency", StringComparison.OrdinalIgnoreCase);

    internal static double Sigma(double mad, double baseline) =>
        Math.Max(1.4826 * mad, Math.Max(0.01 * Math.Abs(baseline), 1e-9));

    // Budget consumed so far is estimated from the samples in the file, assuming the budget was untouched before the
    // first sample (the file is the only record we have); the rest is spent at the current burn rate.
    private static SeriesAnalysis WithBurn(SeriesAnalysis analysis, List<MetricSample> samples, double current, SloTargets slo)
    {
        if (slo.AllowedErrorRatio is not { } allowed || allowed <= 0 || ErrorRatio(analysis.Series.Kind, current) is not { } errorNow)
        {
            return analysis;
        }

        var burn = Math.Max(0, errorNow) / allowed;
        var spent = ErrorBudget.Spent(samples.Select(s => (s.At, Math.Max(0, ErrorRatio(analysis.Series.Kind, s.Value) ?? 0))), allowed, BudgetWindow);
        var remaining = Math.Max(0, 1 - spent);
        TimeSpan? exhaustedIn = null;
        if (burn > 1)
        {
            // Spending `burn` budgets per window: the remaining fraction lasts remaining/burn of the window.
            var seconds = remaining / burn * BudgetWindow.TotalSeconds;
            exhaustedIn = TimeSpan.FromSeconds(Math.Min(seconds, BudgetWindow.TotalSeconds));
        }

        return analysis with { BurnRate = burn, BudgetExhaustedIn = exhaustedIn };
    }

    /// <summary>History long enough to tell a drift of days from a step: a shorter series keeps its recent baseline.</summary>
    private static readonly TimeSpan DriftHistory = TimeSpan.FromHours(12);

    /// <summary>True when the series moved steadily one way: the medians of its thirds are in order (not a daily cycle or an old spike).</summary>
    private static bool Steady(List<MetricSample> samples)
    {
        var third = samples.Count / 3;
        if (third < MinimumSamples)
        {
            return false;
        }

        var a = Median(samples.Take(third).Select(s => s.Value).ToArray());
        var b = Median(samples.Skip(third).Take(third).Select(s => s.Value).ToArray());
        var c = Median(samples.Skip(2 * third).Select(s => s.Value).ToArray());
        return (a < b && b < c) || (a > b && b > c);
    }

    private static int BaselineEnd(List<MetricSample> samples, DateTimeOffset asOf)
    {
        var cutoff = asOf - RecentWindow;
        var before = samples.FindLastIndex(s => s.At < cutoff) + 1;
        // Too little history before the last hour: the first third (an incident is usually late in the data we are given).
        return before >= Math.Max(MinimumSamples, samples.Count / 4) ? before : Math.Max(MinimumSamples / 2, samples.Count / 3);
    }

    private static int Onset(List<MetricSample> samples, int baselineEnd, Func<double, bool> abnormal, Func<double, bool> leaning)
    {
        // Walk back from the end through the final abnormal episode; ConfirmRun normal samples in a row end it.
        var start = samples.Count - 1;
        var normalRun = 0;
        for (var i = samples.Count - 1; i >= 0; i--)
        {
            if (abnormal(samples[i].Value))
            {
                start = i;
                normalRun = 0;
            }
            else if (++normalRun >= ConfirmRun)
            {
                break;
            }
        }

        // A ramp crosses the threshold part-way: step back while the samples already lean the same way.
        while (start > 0 && start > baselineEnd / 2 && leaning(samples[start - 1].Value))
        {
            start--;
        }

        return start;
    }

    private static Trend TrendOf(List<MetricSample> samples, double baseline, double sigma)
    {
        var last = samples[^1].At;
        var window = samples.Where(s => s.At > last - TrendWindow).TakeLast(60).ToList();
        if (window.Count < 4)
        {
            window = samples.TakeLast(Math.Min(5, samples.Count)).ToList();
        }

        if (window.Count < 3)
        {
            return Trend.Unknown;
        }

        var slopePerSecond = TheilSen(window);
        var span = (window[^1].At - window[0].At).TotalSeconds;
        var change = slopePerSecond * span;
        var residuals = window.Select(s => Math.Abs(s.Value - (window[0].Value + (slopePerSecond * (s.At - window[0].At).TotalSeconds)))).ToArray();
        var noise = Math.Max(sigma, 1.4826 * Median(residuals));
        if (Math.Abs(change) <= 2 * noise)
        {
            return Trend.Stable;
        }

        var level = Median(window.TakeLast(3).Select(s => s.Value).ToArray());
        var away = Math.Sign(level - baseline);
        return away == 0 || Math.Sign(change) == away ? Trend.Worsening : Trend.Improving;
    }

    private static double TheilSen(List<MetricSample> window)
    {
        var slopes = new List<double>();
        for (var i = 0; i < window.Count; i++)
        {
            for (var j = i + 1; j < window.Count; j++)
            {
                var dt = (window[j].At - window[i].At).TotalSeconds;
                if (dt > 0)
                {
                    slopes.Add((window[j].Value - window[i].Value) / dt);
                }
            }
        }

        return slopes.Count == 0 ? 0 : Median([.. slopes]);
    }

    private static (double Value, MetricSample Sample) Current(List<MetricSample> samples)
    {
        var lastFew = samples.TakeLast(3).ToList();
        var sorted = lastFew.OrderBy(s => s.Value).ToList();
        var median = sorted[sorted.Count / 2];
        return (median.Value, median);
    }

    internal static double Median(double[] values)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(values);
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] / 2) + (values[mid] / 2);
    }

    internal static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    internal static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
