using Firebreak.Core;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Storage.Tests;

public sealed class LiveEngineTests
{
    private static readonly DateTimeOffset T0 = LiveFixture.T0;
    private static readonly ResponsePolicy Policy = DefaultPolicy.Instance;

    [Fact]
    public async Task TickAsync_TwoEnginesOnOneFileOverAWholeP0_EachItemPerformedOnceAtItsMinute()
    {
        using var temp = new LiveTemp();
        var time = new FakeTimeProvider(T0);
        using var store1 = SqliteIncidentStore.Open(temp.PathOf());
        using var store2 = SqliteIncidentStore.Open(temp.PathOf());
        using var db1 = LiveDatabase.Open(temp.PathOf());
        using var db2 = LiveDatabase.Open(temp.PathOf());
        var performer = new LiveFixture.Performer();
        var one = new LiveEngine(store1, db1, Policy, performer, time, "engine-1");
        var two = new LiveEngine(store2, db2, Policy, performer, time, "engine-2");
        await LiveFixture.OpenIncidentAsync(store1, "INC-7", Priority.P0, T0);

        for (var minute = 0; minute <= 180; minute++)
        {
            if (minute == 150)
            {
                await store2.AppendAsync(new IncidentId("INC-7"), [new IncidentResolved(T0.AddMinutes(150), "Alex", "rolled back")]);
            }

            await Task.WhenAll(Task.Run(() => one.TickAsync()), Task.Run(() => two.TickAsync()));

            // An engine that lost the incident lock to the other defers its items; the next tick of the same minute
            // (watch ticks again within a second while an item is past due) performs them, and never a second time.
            await two.TickAsync();
            time.Advance(TimeSpan.FromMinutes(1));
        }

        var rows = await new SqliteWorkQueue(db1).ListAsync("INC-7");
        var done = rows.Where(r => r.State == WorkStates.Done).ToDictionary(r => r.Key, r => (int)(r.DoneAt!.Value - T0).TotalMinutes);
        done["notice:on-call"].ShouldBe(0);
        done["sla:acknowledge:breach"].ShouldBe(0);
        done["sla:engage:warning"].ShouldBe(12);
        done["escalate:tier2"].ShouldBe(15);
        done["notice:management"].ShouldBe(30);
        done["escalate:tier3"].ShouldBe(45);
        done["sla:resolve:warning"].ShouldBe(96);
        done["notice:executive"].ShouldBe(120);
        done["sla:resolve:breach"].ShouldBe(120);
        done["notice:resolution"].ShouldBe(150);
        done["notice:pir-invitation"].ShouldBe(150);
        done.Where(d => d.Key.StartsWith("status-page:", StringComparison.Ordinal)).Select(d => d.Value).Order()
            .ShouldBe([30, 45, 60, 75, 90, 105, 120, 135]);
        done.Count.ShouldBe(19);
        performer.Decisions.ShouldBe(19);
        rows.Where(r => r.State == WorkStates.Pending).Select(r => r.Key).ShouldBe(["review:deadline"]);

        var outbox = await new SqliteOutbox(db2).ListAsync("INC-7");
        outbox.Count.ShouldBe(19);
        outbox.Select(m => m.Key).ShouldBeUnique();
        var events = await store1.LoadAsync(new IncidentId("INC-7"));
        events.OfType<Escalated>().Select(e => (e.Tier, e.At)).ShouldBe([(Tier.Tier2, T0.AddMinutes(15)), (Tier.Tier3, T0.AddMinutes(45))]);
        events.OfType<SlaBreached>().Select(e => e.Sla).ShouldBe([EscalationClock.Acknowledge, EscalationClock.Resolve]);
    }

    [Fact]
    public async Task TickAsync_KilledAfterDecidingAndAppending_NextTickFinishesOnce()
    {
        using var temp = new LiveTemp();
        var time = new FakeTimeProvider(T0.AddMinutes(15));
        using var store = SqliteIncidentStore.Open(temp.PathOf());
        using var db = LiveDatabase.Open(temp.PathOf());
        await LiveFixture.OpenIncidentAsync(store, "INC-7", Priority.P0, T0);
        var performer = new LiveFixture.Performer();
        var survivor = new LiveEngine(store, db, Policy, performer, time, "engine-2");
        await survivor.SyncIncidentAsync("INC-7");

        // The dying engine claims the escalation, decides it, appends its event, and is killed before queueing and completing.
        var work = new SqliteWorkQueue(db);
        var claim = (await work.ClaimAsync("engine-1", time.GetUtcNow(), LiveEngineOptions.Default.ClaimLease, 100)).Single(c => c.Key == "escalate:tier2");
        var state = IncidentLifecycle.Replay("INC-7", await store.LoadAsync(new IncidentId("INC-7")));
        var item = EscalationEngine.Plan(state, Policy, time.GetUtcNow()).Item("escalate:tier2")!;
        var effects = performer.Decide(state, item, time.GetUtcNow());
        (await work.DecideAsync(claim, LiveEngine.Serialize(effects), time.GetUtcNow())).ShouldBeTrue();
        await store.AppendAsync(new IncidentId("INC-7"), effects.Events);

        // While its lease runs, the survivor leaves the row alone; after it, the survivor finishes the stored decision.
        (await survivor.TickAsync()).Performed.ShouldNotContain("INC-7/escalate:tier2");
        time.Advance(LiveEngineOptions.Default.ClaimLease);
        var report = await survivor.TickAsync();
        await survivor.TickAsync();

        report.Performed.ShouldContain("INC-7/escalate:tier2");
        (await store.LoadAsync(new IncidentId("INC-7"))).OfType<Escalated>().ShouldHaveSingleItem().At.ShouldBe(T0.AddMinutes(15));
        (await new SqliteOutbox(db).ListAsync("INC-7")).Count(m => m.Key == "INC-7:escalate:tier2:webhook").ShouldBe(1);
        (await work.ListAsync("INC-7")).Single(r => r.Key == "escalate:tier2").State.ShouldBe(WorkStates.Done);
    }

