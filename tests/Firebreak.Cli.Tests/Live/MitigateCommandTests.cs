using System.Text.Json;
using Firebreak.Core;
using Firebreak.Storage;

namespace Firebreak.Cli.Tests;

/// <summary>firebreak mitigate through the real command line: a person's decision is recorded as decided; --execute runs it through step 6.</summary>
public sealed class MitigateCommandTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    private const string Rollback = """
        mitigation:
          rollback: "./ops/rollback.sh {component} {previous_version}"
          validation_window: 5m
        """;

    [Fact]
    public async Task Mitigate_ChosenByAPerson_RecordSaysWhoAndWhenAndNotExecuted()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0);
        cli.Time.Advance(TimeSpan.FromMinutes(5));

        var code = await cli.RunAsync(kit.Path, "mitigate", "INC-42", "--strategy", "config-change", "--detail", "turn the loyalty discount flag off", "--as", "Rita Gomez", "--project", kit.Path);

        code.ShouldBe(0, cli.Error.ToString());
        cli.Console.Output.ShouldContain("mitigation strategy config-change (was rollback) decided by Rita Gomez");
        var events = await LoadAsync(kit);
        events.OfType<MitigationDecided>().Single().Actor.ShouldBe("Rita Gomez");
        events.OfType<MitigationStarted>().ShouldBeEmpty();
        var dir = kit.IncidentDirectory("INC-42");
        var report = await File.ReadAllTextAsync(Path.Combine(dir, "mitigation-report.md"));
        report.ShouldContain("chosen by Rita Gomez at 2026-11-25T20:05:00Z: turn the loyalty discount flag off");
        report.ShouldContain("Not executed");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "incident.json")));
        json.RootElement.GetProperty("mitigation").GetProperty("executed").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Mitigate_BadInput_ExitTwoWithOneLineAndNothingChanges()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0);
        var before = (await LoadAsync(kit)).Count;

        (await cli.RunAsync(kit.Path, "mitigate", "INC-42", "--strategy", "teleport", "--project", kit.Path)).ShouldBe(2);
        (await cli.RunAsync(kit.Path, "mitigate", "INC-42", "--project", kit.Path)).ShouldBe(2);
        (await cli.RunAsync(kit.Path, "mitigate", "INC-42", "--strategy", "hotfix", "--execute", "--project", kit.Path)).ShouldBe(2);
        (await cli.RunAsync(kit.Path, "mitigate", "INC-42", "--strategy", "rollback", "--as", "Mallory", "--project", kit.Path)).ShouldBe(2);

        cli.ErrorLines.Length.ShouldBe(4);
        cli.ErrorLines[0].ShouldContain("not a known strategy");
        cli.ErrorLines[1].ShouldContain("--strategy");
        cli.ErrorLines[2].ShouldContain("no mitigation.hotfix command is configured");
        cli.ErrorLines[3].ShouldContain("not in the roster");
        (await LoadAsync(kit)).Count.ShouldBe(before);
    }

    [Fact]
    public async Task Mitigate_Execute_RunsTheCommandWithIntentAndOutcomeAndMovesToMitigating()
    {
        using var kit = KitBuilder.CheckoutRegression(Now, Rollback)
            .File("ops/rollback.sh", "#!/bin/sh\necho \"rolling back $1 to $2\"\n", executable: true)
            .Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0);

        var run = cli.RunAsync(kit.Path, "mitigate", "INC-42", "--strategy", "rollback", "--execute", "--as", "Rita Gomez", "--project", kit.Path);
        while (!run.IsCompleted)
        {
            cli.Time.Advance(TimeSpan.FromSeconds(30));
            await Task.Delay(5);
        }

        (await run).ShouldBe(0, cli.Error.ToString());
        var events = await LoadAsync(kit);
        var decided = events.OfType<MitigationDecided>().Single();
        var started = events.OfType<MitigationStarted>().Single();
        var executed = events.OfType<MitigationExecuted>().Single();
        started.Strategy.ShouldBe(MitigationStrategy.Rollback);
        started.At.ShouldBeGreaterThanOrEqualTo(decided.At);
        executed.Succeeded.ShouldBeTrue();
        events.OfType<StatusChanged>().ShouldContain(s => s.To == IncidentStatus.Mitigating);
        var log = Directory.GetFiles(Path.Combine(kit.IncidentDirectory("INC-42"), "actions"), "*-rollback.log").ShouldHaveSingleItem();
        (await File.ReadAllTextAsync(log)).ShouldContain("rolling back checkout-api to 3.7.2");
    }

    private static async Task<IReadOnlyList<IncidentEvent>> LoadAsync(Kit kit)
    {
        await using var store = SqliteIncidentStore.Open(Firebreak.Response.FlowRequest.StorePath(kit.Path));
        return await store.LoadAsync(new IncidentId("INC-42"));
    }
}
