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
/// UID is derived from the incident and DTSTAMP is the moment the meeting was scheduled, so a re-render writes the same
/// file and a re-import updates the event instead of duplicating it; the invitation re-issued after a reopening has a higher SEQUENCE. METHOD is PUBLISH: Firebreak knows people's names,
/// not their addresses, so attendees are listed in the description rather than invited.
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
        var scheduled = d.State.Events.OfType<ReviewScheduled>().LastOrDefault()?.At ?? meeting;
        var calendar = new Ical.Net.Calendar { ProductId = ProductId, Method = "PUBLISH" };
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
        calendar.Events.Add(new CalendarEvent
        {
            Uid = $"pir-{Slug(f.Id)}@firebreak",
            Summary = $"[PIR] {f.Id} - {f.Title} ({f.PriorityName})",
            Description = description,
            DtStart = Moment(meeting, zone.Zone, utc),
            DtEnd = Moment(meeting + duration, zone.Zone, utc),
            DtStamp = new CalDateTime(scheduled.UtcDateTime, "UTC"),

            // The invitation re-issued at resolution #n (after a reopening) replaces the earlier one: same UID, SEQUENCE n - 1.
            Sequence = Math.Max(0, (d.State.Events.OfType<Notified>().Where(n => Audiences.Is(n.Audience, EscalationEngine.PirAudience)).Max(n => n.Sequence) ?? 1) - 1),
        });
        return new CalendarSerializer().SerializeToString(calendar) ?? string.Empty;
    }

    private static CalDateTime Moment(DateTimeOffset at, TimeZoneInfo zone, bool utc) =>
        utc ? new CalDateTime(at.UtcDateTime, "UTC") : new CalDateTime(ZonedTime.ToLocal(at, zone), zone.Id);

    private static string Days(WorkingHours hours) =>
        string.Join(",", hours.Days.OrderBy(d => ((int)d + 6) % 7).Select(d => d.ToString()[..3]));

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Slug(string id) => string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-'));
}
