using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Response.Tests.Application;

/// <summary>The engine driven through the application's performer and handlers on a real SQLite file with a fake clock.</summary>
public sealed class LiveEngineHandlersTests : IDisposable
{
    private static readonly DateTimeOffset Detected = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);
    private static readonly IncidentId Id = new("INC-P0");

    private readonly string _project = Directory.CreateTempSubdirectory("fb-engine-").FullName;
    private readonly FakeTimeProvider _time = new(Detected);
    private readonly ProjectConfig _config;

    public LiveEngineHandlersTests()
    {
        var people = PeopleDirectory.Empty with { Oncall = ["Alex Kim"], Management = ["Mia Chen"], Executives = ["Omar Haddad"], IncidentCommanders = ["Rita Gomez"] };
        _config = new ProjectConfig(_project, ServiceProfile.Unknown with { People = people }, EvidenceSources.Default, MitigationCommands.None, DefaultPolicy.Instance);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_project, recursive: true);
    }

    private string StorePath => FlowRequest.StorePath(_project);

    private async Task SeedAsync(Priority priority)
    {
        using var store = SqliteIncidentStore.Open(StorePath);
        await store.AppendAsync(Id,
        [
            new IncidentDetected(Detected, "test", Id.Value, "Alertmanager", "alert", "checkout down", priority, "alerts/a.json"),
            new IncidentClassified(Detected, "test", priority, Impact.High, Urgency.High, IncidentCategory.Availability, "test"),
            new StatusChanged(Detected, "test", IncidentStatus.Detected, IncidentStatus.Triaged, "triaged"),
        ]);
    }

    private async Task<List<(string Key, DateTimeOffset At)>> DriveAsync(TimeSpan length, TimeSpan step)
    {
        using var database = LiveDatabase.Open(StorePath);
        using var store = SqliteIncidentStore.Open(StorePath);
        var engine = new LiveEngine(store, database, _config.Policy, new ApplicationDuePerformer(_config), _time, "test-engine");
        var performed = new List<(string, DateTimeOffset)>();
        var end = _time.GetUtcNow() + length;
        while (_time.GetUtcNow() <= end)
        {
            var tick = await engine.TickAsync();
            performed.AddRange(tick.Performed.Select(k => (k, _time.GetUtcNow())));
            _time.Advance(step);
        }

        return performed;
    }

    /// <summary>A delivery whose first pass fails and whose first look at the next attempt fails, then works.</summary>
    private sealed class FlakyDelivery : IOutboxDelivery
    {
        private int _passes;
        private int _looks;

        public Task<string> DeliverOnceAsync(CancellationToken cancellationToken) =>
            ++_passes == 1 ? throw new IOException("the SMTP relay is down") : Task.FromResult("outbox: 0 sent, 0 retrying, 0 failed");

        public Task<DateTimeOffset?> NextAttemptAsync(CancellationToken cancellationToken) =>
            ++_looks == 2 ? throw new IOException("database is busy") : Task.FromResult<DateTimeOffset?>(null);
    }

    [Fact]
    public async Task Watch_DeliveryAndThenAWholeTickFail_EachIsReportedAndTheWatchGoesOnUntilStopped()
    {
        await SeedAsync(Priority.P1);
        using var database = LiveDatabase.Open(StorePath);
        using var store = SqliteIncidentStore.Open(StorePath);
        var engine = new LiveEngine(store, database, _config.Policy, new ApplicationDuePerformer(_config), _time, "test-engine");
        var handlers = new EngineHandlers(engine, database, store, new FlakyDelivery(), _time);
        using var stop = new CancellationTokenSource();
        var reports = new List<(TickReport Tick, string Delivered)>();

        var watch = handlers.WatchAsync((tick, delivered) =>
        {
            reports.Add((tick, delivered));
            if (reports.Count == 4)
            {
                stop.Cancel();
            }

            return Task.CompletedTask;
        }, TimeSpan.FromMinutes(1), stop.Token);
        while (!watch.IsCompleted)
        {
            _time.Advance(TimeSpan.FromSeconds(30));
            await Task.Yield();
        }

        await Should.ThrowAsync<OperationCanceledException>(() => watch);
        reports[0].Tick.Performed.ShouldContain("INC-P0/notice:on-call");
        reports[0].Delivered.ShouldContain("not delivered this tick (the SMTP relay is down)");
        reports[1].Delivered.ShouldStartWith("outbox: 0 sent");

        // The second tick's look at the outbox fails after its report: the failure is the third report, and a fourth tick follows.
        reports[2].Tick.Failed.ShouldBe(["tick"]);
        reports[2].Tick.Why["tick"].ShouldContain("database is busy");
        reports[3].Tick.Failed.ShouldBeEmpty();
    }

    private static string Key(string performed) => performed[(performed.IndexOf(':', StringComparison.Ordinal) + 1)..];

    [Fact]
    public async Task Tick_WholeP0OverHours_EachTimerAtThePolicysMinute()
    {
        await SeedAsync(Priority.P0);
        var policy = _config.Policy;

        var performed = await DriveAsync(TimeSpan.FromHours(5), TimeSpan.FromMinutes(1));

        var tier2 = performed.Single(p => p.Key.EndsWith("escalate:tier2", StringComparison.Ordinal));
        tier2.At.ShouldBe(Detected + policy.Tier1Timeout[Priority.P0]);
        var tier3 = performed.Single(p => p.Key.EndsWith("escalate:tier3", StringComparison.Ordinal));
        tier3.At.ShouldBe(Detected + policy.Tier1Timeout[Priority.P0] + policy.Tier2Timeout[Priority.P0]);
        performed.Single(p => p.Key.EndsWith("notice:executive", StringComparison.Ordinal)).At.ShouldBe(Detected + policy.ExecutiveAfter);
        performed.Count(p => p.Key.EndsWith("sla:resolve:breach", StringComparison.Ordinal)).ShouldBe(1);

        using var store = SqliteIncidentStore.Open(StorePath);
        var state = IncidentLifecycle.Replay(Id.Value, await store.LoadAsync(Id));
        state.Tier.ShouldBe(Tier.Tier3);
        state.ExecutiveNotified.ShouldBeTrue();
        state.Events.OfType<Escalated>().Count().ShouldBe(2);
    }

    [Fact]
    public async Task Tick_AckAMomentBeforeTheAcknowledgeBreach_CancelsIt()
    {
        await SeedAsync(Priority.P1);
        var target = _config.Policy.Sla[Priority.P1].Acknowledge ?? throw new InvalidOperationException("P1 has an acknowledge SLA");
        var runner = new LiveCommandRunner(new LiveServices(_config, _time, SqliteIncidentStore.Open));
        _time.Advance(target - TimeSpan.FromSeconds(30));
        await new AckHandler(runner).HandleAsync(new AckCommand(Id, new CommandActor("Alex Kim")), CancellationToken.None);

        var performed = await DriveAsync(target, TimeSpan.FromMinutes(1));

        performed.ShouldNotContain(p => p.Key.EndsWith("sla:acknowledge:breach", StringComparison.Ordinal));
        using var store = SqliteIncidentStore.Open(StorePath);
        (await store.LoadAsync(Id)).OfType<SlaBreached>().ShouldNotContain(b => b.Sla == EscalationClock.Acknowledge);
    }

    [Fact]
    public async Task Tick_HumanEscalatesAMomentBeforeTheTier1Timeout_EngineDoesNotEscalateAgain()
    {
        await SeedAsync(Priority.P0);
        var timeout = _config.Policy.Tier1Timeout[Priority.P0];
        var runner = new LiveCommandRunner(new LiveServices(_config, _time, SqliteIncidentStore.Open));
        _time.Advance(timeout - TimeSpan.FromSeconds(10));
        await new EscalateHandler(runner).HandleAsync(new EscalateCommand(Id, Tier.Tier2, null, "database team", new CommandActor("Alex Kim")), CancellationToken.None);

        var performed = await DriveAsync(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1));

        performed.ShouldNotContain(p => p.Key.EndsWith("escalate:tier2", StringComparison.Ordinal));
        using var store = SqliteIncidentStore.Open(StorePath);
        var escalations = (await store.LoadAsync(Id)).OfType<Escalated>().ToList();
        escalations.Count.ShouldBe(1);
        escalations[0].Actor.ShouldBe("Alex Kim");
    }

    [Fact]
    public void Decide_NoticeWithChannels_OneMessagePerChannelWithDeterministicKeys()
    {
        var config = _config with { Notify = new NotifySettings(new WebhookSettings("FIREBREAK_WEBHOOK_URL", null, null), null, DeliverySettings.Defaults) };
        var state = IncidentLifecycle.Replay(Id.Value, [new IncidentDetected(Detected, "t", Id.Value, "r", "alert", "s", Priority.P0, "x")]);
        var item = new DueItem("notice:management", DueKind.Notice, Detected, "management is told", Audience: Audiences.Management);

        var first = new ApplicationDuePerformer(config).Decide(state, item, Detected);
        var again = new ApplicationDuePerformer(config).Decide(state, item, Detected.AddMinutes(1));

        first.Messages.Single().Key.ShouldBe("INC-P0:notice:management:webhook");
        again.Messages.Single().Key.ShouldBe(first.Messages.Single().Key);
        first.Events.Single().ShouldBeOfType<Notified>().Recipients.ShouldBe("Mia Chen");
    }
}
