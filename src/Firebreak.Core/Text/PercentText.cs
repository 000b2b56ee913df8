using System.Globalization;

namespace Firebreak.Core;

/// <summary>
/// The one way a ratio is written as a percentage: up to <c>decimals</c> decimals (one by default), invariant, rounded half
/// away from zero, and an implausible ratio named as such instead of a huge number. Every layer formats through it, so
/// the same ratio reads the same in every file and on the console.
/// </summary>
public static class PercentText
{
    /// <summary>A ratio (0.205) as a percentage ("20.5%").</summary>
    public static string Of(double ratio, int decimals = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        return Implausible(ratio) ?? Math.Round(ratio * 100, decimals, MidpointRounding.AwayFromZero)
            .ToString("0." + new string('#', Math.Max(decimals, 1)), CultureInfo.InvariantCulture) + "%";
    }

    /// <summary>The wording for a ratio no metric can mean (not a number, beyond ±1,000,000%), or null when it is an ordinary number.</summary>
    public static string? Implausible(double ratio) => ratio switch
    {
        double.NaN => "unknown (not a number in the evidence)",
        > 10_000 => "more than 1,000,000% (implausible: check the metric's unit)",
        < -10_000 => "less than -1,000,000% (implausible: check the metric's unit)",
        _ => null,
    };
}
