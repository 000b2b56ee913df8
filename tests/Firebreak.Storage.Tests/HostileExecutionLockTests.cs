using System.Diagnostics;
using Firebreak.Core;

namespace Firebreak.Storage.Tests;

/// <summary>Issue 11 item 7: one mitigation execution per incident at a time, with stale locks taken over.</summary>
public sealed class HostileExecutionLockTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 19, 0, 0, TimeSpan.Zero);
    private static readonly IncidentId Inc1 = new("INC-1");
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task TryAcquireExecution_TwoLiveRunsFromTwoStores_OnlyTheFirstGetsIt()
    {
        await using var first = SqliteIncidentStore.Open(_temp.PathOf());
        await using var second = SqliteIncidentStore.Open(_temp.PathOf());
        var me = Holder(Environment.ProcessId, T0);

        var results = await Task.WhenAll(
            first.TryAcquireExecutionAsync(Inc1, me),
            second.TryAcquireExecutionAsync(Inc1, me with { AcquiredAt = T0.AddSeconds(1) }));

        results.Count(r => r is null).ShouldBe(1);
        results.Single(r => r is not null)!.Pid.ShouldBe(Environment.ProcessId);
    }

    [Fact]
    public async Task TryAcquireExecution_HolderProcessOfThisHostIsDead_TakesTheStaleLockOver()
    {
        await using var store = SqliteIncidentStore.Open(_temp.PathOf());
        using var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await gone.WaitForExitAsync();
        (await store.TryAcquireExecutionAsync(Inc1, Holder(gone.Id, T0))).ShouldBeNull();

        var taken = await store.TryAcquireExecutionAsync(Inc1, Holder(Environment.ProcessId, T0.AddMinutes(1)));

        taken.ShouldBeNull();
    }

    [Fact]
    public async Task TryAcquireExecution_OtherHostsLeaseRanOut_TakesItOverAndReleaseFreesIt()
    {
        await using var store = SqliteIncidentStore.Open(_temp.PathOf());
        var elsewhere = Holder(1, T0) with { Host = "another-host" };
        (await store.TryAcquireExecutionAsync(Inc1, elsewhere)).ShouldBeNull();
        (await store.TryAcquireExecutionAsync(Inc1, Holder(Environment.ProcessId, T0.AddMinutes(5)))).ShouldBe(elsewhere);

        var me = Holder(Environment.ProcessId, elsewhere.HeldUntil);
        (await store.TryAcquireExecutionAsync(Inc1, me)).ShouldBeNull();
        await store.ReleaseExecutionAsync(Inc1, me);

        (await store.TryAcquireExecutionAsync(Inc1, Holder(Environment.ProcessId, T0.AddMinutes(1)))).ShouldBeNull();
    }

    private static ExecutionHolder Holder(int pid, DateTimeOffset at) => new(pid, Environment.MachineName, at, at.AddMinutes(30));
}
