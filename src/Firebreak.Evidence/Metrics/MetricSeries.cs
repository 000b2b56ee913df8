using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>One timestamped value.</summary>
public readonly record struct MetricSample(DateTimeOffset At, double Value);

/// <summary>A metric time series with its kind (error_rate, latency_p95_ms, throughput, saturation, availability, or other).</summary>
public sealed record MetricSeries(
    string Name,
    string Kind,
    string? Component,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<MetricSample> Samples,
    SourceRef Source);

/// <summary>Analysis of one series: robust baseline, current value, onset, trend and SLO burn.</summary>
public sealed record SeriesAnalysis(
    MetricSeries Series,
    double? Baseline,
    double? BaselineMad,
    double? Current,
    double? Peak,
    DateTimeOffset? Onset,
    Trend Trend,
    bool Anomalous,
    string Direction)
{
    /// <summary>Error-budget burn rate (1 = exactly on budget), for error_rate and availability series.</summary>
    public double? BurnRate { get; init; }

    /// <summary>Time until the error budget runs out at the current burn rate.</summary>
    public TimeSpan? BudgetExhaustedIn { get; init; }

    /// <summary>The sample that shows the current value, for citation.</summary>
    public SourceRef? CurrentSource { get; init; }
}
