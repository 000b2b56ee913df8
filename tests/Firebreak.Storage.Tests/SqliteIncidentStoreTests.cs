using Firebreak.Core;
using Microsoft.Data.Sqlite;

namespace Firebreak.Storage.Tests;

public sealed class SqliteIncidentStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 19, 0, 0, TimeSpan.Zero);
    private static readonly IncidentId Inc1 = new("INC-1");
    private static readonly IncidentId Inc2 = new("INC-2");

    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Open_MissingFolder_CreatesDatabase()
    {
        var path = Path.Combine(_temp.Folder, ".aiwg", "incidents", "firebreak.db");

        await using var store = SqliteIncidentStore.Open(path);

        File.Exists(path).ShouldBeTrue();
        (await store.OpenIncidentsAsync()).ShouldBeEmpty();
        (await store.LoadAsync(Inc1)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Open_UsesWalMode()
    {
        await using var store = SqliteIncidentStore.Open(_temp.PathOf());

        await using var connection = new SqliteConnection($"Data Source={store.Path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        ((string?)await command.ExecuteScalarAsync()).ShouldBe("wal");
    }

    [Fact]
    public async Task AppendAsync_ThenLoad_ReturnsEventsInOrderWithAllFields()
    {
        await using var store = SqliteIncidentStore.Open(_temp.PathOf());
        var events = Story();

        var appended = await store.AppendAsync(Inc1, events);
        var loaded = await store.LoadAsync(Inc1);

        appended.Count.ShouldBe(events.Count);
        loaded.Count.ShouldBe(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            loaded[i].ShouldBeOfType(events[i].GetType());
            loaded[i].DedupKey.ShouldBe(events[i].DedupKey);
            loaded[i].At.ShouldBe(events[i].At);
        }

        loaded.OfType<MajorIncidentDeclared>().Single().OpenIncidents.ShouldBe(["INC-1", "INC-2"]);
        loaded.OfType<SlaBreached>().Single().Elapsed.ShouldBe(TimeSpan.FromMinutes(20));
        loaded.OfType<IncidentClassified>().Single().ShouldBe(events.OfType<IncidentClassified>().Single());
    }

    [Fact]
    public async Task AppendAsync_SameEventsAgain_AppendsNothing()
    {
        await using var store = SqliteIncidentStore.Open(_temp.PathOf());
        await store.AppendAsync(Inc1, Story());

        var again = await store.AppendAsync(Inc1, Story());

        again.ShouldBeEmpty();
        (await store.LoadAsync(Inc1)).Count.ShouldBe(Story().Count);
    }

    [Fact]
    public async Task AppendAsync_PartlyNew_ReturnsOnlyNewOnes()
    {
        await using var store = SqliteIncidentStore.Open(_temp.PathOf());
        var story = Story();
        await store.AppendAsync(Inc1, story.Take(3).ToList());

        var appended = await store.AppendAsync(Inc1, story);

        appended.Count.ShouldBe(story.Count - 3);
        appended[0].ShouldBe(story[3]);
    }

    [Fact]
    public async Task AppendAsync_DuplicateWithinBatch_StoredOnce()
    {
        await using var store = SqliteIncidentStore.Open(_temp.PathOf());
        var note = new NoteRecorded(T0, "x", "same text", null);

        var appended = await store.AppendAsync(Inc1, [Detected("INC-1"), note, note with { At = T0.AddMinutes(1) }]);

        appended.Count.ShouldBe(2);
    }

    [Fact]
    public async Task AppendAsync_SameKeyOtherIncident_IsNotADuplicate()
    {
        await using var store = SqliteIncidentStore.Open(_temp.PathOf());

        (await store.AppendAsync(Inc1, [Detected("INC-1")])).Count.ShouldBe(1);
        (await store.AppendAsync(Inc2, [Detected("INC-2")])).Count.ShouldBe(1);
    }

    [Fact]
    public async Task AppendAsync_IllegalTransition_RollsBackTheWholeBatch()
    {
        await using var store = SqliteIncidentStore.Open(_temp.PathOf());
        await store.AppendAsync(Inc1, [Detected("INC-1")]);

        await Should.ThrowAsync<InvalidTransitionException>(() => store.AppendAsync(Inc1,
        [
            new NoteRecorded(T0.AddMinutes(1), "x", "before the bad move", null),
            new StatusChanged(T0.AddMinutes(2), "x", IncidentStatus.Detected, IncidentStatus.Resolved, "skip triage"),
        ]));

        (await store.LoadAsync(Inc1)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task AppendAsync_MitigationRetried_StoresTheRepeatedMove()
    {
        await using var store = SqliteIncidentStore.Open(_temp.PathOf());
        List<IncidentEvent> flow =
        [
            Detected("INC-1"),
            Move(1, IncidentStatus.Detected, IncidentStatus.Triaged),
            Move(2, IncidentStatus.Triaged, IncidentStatus.Investigating),
            Move(3, IncidentStatus.Investigating, IncidentStatus.Mitigating),
            Move(20, IncidentStatus.Mitigating, IncidentStatus.Investigating),
            Move(25, IncidentStatus.Investigating, IncidentStatus.Mitigating),
            Move(40, IncidentStatus.Mitigating, IncidentStatus.Resolved),
        ];

        var appended = await store.AppendAsync(Inc1, flow);

        appended.Count.ShouldBe(flow.Count);
        var state = IncidentLifecycle.Replay("INC-1", await store.LoadAsync(Inc1));
        state.Status.ShouldBe(IncidentStatus.Resolved);
        (await store.OpenIncidentsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task AppendAsync_RerunOfARetriedFlow_AppendsNothing()
    {
        await using var store = SqliteIncidentStore.Open(_temp.PathOf());
        List<IncidentEvent> flow =
        [
            Detected("INC-1"),
            Move(1, IncidentStatus.Detected, IncidentStatus.Triaged),
            Move(2, IncidentStatus.Triaged, IncidentStatus.Mitigating),
            Move(20, IncidentStatus.Mitigating, IncidentStatus.Investigating),
            Move(25, IncidentStatus.Investigating, IncidentStatus.Mitigating),
        ];
        await store.AppendAsync(Inc1, flow);

        (await store.AppendAsync(Inc1, flow)).ShouldBeEmpty();
        (await store.LoadAsync(Inc1)).Count.ShouldBe(flow.Count);
    }

    [Fact]
    public async Task Reopen_PersistsEventsAndSummary()
    {
        var path = _temp.PathOf();
        await using (var first = SqliteIncidentStore.Open(path))
        {
            await first.AppendAsync(Inc1, Story().Take(4).ToList());
        }

        await using var second = SqliteIncidentStore.Open(path);

        (await second.LoadAsync(Inc1)).Count.ShouldBe(4);
        var open = (await second.OpenIncidentsAsync()).Single();
        open.Id.ShouldBe("INC-1");
        open.Status.ShouldBe(IncidentStatus.Triaged);
        open.Priority.ShouldBe(Priority.P0);
        open.DetectedAt.ShouldBe(T0);
    }

    [Fact]
    public async Task OpenIncidentsAsync_ExcludesResolvedAndClosed()
    {
        await using var store = SqliteIncidentStore.Open(_temp.PathOf());
        await store.AppendAsync(Inc1, Story());
        await store.AppendAsync(Inc2, [Detected("INC-2", T0.AddMinutes(5))]);
        var inc3 = new IncidentId("INC-3");
        await store.AppendAsync(inc3,
        [
            Detected("INC-3"),
            new StatusChanged(T0.AddMinutes(1), "x", IncidentStatus.Detected, IncidentStatus.Triaged, "t"),
            new IncidentResolved(T0.AddMinutes(9), "x", "fixed"),
            new IncidentClosed(T0.AddDays(1), "x", "reviewed"),
        ]);

        var open = await store.OpenIncidentsAsync();

        open.Select(o => o.Id).ShouldBe(["INC-2"]);
        open[0].Status.ShouldBe(IncidentStatus.Detected);
        open[0].Priority.ShouldBeNull();
        open[0].DetectedAt.ShouldBe(T0.AddMinutes(5));
    }

    [Fact]
    public async Task AppendAsync_StatusChange_UpdatesSummary()
    {
        await using var store = SqliteIncidentStore.Open(_temp.PathOf());
        await store.AppendAsync(Inc1, Story().Take(4).ToList());
        (await store.OpenIncidentsAsync()).ShouldHaveSingleItem();

        await store.AppendAsync(Inc1, [new IncidentResolved(T0.AddHours(1), "sre", "done")]);

        (await store.OpenIncidentsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task AppendAsync_TwoStoresConcurrently_KeepEveryEventOnce()
    {
        var path = _temp.PathOf();
        await using var a = SqliteIncidentStore.Open(path);
        await using var b = SqliteIncidentStore.Open(path);
        await a.AppendAsync(Inc1, [Detected("INC-1")]);

        var notes = Enumerable.Range(0, 40).Select(i => (IncidentEvent)new NoteRecorded(T0.AddSeconds(i), "x", $"note {i}", null)).ToList();
        var fromA = Task.Run(async () =>
        {
            var appended = 0;
            foreach (var note in notes)
            {
                appended += (await a.AppendAsync(Inc1, [note])).Count;
            }

            return appended;
        });
        var fromB = Task.Run(async () =>
        {
            var appended = 0;
            foreach (var note in Enumerable.Reverse(notes))
            {
                appended += (await b.AppendAsync(Inc1, [note])).Count;
            }

            return appended;
        });

        var counts = await Task.WhenAll(fromA, fromB);

        counts.Sum().ShouldBe(40);
        var loaded = await a.LoadAsync(Inc1);
        loaded.Count.ShouldBe(41);
        loaded.OfType<NoteRecorded>().Select(n => n.Text).Distinct().Count().ShouldBe(40);
    }

    [Fact]
    public async Task Open_WalLeftBehindByKilledProcess_IsReadable()
    {
        // Copying the files while a connection is open captures committed pages still only in the -wal file,
        // which is what a killed process leaves behind.
        var path = _temp.PathOf();
        var copy = _temp.PathOf("copy.db");
        await using (var store = SqliteIncidentStore.Open(path))
        {
            await using var holder = new SqliteConnection($"Data Source={path};Pooling=False");
            await holder.OpenAsync();
            await using (var pragma = holder.CreateCommand())
            {
                // A read makes this connection join the WAL (it holds the shared-memory lock from then on), so the store's
                // connections closing cannot checkpoint and delete the -wal file underneath the test.
                pragma.CommandText = "PRAGMA wal_autocheckpoint = 0; SELECT count(*) FROM sqlite_master;";
                await pragma.ExecuteScalarAsync();
            }

            await store.AppendAsync(Inc1, Story());
            File.Exists(path + "-wal").ShouldBeTrue();
            new FileInfo(path + "-wal").Length.ShouldBeGreaterThan(0);
            File.Copy(path, copy);
            File.Copy(path + "-wal", copy + "-wal");
        }

        await using var reopened = SqliteIncidentStore.Open(copy);

        (await reopened.LoadAsync(Inc1)).Count.ShouldBe(Story().Count);
    }

    [Fact]
    public async Task Open_GarbageFile_ThrowsClearException()
    {
        var path = _temp.PathOf("garbage.db");
        await File.WriteAllTextAsync(path, new string('x', 4096) + "this is not a database");

        var ex = Should.Throw<IncidentStoreException>(() => SqliteIncidentStore.Open(path));

        ex.Message.ShouldContain(path);
        ex.Message.ShouldContain("not an incident database");
    }

    [Fact]
    public async Task Open_ForeignSqliteDatabase_ThrowsClearException()
    {
        var path = _temp.PathOf("other.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE customers (id INTEGER);";
            await command.ExecuteNonQueryAsync();
        }

        Should.Throw<IncidentStoreException>(() => SqliteIncidentStore.Open(path)).Message.ShouldContain("another application");
    }

    [Fact]
    public async Task Open_NewerSchema_ThrowsClearException()
    {
        var path = _temp.PathOf();
        SqliteIncidentStore.Open(path).Dispose();
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_version (version) VALUES (99);";
            await command.ExecuteNonQueryAsync();
        }

        Should.Throw<IncidentStoreException>(() => SqliteIncidentStore.Open(path)).Message.ShouldContain("version 99");
    }

    [Fact]
    public void Open_Directory_ThrowsClearException() =>
        Should.Throw<IncidentStoreException>(() => SqliteIncidentStore.Open(_temp.Folder)).Message.ShouldContain("directory");

    [Fact]
    public async Task Disposed_StoreRefusesWork()
    {
        var store = SqliteIncidentStore.Open(_temp.PathOf());
        await store.DisposeAsync();

        await Should.ThrowAsync<ObjectDisposedException>(() => store.LoadAsync(Inc1));
    }

    private static IncidentDetected Detected(string id, DateTimeOffset? at = null) =>
        new(at ?? T0, "alertmanager", id, "alertmanager", "automated-alert", "checkout errors", Priority.P1, "alerts/a.json");

    private static StatusChanged Move(int minute, IncidentStatus from, IncidentStatus to) =>
        new(T0.AddMinutes(minute), "flow", from, to, "step");

    private static List<IncidentEvent> Story() =>
    [
        Detected("INC-1"),
        new IncidentClassified(T0.AddMinutes(1), "triage", Priority.P0, Impact.High, Urgency.High, IncidentCategory.Availability, "62% errors"),
        new RoleAssigned(T0.AddMinutes(1), "roles", Roles.Tier1OnCall, "Alex Kim", "on-call"),
        new StatusChanged(T0.AddMinutes(2), "triage", IncidentStatus.Detected, IncidentStatus.Triaged, "triaged"),
        new EscalationBlocked(T0.AddMinutes(3), "roles", Roles.Tier2ComponentOwner, "Dana Wu", "Lee Park", "unavailable"),
        new Escalated(T0.AddMinutes(15), "clock", Tier.Tier2, "timeout"),
        new Notified(T0.AddMinutes(16), "comms", Audiences.Management, "Mia Chen", "P0"),
        new EvidenceCollected(T0.AddMinutes(4), "tier1", "logs/app.log", "412 errors"),
        new EvidencePreserved(T0.AddMinutes(5), "tier1", "logs/MANIFEST.sha256", 3),
        new HypothesisRecorded(T0.AddMinutes(10), "tier2", "deploy 3.8.0 broke checkout", Confidence.High, "56e0aff"),
        new StatusChanged(T0.AddMinutes(11), "ic", IncidentStatus.Triaged, IncidentStatus.Investigating, "investigating"),
        new MitigationChosen(T0.AddMinutes(12), "ic", MitigationStrategy.Rollback, "recent deploy"),
        new StatusChanged(T0.AddMinutes(13), "ic", IncidentStatus.Investigating, IncidentStatus.Mitigating, "rolling back"),
        new MitigationExecuted(T0.AddMinutes(14), "ops", MitigationStrategy.Rollback, "./ops/rollback.sh checkout-api 3.7.2", 0, true, "actions/rollback.log"),
        new SlaBreached(T0.AddMinutes(20), "clock", EscalationClock.Engage, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(20)),
        new MajorIncidentDeclared(T0.AddMinutes(21), "ic", ["INC-1", "INC-2"], "VP Engineering"),
        new ChangeFreezeDeclared(T0.AddMinutes(21), "ic", "major incident"),
        new MitigationValidated(T0.AddMinutes(30), "sre", ResolutionVerdict.Resolved, "baseline"),
        new IncidentResolved(T0.AddMinutes(31), "sre", "rolled back"),
        new ReviewScheduled(T0.AddMinutes(32), "pm", T0.AddHours(20), "Rita Gomez"),
        new ActionAdded(T0.AddMinutes(33), "pm", "immediate", "add canary", "Dana Wu", T0.AddDays(7)),
        new NoteRecorded(T0.AddMinutes(34), "ic", "runbook was stale", "runbooks/checkout.md"),
        new IncidentClosed(T0.AddDays(1), "ic", "PIR done"),
    ];
}
