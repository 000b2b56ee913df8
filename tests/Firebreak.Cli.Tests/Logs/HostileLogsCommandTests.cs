using System.IO.Compression;
using System.Text;
using Spectre.Console.Testing;

namespace Firebreak.Cli.Tests;

/// <summary>Issue 11 reproductions on <c>firebreak logs</c>: outputs that destroy inputs, bad output paths, long lines, binary and compressed inputs.</summary>
public sealed class HostileLogsCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fb-hostile-logs-" + Guid.NewGuid().ToString("N"));

    public HostileLogsCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Templates_OutIsTheInput_RefusesAndKeepsTheLog()
    {
        var log = WriteLog("app.log");
        var before = await File.ReadAllBytesAsync(log);
        using var error = new StringWriter();

        var code = await LogsCommand.RunAsync(["templates", log, "--out", log], new TestConsole(), error, CancellationToken.None);

        code.ShouldBe(ExitCodes.BadInput);
        error.ToString().ShouldContain("is one of the input logs");
        (await File.ReadAllBytesAsync(log)).ShouldBe(before);
    }

    [Fact]
    public async Task Templates_OutIsALinkToTheInput_RefusesAndKeepsTheLog()
    {
        var log = WriteLog("app.log");
        var link = Path.Combine(_dir, "out.csv");
        File.CreateSymbolicLink(link, log);
        var before = await File.ReadAllBytesAsync(log);
        using var error = new StringWriter();

        var code = await LogsCommand.RunAsync(["templates", log, "--out", link], new TestConsole(), error, CancellationToken.None);

        code.ShouldBe(ExitCodes.BadInput);
        (await File.ReadAllBytesAsync(log)).ShouldBe(before);
    }

    [Theory]
    [InlineData("directory")]
    [InlineData("missing-folder")]
    public async Task Templates_OutNotAFilePath_ExitsTwoWithOneLine(string kind)
    {
        var log = WriteLog("app.log");
        var output = kind == "directory" ? _dir : Path.Combine(_dir, "nope", "out.csv");
        using var error = new StringWriter();

        var code = await LogsCommand.RunAsync(["templates", log, "--out", output], new TestConsole(), error, CancellationToken.None);

        code.ShouldBe(ExitCodes.BadInput);
        error.ToString().TrimEnd().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task Templates_Out_WritesNoTemporaryFileBeside()
    {
        var log = WriteLog("app.log");
        var output = Path.Combine(_dir, "out.csv");

        var code = await LogsCommand.RunAsync(["templates", log, "--out", output], new TestConsole(), new StringWriter(), CancellationToken.None);

        code.ShouldBe(ExitCodes.Ok);
        Directory.GetFiles(_dir).Select(Path.GetFileName).Order().ShouldBe(["app.log", "out.csv"]);
    }

    [Fact]
    public async Task Templates_LineOf300KiB_RunsAndSaysItWasCut()
    {
        var log = Path.Combine(_dir, "long.log");
        await File.WriteAllTextAsync(log, "first line\n" + new string('q', 300 * 1024) + "\nlast line\n");
        var console = new TestConsole();

        var code = await LogsCommand.RunAsync(["templates", log], console, new StringWriter(), CancellationToken.None);

        code.ShouldBe(ExitCodes.Ok);
        console.Output.ShouldContain("1 lines cut at 64 KiB");
    }

    [Fact]
    public async Task Templates_OnlyABinaryFile_ExitsTwoSayingWhy()
    {
        var path = Path.Combine(_dir, "garbage.log");
        await File.WriteAllBytesAsync(path, [0, 1, 2, 27, (byte)'[', (byte)'2', (byte)'J', 10, 0xFF, 0xFE, 7, 10]);
        using var error = new StringWriter();

        var code = await LogsCommand.RunAsync(["templates", path], new TestConsole(), error, CancellationToken.None);

        code.ShouldBe(ExitCodes.BadInput);
        error.ToString().ShouldContain("binary content");
        error.ToString().ShouldNotContain('\u001b');
    }

    [Fact]
    public async Task Templates_DirectoryWithRotatedAndCompressedLogs_ReadsThemOldestFirst()
    {
        var folder = Path.Combine(_dir, "logs");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "app.log"), "2026-11-25 INFO third\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "app.log.1"), "2026-11-24 INFO second\n");
        await File.WriteAllBytesAsync(Path.Combine(folder, "app.log.2.gz"), Gzip("2026-11-23 INFO first\n"));
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.md"), "not a log\n");
        var csv = Path.Combine(_dir, "out.csv");

        var code = await LogsCommand.RunAsync(["templates", folder, "--format", "<Date> <Level> <Content>", "--out", csv], new TestConsole(), new StringWriter(), CancellationToken.None);

        code.ShouldBe(ExitCodes.Ok);
        File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',')[2]).ShouldBe(["first", "second", "third"]);
    }

    [Fact]
    public async Task Templates_EmptyDirectoryOrEmptyFile_SaysSo()
    {
        var empty = Path.Combine(_dir, "empty");
        Directory.CreateDirectory(empty);
        var emptyLog = Path.Combine(_dir, "empty.log");
        await File.WriteAllTextAsync(emptyLog, string.Empty);
        using var error = new StringWriter();
        var console = new TestConsole();

        (await LogsCommand.RunAsync(["templates", empty], new TestConsole(), error, CancellationToken.None)).ShouldBe(ExitCodes.BadInput);
        (await LogsCommand.RunAsync(["templates", emptyLog], console, new StringWriter(), CancellationToken.None)).ShouldBe(ExitCodes.Ok);

        error.ToString().ShouldContain("holds no log files");
        console.Output.ShouldContain("empty");
    }

    [Fact]
    public async Task Templates_FormatMissingLines_CountsAndCitesTheFirst()
    {
        var log = Path.Combine(_dir, "mixed.log");
        await File.WriteAllLinesAsync(log, ["2026-11-25 INFO a started", "garbage without the header", "2026-11-25 INFO b started"]);
        using var error = new StringWriter();

        var code = await LogsCommand.RunAsync(["templates", log, "--format", @"<Date> <Level> \[<Thread>\] <Content>"], new TestConsole(), error, CancellationToken.None);

        code.ShouldBe(ExitCodes.Ok);
        error.ToString().ShouldContain("3 of 3 lines do not match --format");
        error.ToString().ShouldContain($"{log}:1");
    }

    [Fact]
    public async Task Templates_UncompilableFormat_ExitsTwoWithReason()
    {
        using var error = new StringWriter();

        var code = await LogsCommand.RunAsync(["templates", WriteLog("app.log"), "--format", "<Date> (<Level> <Content>"], new TestConsole(), error, CancellationToken.None);

        code.ShouldBe(ExitCodes.BadInput);
        error.ToString().ShouldContain("not a valid regular expression");
    }

    private string WriteLog(string name)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, ["2026-11-25 INFO connection from 10.0.0.1 closed", "2026-11-25 ERROR disk full on /dev/sda1"]);
        return path;
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }
}
