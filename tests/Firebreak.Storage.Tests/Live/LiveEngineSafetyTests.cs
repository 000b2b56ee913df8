using Firebreak.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Storage.Tests;

/// <summary>The engine's safety on a real file: a broken incident never stops the others, a human's acknowledgement a moment
/// before a tier timeout wins, a dead lock holder is overtaken after its lease, and a stalled engine cannot store a decision.</summary>
public sealed class LiveEngineSafetyTests
{
    private static readonly DateTimeOffset T0 = LiveFixture.T0;
    private static readonly ResponsePolicy Policy = DefaultPolicy.Instance;

    private static async Task CorruptAsync(string path, string incidentId)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE events SET payload = '{not json' WHERE incident_id = $id AND type <> 'detected'";
        command.Parameters.AddWithValue("$id", incidentId);
        (await command.ExecuteNonQueryAsync()).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task TickAsync_OneIncidentUnreadable_TheOthersArePerformedAndTheBrokenOneIsReported()
    {
        using var temp = new LiveTemp();
        var time = new FakeTimeProvider(T0);
        using var store = SqliteIncidentStore.Open(temp.PathOf());
        using var db = LiveDatabase.Open(temp.PathOf());
        await LiveFixture.OpenIncidentAsync(store, "INC-7", Priority.P1, T0);
        await LiveFixture.OpenIncidentAsync(store, "INC-8", Priority.P1, T0);
        var engine = new LiveEngine(store, db, Policy, new LiveFixture.Performer(), time, "engine-1");
        await engine.SyncIncidentAsync("INC-8");
        await CorruptAsync(temp.PathOf(), "INC-8");

        var report = await engine.TickAsync();

        report.Performed.ShouldBe(["INC-7/notice:on-call"]);
        report.Failed.ShouldBe(["INC-8", "INC-8/notice:on-call"], ignoreOrder: true);
        report.Why["INC-8"].ShouldContain("cannot be read");
        report.Why["INC-8/notice:on-call"].ShouldStartWith("failed, tried again after 2m");

        // The failed claim is retried only after its lease, then fails the same way without touching INC-7's work.
        time.Advance(TimeSpan.FromMinutes(5));
        var later = await engine.TickAsync();
        later.Performed.ShouldBe(["INC-7/sla:acknowledge:breach"]);
        later.Failed.ShouldContain("INC-8/notice:on-call");
    }

