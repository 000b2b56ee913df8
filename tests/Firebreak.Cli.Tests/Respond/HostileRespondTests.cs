using Firebreak.Core;
using Firebreak.Response;
using Firebreak.Storage;

namespace Firebreak.Cli.Tests;

/// <summary>Issue 11 at the command line: what an attacker or a careless operator gives <c>firebreak respond</c>.</summary>
public sealed class HostileRespondTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("fb-hostile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Respond_CommitOutsideEveryComponentPath_RunsAndAttributesItToNoComponent()
    {
        using var kit = new KitBuilder(Now)
            .Config("service: shop\ncomponents:\n  - {name: checkout-api, owner: Dana Wu, paths: [src/checkout/]}\n")
            .Commit(TimeSpan.FromHours(3), "Dana Wu <dana@example.invalid>", "docs: fix a typo", new() { ["docs/README.md"] = "# docs\n" })
            .Build();
        var cli = new Cli(Now);

        var code = await cli.RunAsync(kit.Path, "respond", "INC-1", kit.Path);

        cli.Error.ToString().ShouldNotContain("Sequence contains no elements");
        code.ShouldBe(0);
    }

    [Fact]
    public async Task Respond_PlainRepositoryWithOneCommitAndNoConfig_Runs()
    {
        using var kit = new KitBuilder(Now)
            .Commit(TimeSpan.FromHours(1), "Dana Wu <dana@example.invalid>", "init", new() { ["foo.txt"] = "x\n" })
            .Build();
        System.IO.File.Delete(Path.Combine(kit.Path, "firebreak.yaml"));
        var cli = new Cli(Now);

        var code = await cli.RunAsync(kit.Path, "respond", "INC-1", kit.Path);

        cli.Error.ToString().ShouldNotContain("Sequence contains no elements");
        code.ShouldBe(0);
    }

    [Fact]
    public async Task Respond_EmptyProjectArgument_ExitTwoAndWriteNothing()
    {
        var cli = new Cli(Now);

        var code = await cli.RunAsync(_dir, "respond", "INC-1", string.Empty);

        code.ShouldBe(2);
        cli.ErrorLines.ShouldHaveSingleItem().ShouldContain("empty");
        Directory.EnumerateFileSystemEntries(_dir).ShouldBeEmpty();
    }

    [Fact]
    public async Task Respond_FileGivenAsTheProjectDirectory_SaysItIsAFile()
    {
        await System.IO.File.WriteAllTextAsync(Path.Combine(_dir, "shop.txt"), "x");
        var cli = new Cli(Now);

        var code = await cli.RunAsync(_dir, "respond", "INC-1", "shop.txt");

        code.ShouldBe(2);
        cli.ErrorLines.ShouldHaveSingleItem().ShouldContain("is a file, not a directory");
    }

    [Fact]
    public async Task Respond_ConfigNestedTooDeep_ExitTwoWithOneLine()
    {
        await System.IO.File.WriteAllTextAsync(Path.Combine(_dir, "firebreak.yaml"), "x: " + new string('[', 50_000) + new string(']', 50_000) + "\n");
        var cli = new Cli(Now);

        var code = await cli.RunAsync(_dir, "respond", "INC-1", ".");

        code.ShouldBe(2);
        cli.ErrorLines.ShouldHaveSingleItem().ShouldContain("levels deep");
    }

    [Fact]
    public async Task Respond_SecretsInEvidence_NeverReachTheRecordTheStoreOrTheConsole()
    {
        const string google = "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe";
        const string keyBody = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ";
        using var kit = KitBuilder.CheckoutRegression(Now)
            .Deploy(TimeSpan.FromMinutes(12), ("component", "checkout-api"), ("kind", "config"), ("key", "maps"), ("description", $"maps key {google} rotated \u001b]0;pwned\u0007"))
            .File("logs/keys.log", $"{KitBuilder.Iso(Now.AddMinutes(-10))} ERROR [checkout-api] loaded\n-----BEGIN OPENSSH PRIVATE KEY-----\n{keyBody}\n-----END OPENSSH PRIVATE KEY-----\n")
            .Build();
        var cli = new Cli(Now);

        (await cli.RunAsync(kit.Path, "respond", "INC-9", kit.Path)).ShouldBe(0);

        var written = Directory.EnumerateFiles(kit.Path, "*", SearchOption.AllDirectories)
            .Where(f => f.Contains(".aiwg", StringComparison.Ordinal))
            .Select(f => (File: f, Text: System.IO.File.ReadAllText(f, System.Text.Encoding.Latin1)))
            .ToList();
        written.ShouldNotBeEmpty();
        foreach (var (file, text) in written)
        {
            text.ShouldNotContain(google, customMessage: file);
            text.ShouldNotContain(keyBody, customMessage: file);
            text.ShouldNotContain("\u001b]0;", customMessage: file);
        }

        cli.Console.Output.ShouldNotContain(google);
        cli.Console.Output.ShouldNotContain("\u001b]0;");
    }

    [Fact]
    public async Task Respond_RerunsWhileTheLogsGrow_RecordTheLogEvidenceOncePerFinding()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        (await new Cli(Now).RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0);
        var log = Path.Combine(kit.Path, "logs", "checkout-api.log");

        // Three re-runs, each after more lines of templates the first run already saw.
        for (var run = 1; run <= 3; run++)
        {
            await System.IO.File.AppendAllTextAsync(log, string.Concat(Enumerable.Range(0, 20).Select(i =>
                $"{KitBuilder.Iso(Now.AddMinutes(run).AddSeconds(i))} INFO  [checkout-api] POST /api/checkout/{10000 + i} 500 12ms\n")));
            var cli = new Cli(Now.AddMinutes(run + 1));
            (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());
        }

        (await LogEvidenceAsync(kit)).Count.ShouldBe(1);
        var audit = await System.IO.File.ReadAllTextAsync(Path.Combine(kit.IncidentDirectory("INC-42"), "logs", "audit-log.md"));
        audit.Split("Evidence collected: logs").Length.ShouldBe(2, audit);

        // A template that was not there before changes the finding: that is recorded.
        await System.IO.File.AppendAllTextAsync(log, string.Concat(Enumerable.Range(0, 40).Select(i =>
            $"{KitBuilder.Iso(Now.AddMinutes(4).AddSeconds(i))} ERROR [checkout-api] Payment gateway timed out after 30000ms for order {10000 + i}\n")));
        var last = new Cli(Now.AddMinutes(5));
        (await last.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, last.Error.ToString());

        (await LogEvidenceAsync(kit)).Count.ShouldBe(2);
    }

    private static async Task<List<EvidenceCollected>> LogEvidenceAsync(Kit kit)
    {
        await using var store = SqliteIncidentStore.Open(FlowRequest.StorePath(kit.Path));
        return [.. (await store.LoadAsync(new IncidentId("INC-42"))).OfType<EvidenceCollected>().Where(e => e.Source == "logs")];
    }
}
