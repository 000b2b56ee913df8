namespace Firebreak.Core;

/// <summary>Error-budget arithmetic for an availability SLO: burn rate, time to exhaustion and budget spent (the series analysis and the artifacts both use it).</summary>
/// <remarks>
/// The budget is the allowed failure share, 1 - SLO (99.9% gives 0.1%) over a window (the default is 30 days). The burn
/// rate is the current error ratio divided by that share: a burn rate of 1 spends exactly the budget over the window.
/// Time to exhaustion = window x remaining budget / burn rate; for example a 90% error ratio against 99.9% burns at 900x
/// and exhausts a full 30-day budget in 48 minutes, which is HIGH urgency.
/// </remarks>
public static class ErrorBudget
{
    /// <summary>The default SLO window. The default is 30 days.</summary>
    public static TimeSpan DefaultWindow { get; } = TimeSpan.FromDays(30);

    /// <summary>The burn rate of <paramref name="errorRatio"/> (0..1) against an availability objective in percent, or null when the objective is not a percentage below 100.</summary>
    public static double? BurnRate(double errorRatio, double availabilityPercent)
    {
        if (availabilityPercent is <= 0 or >= 100 || double.IsNaN(errorRatio))
        {
            return null;
        }

        return Math.Max(0, errorRatio) / new SloTargets(availabilityPercent, null).AllowedErrorRatio!.Value;
    }

    /// <summary>Time until the budget is exhausted at the current error ratio, or null when nothing is being burnt or the objective is unusable.</summary>
    /// <param name="errorRatio">The current share of failed requests, 0..1.</param>
    /// <param name="availabilityPercent">The availability objective, e.g. 99.9.</param>
    /// <param name="remainingBudget">The share of the window's budget still left, 0..1. The default is 1 (a full budget, when unknown).</param>
    /// <param name="window">The SLO window. The default is <see cref="DefaultWindow"/>.</param>
    public static TimeSpan? TimeToExhaustion(double errorRatio, double availabilityPercent, double remainingBudget = 1, TimeSpan? window = null)
    {
        if (BurnRate(errorRatio, availabilityPercent) is not { } burn || burn <= 0)
        {
            return null;
        }

        var span = (window ?? DefaultWindow).TotalMinutes * Math.Clamp(remainingBudget, 0, 1) / burn;
        return TimeSpan.FromMinutes(Math.Min(span, TimeSpan.MaxValue.TotalMinutes / 2));
    }

    /// <summary>The share of a window's budget spent by a series of error ratios (0..1, as given), each held since the sample before it: the failed time over the allowed failed time, 0..∞.</summary>
    /// <param name="samples">Error ratios in time order.</param>
    /// <param name="allowedErrorRatio">The failure share the objective allows, e.g. 0.001 for 99.9% (<see cref="SloTargets.AllowedErrorRatio"/>).</param>
    /// <param name="window">The SLO window. The default is <see cref="DefaultWindow"/>.</param>
    public static double Spent(IEnumerable<(DateTimeOffset At, double ErrorRatio)> samples, double allowedErrorRatio, TimeSpan? window = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(allowedErrorRatio);
        double failedSeconds = 0;
        (DateTimeOffset At, double ErrorRatio)? previous = null;
        foreach (var sample in samples)
        {
            if (previous is { } p)
            {
                failedSeconds += sample.ErrorRatio * (sample.At - p.At).TotalSeconds;
            }

            previous = sample;
        }

        return failedSeconds / (allowedErrorRatio * (window ?? DefaultWindow).TotalSeconds);
    }

    /// <summary>The share of a window's budget that <paramref name="errorRatio"/> spends over <paramref name="duration"/>, 0..∞.</summary>
    public static double? Consumed(double errorRatio, double availabilityPercent, TimeSpan duration, TimeSpan? window = null) =>
        BurnRate(errorRatio, availabilityPercent) is { } burn ? burn * duration / (window ?? DefaultWindow) : null;
}
