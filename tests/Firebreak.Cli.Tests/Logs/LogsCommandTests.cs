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
