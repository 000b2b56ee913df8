using System.Security.Cryptography;
using System.Text.Json;
using Firebreak.Core;
using Firebreak.Response;
using Firebreak.Storage;

namespace Firebreak.Cli.Tests;

/// <summary>The defects an on-call engineer's acceptance run of the live commands found, each driven through the real command line on a kit.</summary>
public sealed class LiveAcceptanceTests
{
    // Wednesday 2026-11-25 20:00 UTC.
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Resolve_AfterReopen_ReissuesTheResolutionNoticeAndTheInvitationOnceWithAHigherSequence()
    {
        using var receiver = new HookReceiver();
        using var kit = KitBuilder.CheckoutRegression(Now, mitigation: "notify:\n  webhook: {url_env: FB_REOPEN_HOOK}").Build();
        var cli = new Cli(Now);
        Environment.SetEnvironmentVariable("FB_REOPEN_HOOK", receiver.Url);
        try
        {
            (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());
            cli.Time.Advance(TimeSpan.FromMinutes(30));
            (await cli.RunAsync(kit.Path, "resolve", "INC-42", "--summary", "rolled back", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
            (await cli.RunAsync(kit.Path, "tick", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
            var first = Ical.Net.Calendar.Load(await File.ReadAllTextAsync(Path.Combine(kit.IncidentDirectory("INC-42"), PirCalendarRenderer.Path)))!.Events.ShouldHaveSingleItem();

            // When the incident comes back and is resolved again two hours later
            cli.Time.Advance(TimeSpan.FromHours(1));
            (await cli.RunAsync(kit.Path, "reopen", "INC-42", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
            cli.Time.Advance(TimeSpan.FromHours(1));
            var resolvedAt = LiveCommandRunner.Iso(cli.Time.GetUtcNow());
            (await cli.RunAsync(kit.Path, "resolve", "INC-42", "--summary", "cache flushed too", "--as", "Alex Kim", "--at", resolvedAt, "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
            (await cli.RunAsync(kit.Path, "resolve", "INC-42", "--summary", "cache flushed too", "--as", "Alex Kim", "--at", resolvedAt, "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
            (await cli.RunAsync(kit.Path, "tick", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
            (await cli.RunAsync(kit.Path, "tick", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
            cli.Console.Output.ShouldContain("resolution #2");

            // Then the resolution notice and the invitation are delivered again, once each, under the second resolution's keys
            receiver.Keys.Count(k => k == "INC-42:notice:pir-invitation:webhook").ShouldBe(1);
            receiver.Keys.Count(k => k == "INC-42:notice:resolution:webhook").ShouldBe(1);
            receiver.Keys.Count(k => k == "INC-42:notice:pir-invitation:2:webhook").ShouldBe(1);
            receiver.Keys.Count(k => k == "INC-42:notice:resolution:2:webhook").ShouldBe(1);
            var events = await LoadAsync(kit);
            var invitations = events.OfType<Notified>().Where(n => n.Audience == EscalationEngine.PirAudience).ToList();
            invitations.Count.ShouldBe(2);
            invitations[1].Sequence.ShouldBe(2);
            invitations[1].Actor.ShouldBe("Alex Kim");
            invitations[1].Reason.ShouldContain($"policy deadline {Md.Time(cli.Time.GetUtcNow().AddDays(1))}");
            var resolutions = events.OfType<IncidentResolved>().ToList();
            resolutions.Select(r => (r.Summary, r.Resolution)).ShouldBe([("rolled back", null), ("cache flushed too", 2)]);

            // And the calendar file is the same event (UID) with a higher SEQUENCE, and the record shows both invitations sent
            var second = Ical.Net.Calendar.Load(await File.ReadAllTextAsync(Path.Combine(kit.IncidentDirectory("INC-42"), PirCalendarRenderer.Path)))!.Events.ShouldHaveSingleItem();
            second.Uid.ShouldBe(first.Uid);
            second.Sequence.ShouldBe(first.Sequence + 1, "SEQUENCE counts the bookings: the second resolution re-booked the review once more");
            (await cli.RunAsync(kit.Path, "note", "INC-42", "both out", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
            var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(kit.IncidentDirectory("INC-42"), "incident.json"))).RootElement;
            var pir = json.GetProperty("notifications").EnumerateArray().Where(n => n.GetProperty("audience").GetString() == EscalationEngine.PirAudience).ToList();
            pir.Count.ShouldBe(2);
            pir.ShouldAllBe(n => n.GetProperty("state").GetString() == "sent");
            pir.ShouldAllBe(n => n.GetProperty("deliveries").GetArrayLength() == 1);
        }
        finally
        {
            Environment.SetEnvironmentVariable("FB_REOPEN_HOOK", null);
        }
    }

    [Fact]
    public async Task Resolve_AfterReopenBeforeTheFirstInvitationWasGiven_LeavesTheInvitationToTheEngineOnce()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());
        cli.Time.Advance(TimeSpan.FromMinutes(30));
        (await cli.RunAsync(kit.Path, "resolve", "INC-42", "--summary", "rolled back", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        cli.Time.Advance(TimeSpan.FromMinutes(5));
        (await cli.RunAsync(kit.Path, "reopen", "INC-42", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        cli.Time.Advance(TimeSpan.FromMinutes(5));
        (await cli.RunAsync(kit.Path, "resolve", "INC-42", "--summary", "again", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        (await cli.RunAsync(kit.Path, "tick", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());

        var invitation = (await LoadAsync(kit)).OfType<Notified>().Where(n => n.Audience == EscalationEngine.PirAudience).ShouldHaveSingleItem();
        invitation.Sequence.ShouldBeNull();
        invitation.Reason.ShouldContain($"policy deadline {Md.Time(cli.Time.GetUtcNow().AddDays(1))}");
    }

    [Fact]
    public async Task Status_MonitoringTwice_RefusedWithOneLineAndNothingChanged()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());
        cli.Time.Advance(TimeSpan.FromMinutes(5));
        (await cli.RunAsync(kit.Path, "status", "INC-42", "mitigating", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        (await cli.RunAsync(kit.Path, "status", "INC-42", "monitoring", "--as", "Alex Kim", "--at", LiveCommandRunner.Iso(cli.Time.GetUtcNow()), "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        (await cli.RunAsync(kit.Path, "status", "INC-42", "monitoring", "--as", "Alex Kim", "--at", LiveCommandRunner.Iso(cli.Time.GetUtcNow()), "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        var before = await SnapshotAsync(kit);
        cli.Time.Advance(TimeSpan.FromMinutes(5));

        (await cli.RunAsync(kit.Path, "status", "INC-42", "monitoring", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(2);

        cli.ErrorLines.ShouldHaveSingleItem().ShouldContain("INC-42 is already monitoring (since 2026-11-25T20:05:00Z, Alex Kim)");
        (await SnapshotAsync(kit)).ShouldBe(before);
        (await LoadAsync(kit)).OfType<WorkingStatusSet>().ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Status_MonitoringAfterANewMitigation_RecordedAgain()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());
        cli.Time.Advance(TimeSpan.FromMinutes(5));
        (await cli.RunAsync(kit.Path, "status", "INC-42", "mitigating", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        (await cli.RunAsync(kit.Path, "status", "INC-42", "monitoring", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        cli.Time.Advance(TimeSpan.FromMinutes(5));
        (await cli.RunAsync(kit.Path, "status", "INC-42", "investigating", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        (await cli.RunAsync(kit.Path, "status", "INC-42", "mitigating", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        cli.Time.Advance(TimeSpan.FromMinutes(5));

        (await cli.RunAsync(kit.Path, "status", "INC-42", "monitoring", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());

        (await LoadAsync(kit)).OfType<WorkingStatusSet>().Count().ShouldBe(2);
    }

    [Theory]
    [InlineData("resolve", "--summary", "rolled back")]
    [InlineData("status", "mitigating", null)]
    [InlineData("mitigate", "--strategy", "hotfix")]
    public async Task StatusChange_AtBeforeTheLatestStatusChange_RefusedWithOneLineAndNothingChanged(string verb, string first, string? second)
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());
        cli.Time.Advance(TimeSpan.FromMinutes(30));
        (await cli.RunAsync(kit.Path, "status", "INC-42", "investigating", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        var before = await SnapshotAsync(kit);
        cli.Time.Advance(TimeSpan.FromMinutes(5));

        // When a person records the change as of 20:25, before the incident went back to INVESTIGATING at 20:30
        string[] args = [verb, "INC-42", first, .. second is null ? Array.Empty<string>() : [second], "--as", "Alex Kim", "--at", "2026-11-25T20:25:00Z", "--project", kit.Path];
        (await cli.RunAsync(kit.Path, args)).ShouldBe(2);

        cli.ErrorLines.ShouldHaveSingleItem().ShouldContain("it became INVESTIGATING later, at 2026-11-25T20:30:00Z (Alex Kim); a status change cannot be recorded before the latest one");
        (await SnapshotAsync(kit)).ShouldBe(before);
    }

    [Fact]
    public async Task Reopen_AtBeforeTheResolution_RefusedWithOneLineAndNothingChanged()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());
        cli.Time.Advance(TimeSpan.FromMinutes(30));
        (await cli.RunAsync(kit.Path, "resolve", "INC-42", "--summary", "rolled back", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        var before = await SnapshotAsync(kit);
        cli.Time.Advance(TimeSpan.FromMinutes(5));

        (await cli.RunAsync(kit.Path, "reopen", "INC-42", "--as", "Alex Kim", "--at", "2026-11-25T20:20:00Z", "--project", kit.Path)).ShouldBe(2);

        cli.ErrorLines.ShouldHaveSingleItem().ShouldContain("it became RESOLVED later, at 2026-11-25T20:30:00Z (Alex Kim)");
        (await SnapshotAsync(kit)).ShouldBe(before);
    }

    [Fact]
    public async Task Declare_Json_PrintsOneJsonObjectWithWhatWasInferred()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);

        (await cli.RunAsync(kit.Path, "declare", "checkout fails for most users", "--json", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());

        var json = JsonDocument.Parse(cli.Console.Output).RootElement;
        json.GetProperty("id").GetString().ShouldBe("INC-20261125-1");
        json.GetProperty("reported_priority").GetString().ShouldBe("P1");
        json.GetProperty("priority").GetString().ShouldNotBeNullOrEmpty();
        json.GetProperty("components")[0].GetString().ShouldBe("checkout-api");
        json.GetProperty("inferences")[0].GetString()!.ShouldContain("severity P1 from \"most users\"");
    }

    [Theory]
    [InlineData("P5")]
    [InlineData("p9")]
    public async Task Declare_SeverityOutsideP0ToP3_ExitTwoAndNothingDeclared(string severity)
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);

        (await cli.RunAsync(kit.Path, "declare", "checkout errors", severity, "--project", kit.Path)).ShouldBe(2);

        cli.ErrorLines.ShouldHaveSingleItem().ShouldContain($"severity '{severity}' is not one of P0, P1, P2, P3");
        File.Exists(FlowRequest.StorePath(kit.Path)).ShouldBeFalse();
    }

    [Fact]
    public async Task Declare_TwoDifferentSeverities_ExitTwo()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);

        (await cli.RunAsync(kit.Path, "declare", "P1", "checkout errors", "P0", "--project", kit.Path)).ShouldBe(2);

        cli.ErrorLines.ShouldHaveSingleItem().ShouldContain("two severities given (P1 and P0)");
    }

    [Theory]
    [InlineData("canary checkout deploys", "Ken Ito", "2026-12-05T00:00:00Z", "already tracks \"Canary checkout deploys\" as A1 (detect, P1, Dana Wu, due 2026-12-05T00:00:00Z)")]
    [InlineData("Feature-flag the discount", "Dana Wu", "2026-11-20T00:00:00Z", "--due 2026-11-20T00:00:00Z is before the action is recorded (2026-11-25T20:05:00Z)")]
    public async Task ActionAdd_SameTitleOtherOwnerOrDueBeforeRecorded_RefusedWithOneLineAndNothingChanged(string title, string owner, string due, string expected)
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());
        cli.Time.Advance(TimeSpan.FromMinutes(5));
        (await cli.RunAsync(kit.Path, "action", "add", "INC-42", "Canary checkout deploys", "--owner", "Dana Wu", "--due", "2026-12-05T00:00:00Z", "--type", "detect", "--priority", "P1", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        var before = await SnapshotAsync(kit);

        (await cli.RunAsync(kit.Path, "action", "add", "INC-42", title, "--owner", owner, "--due", due, "--type", "detect", "--priority", "P1", "--project", kit.Path)).ShouldBe(2);

        cli.ErrorLines.ShouldHaveSingleItem().ShouldContain(expected);
        (await SnapshotAsync(kit)).ShouldBe(before);
    }

    private static async Task<string> SnapshotAsync(Kit kit)
    {
        var directory = kit.IncidentDirectory("INC-42");
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(directory, f)}:{Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}");
        var events = (await LoadAsync(kit)).Count;
        return $"{events} events; {string.Join("; ", files)}";
    }

    private static async Task<IReadOnlyList<IncidentEvent>> LoadAsync(Kit kit)
    {
        await using var store = SqliteIncidentStore.Open(FlowRequest.StorePath(kit.Path));
        return await store.LoadAsync(new IncidentId("INC-42"));
    }
}
