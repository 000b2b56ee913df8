using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;

namespace Firebreak.Cli.Tests;

/// <summary>Issue 11 item 8: a real <c>firebreak respond</c> killed while writing artifacts; the next runs know the files it wrote as their own.</summary>
public sealed class HostileArtifactKillTests
{
    [Fact]
    public async Task Respond_KilledAfterWritingArtifactsBeforeItsManifest_NextRunsRecogniseTheirOwnOutput()
    {
        var now = TimeProvider.System.GetUtcNow();
        using var kit = KitBuilder.CheckoutRegression(now).Build();
        var dir = kit.IncidentDirectory("INC-8");

        // Every artifact is renamed into place (incident.json is the last), then the process dies before the writer's manifest.
        var killed = await RunTestHostKilledAfterArtifactAsync(kit.Path, "incident.json", "respond", "INC-8", kit.Path);

        killed.ShouldNotBe(0);
        File.Exists(Path.Combine(dir, "incident.json")).ShouldBeTrue();
        var note = await RunFirebreakAsync(kit.Path, "note", "INC-8", "Rollback approved by the incident commander", "--as", "Alex Kim", "--project", kit.Path);
        var again = await RunFirebreakAsync(kit.Path, "respond", "INC-8", kit.Path, "--json");

        note.Code.ShouldBe(0, note.Error);
        again.Code.ShouldBe(0, again.Error);
        Directory.EnumerateFiles(dir, "*firebreak-new*", SearchOption.AllDirectories).ShouldBeEmpty();
        (await File.ReadAllTextAsync(Path.Combine(dir, "timeline.md"))).ShouldContain("Rollback approved by the incident commander");
        // incident.json is the one this run wrote (the manifest's hash), and --json printed it.
        var onDisk = await File.ReadAllBytesAsync(Path.Combine(dir, "incident.json"));
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, ".firebreak", "manifest.json")));
        manifest.RootElement.GetProperty("files").GetProperty("incident.json").GetString().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(onDisk)));
        JsonDocument.Parse(again.Output).RootElement.GetRawText().ShouldBe(JsonDocument.Parse(onDisk).RootElement.GetRawText());
        (note.Output + again.Output).ShouldNotContain("edited");
    }

    private static async Task<(int Code, string Output, string Error)> RunFirebreakAsync(string directory, params string[] args)
    {
        var info = Start(directory, typeof(RespondCommand).Assembly.Location, args);
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs the test host (the real command line with a fault the test owns), waits until <paramref name="artifact"/> is written, then kills it.</summary>
    private static async Task<int> RunTestHostKilledAfterArtifactAsync(string directory, string artifact, params string[] args)
    {
        var info = Start(directory, Path.Combine(AppContext.BaseDirectory, "Firebreak.Cli.TestHost.dll"), ["--hang-after-artifact", artifact, .. args]);
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line == $"wrote {artifact}")
            {
                process.Kill(entireProcessTree: true);
                break;
            }
        }

        await process.WaitForExitAsync(timeout.Token);
        await stdout;
        return process.ExitCode;
    }

    private static ProcessStartInfo Start(string directory, string assembly, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(assembly);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        return info;
    }
}
