using System.Globalization;
using Firebreak.Core;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Firebreak.Notify;

/// <summary>Exports a rotation's shifts as an iCalendar file: one event per shift, in the rotation's time zone.</summary>
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
    /// </remarks>
    public static string Export(Rotation rotation, DateTimeOffset from, DateTimeOffset to, DateTimeOffset stamp)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        if (to <= from)
        {
            throw new ArgumentException("the end must be after the start", nameof(to));
        }

        var calendar = new Ical.Net.Calendar { ProductId = ProductId };
        calendar.AddTimeZone(rotation.Zone.Id);
        var count = 0;
        foreach (var shift in rotation.ShiftsBetween(from, to))
        {
            if (++count > MaxShifts)
            {
                throw new ArgumentException($"more than {MaxShifts} shifts between {from:O} and {to:O}; export a shorter range", nameof(to));
            }

            calendar.Events.Add(new CalendarEvent
            {
                Uid = string.Create(CultureInfo.InvariantCulture, $"{Slug(rotation.Name)}-{shift.Index}@firebreak"),
                Summary = $"On call: {shift.Person} ({rotation.Name})",
                Description = $"{shift.Person} holds shift {shift.Index + 1} of rotation {rotation.Name}"
                    + (rotation.ActiveHours.IsAlways ? "." : $", covering {rotation.ActiveHours}."),
                DtStart = Local(shift.Start, rotation.Zone),
                DtEnd = Local(shift.End, rotation.Zone),
                DtStamp = new CalDateTime(stamp.UtcDateTime, "UTC"),
            });
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? string.Empty;
    }

    private static CalDateTime Local(DateTimeOffset instant, TimeZoneInfo zone) => new(ZonedTime.ToLocal(instant, zone), zone.Id);

    private static string Slug(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-'));
}
