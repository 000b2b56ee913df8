using System.Globalization;
using Firebreak.Core;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Firebreak.Notify;

/// <summary>Exports a rotation's shifts as an iCalendar file: one event per shift (split where an override covers part of it), in the rotation's time zone.</summary>
public static class RotationCalendar
{
    /// <summary>The product identifier written in each calendar.</summary>
    public const string ProductId = "-//Firebreak//On-call//EN";

    /// <summary>The most shifts one export may hold; a longer range is refused rather than truncated. The default is 10,000.</summary>
    public const int MaxShifts = 10_000;

    /// <summary>The shifts of <paramref name="rotation"/> overlapping [<paramref name="from"/>, <paramref name="to"/>) as iCalendar text.</summary>
    /// <remarks>
    /// Each event starts and ends at the shift's local wall-clock times with the rotation's TZID, so calendars show the
    /// handoff at the same local time across daylight-saving changes. UIDs are derived from the rotation and the shift
    /// number, so a re-export updates events instead of duplicating them; DTSTAMP is <paramref name="stamp"/>.
    /// An override of the rotation (the last one given wins, as in <see cref="OnCallSchedule.WhoIsOnCall"/>) splits the
    /// shifts it touches: the covered stretch is its own event naming the person covering and whom they cover, so the
    /// events still tile the range with no overlap and no hole. The first part of a split shift keeps the shift's UID,
    /// the n-th further part is <c>&lt;rotation&gt;-&lt;shift&gt;.n</c>.
    /// </remarks>
    public static string Export(Rotation rotation, DateTimeOffset from, DateTimeOffset to, DateTimeOffset stamp, IReadOnlyList<RotationOverride>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        if (to <= from)
        {
            throw new ArgumentException("the end must be after the start", nameof(to));
        }

        var own = (overrides ?? []).Where(o => string.Equals(o.Rotation, rotation.Name, StringComparison.OrdinalIgnoreCase)).ToList();
        var calendar = new Ical.Net.Calendar { ProductId = ProductId };
        calendar.AddTimeZone(rotation.Zone.Id);
        var count = 0;
        foreach (var shift in rotation.ShiftsBetween(from, to))
        {
            var part = 0;
            foreach (var (start, end, cover) in Parts(shift, own))
            {
                if (++count > MaxShifts)
                {
                    throw new ArgumentException($"more than {MaxShifts} shifts between {from:O} and {to:O}; export a shorter range", nameof(to));
                }

                var person = cover?.Person ?? shift.Person;
                calendar.Events.Add(new CalendarEvent
                {
                    Uid = string.Create(CultureInfo.InvariantCulture, $"{Slug(rotation.Name)}-{shift.Index}{(part == 0 ? string.Empty : $".{part}")}@firebreak"),
                    Summary = cover is null ? $"On call: {person} ({rotation.Name})" : $"On call: {person} ({rotation.Name}, override for {shift.Person})",
                    Description = (cover is null
                        ? $"{person} holds shift {shift.Index + 1} of rotation {rotation.Name}"
                        : $"{person} covers shift {shift.Index + 1} of rotation {rotation.Name} for {shift.Person} by override")
                        + (rotation.ActiveHours.IsAlways ? "." : $", covering {rotation.ActiveHours}."),
                    DtStart = Local(start, rotation.Zone),
                    DtEnd = Local(end, rotation.Zone),
                    DtStamp = new CalDateTime(stamp.UtcDateTime, "UTC"),
                });
                part++;
            }
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? string.Empty;
    }

    // The stretches of a shift and the override in force in each (null: the shift's own member), neighbours with the same holder merged.
    private static List<(DateTimeOffset Start, DateTimeOffset End, RotationOverride? Cover)> Parts(RotationShift shift, List<RotationOverride> overrides)
    {
        var cuts = new SortedSet<DateTimeOffset> { shift.Start, shift.End };
        foreach (var o in overrides)
        {
            foreach (var edge in new[] { o.From, o.To }.Where(e => e > shift.Start && e < shift.End))
            {
                cuts.Add(edge);
            }
        }

        var points = cuts.ToList();
        var parts = new List<(DateTimeOffset Start, DateTimeOffset End, RotationOverride? Cover)>();
        for (var i = 0; i + 1 < points.Count; i++)
        {
            var cover = overrides.LastOrDefault(o => o.Covers(points[i]));
            if (parts.Count > 0 && ReferenceEquals(parts[^1].Cover, cover))
            {
                parts[^1] = parts[^1] with { End = points[i + 1] };
            }
            else
            {
                parts.Add((points[i], points[i + 1], cover));
            }
        }

        return parts;
    }

    private static CalDateTime Local(DateTimeOffset instant, TimeZoneInfo zone) => new(ZonedTime.ToLocal(instant, zone), zone.Id);

    private static string Slug(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-'));
}
