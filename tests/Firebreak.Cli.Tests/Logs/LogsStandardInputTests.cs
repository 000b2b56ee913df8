using System.Diagnostics;
using System.IO.Compression;
using System.Text;

namespace Firebreak.Cli.Tests;

/// <summary>`firebreak logs templates -` as a real child process: a compressed log piped through standard input, without a format.</summary>
public sealed class LogsStandardInputTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fb-logs-stdin-" + Guid.NewGuid().ToString("N"));

    public LogsStandardInputTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Templates_GzipSyslogOnStandardInputWithoutFormat_DetectsTheHeaderBeforeMining()
    {
        var csv = Path.Combine(_dir, "out.csv");

        var (code, _, stderr) = await RunAsync(Gzip(SyslogLines()), "logs", "templates", "-", "--out", csv);

        code.ShouldBe(ExitCodes.Ok, stderr);
        var templates = File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',', 3)[2]).Distinct().ToList();
        templates.ShouldBe(["queue <*> drained in <*> ms", "worker <*> restarted"], ignoreOrder: true);
    }

    [Fact]
    public async Task Templates_ExplainFormatOfStandardInput_PrintsTheDetectedFormat()
    {
        var (code, stdout, stderr) = await RunAsync(Encoding.UTF8.GetBytes(string.Join('\n', SyslogLines())), "logs", "templates", "-", "--explain-format");

        code.ShouldBe(ExitCodes.Ok, stderr);
        // The console may wrap the line at a space; each piece of the format stays whole.
        stdout.ShouldContain("-: --format '<Month>");
        stdout.ShouldContain(@"<Component>\[<Pid>\]:");
    }

    private static IEnumerable<string> SyslogLines()
    {
        for (var i = 0; i < 60; i++)
        {
            yield return i % 5 == 4
                ? $"Mar  {1 + (i % 9)} 10:{i:00}:01 build-host-{i % 3} supervisor[{200 + i}]: worker {i} restarted"
                : $"Mar  {1 + (i % 9)} 10:{i:00}:00 build-host-{i % 3} indexd[{100 + i}]: queue {i} drained in {i * 3} ms";
        }
    }

    private static byte[] Gzip(IEnumerable<string> lines)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        }

        return buffer.ToArray();
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(byte[] input, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(RespondCommand).Assembly.Location);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(input);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
