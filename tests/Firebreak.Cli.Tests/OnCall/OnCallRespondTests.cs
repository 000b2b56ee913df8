namespace Firebreak.Cli.Tests;

/// <summary>respond staffs Tier 1 from the on-call schedule at the run's moment; an unavailable person on shift is replaced by the backup, and the record says so.</summary>
public sealed class OnCallRespondTests
{
    // Wednesday 2026-11-25 20:00 UTC: 15:00 in New York, on the first day of the rotation, Alex Kim's shift.
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    private const string Schedule = """
        oncall:
          rotations:
            primary: {time_zone: America/New_York, start: 2026-11-25, handoff: "00:00", shift: 1d, members: [Alex Kim, Sam Ortiz]}
          roles:
            tier1: {layers: [primary], backup: Jordan Fox}
          unavailable:
            - {person: Alex Kim, from: "2026-11-25T00:00:00Z", to: "2026-11-27T00:00:00Z"}
        """;

    [Fact]
    public async Task Respond_OnShiftPersonUnavailable_BackupIsTier1AndTheTimelineSaysSo()
    {
        using var kit = KitBuilder.CheckoutRegression(Now, mitigation: Schedule).Build();
        var cli = new Cli(Now);

        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());

        var folder = kit.IncidentDirectory("INC-42");
        var timeline = await File.ReadAllTextAsync(Path.Combine(folder, "timeline.md"));
        timeline.ShouldContain("Escalation blocked: Tier 1 On-Call Alex Kim unavailable");
        timeline.ShouldContain("backup: Jordan Fox; on-call schedule: Alex Kim is on shift but unavailable; backup Jordan Fox is used");
        timeline.ShouldContain("Tier 1 On-Call assigned: Jordan Fox");
        var record = await File.ReadAllTextAsync(Path.Combine(folder, "incident-record.md"));
        record.ShouldContain("**On-Call Engineer**: Jordan Fox");
    }

    [Fact]
    public async Task Respond_NextDay_TheOtherMemberIsOnShiftAndNothingIsBlocked()
    {
        var tomorrow = Now.AddDays(1);
        using var kit = KitBuilder.CheckoutRegression(tomorrow, mitigation: Schedule).Build();
        var cli = new Cli(tomorrow);

        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());

        var timeline = await File.ReadAllTextAsync(Path.Combine(kit.IncidentDirectory("INC-42"), "timeline.md"));
        timeline.ShouldContain("Tier 1 On-Call assigned: Sam Ortiz");
        timeline.ShouldNotContain("Tier 1 On-Call Alex Kim unavailable");
    }
}
