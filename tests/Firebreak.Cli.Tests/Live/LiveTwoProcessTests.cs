using System.Diagnostics;
using System.Text.Json;
using Firebreak.Core;
using Firebreak.Response;
using Firebreak.Storage;

namespace Firebreak.Cli.Tests;

/// <summary>Two real firebreak processes act on one incident at once (two updates, an ack and a tick): nothing lost, nothing doubled, down to the receiver.</summary>
public sealed class LiveTwoProcessTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TwoProcesses_UpdatesAckAndTickAtOnce_NothingLostNothingDoubled()
    {
        using var receiver = new HookReceiver();
        using var kit = KitBuilder.CheckoutRegression(Now, mitigation: "notify:\n  webhook: {url_env: FB_TWO_PROCESS_HOOK}").Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());

        // Given four real processes started together on the same incident
        var results = await Task.WhenAll(
            RunAsync(kit.Path, receiver.Url, "update", "INC-42", "We are investigating checkout errors.", "--as", "Jo Lee", "--project", kit.Path),
            RunAsync(kit.Path, receiver.Url, "update", "INC-42", "A rollback of checkout-api is under way.", "--as", "Jo Lee", "--project", kit.Path),
            RunAsync(kit.Path, receiver.Url, "ack", "INC-42", "--as", "Alex Kim", "--project", kit.Path),
            RunAsync(kit.Path, receiver.Url, "tick", "--project", kit.Path));
        results.ShouldAllBe(r => r.ExitCode == 0, string.Join("\n", results.Select(r => r.Error)));

        // When one more tick delivers what the racing tick did not see
        var last = await RunAsync(kit.Path, receiver.Url, "tick", "--project", kit.Path);
        last.ExitCode.ShouldBe(0, last.Error);

        // Then both updates exist once each, numbered 1 and 2, and the acknowledgement once
        var events = await LoadAsync(kit);
        var updates = events.OfType<UpdatePosted>().OrderBy(u => u.Sequence).ToList();
        updates.Select(u => u.Sequence).ShouldBe([1, 2]);
        updates.Select(u => u.Text).Order(StringComparer.Ordinal).ShouldBe(["A rollback of checkout-api is under way.", "We are investigating checkout errors."]);
        events.OfType<Notified>().Where(n => n.Sequence is not null).Select(n => n.Sequence).Order().ShouldBe([1, 2]);
        events.OfType<IncidentAcknowledged>().Count().ShouldBe(1);
        events.Select(e => e.DedupKey).ShouldBeUnique();

        // And every outbox message was delivered exactly once, the receiver saw each key once
        using var database = LiveDatabase.Open(FlowRequest.StorePath(kit.Path));
        var outbox = await new SqliteOutbox(database).ListAsync("INC-42");
        outbox.ShouldContain(m => m.Key == "INC-42:update:1:webhook");
        outbox.ShouldContain(m => m.Key == "INC-42:update:2:webhook");
        outbox.ShouldAllBe(m => m.State == OutboxStates.Sent);
        receiver.Keys.Order(StringComparer.Ordinal).ShouldBe(outbox.Select(m => m.Key).Order(StringComparer.Ordinal));
        var work = await new SqliteWorkQueue(database).ListAsync("INC-42");
        work.Select(w => w.Key).ShouldBeUnique();

        // And the record, rendered again, shows each update sent with the channel's answer
        var rendered = await RunAsync(kit.Path, receiver.Url, "respond", "INC-42", kit.Path);
        rendered.ExitCode.ShouldBe(0, rendered.Error);
        var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(kit.IncidentDirectory("INC-42"), "incident.json"))).RootElement;
        var numbered = json.GetProperty("notifications").EnumerateArray().Where(n => n.TryGetProperty("sequence", out _)).ToList();
        numbered.Select(n => n.GetProperty("state").GetString()).ShouldBe(["sent", "sent"]);
        numbered[0].GetProperty("deliveries")[0].GetProperty("answer").GetString()!.ShouldStartWith("HTTP 200");
    }

    private static async Task<IReadOnlyList<IncidentEvent>> LoadAsync(Kit kit)
    {
        await using var store = SqliteIncidentStore.Open(FlowRequest.StorePath(kit.Path));
        return await store.LoadAsync(new IncidentId("INC-42"));
    }

    private static async Task<(int ExitCode, string Error)> RunAsync(string directory, string hook, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(RespondCommand).Assembly.Location);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["FB_TWO_PROCESS_HOOK"] = hook;
        info.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(stdout, stderr);
        return (process.ExitCode, $"firebreak {args[0]}: {await stderr}");
    }
}