    [Fact]
    public async Task TickAsync_AcknowledgedAMomentBeforeTheTier1Timeout_NoEscalationIsRecordedOrSent()
    {
        using var temp = new LiveTemp();
        var time = new FakeTimeProvider(T0);
        using var store = SqliteIncidentStore.Open(temp.PathOf());
        using var db = LiveDatabase.Open(temp.PathOf());
        await LiveFixture.OpenIncidentAsync(store, "INC-7", Priority.P1, T0);
        var engine = new LiveEngine(store, db, Policy, new LiveFixture.Performer(), time, "engine-1");
        await engine.TickAsync();
        (await new SqliteWorkQueue(db).ListAsync("INC-7")).ShouldContain(r => r.Key == "escalate:tier2" && r.DueAt == T0.AddMinutes(30));

        // A person acknowledges at 29:59 through the command path (lock, append, release, re-plan) on another connection.
        time.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1));
        using (var humanStore = SqliteIncidentStore.Open(temp.PathOf()))
        using (var humanDb = LiveDatabase.Open(temp.PathOf()))
        {
            var locks = new SqliteIncidentLocks(humanDb);
            var held = (await locks.TryAcquireAsync("INC-7", "cli:Alex", time.GetUtcNow(), TimeSpan.FromMinutes(1)))!;
            await humanStore.AppendAsync(new IncidentId("INC-7"), [new IncidentAcknowledged(time.GetUtcNow(), "Alex", "Alex", "on it")]);
            await locks.ReleaseAsync(held);
            await new LiveEngine(humanStore, humanDb, Policy, new LiveFixture.Performer(), time, "cli:Alex").SyncIncidentAsync("INC-7");
        }

        time.Advance(TimeSpan.FromSeconds(1));
        var report = await engine.TickAsync();

        report.Performed.ShouldNotContain("INC-7/escalate:tier2");
        (await store.LoadAsync(new IncidentId("INC-7"))).OfType<Escalated>().ShouldBeEmpty();
        (await new SqliteOutbox(db).ListAsync("INC-7")).ShouldNotContain(m => m.Key.Contains("escalate", StringComparison.Ordinal));
        var rows = await new SqliteWorkQueue(db).ListAsync("INC-7");
        rows.Single(r => r.Key == "escalate:tier2").State.ShouldBe(WorkStates.Cancelled);
        rows.Single(r => r.Key == "escalate:tier3").State.ShouldBe(WorkStates.Cancelled);
    }

    [Fact]
    public async Task TickAsync_HumanHoldsTheLockAtTheTimeoutAndAcknowledges_EscalationIsDeferredThenCancelled()
    {
        using var temp = new LiveTemp();
        var time = new FakeTimeProvider(T0);
        using var store = SqliteIncidentStore.Open(temp.PathOf());
        using var db = LiveDatabase.Open(temp.PathOf());
        await LiveFixture.OpenIncidentAsync(store, "INC-7", Priority.P0, T0);
        var engine = new LiveEngine(store, db, Policy, new LiveFixture.Performer(), time, "engine-1");
        await engine.TickAsync();
        time.Advance(TimeSpan.FromMinutes(15));

        var locks = new SqliteIncidentLocks(db);
        var human = (await locks.TryAcquireAsync("INC-7", "cli:Alex", time.GetUtcNow(), TimeSpan.FromSeconds(30)))!;
        var during = await engine.TickAsync();
        await store.AppendAsync(new IncidentId("INC-7"), [new IncidentAcknowledged(time.GetUtcNow(), "Alex", "Alex", "on it")]);
        await locks.ReleaseAsync(human);
        var after = await engine.TickAsync();

        during.Deferred.ShouldContain("INC-7/escalate:tier2");
        during.Why["INC-7/escalate:tier2"].ShouldContain("held by a command");
        after.Cancelled.ShouldContain("INC-7/escalate:tier2");
        after.Why["INC-7/escalate:tier2"].ShouldStartWith("no longer owed");
        (await store.LoadAsync(new IncidentId("INC-7"))).OfType<Escalated>().ShouldBeEmpty();
    }

    [Fact]
    public async Task TickAsync_LockHolderDiedHoldingTheIncident_AnotherEngineTakesOverAfterTheLeaseOnce()
    {
        using var temp = new LiveTemp();
        var time = new FakeTimeProvider(T0);
        using var store = SqliteIncidentStore.Open(temp.PathOf());
        using var db = LiveDatabase.Open(temp.PathOf());
        await LiveFixture.OpenIncidentAsync(store, "INC-7", Priority.P1, T0);
        var performer = new LiveFixture.Performer();
        var survivor = new LiveEngine(store, db, Policy, performer, time, "engine-2");
        await survivor.SyncIncidentAsync("INC-7");

        // A process takes the incident lock and claims every due row, then dies without releasing either.
        using (var dyingDb = LiveDatabase.Open(temp.PathOf()))
        {
            (await new SqliteIncidentLocks(dyingDb).TryAcquireAsync("INC-7", "engine-1", T0, LiveEngineOptions.Default.LockLease)).ShouldNotBeNull();
            (await new SqliteWorkQueue(dyingDb).ClaimAsync("engine-1", T0, LiveEngineOptions.Default.ClaimLease, 100)).ShouldNotBeEmpty();
        }

        var blocked = await survivor.TickAsync();
        time.Advance(LiveEngineOptions.Default.LockLease);
        var stillClaimed = await survivor.TickAsync();
        time.Advance(LiveEngineOptions.Default.ClaimLease - LiveEngineOptions.Default.LockLease);
        var taken = await survivor.TickAsync();
        var again = await survivor.TickAsync();

        blocked.Planned.ShouldBe(0);
        blocked.Performed.ShouldBeEmpty();
        stillClaimed.Performed.ShouldBeEmpty();
        taken.Performed.ShouldContain("INC-7/notice:on-call");
        again.Performed.ShouldBeEmpty();
        performer.Decisions.ShouldBe(taken.Performed.Count);
        (await new SqliteOutbox(db).ListAsync("INC-7")).Count(m => m.Key == "INC-7:notice:on-call:webhook").ShouldBe(1);
    }

    [Fact]
    public async Task DecideAsync_TheIncidentLockRanOutAndAPersonTookIt_TheDecisionIsNotStored()
    {
        using var temp = new LiveTemp();
        using var db = LiveDatabase.Open(temp.PathOf());
        var work = new SqliteWorkQueue(db);
        var locks = new SqliteIncidentLocks(db);
        await work.SyncAsync(new DuePlan("INC-1", T0, [new DueItem("escalate:tier2", DueKind.Escalation, T0, "tier 1 timeout", Tier: Tier.Tier2)]), T0);
        var claim = (await work.ClaimAsync("engine-1", T0, TimeSpan.FromMinutes(5), 10)).Single();
        var stalled = (await locks.TryAcquireAsync("INC-1", "engine-1", T0, TimeSpan.FromMinutes(1)))!;

        // The engine stalls past its lock lease (its claim still runs); a person takes the incident and acknowledges.
        var person = await locks.TryAcquireAsync("INC-1", "cli:Alex", T0.AddMinutes(2), TimeSpan.FromMinutes(1));

        person.ShouldNotBeNull();
        (await work.DecideAsync(claim, "{}", T0.AddMinutes(2), fence: stalled)).ShouldBeFalse();
        (await work.ListAsync("INC-1")).Single().State.ShouldBe(WorkStates.Pending);
        (await locks.ReleaseAsync(person)).ShouldBeTrue();
        var retaken = (await locks.TryAcquireAsync("INC-1", "engine-1", T0.AddMinutes(2), TimeSpan.FromMinutes(1)))!;
        (await work.DecideAsync(claim, "{}", T0.AddMinutes(2), fence: retaken)).ShouldBeTrue();
    }

    [Fact]
    public async Task TickAsync_PriorityLoweredFromP0ToP2AfterTier2_DoneRowsStayTheRestIsCancelledOrRetimed()
    {
        using var temp = new LiveTemp();
        var time = new FakeTimeProvider(T0);
        using var store = SqliteIncidentStore.Open(temp.PathOf());
        using var db = LiveDatabase.Open(temp.PathOf());
        await LiveFixture.OpenIncidentAsync(store, "INC-7", Priority.P0, T0);
        var engine = new LiveEngine(store, db, Policy, new LiveFixture.Performer(), time, "engine-1");
        for (var minute = 0; minute <= 20; minute++)
        {
            await engine.TickAsync();
            time.Advance(TimeSpan.FromMinutes(1));
        }

        await store.AppendAsync(new IncidentId("INC-7"),
            [new IncidentClassified(time.GetUtcNow(), "Alex", Priority.P2, Impact.Low, Urgency.Medium, IncidentCategory.Performance, "a few users")]);
        await engine.SyncIncidentAsync("INC-7");
        var rows = (await new SqliteWorkQueue(db).ListAsync("INC-7")).ToDictionary(r => r.Key);

        rows["escalate:tier2"].State.ShouldBe(WorkStates.Done);
        rows["notice:on-call"].State.ShouldBe(WorkStates.Done);
        rows["escalate:tier3"].State.ShouldBe(WorkStates.Cancelled);
        rows["notice:management"].State.ShouldBe(WorkStates.Cancelled);
        rows["notice:executive"].State.ShouldBe(WorkStates.Cancelled);
        rows["sla:resolve:breach"].ShouldSatisfyAllConditions(r => r.State.ShouldBe(WorkStates.Pending), r => r.DueAt.ShouldBe(T0.AddHours(24)));
        rows.Values.Where(r => r.Kind == nameof(DueKind.StatusPageUpdate) && r.State == WorkStates.Pending).ShouldHaveSingleItem().DueAt.ShouldBe(T0.AddDays(1), "P2 updates daily");
        (await store.LoadAsync(new IncidentId("INC-7"))).OfType<Escalated>().ShouldHaveSingleItem().Tier.ShouldBe(Tier.Tier2);
    }
}
