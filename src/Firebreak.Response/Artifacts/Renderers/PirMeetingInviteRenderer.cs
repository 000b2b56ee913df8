using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>Renders pir-meeting-invite.md: when, how long, who, and the six-item agenda.</summary>
public static class PirMeetingInviteRenderer
{
    /// <summary>The artifact's path inside the incident folder.</summary>
    public const string Path = "pir-meeting-invite.md";

    /// <summary>Renders the invite.</summary>
    public static string Render(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var d = f.D;
        var review = d.Review;
        var doc = new MarkdownDoc();
        doc.Heading(1, $"Post-Incident Review Meeting: {f.Id}");
        doc.Field("Subject", $"[PIR] {f.Id} - {Md.Safe(f.Title)} ({f.PriorityName})")
            .Field("Required", review.Required ? "yes" : $"no: {f.PriorityName} needs no PIR by policy; optional if the team wants one");
        doc.Field("Timing policy", Timing(f));
        doc.Field("When", review.MeetingAt is { } at
            ? Md.Time(at)
            : review.DueBy is { } due
                ? $"to be booked before {Md.Time(due)} (no meeting time recorded)"
                : f.IsResolved || !review.Required
                    ? "not scheduled"
                    : Md.Unknown("the review is due within the policy window after resolution; the incident is not resolved yet"));
        if (review.DueBy is { } dueBy)
        {
            doc.Field("Due by", Md.Time(dueBy) + (review.MeetingAt is { } m && m + review.Duration > dueBy
                ? " (the meeting ends after it: no working hours lay between the resolution and the deadline)"
                : string.Empty));
        }

        if (review.MeetingAt is not null)
        {
            var hours = d.Config.Review;
            doc.Field("Working hours", $"{hours.Start:HH\\:mm}-{hours.End:HH\\:mm} {string.Join(",", hours.Days.OrderBy(x => ((int)x + 6) % 7).Select(x => x.ToString()[..3]))} {hours.Zone.Id} (the organiser's, firebreak.yaml review:)")
                .Field("Calendar", $"{PirCalendarRenderer.Path} (iCalendar, beside this file)");
        }

        doc.Field("Duration", Md.Minutes(review.Duration > TimeSpan.Zero ? review.Duration : TimeSpan.FromMinutes(60)))
            .Field("Facilitator", Md.Safe(f.IncidentCommander) + " (Incident Commander)");

        doc.Heading(2, "Required Attendees");
        doc.Bullets(review.RequiredAttendees.Select(Md.Safe), "Incident Commander (facilitator), on-call engineer(s), component owner(s), reliability engineer, support lead: " + Md.Unknown("no names configured in firebreak.yaml people:"));
        doc.Heading(2, "Optional Attendees");
        doc.Bullets(review.OptionalAttendees.Select(Md.Safe), "Product owner, project manager" + (d.Diagnosis.Category == IncidentCategory.Security ? ", security gatekeeper" : string.Empty));

        doc.Heading(2, "Agenda");
        doc.Numbered(
        [
            "Timeline reconstruction (10 min): timeline.md",
            "Root cause analysis (15 min): root-cause-analysis.md",
            "Contributing factors discussion (10 min): the fishbone in root-cause-analysis.md",
            "What went well (10 min): post-incident-review.md",
            "What could improve (10 min): post-incident-review.md",
            "Preventive actions brainstorm (15 min): preventive-actions.md",
        ], "none");

        doc.Heading(2, "Pre-reading");
        doc.Bullets(["incident-record.md", "timeline.md", "triage-assessment.md", "root-cause-analysis.md", "mitigation-report.md", "post-incident-review.md"], "none");
        doc.Blank();
        doc.Line("Ground rule: blameless. We discuss systems and decisions, not individuals.");
        return doc.ToString();
    }

    private static string Timing(DossierFacts f)
    {
        if (f.D.Config.Policy.ReviewWithin.TryGetValue(f.Priority, out var within))
        {
            return $"{f.PriorityName}: within {Md.Minutes(within)} of resolution";
        }

        return $"{f.PriorityName}: no PIR required";
    }
}
