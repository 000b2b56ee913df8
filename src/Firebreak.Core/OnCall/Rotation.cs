namespace Firebreak.Core;

/// <summary>One shift of a rotation: who is on it, from when until when (End exclusive).</summary>
public sealed record RotationShift(string Rotation, long Index, string Person, DateTimeOffset Start, DateTimeOffset End);

/// <summary>A rotation: members take shifts of a fixed wall-clock length in turn, handing off at a local time in a time zone.</summary>
/// <remarks>
/// Shift n starts at the wall-clock time <c>start + handoff + n × shift</c> in the rotation's zone (see <see cref="ZonedTime"/>
/// for the daylight-saving rule), so a daily rotation handing off at 09:00 does so at 09:00 local on both sides of a
/// clock change, and that day's shift lasts 23 or 25 hours. Member n mod count holds shift n. Before its first handoff
/// the rotation covers nobody. Within a shift the member covers only the <see cref="ActiveHours"/>.
/// </remarks>
public sealed record Rotation
{
    /// <summary>The shortest shift a rotation may have. The default is one hour.</summary>
    public static TimeSpan MinimumShift { get; } = TimeSpan.FromHours(1);

    /// <summary>Creates a rotation, throwing <see cref="ArgumentException"/> on an empty name, no members, a duplicate member or a shift shorter than <see cref="MinimumShift"/>.</summary>
    public Rotation(string name, TimeZoneInfo zone, DateOnly start, TimeOnly handoff, TimeSpan shift, IReadOnlyList<string> members, ActiveHours? activeHours = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0 || members.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("a rotation needs at least one member, each with a name", nameof(members));
        }

        if (members.Distinct(StringComparer.OrdinalIgnoreCase).Count() != members.Count)
        {
            throw new ArgumentException("a member is listed twice", nameof(members));
        }

        if (shift < MinimumShift || shift.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new ArgumentException($"a shift must be whole minutes and at least {DurationParser.Format(MinimumShift)}", nameof(shift));
        }

        Name = name.Trim();
        Zone = zone;
        Start = start;
        Handoff = handoff;
        Shift = shift;
        Members = [.. members.Select(m => m.Trim())];
        ActiveHours = activeHours ?? ActiveHours.Always;
    }

    public string Name { get; }
    public TimeZoneInfo Zone { get; }

    /// <summary>The local date of the first handoff.</summary>
    public DateOnly Start { get; }

    /// <summary>The local time of each handoff.</summary>
    public TimeOnly Handoff { get; }

    /// <summary>The wall-clock length of a shift.</summary>
    public TimeSpan Shift { get; }

    public IReadOnlyList<string> Members { get; }
    public ActiveHours ActiveHours { get; }

    private DateTime FirstHandoffLocal => Start.ToDateTime(Handoff);

    /// <summary>The instant shift <paramref name="index"/> starts.</summary>
    public DateTimeOffset Boundary(long index) => ZonedTime.ToInstant(FirstHandoffLocal + (Shift * index), Zone);

    /// <summary>Shift number <paramref name="index"/> (0 is the first).</summary>
    public RotationShift ShiftNumber(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new RotationShift(Name, index, Members[(int)(index % Members.Count)], Boundary(index), Boundary(index + 1));
    }

    /// <summary>The shift running at <paramref name="instant"/>, or null before the first handoff.</summary>
    public RotationShift? ShiftAt(DateTimeOffset instant)
    {
        if (instant < Boundary(0))
        {
            return null;
        }

        var elapsed = ZonedTime.ToLocal(instant, Zone) - FirstHandoffLocal;
        var index = Math.Max(0, elapsed.Ticks / Shift.Ticks);
        while (index > 0 && Boundary(index) > instant)
        {
            index--;
        }

        while (Boundary(index + 1) <= instant)
        {
            index++;
        }

        return ShiftNumber(index);
    }

    /// <summary>The shifts overlapping [<paramref name="from"/>, <paramref name="to"/>), in order; a shift swallowed by a clock change (zero length) is left out.</summary>
    public IEnumerable<RotationShift> ShiftsBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var shift = ShiftAt(from) ?? ShiftNumber(0);
        while (shift.Start < to)
        {
            if (shift.End > shift.Start && shift.End > from)
            {
                yield return shift;
            }

            shift = ShiftNumber(shift.Index + 1);
        }
    }

    /// <summary>The member whose shift covers <paramref name="instant"/> inside the active hours, or null.</summary>
    public RotationShift? CoveringShift(DateTimeOffset instant) =>
        ShiftAt(instant) is { } shift && ActiveHours.Covers(ZonedTime.ToLocal(instant, Zone)) ? shift : null;

    /// <summary>The instants in [<paramref name="from"/>, <paramref name="to"/>) at which this rotation's coverage may change.</summary>
    public IEnumerable<DateTimeOffset> ChangesBetween(DateTimeOffset from, DateTimeOffset to)
    {
        foreach (var shift in ShiftsBetween(from, to))
        {
            yield return shift.Start;
        }

        if (ActiveHours.IsAlways)
        {
            yield break;
        }

        // A window edge inside a spring-forward gap (02:30 on the night the clocks jump from 02:00 to 03:00) takes effect at
        // the jump itself, while the edge read as an instant lands after it: the jump is a change point too.
        foreach (var jump in ZonedTime.TransitionsBetween(Zone, from, to))
        {
            yield return jump;
        }

        var first = DateOnly.FromDateTime(ZonedTime.ToLocal(from, Zone)).AddDays(-1);
        var last = DateOnly.FromDateTime(ZonedTime.ToLocal(to, Zone)).AddDays(1);
        for (var date = first; date <= last; date = date.AddDays(1))
        {
            foreach (var edge in ActiveHours.EdgesOn(date))
            {
                yield return ZonedTime.ToInstant(edge, Zone);
            }
        }
    }
}
