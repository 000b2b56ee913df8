namespace Firebreak.Cli.Tests;

public sealed class OnCallCommandTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 3, 21, 0, 0, TimeSpan.Zero);
    private readonly string _project = Directory.CreateTempSubdirectory("fb-oncall-").FullName;

    public OnCallCommandTests() => File.WriteAllText(Path.Combine(_project, "firebreak.yaml"), """
        service: shop
        oncall:
          rotations:
            primary:
              time_zone: Europe/Berlin
              start: 2026-11-02
              handoff: "09:00"
              shift: 1w
              members: [Alex Kim, Sam Lee]
            business:
              time_zone: Europe/Berlin
              start: 2026-11-02
              shift: 1d
              members: [Kim Park]
              hours: "09:00-17:00"
              days: mon-fri
          roles:
            tier1: {layers: [primary], backup: Jordan Doe}
            tier2: {layers: [business], backup: Dana Ito}
        """);

    public void Dispose() => Directory.Delete(_project, recursive: true);

    [Fact]
    public async Task OnCall_Now_EachTierWithItsReason()
    {
        var cli = new Cli(Now);

        (await cli.RunAsync(_project, "oncall", _project)).ShouldBe(0);

        var output = cli.Console.Output;
        output.ShouldContain("On call at 2026-11-03 21:00Z:");
        output.ShouldContain("Tier 1 On-Call: Alex Kim (Alex Kim is on shift in rotation primary until 2026-11-09 09:00 +01:00 (Europe/Berlin))");
        output.ShouldContain("Tier 2 Component Owner: Dana Ito (nobody is on shift in business; backup Dana Ito is used)");
        output.ShouldContain("Tier 3 Architect: nobody (no on-call schedule for Tier 3 Architect)");
    }

    [Fact]
    public async Task OnCall_RoleAtAMomentAsJson_OneAnswer()
    {
        var cli = new Cli(Now);

        (await cli.RunAsync(_project, "oncall", _project, "--role", "tier2", "--at", "2026-11-04T10:00:00+01:00", "--json")).ShouldBe(0);

        cli.Console.Output.ShouldContain("\"person\": \"Kim Park\"");
        cli.Console.Output.ShouldContain("\"source\": \"Rotation\"");
    }

    [Fact]
    public async Task OnCall_Gaps_NightsCoveredByTheBackup()
    {
        var cli = new Cli(Now);

        (await cli.RunAsync(_project, "oncall", _project, "--gaps", "--role", "tier2", "--from", "2026-11-04T08:00:00Z", "--to", "2026-11-05T08:00:00Z")).ShouldBe(0);

        cli.Console.Output.ShouldContain("2026-11-04 16:00Z to 2026-11-05 08:00Z: only the backup, Dana Ito");
    }

    [Fact]
    public async Task OnCall_Ics_OneEventPerShift()
    {
        var cli = new Cli(Now);

        (await cli.RunAsync(_project, "oncall", _project, "--ics", "primary", "--from", "2026-11-02T08:00:00Z", "--to", "2026-11-23T08:00:00Z")).ShouldBe(0);

        var text = cli.Console.Output;
        text.ShouldStartWith("BEGIN:VCALENDAR");
        text.Split("BEGIN:VEVENT").Length.ShouldBe(4);
        text.ShouldContain("SUMMARY:On call: Sam Lee (primary)");
    }

    [Theory]
    [InlineData("--role", "janitor", "unknown role 'janitor'")]
    [InlineData("--at", "tomorrow", "--at needs a moment with an offset")]
    [InlineData("--ics", "nightly", "no rotation 'nightly' under oncall.rotations; known: primary, business")]
    public async Task OnCall_BadInput_ExitTwoWithOneLine(string option, string value, string message)
    {
        var cli = new Cli(Now);

        (await cli.RunAsync(_project, "oncall", _project, option, value)).ShouldBe(2);

        cli.ErrorLines.ShouldHaveSingleItem().ShouldContain(message);
    }

    [Fact]
    public async Task OnCall_BadScheduleInConfig_ExitTwoWithTheLine()
    {
        File.WriteAllText(Path.Combine(_project, "firebreak.yaml"), "oncall:\n  rotations:\n    r: {time_zone: Nowhere/Land, start: 2026-11-02, members: [A]}\n");
        var cli = new Cli(Now);

        (await cli.RunAsync(_project, "oncall", _project)).ShouldBe(2);

        cli.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("firebreak: firebreak.yaml line 3: oncall.rotations.r.time_zone:");
    }
}
