namespace Firebreak.Evidence;

/// <summary>Which metric moves and log templates are symptoms, and how the start of a series is found (docs/reasoning.md §1).</summary>
public sealed record SignalOptions
{
    /// <summary>The defaults.</summary>
    public static SignalOptions Default { get; } = new();

    /// <summary>Converts a median absolute deviation to a standard deviation for normal data (a constant, not a setting).</summary>
    public const double MadToSigma = 1.4826;

    /// <summary>A flagged series counts only when it moved by at least this share of its baseline. The default is 0.25.</summary>
    public double SignificantShare { get; init => field = OptionGuard.Positive(value); } = 0.25;

    /// <summary>…and by at least this many robust sigmas (1.4826·MAD). The default is 3.</summary>
    public double SignificantSigmas { get; init => field = OptionGuard.Positive(value); } = 3;

    /// <summary>…and, for an error ratio or availability, by at least this much (0.005 = half a point). The default is 0.005.</summary>
    public double ErrorRatioFloor { get; init => field = OptionGuard.Unit(value); } = 0.005;

    /// <summary>…and, for saturation, by at least this much (0.05 = 5 points). The default is 0.05.</summary>
    public double SaturationFloor { get; init => field = OptionGuard.Unit(value); } = 0.05;

    /// <summary>Throughput down to below this share of its baseline has collapsed (a harmful symptom). The default is 0.5.</summary>
    public double CollapseBelow { get; init => field = OptionGuard.Unit(value); } = 0.5;

    /// <summary>Throughput up to at least this many times its baseline is a load surge (an input, not a failure). The default is 1.5.</summary>
    public double SurgeRatio { get; init => field = OptionGuard.AtLeastOne(value); } = 1.5;

    /// <summary>A template first seen longer ago than this that is not surging is background noise. The default is 24 hours.</summary>
    public TimeSpan BackgroundAfter { get; init => field = OptionGuard.Positive(value); } = TimeSpan.FromHours(24);

    /// <summary>A signal in a component unrelated to the main symptom counts for the onset only this close to it. The default is 2 hours.</summary>
    public TimeSpan OnsetReach { get; init => field = OptionGuard.NotNegative(value); } = TimeSpan.FromHours(2);

    /// <summary>A series has left its baseline when it is beyond this many robust sigmas … The default is 3.</summary>
    public double DepartureSigmas { get; init => field = OptionGuard.Positive(value); } = 3;

    /// <summary>… and beyond this share of its excursion (whichever is larger). The default is 0.1.</summary>
    public double DepartureShare { get; init => field = OptionGuard.Unit(value); } = 0.1;

    /// <summary>The walk back from a flagged onset to where the series left its baseline goes at most this far. The default is 24 hours.</summary>
    public TimeSpan WalkBackLimit { get; init => field = OptionGuard.Positive(value); } = TimeSpan.FromHours(24);

    /// <summary>The rise of a series is the time from its start to this share of its excursion. The default is 0.9.</summary>
    public double RiseShare { get; init => field = OptionGuard.Unit(value); } = 0.9;

    /// <summary>A rise at least this long is gradual (a leak, a ramp) rather than a step. The default is 30 minutes.</summary>
    public TimeSpan GradualRise { get; init => field = OptionGuard.Positive(value); } = TimeSpan.FromMinutes(30);
}
