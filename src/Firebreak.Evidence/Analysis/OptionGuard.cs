namespace Firebreak.Evidence;

/// <summary>
/// The range checks of the reasoning's options: an option record refuses a bad value when it is set, with a reason that
/// firebreak.yaml's reader prefixes with the key (one line, exit 2).
/// </summary>
internal static class OptionGuard
{
    /// <summary>A weight, score or share from 0 to 1.</summary>
    public static double Unit(double value) =>
        value is >= 0 and <= 1 ? value : throw new ArgumentException("must be a number from 0 to 1");

    /// <summary>A factor or count that must be finite and greater than zero.</summary>
    public static double Positive(double value) =>
        double.IsFinite(value) && value > 0 ? value : throw new ArgumentException("must be a number greater than 0");

    /// <summary>A ratio of a value to its baseline that means "more than before": at least 1.</summary>
    public static double AtLeastOne(double value) =>
        double.IsFinite(value) && value >= 1 ? value : throw new ArgumentException("must be a number of at least 1");

    /// <summary>A duration that must be longer than zero.</summary>
    public static TimeSpan Positive(TimeSpan value) =>
        value > TimeSpan.Zero ? value : throw new ArgumentException("must be a duration longer than 0");

    /// <summary>A duration that may be zero but not negative.</summary>
    public static TimeSpan NotNegative(TimeSpan value) =>
        value >= TimeSpan.Zero ? value : throw new ArgumentException("must not be a negative duration");
}
