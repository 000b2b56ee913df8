using Firebreak.Core;

namespace Firebreak.Storage.Tests;

public sealed class SqliteWorkQueueTests
{
    private static readonly DateTimeOffset T0 = LiveFixture.T0;

    private static DuePlan Plan(params (string Key, int Minute)[] items) =>
        new("INC-1", T0, [.. items.Select(i => new DueItem(i.Key, DueKind.Notice, T0.AddMinutes(i.Minute), "test"))]);

    [Fact]
    public async Task SyncAsync_AddsRetimesAndCancelsPendingRows()
    {
        using var temp = new LiveTemp();
        using var database = LiveDatabase.Open(temp.PathOf());
        var work = new SqliteWorkQueue(database);

        (await work.SyncAsync(Plan(("a", 5), ("b", 10)), T0)).ShouldBe(new SyncResult(2, 0, 0));
        (await work.SyncAsync(Plan(("a", 5), ("b", 20)), T0)).ShouldBe(new SyncResult(0, 1, 0));
        (await work.SyncAsync(Plan(("b", 20)), T0)).ShouldBe(new SyncResult(0, 0, 1));
        // A key owed again (a reopened incident) is revived.
        (await work.SyncAsync(Plan(("a", 30), ("b", 20)), T0)).ShouldBe(new SyncResult(0, 1, 0));

        var rows = await work.ListAsync("INC-1");
        rows.Select(r => (r.Key, r.State, r.DueAt)).ShouldBe([("b", WorkStates.Pending, T0.AddMinutes(20)), ("a", WorkStates.Pending, T0.AddMinutes(30))]);
        (await work.NextDueAsync()).ShouldBe(T0.AddMinutes(20));
    }

    [Fact]
    public async Task SyncAsync_NeverTouchesDoneRows()
    {
        using var temp = new LiveTemp();
        using var database = LiveDatabase.Open(temp.PathOf());
        var work = new SqliteWorkQueue(database);
        await work.SyncAsync(Plan(("a", 0)), T0);
        var claim = (await work.ClaimAsync("e1", T0, TimeSpan.FromMinutes(1), 10)).Single();
        (await work.DecideAsync(claim, "{}", T0)).ShouldBeTrue();
        (await work.CompleteAsync(claim, T0)).ShouldBeTrue();

        await work.SyncAsync(Plan(), T0.AddMinutes(1));
        await work.SyncAsync(Plan(("a", 40)), T0.AddMinutes(1));

        var row = (await work.ListAsync("INC-1")).Single();
        row.State.ShouldBe(WorkStates.Done);
        row.DueAt.ShouldBe(T0);
        (await work.PerformedAsync("INC-1")).ShouldBe(new Dictionary<string, DateTimeOffset> { ["a"] = T0 });
    }

    [Fact]
    public async Task ClaimAsync_TwoEnginesOnOneFile_EachRowClaimedOnce()
    {
        using var temp = new LiveTemp();
        using var first = LiveDatabase.Open(temp.PathOf());
        using var second = LiveDatabase.Open(temp.PathOf());
        await new SqliteWorkQueue(first).SyncAsync(Plan([.. Enumerable.Range(0, 200).Select(i => ($"k{i}", i % 7))]), T0);

        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            new SqliteWorkQueue(i % 2 == 0 ? first : second).ClaimAsync($"e{i}", T0.AddMinutes(10), TimeSpan.FromMinutes(1), 15))));

        var all = claims.SelectMany(c => c).ToList();
        all.Count.ShouldBe(200);
        all.Select(c => c.Key).ShouldBeUnique();
    }

    [Fact]
    public async Task ClaimAsync_LeaseRunningThenExpired_OnlyClaimableAfterExpiry()
    {
        using var temp = new LiveTemp();
        using var database = LiveDatabase.Open(temp.PathOf());
        var work = new SqliteWorkQueue(database);
        await work.SyncAsync(Plan(("a", 0), ("later", 60)), T0);

        var claim = (await work.ClaimAsync("e1", T0, TimeSpan.FromMinutes(2), 10)).ShouldHaveSingleItem();
        (await work.ClaimAsync("e2", T0.AddMinutes(1), TimeSpan.FromMinutes(2), 10)).ShouldBeEmpty();
        var taken = (await work.ClaimAsync("e2", T0.AddMinutes(2), TimeSpan.FromMinutes(2), 10)).ShouldHaveSingleItem();

        taken.Attempts.ShouldBe(2);
        // The first engine's claim is stale: it cannot decide or complete the row any more.
        (await work.DecideAsync(claim, "{}", T0.AddMinutes(2))).ShouldBeFalse();
        (await work.DecideAsync(taken, "{}", T0.AddMinutes(2))).ShouldBeTrue();
    }
}
