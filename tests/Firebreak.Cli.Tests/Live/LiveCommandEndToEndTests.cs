using System.Text.Json;

namespace Firebreak.Cli.Tests;

/// <summary>The live commands through the real command line on a kit: respond, then people drive the incident.</summary>
public sealed class LiveCommandEndToEndTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Live_AckUpdateResolveReviewActions_DrivesTheIncidentAndRerendersTheRecord()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0);
        cli.Time.Advance(TimeSpan.FromMinutes(5));

        (await cli.RunAsync(kit.Path, "ack", "INC-42", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        (await cli.RunAsync(kit.Path, "update", "INC-42", "Checkout errors; rolling back 3.8.0", "--as", "Jo Lee", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        cli.Time.Advance(TimeSpan.FromMinutes(10));
        (await cli.RunAsync(kit.Path, "resolve", "INC-42", "--summary", "rolled back to 3.7.2", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        cli.Time.Advance(TimeSpan.FromDays(1));
        (await cli.RunAsync(kit.Path, "review", "INC-42", "--held-at", "2026-11-26T15:00:00Z", "--attendees", "Alex Kim, Rita Gomez", "--as", "Rita Gomez", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        (await cli.RunAsync(kit.Path, "action", "add", "INC-42", "Canary checkout deploys", "--owner", "Dana Wu", "--due", "2026-12-05T00:00:00Z", "--type", "detect", "--priority", "P1", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        (await cli.RunAsync(kit.Path, "action", "done", "INC-42", "A1", "--as", "Dana Wu", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());

        var timeline = await File.ReadAllTextAsync(Path.Combine(kit.IncidentDirectory("INC-42"), "timeline.md"));
        timeline.ShouldContain("Alex Kim");
        var reader = new Cli(cli.Time.GetUtcNow());
        (await reader.RunAsync(kit.Path, "show", "INC-42", "--json", "--project", kit.Path)).ShouldBe(0);
        var json = JsonDocument.Parse(reader.Console.Output).RootElement;
        json.GetProperty("status").GetString().ShouldBe("CLOSED");
        json.GetProperty("acknowledged_by").GetString().ShouldBe("Alex Kim");
        json.GetProperty("actions")[0].GetProperty("done_at").ValueKind.ShouldBe(JsonValueKind.String);
    }

    [Fact]
    public async Task Live_RefusedTransitions_ExitTwoWithOneLineAndChangeNothing()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0);
        (await cli.RunAsync(kit.Path, "ack", "INC-42", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        var db = Path.Combine(kit.Path, ".aiwg", "incidents", "firebreak.db");
        var before = await EventCountAsync(db);

        (await cli.RunAsync(kit.Path, "ack", "INC-42", "--as", "Sam Ortiz", "--project", kit.Path)).ShouldBe(2);
        (await cli.RunAsync(kit.Path, "note", "INC-42", "hello", "--as", "Mallory", "--project", kit.Path)).ShouldBe(2);
        (await cli.RunAsync(kit.Path, "action", "done", "INC-42", "A3", "--project", kit.Path)).ShouldBe(2);
        (await cli.RunAsync(kit.Path, "note", "INC-42", "later", "--at", "2026-11-25T21:00:00Z", "--project", kit.Path)).ShouldBe(2);
        (await cli.RunAsync(kit.Path, "status", "INC-42", "sleeping", "--project", kit.Path)).ShouldBe(2);

        cli.ErrorLines.Length.ShouldBe(5);
        cli.ErrorLines.ShouldAllBe(l => l.StartsWith("firebreak: "));
        cli.ErrorLines[0].ShouldContain("already acknowledged by Alex Kim");
        cli.ErrorLines[1].ShouldContain("not in the roster");
        cli.ErrorLines[2].ShouldContain("no action A3");
        cli.ErrorLines[3].ShouldContain("in the future");
        (await EventCountAsync(db)).ShouldBe(before);
    }

    private static async Task<int> EventCountAsync(string db)
    {
        using var store = Firebreak.Storage.SqliteIncidentStore.Open(db);
        return (await store.LoadAsync(new Firebreak.Core.IncidentId("INC-42"))).Count;
    }

    [Fact]
    public async Task Declare_Words_NextIdInferredSeverityAndComponentThenRespond()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);

        (await cli.RunAsync(kit.Path, "declare", "checkout fails for most users", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        (await cli.RunAsync(kit.Path, "declare", "search is slow", "P3", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());

        var output = cli.Console.Output;
        output.ShouldContain("declared INC-20261125-1");
        output.ShouldContain("severity P1 from \"most users\"");
        output.ShouldContain("component named: checkout-api");
        output.ShouldContain("declared INC-20261125-2");
        File.Exists(Path.Combine(kit.IncidentDirectory("INC-20261125-1"), "incident.json")).ShouldBeTrue();
        (await cli.RunAsync(kit.Path, "declare", "--project", kit.Path)).ShouldBe(2);
    }
}
