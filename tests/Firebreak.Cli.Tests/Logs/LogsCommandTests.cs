using Spectre.Console.Testing;

namespace Firebreak.Cli.Tests;

public sealed class LogsCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fb-logscli-" + Guid.NewGuid().ToString("N"));

    public LogsCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RunAsync_NoOut_PrintsSummaryTable()
    {
        var log = WriteLog();
        var console = new TestConsole();
        using var error = new StringWriter();

        var code = await LogsCommand.RunAsync(["templates", log], console, error, CancellationToken.None);

        code.ShouldBe(ExitCodes.Ok);
        console.Output.ShouldContain("connection from <*> closed");
        console.Output.ShouldContain("3 lines, 3 records, 2 templates");
        error.ToString().ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_WithFormatAndOut_WritesOneRowPerLine()
    {
        var log = WriteLog();
        var csv = Path.Combine(_dir, "out.csv");
        using var error = new StringWriter();

        var code = await LogsCommand.RunAsync(["templates", log, "--format", "<Date> <Level> <Content>", "--out", csv], new TestConsole(), error, CancellationToken.None);

        code.ShouldBe(ExitCodes.Ok);
        File.ReadAllLines(csv).ShouldBe(
        [
            "LineId,EventId,EventTemplate",
            "1,E1,connection from <*> closed",
            "2,E1,connection from <*> closed",
            "3,E2,disk full on <*>",
        ]);
    }

    [Theory]
    [InlineData("missing", "does not exist")]
    [InlineData("--bogus", "unknown option")]
    [InlineData("--format", "needs a value")]
    public async Task RunAsync_BadInput_ExitsTwoWithOneLine(string argument, string message)
    {
        var log = WriteLog();
        string[] args = argument == "missing" ? ["templates", Path.Combine(_dir, "nope.log")] : ["templates", log, argument];
        using var error = new StringWriter();

        var code = await LogsCommand.RunAsync(args, new TestConsole(), error, CancellationToken.None);

        code.ShouldBe(ExitCodes.BadInput);
        error.ToString().ShouldContain(message);
        error.ToString().TrimEnd().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_BadFormat_ExitsTwo()
    {
        using var error = new StringWriter();

        var code = await LogsCommand.RunAsync(["templates", WriteLog(), "--format", "<Date> <Level>"], new TestConsole(), error, CancellationToken.None);

        code.ShouldBe(ExitCodes.BadInput);
        error.ToString().ShouldContain("bad --format");
    }

    [Fact]
    public async Task RunAsync_UnknownSubcommand_ExitsTwo()
    {
        using var error = new StringWriter();

        var code = await LogsCommand.RunAsync(["stats"], new TestConsole(), error, CancellationToken.None);

        code.ShouldBe(ExitCodes.BadInput);
    }

    [Fact]
    public async Task Changes_Onset_ListsNewSurgingAndStoppedWithCountsAndFirstLine()
    {
        var lines = new List<string>();
        var start = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
        for (var m = 0; m < 60; m++)
        {
            lines.Add($"{start.AddMinutes(m):yyyy-MM-ddTHH:mm:ssZ} INFO request {m} served");
            lines.Add($"{start.AddMinutes(m):yyyy-MM-ddTHH:mm:ss}Z INFO heartbeat from node {m % 3}");
            if (m < 30)
            {
                lines.Add($"{start.AddMinutes(m):yyyy-MM-ddTHH:mm:ssZ} INFO cache refreshed in {m} ms");
            }
            else
            {
                lines.Add($"{start.AddMinutes(m):yyyy-MM-ddTHH:mm:ssZ} ERROR payment failed for order {m}");
            }
        }

        var log = Path.Combine(_dir, "shop.log");
        await File.WriteAllLinesAsync(log, lines);
        var console = new TestConsole();
        console.Profile.Width = 300;
        using var error = new StringWriter();

        var code = await LogsCommand.RunAsync(["changes", log, "--onset", "2026-11-25T09:30:00Z"], console, error, CancellationToken.None);

        code.ShouldBe(ExitCodes.Ok);
        var output = console.Output;
        output.ShouldContain("NEW");
        output.ShouldContain("payment failed for order <*>");
        output.ShouldContain($"{log}:93");
        output.ShouldContain("STOPPED");
        output.ShouldContain("cache refreshed in <*> ms");
        output.ShouldNotContain("heartbeat");
        output.ShouldContain("1 new, 0 surging, 1 stopped");
    }

    [Fact]
    public async Task Changes_Window_ComparesTheWindowWithBeforeAndLeavesAfterOut()
    {
        var lines = new List<string>();
        var start = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
        for (var m = 0; m < 90; m++)
        {
            lines.Add($"{start.AddMinutes(m):yyyy-MM-ddTHH:mm:ssZ} INFO request {m} served");
            if (m is >= 30 and < 60)
            {
                lines.Add($"{start.AddMinutes(m):yyyy-MM-ddTHH:mm:ssZ} ERROR payment failed for order {m}");
            }
            else if (m > 60)
            {
                lines.Add($"{start.AddMinutes(m):yyyy-MM-ddTHH:mm:ssZ} WARN rollback of release {m} done");
            }
        }

        var log = Path.Combine(_dir, "shop.log");
        await File.WriteAllLinesAsync(log, lines);
        var console = new TestConsole();
        console.Profile.Width = 300;
        using var error = new StringWriter();

        var code = await LogsCommand.RunAsync(["changes", log, "--window", "2026-11-25T09:30:00Z..2026-11-25T10:00:00Z"], console, error, CancellationToken.None);

        code.ShouldBe(ExitCodes.Ok, error.ToString());
        console.Output.ShouldContain("payment failed for order <*>");
        console.Output.ShouldContain($"{log}:32");
        console.Output.ShouldNotContain("rollback");
        console.Output.ShouldContain("1 new, 0 surging, 0 stopped");
    }

    [Fact]
    public async Task Templates_SeveralFilesAndAGlob_MinesThemAllAndCitesFileAndLine()
    {
        var web = Path.Combine(_dir, "web");
        Directory.CreateDirectory(web);
        await File.WriteAllLinesAsync(Path.Combine(web, "a.log"), ["2026-11-25 INFO cache warmed in 3 ms", "2026-11-25 INFO cache warmed in 4 ms"]);
        await File.WriteAllLinesAsync(Path.Combine(web, "b.log"), ["2026-11-25 ERROR disk full on /dev/sda1"]);
        await File.WriteAllLinesAsync(Path.Combine(web, "b.txt.bak"), ["2026-11-25 ERROR not matched by the glob"]);
        var console = new TestConsole();
        console.Profile.Width = 300;

        var code = await LogsCommand.RunAsync(["templates", WriteLog(), Path.Combine(web, "*.log")], console, new StringWriter(), CancellationToken.None);

        code.ShouldBe(ExitCodes.Ok);
        console.Output.ShouldContain("6 lines, 6 records, 3 templates; 3 files");
        console.Output.ShouldContain($"{Path.Combine(web, "a.log")}:1");
        console.Output.ShouldContain($"{WriteLog()}:3");
        console.Output.ShouldNotContain("not matched");
    }

    [Theory]
    [InlineData("--onset", "1-1")]
    [InlineData("--window", "2026-11-25T10:00:00Z..2026-11-25T09:00:00Z")]
    public async Task Changes_BadTime_ExitsTwo(string option, string value)
    {
        using var error = new StringWriter();

        var code = await LogsCommand.RunAsync(["changes", WriteLog(), option, value], new TestConsole(), error, CancellationToken.None);

        code.ShouldBe(ExitCodes.BadInput);
        error.ToString().TrimEnd().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task Templates_ExplainFormat_PrintsACopyableFormat()
    {
        var console = new TestConsole();
        console.Profile.Width = 300;

        var code = await LogsCommand.RunAsync(["templates", WriteLog(), "--explain-format"], console, new StringWriter(), CancellationToken.None);

        code.ShouldBe(ExitCodes.Ok);
        console.Output.ShouldContain("--format '<Date> <Level> <Content>'");
    }

    private string WriteLog()
    {
        var path = Path.Combine(_dir, "app.log");
        File.WriteAllLines(path,
        [
            "2026-11-25 INFO connection from 10.0.0.1 closed",
            "2026-11-25 INFO connection from 10.0.0.2 closed",
            "2026-11-25 ERROR disk full on /dev/sda1",
        ]);
        return path;
    }
}
