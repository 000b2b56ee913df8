using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Firebreak.Core;
using Firebreak.Response;
using Firebreak.Storage;

namespace Firebreak.Cli.Tests;

/// <summary>firebreak respond on kits with real evidence, a real git history and the real SQLite store.</summary>
public sealed partial class RespondEndToEndTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    private static readonly string[] Required =
    [
        "incident-record.md", "timeline.md", "triage-assessment.md", "root-cause-analysis.md", "mitigation-report.md",
        "post-incident-review.md", "preventive-actions.md", "pir-meeting-invite.md", "runbook-update-recommendation.md",
        "knowledge-base-article.md", "diagnostics/tier1-data.md", "communications/initial-alert.md",
        "communications/status-page-update.md", "incident.json",
    ];

    private const string Rollback = """
        mitigation:
          rollback: "./ops/rollback.sh {component} {previous_version}"
          validation_window: 5m
        """;

    private const string RollbackScript = "#!/bin/sh\necho \"rolling back $1 to $2\"\nif [ -f .aiwg/incidents/$FB_ID/logs/SHA256SUMS ]; then echo evidence-preserved; fi\n";

    [Fact]
    public async Task Respond_CheckoutKit_TriagesBlamesTheDeployAndWritesEveryArtifact()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var before = Snapshot(kit.Path);
        var cli = new Cli(Now);

        var code = await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path, "--no-color");

        code.ShouldBe(0, cli.Error.ToString());
        var dir = kit.IncidentDirectory("INC-42");
        foreach (var artifact in Required)
        {
            new FileInfo(Path.Combine(dir, artifact)).Length.ShouldBeGreaterThan(100, artifact);
        }

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "incident.json")));
        var root = json.RootElement;
        root.GetProperty("id").GetString().ShouldBe("INC-42");
        root.GetProperty("priority").GetString().ShouldBe("P0");
        root.GetProperty("status").GetString().ShouldBe("IDENTIFIED");
        var suspected = root.GetProperty("suspected_change").GetProperty("ref").GetString();
        suspected.ShouldBeOneOf(kit.Refs["culprit"], "3.8.0");
        root.GetProperty("mitigation").GetProperty("strategy").GetString().ShouldBe("rollback");
        root.GetProperty("mitigation").GetProperty("executed").GetBoolean().ShouldBeFalse();
        root.GetProperty("detected_at").GetDateTimeOffset().ShouldBe(Now.AddMinutes(-12));
        Placeholders(dir).ShouldBeEmpty();
        Snapshot(kit.Path).ShouldBe(before);

        var output = cli.Console.Output;
        output.ShouldContain("✓ Incident INC-42 logged");
        output.ShouldContain("✓ Priority assigned: P0");
        output.ShouldContain("⏳ Implementing mitigation strategy: rollback...");
        output.ShouldContain("Incident Response Record: INC-42 (still open)");
        output.ShouldContain("Overall Status: IDENTIFIED");
        output.ShouldNotContain("\u001b[");
    }

    [Fact]
    public async Task Respond_SecondRun_AppendsNoEventsAndLeavesArtifactsUnchanged()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0);
        var first = Hashes(kit.IncidentDirectory("INC-42"));
        var events = await LoadAsync(kit, "INC-42");

        (await new Cli(Now).RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0);

        (await LoadAsync(kit, "INC-42")).Count.ShouldBe(events.Count);
        Hashes(kit.IncidentDirectory("INC-42")).ShouldBe(first);
        events.Select(e => e.DedupKey).ShouldBeUnique();
    }

    [Fact]
    public async Task Respond_EditedArtifact_IsKeptAndTheNewVersionIsNamed()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        (await new Cli(Now).RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0);
        var record = Path.Combine(kit.IncidentDirectory("INC-42"), "incident-record.md");
        await File.AppendAllTextAsync(record, "\nNote from Rita: customer support informed.\n");
        var cli = new Cli(Now);
        cli.Time.Advance(TimeSpan.FromMinutes(40));

        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0);

        (await File.ReadAllTextAsync(record)).ShouldContain("Note from Rita");
        cli.Console.Output.ShouldContain("Kept your edited incident-record.md");
    }

    [Fact]
    public async Task Respond_AtBeforeTheAlert_ReplaysTheIncidentAsItWasThen()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var at = KitBuilder.Iso(Now.AddMinutes(-16));
        var detected = KitBuilder.Iso(Now.AddMinutes(-17));
        var cli = new Cli(Now);

        var code = await cli.RunAsync(kit.Path, "respond", "INC-7", kit.Path, "--at", at, "--detected-at", detected, "--description", "checkout errors reported by support");

        code.ShouldBe(0, cli.Error.ToString());
        var dir = kit.IncidentDirectory("INC-7");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "incident.json")));
        json.RootElement.GetProperty("detected_at").GetDateTimeOffset().ShouldBe(Now.AddMinutes(-17));
        (await File.ReadAllTextAsync(Path.Combine(dir, "incident-record.md"))).ShouldNotContain("CheckoutHighErrorRate");
        (await File.ReadAllTextAsync(Path.Combine(dir, "incident-record.md"))).ShouldContain("checkout errors reported by support");
    }

    [Fact]
    public async Task Respond_InteractiveAnswersPiped_AsksEightQuestionsAndTakesTheSecurityPath()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now)
        {
            Input = "checkout fails for most customers\n70%\n20 minutes ago\ncheckout-api 3.8.0 deploy\nyes, customer card data may have leaked\nrevenue loss on every order\nexperienced\nerror budget exhausted\n",
        };

        var code = await cli.RunAsync(kit.Path, "respond", "INC-8", kit.Path, "--interactive");

        code.ShouldBe(0, cli.Error.ToString());
        for (var q = 1; q <= 8; q++)
        {
            cli.Console.Output.ShouldContain($"Q{q}: {InteractiveInterview.Questions[q - 1].Question}");
        }

        File.Exists(Path.Combine(kit.IncidentDirectory("INC-8"), "logs", "SHA256SUMS")).ShouldBeTrue();
        File.Exists(Path.Combine(kit.IncidentDirectory("INC-8"), "communications", "executive-notification.md")).ShouldBeTrue();
    }

    [Fact]
    public async Task Respond_SecurityGuidanceWithExecute_PreservesEvidenceBeforeTheRollbackRuns()
    {
        using var kit = KitBuilder.CheckoutRegression(Now, Rollback, recoversIn: TimeSpan.FromMinutes(1))
            .File("ops/rollback.sh", RollbackScript.Replace("$FB_ID", "INC-9", StringComparison.Ordinal), executable: true)
            .Build();
        var cli = new Cli(Now);

        var code = await RunAdvancingAsync(cli, kit.Path, "respond", "INC-9", kit.Path, "--guidance", "Security incident suspected, preserve forensics before mitigation", "--execute");

        code.ShouldBe(0, cli.Error.ToString());
        var dir = kit.IncidentDirectory("INC-9");
        var manifest = await File.ReadAllLinesAsync(Path.Combine(dir, "logs", "SHA256SUMS"));
        manifest.ShouldContain(l => l.EndsWith("  deploys.jsonl", StringComparison.Ordinal));
        foreach (var line in manifest)
        {
            var (hash, file) = (line[..64], line[66..]);
            Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(dir, "logs", file)))).ShouldBe(hash);
        }

        var events = (await LoadAsync(kit, "INC-9")).ToList();
        events.FindIndex(e => e is EvidencePreserved).ShouldBeLessThan(events.FindIndex(e => e is MitigationExecuted));
        var output = events.OfType<MitigationExecuted>().Single().OutputFile;
        (await File.ReadAllTextAsync(Path.Combine(dir, output))).ShouldContain("evidence-preserved");
    }

    [Fact]
    public async Task Respond_ExecuteRollbackAndMetricsRecover_ResolvesAfterTheValidationWindow()
    {
        using var kit = KitBuilder.CheckoutRegression(Now, Rollback, recoversIn: TimeSpan.FromMinutes(1))
            .File("ops/rollback.sh", RollbackScript, executable: true)
            .Build();
        var cli = new Cli(Now);

        var code = await RunAdvancingAsync(cli, kit.Path, "respond", "INC-10", kit.Path, "--execute");

        code.ShouldBe(0, cli.Error.ToString());
        var dir = kit.IncidentDirectory("INC-10");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "incident.json")));
        json.RootElement.GetProperty("status").GetString().ShouldBe("RESOLVED", cli.Console.Output);
        json.RootElement.GetProperty("mitigation").GetProperty("executed").GetBoolean().ShouldBeTrue();
        File.Exists(Path.Combine(dir, "communications", "resolution-notification.md")).ShouldBeTrue();
        var log = Directory.GetFiles(Path.Combine(dir, "actions"), "*-rollback.log").ShouldHaveSingleItem();
        (await File.ReadAllTextAsync(log)).ShouldContain("rolling back checkout-api to 3.7.2");
        cli.Console.Output.ShouldContain("Incident RESOLVED");
    }

    [Fact]
    public async Task Respond_Json_PrintsIncidentJsonOnly()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);

        (await cli.RunAsync(kit.Path, "respond", "INC-11", kit.Path, "--json")).ShouldBe(0);

        using var json = JsonDocument.Parse(cli.Console.Output);
        json.RootElement.GetProperty("id").GetString().ShouldBe("INC-11");
    }

    [Fact]
    public async Task Respond_ProcessKilledAfterStep3_RerunCompletesWithConsistentRecord()
    {
        var now = TimeProvider.System.GetUtcNow();
        using var kit = KitBuilder.CheckoutRegression(now).Build();

        var crashed = await RunChildKilledAfterStepAsync(kit.Path, 3, "respond", "INC-12", kit.Path);

        crashed.ShouldNotBe(0);
        var dir = kit.IncidentDirectory("INC-12");
        File.Exists(Path.Combine(dir, "incident-record.md")).ShouldBeFalse();
        var partial = await LoadAsync(kit, "INC-12");
        partial.OfType<IncidentDetected>().ShouldHaveSingleItem();
        partial.OfType<StatusChanged>().Last().To.ShouldBe(IncidentStatus.Investigating);
        partial.OfType<MitigationChosen>().ShouldBeEmpty();

        (await RunChildAsync(kit.Path, ("DOTNET_gcServer", "0"), "respond", "INC-12", kit.Path)).ShouldBe(0);

        var events = await LoadAsync(kit, "INC-12");
        events.Take(partial.Count).Select(e => e.DedupKey).ShouldBe(partial.Select(e => e.DedupKey));
        events.Select(e => e.DedupKey).ShouldBeUnique();
        events.OfType<IncidentDetected>().ShouldHaveSingleItem();
        events.OfType<MitigationChosen>().ShouldHaveSingleItem();
        foreach (var artifact in Required)
        {
            File.Exists(Path.Combine(dir, artifact)).ShouldBeTrue(artifact);
        }
    }

    private static async Task<int> RunAdvancingAsync(Cli cli, string directory, params string[] args)
    {
        var run = cli.RunAsync(directory, args);
        while (!run.IsCompleted)
        {
            cli.Time.Advance(TimeSpan.FromSeconds(30));
            await Task.Delay(5);
        }

        return await run;
    }

    private static async Task<int> RunChildAsync(string directory, (string Key, string Value) env, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(RespondCommand).Assembly.Location);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment[env.Key] = env.Value;
        info.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(stdout, stderr);
        return process.ExitCode;
    }

    /// <summary>Runs the test host (the real command line with a fault the test owns), waits until step <paramref name="step"/> is stored, then kills it.</summary>
    private static async Task<int> RunChildKilledAfterStepAsync(string directory, int step, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Firebreak.Cli.TestHost.dll"));
        info.ArgumentList.Add("--hang-after-step");
        info.ArgumentList.Add(step.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line == $"stored step {step}")
            {
                process.Kill(entireProcessTree: true);
                break;
            }
        }

        await process.WaitForExitAsync(timeout.Token);
        await stdout;
        return process.ExitCode;
    }

    private static async Task<IReadOnlyList<IncidentEvent>> LoadAsync(Kit kit, string id)
    {
        await using var store = SqliteIncidentStore.Open(FlowRequest.StorePath(kit.Path));
        return await store.LoadAsync(new IncidentId(id));
    }

    private static Dictionary<string, string> Hashes(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal);

    private static List<string> Snapshot(string root) =>
        [.. Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => !f.StartsWith(".aiwg", StringComparison.Ordinal) && !f.StartsWith(".git" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    private static List<string> Placeholders(string dir) =>
        [.. Directory.GetFiles(dir, "*.md", SearchOption.AllDirectories)
            .SelectMany(f => Placeholder().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetFileName(f)}:{m.Value}"))];

    [GeneratedRegex(@"\{(incident-id|P0/P1/P2/P3|YYYY-MM-DD[^}]*|HH:MM[^}]*|TBD[^}]*|[a-z]+(-[a-z]+)+)\}")]
    private static partial Regex Placeholder();
}
