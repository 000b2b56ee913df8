using System.Diagnostics;
using Firebreak.Core;
using Firebreak.Response;
using Firebreak.Storage;

namespace Firebreak.Cli.Tests;

/// <summary>A real firebreak tick killed (SIGKILL) while it delivers: the next tick finishes the job, each message sent once by the outbox.</summary>
public sealed class LiveKilledTickTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Tick_KilledWhileDelivering_NextTickDeliversEachMessageOnce()
    {
        using var receiver = new HookReceiver(holding: true);
        using var kit = KitBuilder.CheckoutRegression(Now, mitigation: "notify:\n  webhook: {url_env: FB_KILLED_TICK_HOOK}").Build();
        (await new Cli(Now).RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0);

        // Given a real tick that performs the due items, then hangs on the receiver's first request and is killed there
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = kit.Path, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(RespondCommand).Assembly.Location);
        info.ArgumentList.Add("tick");
        info.ArgumentList.Add("--project");
        info.ArgumentList.Add(kit.Path);
        info.Environment["FB_KILLED_TICK_HOOK"] = receiver.Url;
        info.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        using (var process = Process.Start(info)!)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            var first = await Task.WhenAny(receiver.FirstRequest, process.WaitForExitAsync());
            if (first != receiver.FirstRequest)
            {
                // Only now may the test wait for stderr: it ends when the child does.
                throw new ShouldAssertException($"the tick ended before delivering: {await stderr}");
            }

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await Task.WhenAll(stdout, stderr);
        }

        var storePath = FlowRequest.StorePath(kit.Path);
        using var database = LiveDatabase.Open(storePath);
        var outbox = new SqliteOutbox(database);
        var left = await outbox.ListAsync("INC-42");
        left.ShouldNotBeEmpty();
        left.ShouldAllBe(m => m.State == OutboxStates.Drafted);
        var performed = (await new SqliteWorkQueue(database).ListAsync("INC-42")).Where(w => w.State == WorkStates.Done).Select(w => w.Key).ToList();
        var eventsBefore = await CountAsync(storePath);

        // When the next tick runs once the killed tick's claims have lapsed
        receiver.Answer = true;
        var next = new Cli(TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(5));
        Environment.SetEnvironmentVariable("FB_KILLED_TICK_HOOK", receiver.Url);
        try
        {
            (await next.RunAsync(kit.Path, "tick", "--project", kit.Path)).ShouldBe(0, next.Error.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("FB_KILLED_TICK_HOOK", null);
        }

        // Then every message is sent once, what the killed tick performed is not performed again, and no event is doubled
        // (the tick's re-render may queue notices the respond flow decides only now; they wait for the next tick)
        var after = (await outbox.ListAsync("INC-42")).ToDictionary(m => m.Key, StringComparer.Ordinal);
        left.ShouldAllBe(m => after[m.Key].State == OutboxStates.Sent && after[m.Key].Attempts == 1);
        var sent = after.Values.Where(m => m.State == OutboxStates.Sent).Select(m => m.Key).Order(StringComparer.Ordinal).ToList();
        receiver.Keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ShouldBe(sent);
        receiver.Keys.Count.ShouldBe(sent.Count);
        var work = await new SqliteWorkQueue(database).ListAsync("INC-42");
        work.Where(w => performed.Contains(w.Key)).ShouldAllBe(w => w.State == WorkStates.Done && w.Attempts == 1);
        await using var store = SqliteIncidentStore.Open(storePath);
        var events = await store.LoadAsync(new IncidentId("INC-42"));
        events.Select(e => e.DedupKey).ShouldBeUnique();
        events.Count.ShouldBeGreaterThanOrEqualTo(eventsBefore);
    }

    private static async Task<int> CountAsync(string storePath)
    {
        await using var store = SqliteIncidentStore.Open(storePath);
        return (await store.LoadAsync(new IncidentId("INC-42"))).Count;
    }
}
