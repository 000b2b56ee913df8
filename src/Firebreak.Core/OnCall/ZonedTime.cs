namespace Firebreak.Core;

/// <summary>Converts wall-clock times of a time zone to instants, with one rule for the daylight-saving edges.</summary>
/// <remarks>
/// A wall time skipped when the clocks go forward (02:30 in Europe/Berlin on the last Sunday of March) is read with the
/// offset in force before the change, so it lands as far after the jump as it was after its start (03:30 summer time);
/// a wall time that happens twice when the clocks go back is its first occurrence (summer time). This is the lenient
/// rule of NodaTime and of most calendars, so a handoff at 02:30 still happens on that day.
/// </remarks>
public static class ZonedTime
{
    // The offset in force before a gap is read this far before it; no zone changes its offset twice within this span.
    private static readonly TimeSpan GapProbe = TimeSpan.FromHours(6);

    /// <summary>The instant at which the clocks of <paramref name="zone"/> show <paramref name="local"/>.</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(wall))
        {
            offset = zone.GetUtcOffset(wall - GapProbe);
        }
        else if (zone.IsAmbiguousTime(wall))
        {
            offset = zone.GetAmbiguousTimeOffsets(wall).Max();
        }
        else
        {
            offset = zone.GetUtcOffset(wall);
        }

        return new DateTimeOffset(wall, offset).ToUniversalTime();
    }

    /// <summary>The wall-clock time <paramref name="zone"/> shows at <paramref name="instant"/>.</summary>
    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, zone).DateTime, DateTimeKind.Unspecified);
    }

    /// <summary>The instants in [<paramref name="from"/>, <paramref name="to"/>) at which <paramref name="zone"/> changes its offset (its clocks jump), to the minute.</summary>
    public static IEnumerable<DateTimeOffset> TransitionsBetween(TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var step = TimeSpan.FromHours(12);
        var start = new DateTimeOffset(from.UtcTicks - (from.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        for (var low = start; low < to; low += step)
        {
            var high = low + step;
            if (zone.GetUtcOffset(low) == zone.GetUtcOffset(high))
            {
                continue;
            }

            // Offsets change on whole minutes: halve the span until the first minute with the new offset is found.
            var (before, after) = (low, high);
            while (after - before > TimeSpan.FromMinutes(1))
            {
                var middle = before + TimeSpan.FromMinutes(Math.Floor((after - before).TotalMinutes / 2));
                (before, after) = zone.GetUtcOffset(middle) == zone.GetUtcOffset(before) ? (middle, after) : (before, middle);
            }

            if (after >= from && after < to)
            {
                yield return after;
            }
        }
    }
}
