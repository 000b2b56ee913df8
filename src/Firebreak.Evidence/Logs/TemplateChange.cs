namespace Firebreak.Evidence;

/// <summary>How one template changed around an onset: counts and rates before and after, and whether it is new, surging or stopped.</summary>
public sealed record TemplateChangeResult(bool IsNew, bool IsSurging, bool IsStopped, long Before, long After, double RateBefore, double RateAfter)
{
    /// <summary>No onset to compare with.</summary>
    public static TemplateChangeResult Unknown { get; } = new(false, false, false, 0, 0, 0, 0);
}

/// <summary>The one definition of a template that is new, surging or stopped around an onset: <c>respond</c> and <c>firebreak logs changes</c> both judge with it.</summary>
public static class TemplateChange
{
    /// <summary>How close before the onset a first occurrence still counts as new.</summary>
    public static readonly TimeSpan NewTolerance = TimeSpan.FromMinutes(2);

    /// <summary>How many times the rate before the onset the rate after must be to count as a surge.</summary>
    public const double SurgeFactor = 3.0;

    /// <summary>The fewest occurrences after the onset that can make a surge.</summary>
    public const int MinSurgeCount = 5;

    /// <summary>The fewest occurrences before the onset of a template that stopped.</summary>
    public const int MinStoppedCount = 3;

    /// <summary>Without an onset, how long after the logs begin a template must first appear to count as new.</summary>
    public static readonly TimeSpan NewWithoutOnsetAfter = TimeSpan.FromMinutes(30);

    /// <summary>Judges a template when there is no onset to compare with: new when first seen at least <see cref="NewWithoutOnsetAfter"/> after the logs begin and no later than the moment of analysis.</summary>
    public static bool IsNewWithoutOnset(DateTimeOffset? firstSeen, DateTimeOffset logStart, DateTimeOffset asOf) =>
        firstSeen is { } first && first >= logStart + NewWithoutOnsetAfter && first <= asOf;

    /// <summary>Judges a template's timeline against an onset, given the time range the logs cover.</summary>
    public static TemplateChangeResult Judge(TemplateTimeline timeline, DateTimeOffset logStart, DateTimeOffset logEnd, DateTimeOffset onset)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        if (timeline.First is not { } first)
        {
            return TemplateChangeResult.Unknown;
        }

        var before = timeline.CountBefore(onset);
        var after = timeline.Count - before;
        var minutesBefore = Math.Max((onset - logStart).TotalMinutes, 1);
        var minutesAfter = Math.Max((logEnd - onset).TotalMinutes, 1);
        var rateBefore = onset > logStart ? before / minutesBefore : 0;
        var rateAfter = logEnd >= onset ? after / minutesAfter : 0;

        // New only when the logs reach back well before the onset: otherwise everything would look new.
        var coversBefore = logStart <= onset - (2 * NewTolerance);
        var isNew = coversBefore && first >= onset - NewTolerance && after > 0;
        var isSurging = !isNew && after >= MinSurgeCount && rateAfter >= SurgeFactor * Math.Max(rateBefore, 1.0 / minutesBefore);

        // Stopped only when the logs reach well past the onset: otherwise silence proves nothing.
        var coversAfter = logEnd >= onset + (2 * NewTolerance);
        var isStopped = coversAfter && before >= MinStoppedCount && after == 0;
        return new TemplateChangeResult(isNew, isSurging, isStopped, before, after, rateBefore, rateAfter);
    }
}
