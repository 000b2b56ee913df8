namespace Firebreak.Response.Tests;

public sealed class PirCalendarTests
{
    [Fact]
    public void Render_DeployP0_ReparsesWithOrganizerAttendeesAndAStableUid()
    {
        var text = IncidentArtifacts.Render(DossierFixtures.All["deploy-p0"]).Single(a => a.Path == PirCalendarRenderer.Path).Content;

        var meeting = Ical.Net.Calendar.Load(text)!.Events.ShouldHaveSingleItem();
        meeting.Uid.ShouldBe("pir-inc-42@firebreak");
        meeting.Sequence.ShouldBe(0);
        meeting.Organizer!.CommonName.ShouldBe("Rita Gomez");
        meeting.Properties.Count(p => p.Name == "ATTENDEE").ShouldBe(6);
        text.ShouldNotContain("METHOD:PUBLISH");
        text.ShouldNotContain("@shop", Case.Insensitive);
        var unfolded = text.Replace("\r\n ", string.Empty, StringComparison.Ordinal);
        unfolded.ShouldContain($"ATTENDEE;CN=Alex Kim;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE;CUTYPE=INDIVIDUAL:{PirCalendarRenderer.PersonUriPrefix}alex-kim");
        unfolded.ShouldContain("ATTENDEE;CN=Project Manager;ROLE=OPT-PARTICIPANT");
    }
}
