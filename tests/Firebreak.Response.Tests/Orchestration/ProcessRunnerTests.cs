using Firebreak.Evidence;

namespace Firebreak.Response.Tests;

public sealed class ProcessRunnerTests
{
    [Fact]
    public async Task RunAsync_ScriptInProject_RunsWithArgumentsUnsplitAndCapturesOutput()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "ops"));
        var script = Path.Combine(dir.Path, "ops", "echo.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho \"args=$#:$1\"\necho oops >&2\nexit 4\n");
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await new ProcessRunner().RunAsync(["./ops/echo.sh", "two words; rm -rf /"], dir.Path, TimeSpan.FromSeconds(30), CancellationToken.None);

        result.ExitCode.ShouldBe(4);
        result.Succeeded.ShouldBeFalse();
        result.StandardOutput.ShouldBe("args=1:two words; rm -rf /\n");
        result.StandardError.ShouldBe("oops\n");
    }

    [Fact]
    public async Task RunAsync_CommandOutlivesTimeout_IsKilledAndReportedAsTimedOut()
    {
        using var dir = new TempDir();

        var result = await new ProcessRunner().RunAsync(["sleep", "30"], dir.Path, TimeSpan.FromMilliseconds(200), CancellationToken.None);

        result.TimedOut.ShouldBeTrue();
        result.Succeeded.ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_MissingProgram_ReportsStartError()
    {
        using var dir = new TempDir();

        var result = await new ProcessRunner().RunAsync(["./ops/missing.sh"], dir.Path, TimeSpan.FromSeconds(5), CancellationToken.None);

        result.StartError.ShouldNotBeNull();
        result.Succeeded.ShouldBeFalse();
    }
}

public sealed class EvidenceVaultTests
{
    [Fact]
    public async Task PreserveAsync_Files_CopiesThemWithSha256SumsManifest()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "logs"));
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "logs", "app.log"), "hello\n");
        var incident = Path.Combine(dir.Path, ".aiwg", "incidents", "INC-1");

        var preserved = await EvidenceVault.PreserveAsync(dir.Path, incident, ["logs/app.log", "missing.json", "../outside"], CancellationToken.None);

        // sha256("hello\n")
        const string Hash = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";
        preserved.Copies.ShouldBe([new PreservedCopy("logs/app.log", "../../evidence/INC-1/logs/app.log", Hash, Hash, "logs/logs/app.log")]);
        (await File.ReadAllTextAsync(Path.Combine(incident, "logs", "SHA256SUMS"))).ShouldBe($"{Hash}  logs/app.log\n");
        (await File.ReadAllTextAsync(Path.Combine(incident, "logs", "logs", "app.log"))).ShouldBe("hello\n");
        (await File.ReadAllTextAsync(Path.Combine(dir.Path, ".aiwg", "evidence", "INC-1", "SHA256SUMS"))).ShouldBe($"{Hash}  logs/app.log\n");
    }

    [Fact]
    public async Task PreserveAsync_SecretInLog_CopyIsRedactedAndOriginalHashIsKept()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "logs"));
        const string Line = "2026-11-25T19:40:00Z ERROR [auth] payee added token=sk_live_abcdEFGH1234567890\n";
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "logs", "auth.log"), Line);
        var incident = Path.Combine(dir.Path, ".aiwg", "incidents", "INC-1");

        await EvidenceVault.PreserveAsync(dir.Path, incident, ["logs/auth.log"], CancellationToken.None);

        var copy = await File.ReadAllTextAsync(Path.Combine(incident, "logs", "logs", "auth.log"));
        copy.ShouldNotContain("sk_live_abcdEFGH1234567890");
        copy.ShouldStartWith("2026-11-25T19:40:00Z ERROR [auth] payee added");
        (await File.ReadAllTextAsync(Path.Combine(dir.Path, ".aiwg", "evidence", "INC-1", "logs", "auth.log"))).ShouldBe(Line);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(Path.Combine(dir.Path, ".aiwg", "evidence", "INC-1", "logs", "auth.log")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var original = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Line)));
        (await File.ReadAllTextAsync(Path.Combine(incident, "logs", "ORIGINALS.SHA256SUMS"))).ShouldBe($"{original}  logs/auth.log\n");
    }

    [Fact]
    public async Task PreserveAsync_ManifestExists_KeepsTheOriginalRecord()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "deploys.jsonl"), "first\n");
        var incident = Path.Combine(dir.Path, ".aiwg", "incidents", "INC-1");
        var first = await EvidenceVault.PreserveAsync(dir.Path, incident, ["deploys.jsonl"], CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "deploys.jsonl"), "tampered\n");

        var second = await EvidenceVault.PreserveAsync(dir.Path, incident, ["deploys.jsonl"], CancellationToken.None);

        second.Files.ShouldBe(first.Files);
        (await File.ReadAllTextAsync(Path.Combine(incident, "logs", "deploys.jsonl"))).ShouldBe("first\n");
        (await File.ReadAllTextAsync(Path.Combine(dir.Path, ".aiwg", "evidence", "INC-1", "deploys.jsonl"))).ShouldBe("first\n");
    }

    [Fact]
    public async Task PreserveAsync_LogsFolderIsASymlink_RefusesToWriteThroughIt()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempDir();
        using var elsewhere = new TempDir();
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "deploys.jsonl"), "x\n");
        var incident = Path.Combine(dir.Path, ".aiwg", "incidents", "INC-1");
        Directory.CreateDirectory(incident);
        Directory.CreateSymbolicLink(Path.Combine(incident, "logs"), elsewhere.Path);

        var error = await Should.ThrowAsync<UnsafeArtifactPathException>(() => EvidenceVault.PreserveAsync(dir.Path, incident, ["deploys.jsonl"], CancellationToken.None));

        error.Message.ShouldContain("symbolic link");
        Directory.EnumerateFileSystemEntries(elsewhere.Path).ShouldBeEmpty();
    }
}
