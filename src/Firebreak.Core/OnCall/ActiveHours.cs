using System.Globalization;

namespace Firebreak.Core;

/// <summary>The part of each week a rotation covers, in its time zone: a daily window on some days (e.g. 09:00-17:00, Monday to Friday).</summary>
/// <remarks>A window whose end is not after its start crosses midnight (22:00-06:00) and belongs to the day it starts on.</remarks>
public sealed record ActiveHours
{
    /// <summary>Creates the window; <paramref name="from"/> equal to <paramref name="to"/> means the whole day.</summary>
    public ActiveHours(TimeOnly from, TimeOnly to, IReadOnlySet<DayOfWeek> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        if (days.Count == 0)
        {
            throw new ArgumentException("at least one day is needed", nameof(days));
        }

        From = from;
        To = to;
        Days = days;
    }

    public TimeOnly From { get; }
    public TimeOnly To { get; }
    public IReadOnlySet<DayOfWeek> Days { get; }

    /// <summary>Every day, all day.</summary>
    public static ActiveHours Always { get; } = new(TimeOnly.MinValue, TimeOnly.MinValue, Enum.GetValues<DayOfWeek>().ToHashSet());

    /// <summary>True when this covers every moment.</summary>
    public bool IsAlways => From == To && Days.Count == 7;

    /// <summary>True when the wall-clock time <paramref name="local"/> is inside the window.</summary>
    public bool Covers(DateTime local)
    {
        var time = TimeOnly.FromDateTime(local);
        var day = local.DayOfWeek;
        if (From == To)
        {
            return Days.Contains(day);
        }

        if (From < To)
        {
            return Days.Contains(day) && time >= From && time < To;
        }

        // Crosses midnight: the evening belongs to today, the early morning to yesterday's window.
        return (Days.Contains(day) && time >= From) || (Days.Contains(local.AddDays(-1).DayOfWeek) && time < To);
    }

    /// <summary>The wall-clock moments on <paramref name="date"/> at which coverage may start or stop.</summary>
    public IEnumerable<DateTime> EdgesOn(DateOnly date)
    {
        yield return date.ToDateTime(TimeOnly.MinValue);
        yield return date.ToDateTime(From);
        yield return date.ToDateTime(To);
    }

    /// <inheritdoc/>
    public override string ToString() => IsAlways
        ? "always"
        : string.Create(CultureInfo.InvariantCulture, $"{From:HH\\:mm}-{To:HH\\:mm} on {string.Join(", ", Days.OrderBy(d => ((int)d + 6) % 7).Select(d => d.ToString()[..3]))}");
}
