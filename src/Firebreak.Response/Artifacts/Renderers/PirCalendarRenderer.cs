using System.Globalization;
using Firebreak.Core;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Firebreak.Response;

/// <summary>Renders pir-meeting-invite.ics: the review meeting as an iCalendar event in the organiser's time zone, beside its Markdown.</summary>
/// <remarks>
/// The event starts at the recorded meeting moment (<see cref="ReviewScheduled"/>, placed by <see cref="ReviewScheduler"/>),
/// with the organiser's TZID and VTIMEZONE so calendars show it at the local time across daylight-saving changes. The
/// UID is derived from the incident (stable across re-bookings), SEQUENCE counts the re-bookings (a reopened incident
/// resolved again moves the meeting: SEQUENCE 1, 2...) and DTSTAMP is the moment of the last booking, so a re-render
/// writes the same file and a re-import updates the event instead of duplicating it. The facilitator is the ORGANIZER
/// and each required and optional attendee an ATTENDEE (REQ-PARTICIPANT, OPT-PARTICIPANT) with their name as CN;
/// Firebreak knows people's names, not their addresses, so their calendar address is a <c>urn:x-firebreak:person:</c>
/// name, never an invented email; the email list of notify.email for the pir audience (else its default list), the
/// addresses the invitation is mailed to, are attendees as groups with their real mailto: address. No METHOD is
/// written: the file is an event to import, not an iTIP request.
/// </remarks>
public static class PirCalendarRenderer
{
    /// <summary>The artifact's path inside the incident folder.</summary>
    public const string Path = "pir-meeting-invite.ics";

    /// <summary>The product identifier written in the calendar.</summary>
    public const string ProductId = "-//Firebreak//Post-incident review//EN";

    /// <summary>The calendar text, or null when no meeting is scheduled.</summary>
    public static string? Render(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var d = f.D;
        if (d.Review.MeetingAt is not { } meeting)
        {
            return null;
        }

        var zone = d.Config.Review;
        var duration = d.Review.Duration > TimeSpan.Zero ? d.Review.Duration : ProjectManager.ReviewDuration;
        var bookings = d.State.Events.OfType<ReviewScheduled>().ToList();
        var scheduled = bookings.LastOrDefault()?.At ?? meeting;
        var calendar = new Ical.Net.Calendar { ProductId = ProductId };
        var utc = zone.Zone.Id is "UTC" or "Etc/UTC";
        if (!utc)
        {
            calendar.AddTimeZone(zone.Zone.Id);
        }

        var late = d.Review.DueBy is { } due && meeting + duration > due;
        var description = string.Join("\n", new[]
        {
            $"Post-incident review of {f.Id} ({f.PriorityName}), blameless.",
            d.Review.DueBy is { } by ? $"Policy deadline: {Iso(by)}" + (late ? " (this meeting ends after it: no working hours lay between the resolution and the deadline)." : ".") : "No policy deadline.",
            $"Placed in the organiser's working hours: {zone.Start:HH\\:mm}-{zone.End:HH\\:mm} {Days(zone)} {zone.Zone.Id}.",
            $"Facilitator: {f.IncidentCommander} (Incident Commander).",
            $"Required: {string.Join(", ", d.Review.RequiredAttendees)}.",
            $"Optional: {string.Join(", ", d.Review.OptionalAttendees)}.",
            "Pre-reading: incident-record.md, timeline.md, root-cause-analysis.md, post-incident-review.md, preventive-actions.md.",
        }.Concat(d.RootCause.Recurrences.Select(r => $"Recurs from {r.Link.EarlierIncident}: {r.OpenActions.Count} of its actions are still open.")));
        var meetingEvent = new CalendarEvent
        {
            Uid = $"pir-{Slug(f.Id)}@firebreak",
            Sequence = Math.Max(0, bookings.Count - 1),
            Summary = $"[PIR] {f.Id} - {f.Title} ({f.PriorityName})",
            Description = description,
            DtStart = Moment(meeting, zone.Zone, utc),
            DtEnd = Moment(meeting + duration, zone.Zone, utc),
            DtStamp = new CalDateTime(scheduled.UtcDateTime, "UTC"),
        };
        if (Named(f.Holder(Roles.IncidentCommander) ?? bookings.LastOrDefault()?.Facilitator) is { } facilitator)
        {
            meetingEvent.Organizer = new Organizer { Value = new Uri(Person(facilitator)), CommonName = facilitator };
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (names, role) in new[] { (d.Review.RequiredAttendees, "REQ-PARTICIPANT"), (d.Review.OptionalAttendees, "OPT-PARTICIPANT") })
        {
            foreach (var name in names.Select(Named).OfType<string>().Where(seen.Add))
            {
                meetingEvent.Attendees.Add(new Attendee { Value = new Uri(Person(name)), CommonName = name, Role = role, ParticipationStatus = "NEEDS-ACTION", Rsvp = false, Type = "INDIVIDUAL" });
            }
        }

        if (d.Config.Notify.Email is { } email)
        {
            var addresses = email.Recipients.TryGetValue(EscalationEngine.PirAudience, out var own) && own.Count > 0 ? own : email.Default;
            foreach (var address in addresses.Where(seen.Add))
            {
                meetingEvent.Attendees.Add(new Attendee { Value = new Uri($"mailto:{address}"), Role = "REQ-PARTICIPANT", ParticipationStatus = "NEEDS-ACTION", Rsvp = false, Type = "GROUP" });
            }
        }

        calendar.Events.Add(meetingEvent);
        return new CalendarSerializer().SerializeToString(calendar) ?? string.Empty;
    }

    /// <summary>The prefix of a person's calendar address: a name, not an email Firebreak does not know.</summary>
    public const string PersonUriPrefix = "urn:x-firebreak:person:";

    private static string Person(string name) => PersonUriPrefix + Slug(name);

    // A person's name without the role in brackets ("Rita Gomez (Incident Commander, facilitator)" is Rita Gomez), or null
    // for a placeholder such as "unknown (...)" or "Incident Commander (unknown: ...)" that names nobody.
    private static string? Named(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Contains("unknown", StringComparison.OrdinalIgnoreCase) || name.StartsWith("not assigned", StringComparison.OrdinalIgnoreCase)
            ? null
            : name.Split(" (", 2)[0].Trim();

    private static CalDateTime Moment(DateTimeOffset at, TimeZoneInfo zone, bool utc) =>
        utc ? new CalDateTime(at.UtcDateTime, "UTC") : new CalDateTime(ZonedTime.ToLocal(at, zone), zone.Id);

    private static string Days(WorkingHours hours) =>
        string.Join(",", hours.Days.OrderBy(d => ((int)d + 6) % 7).Select(d => d.ToString()[..3]));

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Slug(string id) => string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-'));
}
