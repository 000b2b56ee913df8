using System.Text.Json;
using Firebreak.Core;
using Firebreak.Response;
using Firebreak.Storage;

namespace Firebreak.Cli.Tests;

/// <summary>Resolution rebooks the review at the policy's real deadline; the PIR invitation is a notice the outbox delivers, shown in the record.</summary>
public sealed class ReviewInvitationTests
{
    // Wednesday 2026-11-25 20:00 UTC.
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Resolve_DaysAfterRespond_RebooksAtTheDeadlineAndTheTickDeliversTheInvitation()
    {
        using var receiver = new HookReceiver();
        using var kit = KitBuilder.CheckoutRegression(Now, mitigation: "notify:\n  webhook: {url_env: FB_PIR_INVITE_HOOK}").Build();
        await File.AppendAllTextAsync(Path.Combine(kit.Path, "firebreak.yaml"), "\nreview:\n  time_zone: Europe/Berlin\n  working_hours: \"10:00-16:00\"\n  working_days: mon-fri\n");
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());
        var provisional = (await LoadAsync(kit)).OfType<ReviewScheduled>().ShouldHaveSingleItem();

        // When the incident is resolved five days later (Monday 2026-11-30 20:00 UTC; P0: the review is due 24 h later)
        cli.Time.Advance(TimeSpan.FromDays(5));
        (await cli.RunAsync(kit.Path, "resolve", "INC-42", "--summary", "rolled back", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());

        // Then the review is moved to the last working-hours slot before Tuesday 20:00 UTC: 15:00-16:00 Berlin (14:00 UTC)
        var bookings = (await LoadAsync(kit)).OfType<ReviewScheduled>().ToList();
        bookings.Count.ShouldBe(2);
        bookings[0].ShouldBe(provisional);
        bookings[1].Deadline.ShouldBe(Now.AddDays(6));
        bookings[1].MeetingAt.ShouldBe(new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero));
        var ics = Ical.Net.Calendar.Load(await File.ReadAllTextAsync(Path.Combine(kit.IncidentDirectory("INC-42"), PirCalendarRenderer.Path)))!;
        var meeting = ics.Events.ShouldHaveSingleItem();
        meeting.DtStart!.TzId.ShouldBe("Europe/Berlin");
        (meeting.DtStart.Year, meeting.DtStart.Month, meeting.DtStart.Day, meeting.DtStart.Hour).ShouldBe((2026, 12, 1, 15));
        meeting.Uid.ShouldBe("pir-inc-42@firebreak");
        meeting.Sequence.ShouldBe(1);
        meeting.Organizer!.CommonName.ShouldBe("Rita Gomez");
        // Attendees: the properties and the text are checked, since in a process that has rendered calendars Ical.Net 5.2.4
        // reads ATTENDEE values back as null (the same file loads with typed attendees in a fresh process).
        meeting.Properties.Count(p => p.Name == "ATTENDEE").ShouldBe(7);
        var text = await File.ReadAllTextAsync(Path.Combine(kit.IncidentDirectory("INC-42"), PirCalendarRenderer.Path));
        text.Replace("\r\n ", string.Empty, StringComparison.Ordinal).ShouldContain($"ATTENDEE;CN=Rita Gomez;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE;CUTYPE=INDIVIDUAL:{PirCalendarRenderer.PersonUriPrefix}rita-gomez");

        // When the engine ticks, the invitation is decided, queued for the webhook and delivered once
        Environment.SetEnvironmentVariable("FB_PIR_INVITE_HOOK", receiver.Url);
        try
        {
            (await cli.RunAsync(kit.Path, "tick", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
            (await cli.RunAsync(kit.Path, "tick", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("FB_PIR_INVITE_HOOK", null);
        }

        var invitation = (await LoadAsync(kit)).OfType<Notified>().Where(n => n.Audience == EscalationEngine.PirAudience).ShouldHaveSingleItem();
        invitation.Reason.ShouldContain("2026-12-01 14:00");
        receiver.Keys.Count(k => k == "INC-42:notice:pir-invitation:webhook").ShouldBe(1);
        using (var database = LiveDatabase.Open(FlowRequest.StorePath(kit.Path)))
        {
            var row = (await new SqliteOutbox(database).ListAsync("INC-42")).Single(m => m.Key == "INC-42:notice:pir-invitation:webhook");
            row.State.ShouldBe(OutboxStates.Sent);
            row.Body.ShouldContain(PirCalendarRenderer.Path);
        }

        // And the record shows the invitation sent, with the channel's answer
        (await cli.RunAsync(kit.Path, "note", "INC-42", "invitation out", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(kit.IncidentDirectory("INC-42"), "incident.json"))).RootElement;
        var notice = json.GetProperty("notifications").EnumerateArray().Single(n => n.GetProperty("audience").GetString() == EscalationEngine.PirAudience);
        notice.GetProperty("state").GetString().ShouldBe("sent");
        notice.GetProperty("deliveries")[0].GetProperty("answer").GetString()!.ShouldStartWith("HTTP 200");
    }

    private static async Task<IReadOnlyList<IncidentEvent>> LoadAsync(Kit kit)
    {
        await using var store = SqliteIncidentStore.Open(FlowRequest.StorePath(kit.Path));
        return await store.LoadAsync(new IncidentId("INC-42"));
    }
}
