using System.Diagnostics;

namespace Firebreak.Evidence.Tests;

/// <summary>Issue 11 items 3 and 10: commands that outlive their timeout, flood their output, or hide in the project.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HostileProcessRunnerTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("fb-proc-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task RunAsync_BackgroundChildKeepsThePipeOpen_ReturnsAtTheTimeoutAndKillsTheChild()
    {
        var watch = Stopwatch.StartNew();

        var result = await new ProcessRunner().RunAsync(["sh", "-c", "sleep 600 & echo $!"], _dir.FullName, TimeSpan.FromSeconds(3), CancellationToken.None);

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(12));
        result.TimedOut.ShouldBeTrue();
        result.Succeeded.ShouldBeFalse();
        var child = int.Parse(result.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Alive(child).ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_CancelledLikeCtrlC_StopsTheCommandAndItsChildren()
    {
        var pidFile = Path.Combine(_dir.FullName, "pid");
        using var cancel = new CancellationTokenSource();
        var run = new ProcessRunner().RunAsync(["sh", "-c", $"sleep 600 & echo $! > '{pidFile}'; wait"], _dir.FullName, TimeSpan.FromMinutes(10), cancel.Token);
        var watch = Stopwatch.StartNew();
        while (!File.Exists(pidFile) || new FileInfo(pidFile).Length == 0)
        {
            watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
            await Task.Yield();
        }

        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(run);
        Alive(int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture)).ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_FloodOfOutput_KeepsHeadAndTailAndSaysTruncated()
    {
        var runner = new ProcessRunner(new ProcessRunnerOptions(HeadChars: 1000, TailChars: 1000));

        var result = await runner.RunAsync(["sh", "-c", "echo START; yes | head -c 5000000; echo; echo END"], _dir.FullName, TimeSpan.FromSeconds(30), CancellationToken.None);

        result.ExitCode.ShouldBe(0);
        result.OutputTruncated.ShouldBeTrue();
        result.StandardOutput.Length.ShouldBeLessThan(2100);
        result.StandardOutput.ShouldStartWith("START");
        result.StandardOutput.TrimEnd().ShouldEndWith("END");
        result.StandardOutput.ShouldContain("characters truncated");
    }

    [Fact]
    public async Task RunAsync_BareNameOnlyInTheProjectDirectory_IsNotRun()
    {
        var planted = Path.Combine(_dir.FullName, "fb-planted-kubectl");
        await File.WriteAllTextAsync(planted, "#!/bin/sh\ntouch pwned\n");
        File.SetUnixFileMode(planted, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await new ProcessRunner().RunAsync(["fb-planted-kubectl"], _dir.FullName, TimeSpan.FromSeconds(5), CancellationToken.None);

        result.StartError.ShouldNotBeNull();
        result.StartError.ShouldContain("not found on PATH");
        File.Exists(Path.Combine(_dir.FullName, "pwned")).ShouldBeFalse();
    }

    [Fact]
    public void Resolve_PathWithEmptyAndRelativeEntries_NeverSearchesTheCurrentDirectory()
    {
        var planted = Path.Combine(_dir.FullName, "fb-planted-tool");
        File.WriteAllText(planted, "#!/bin/sh\n");
        File.SetUnixFileMode(planted, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        ProcessRunner.Resolve("fb-planted-tool", _dir.FullName, $":.:{Path.GetFileName(_dir.FullName)}").ShouldBeNull();
        ProcessRunner.Resolve("fb-planted-tool", _dir.FullName, _dir.FullName).ShouldBe(planted);
    }

    [Fact]
    public async Task RunAsync_BareName_ReportsTheBinaryFromPath()
    {
        var result = await new ProcessRunner().RunAsync(["sh", "-c", "exit 0"], _dir.FullName, TimeSpan.FromSeconds(10), CancellationToken.None);

        result.Succeeded.ShouldBeTrue();
        result.ResolvedPath.ShouldNotBeNull();
        Path.IsPathRooted(result.ResolvedPath).ShouldBeTrue();
        Path.GetFileName(result.ResolvedPath).ShouldBe("sh");
    }

    /// <summary>True while the process exists and is not a zombie.</summary>
    private static bool Alive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