    [Fact]
    public async Task TickAsync_KilledAfterClaiming_NextTickPerformsOnce()
    {
        using var temp = new LiveTemp();
        var time = new FakeTimeProvider(T0);
        using var store = SqliteIncidentStore.Open(temp.PathOf());
        using var db = LiveDatabase.Open(temp.PathOf());
        await LiveFixture.OpenIncidentAsync(store, "INC-7", Priority.P1, T0);
        var survivor = new LiveEngine(store, db, Policy, new LiveFixture.Performer(), time, "engine-2");
        await survivor.SyncIncidentAsync("INC-7");
        await new SqliteWorkQueue(db).ClaimAsync("engine-1", T0, TimeSpan.FromMinutes(2), 100);

        (await survivor.TickAsync()).Performed.ShouldBeEmpty();
        time.Advance(TimeSpan.FromMinutes(2));
        var report = await survivor.TickAsync();

        report.Performed.ShouldBe(["INC-7/notice:on-call"]);
        (await new SqliteOutbox(db).ListAsync()).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task TickAsync_HumanHoldsTheIncidentAndAcknowledges_BreachIsCancelledNotPerformed()
    {
        using var temp = new LiveTemp();
        var time = new FakeTimeProvider(T0);
        using var store = SqliteIncidentStore.Open(temp.PathOf());
        using var db = LiveDatabase.Open(temp.PathOf());
        await LiveFixture.OpenIncidentAsync(store, "INC-7", Priority.P1, T0);
        var engine = new LiveEngine(store, db, Policy, new LiveFixture.Performer(), time, "engine-1");
        await engine.TickAsync();
        time.Advance(TimeSpan.FromMinutes(5));

        // The breach is due at 5 minutes; a person holds the incident and acknowledges in that very moment.
        var locks = new SqliteIncidentLocks(db);
        var human = (await locks.TryAcquireAsync("INC-7", "cli:Alex", time.GetUtcNow(), TimeSpan.FromSeconds(30)))!;
        var during = await engine.TickAsync();
        await store.AppendAsync(new IncidentId("INC-7"), [new IncidentAcknowledged(time.GetUtcNow(), "Alex", "Alex", "ack")]);
        await locks.ReleaseAsync(human);
        var after = await engine.TickAsync();

        during.Performed.ShouldBeEmpty();
        during.Deferred.ShouldContain("INC-7/sla:acknowledge:breach");
        after.Performed.ShouldNotContain("INC-7/sla:acknowledge:breach");
        (await store.LoadAsync(new IncidentId("INC-7"))).OfType<SlaBreached>().ShouldBeEmpty();
        (await new SqliteWorkQueue(db).ListAsync("INC-7")).Single(r => r.Key == "sla:acknowledge:breach").State.ShouldBe(WorkStates.Cancelled);
    }

    [Fact]
    public async Task TickAsync_Restarted_NothingLostNothingRedone()
    {
        using var temp = new LiveTemp();
        var time = new FakeTimeProvider(T0);
        using (var store = SqliteIncidentStore.Open(temp.PathOf()))
        using (var db = LiveDatabase.Open(temp.PathOf()))
        {
            await LiveFixture.OpenIncidentAsync(store, "INC-7", Priority.P0, T0);
            await new LiveEngine(store, db, Policy, new LiveFixture.Performer(), time, "before").TickAsync();
        }

        time.Advance(TimeSpan.FromMinutes(20));
        using var reopened = SqliteIncidentStore.Open(temp.PathOf());
        using var again = LiveDatabase.Open(temp.PathOf());
        var report = await new LiveEngine(reopened, again, Policy, new LiveFixture.Performer(), time, "after").TickAsync();

        // Down from minute 0 to 20: the escalation happens late, so the engage SLA (15 minutes) was missed too; its warning
        // (minute 12) is moot once the breach is owed, so it is cancelled, not sent late.
        report.Performed.ShouldBe(["INC-7/escalate:tier2", "INC-7/sla:engage:breach"], ignoreOrder: true);
        report.Cancelled.ShouldBe(["INC-7/sla:engage:warning"]);
        (await new SqliteOutbox(again).ListAsync()).Select(m => m.Key).ShouldBeUnique();
    }
}
