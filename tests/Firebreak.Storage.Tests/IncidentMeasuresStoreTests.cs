using System.Text.Json;
using Firebreak.Core;
using Microsoft.Data.Sqlite;

namespace Firebreak.Storage.Tests;

/// <summary>The per-incident measures projection: kept by every append, built once for older stores, never stale.</summary>
public sealed class IncidentMeasuresStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    private static IncidentEvent[] Opened(string id, DateTimeOffset at, Priority priority) =>
    [
        new IncidentDetected(at, "alertmanager", id, "alertmanager", "alert", "checkout fails", priority, "alerts/a.json"),
        new IncidentClassified(at, "triage", priority, Impact.High, Urgency.High, IncidentCategory.Availability, "most users"),
        new StatusChanged(at, "triage", IncidentStatus.Detected, IncidentStatus.Triaged, "triaged"),
        new StatusChanged(at, "triage", IncidentStatus.Triaged, IncidentStatus.Investigating, "investigating"),
        new EvidenceCollected(at, "responder", "alerts", "1 alert"),
    ];

    private static IncidentEvent[] Resolution(DateTimeOffset at) =>
    [
        new StatusChanged(at, "alex", IncidentStatus.Investigating, IncidentStatus.Resolved, "fixed"),
        new IncidentResolved(at, "alex", "fixed"),
    ];

    private static async Task<(string Id, IncidentMeasures? Measures)> Row(SqliteIncidentStore store, string id) =>
        (await store.MeasuresAsync(null, null)).Single(r => r.Id == id);

    private static async Task SqlAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task AppendAsync_EachAppend_KeepsTheIncidentsMeasuresRow()
    {
        await using var store = SqliteIncidentStore.Open(_temp.PathOf());
        var id = new IncidentId("INC-1");
        await store.AppendAsync(id, [.. Opened("INC-1", T0, Priority.P1), new ImpactStarted(T0.AddMinutes(-7), "responder", "metric onset")]);

        var opened = (await Row(store, "INC-1")).Measures.ShouldNotBeNull();
        opened.Priority.ShouldBe(Priority.P1);
        opened.DetectedAt.ShouldBe(T0);
        opened.ImpactAt.ShouldBe(T0.AddMinutes(-7));
        opened.AcknowledgedAt.ShouldBeNull();
        opened.ResolvedAt.ShouldBeNull();

        await store.AppendAsync(id, [new IncidentAcknowledged(T0.AddMinutes(4), "alex", "Alex Kim", "ack"), new Escalated(T0.AddMinutes(15), "engine", Tier.Tier2, "timeout")]);
        await store.AppendAsync(id, [new ActionTracked(T0.AddHours(1), "alex", "A1", "Canary", "Dana Wu", T0.AddDays(7), ActionType.Prevent, Priority.P1)]);
        await store.AppendAsync(id, [.. Resolution(T0.AddMinutes(50)), new ActionCompleted(T0.AddDays(2), "dana", "A1")]);

        var resolved = (await Row(store, "INC-1")).Measures.ShouldNotBeNull();
        resolved.AcknowledgedAt.ShouldBe(T0.AddMinutes(4));
        resolved.EngagedAt.ShouldBe(T0.AddMinutes(15));
        resolved.ResolvedAt.ShouldBe(T0.AddMinutes(50));
        resolved.ResolvedTier.ShouldBe(Tier.Tier2);
        resolved.LatestEventAt.ShouldBe(T0.AddDays(2));
        resolved.Actions.ShouldBe([new ActionDue(T0.AddDays(7), T0.AddDays(2))]);
    }

    [Fact]
    public async Task Open_StoreMadeBeforeTheProjection_BuildsEveryRowOnceFromTheEvents()
    {
        var path = _temp.PathOf();
        await using (var store = SqliteIncidentStore.Open(path))
        {
            await store.AppendAsync(new IncidentId("INC-1"), [.. Opened("INC-1", T0, Priority.P0), .. Resolution(T0.AddHours(2))]);
            await store.AppendAsync(new IncidentId("INC-2"), Opened("INC-2", T0.AddDays(1), Priority.P2));
        }

        SqliteConnection.ClearAllPools();
        await SqlAsync(path, "DROP TRIGGER events_outdate_measures; DROP TABLE incident_measures;");

        await using var reopened = SqliteIncidentStore.Open(path);
        var rows = await reopened.MeasuresAsync(null, null);

        rows.Select(r => r.Id).ShouldBe(["INC-1", "INC-2"]);
        rows[0].Measures.ShouldNotBeNull().ResolvedAt.ShouldBe(T0.AddHours(2));
        rows[1].Measures.ShouldNotBeNull().Priority.ShouldBe(Priority.P2);
        (await reopened.MeasuresAsync(T0.AddHours(12), null)).Select(r => r.Id).ShouldBe(["INC-2"]);
    }

    [Fact]
    public async Task EventWrittenWithoutTheProjection_DropsTheRow_NextOpenRebuildsIt()
    {
        var path = _temp.PathOf();
        await using (var store = SqliteIncidentStore.Open(path))
        {
            await store.AppendAsync(new IncidentId("INC-1"), Opened("INC-1", T0, Priority.P1));
        }

        // An older Firebreak appends the acknowledgement: it writes the event and the summary, not the projection.
        var ack = new IncidentAcknowledged(T0.AddMinutes(3), "alex", "Alex Kim", "ack");
        var payload = EventSerializer.Serialize(ack).Replace("'", "''", StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        await SqlAsync(path, $"INSERT INTO events (incident_id, dedup_key, type, at, payload) VALUES ('INC-1', '{ack.DedupKey}', '{EventSerializer.TypeName(ack)}', '2026-11-02T09:03:00.0000000Z', '{payload}');");

        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM incident_measures;";
            ((long)(await count.ExecuteScalarAsync())!).ShouldBe(0);
        }

        await using var reopened = SqliteIncidentStore.Open(path);
        (await Row(reopened, "INC-1")).Measures.ShouldNotBeNull().AcknowledgedAt.ShouldBe(T0.AddMinutes(3));
    }

    [Fact]
    public async Task Report_FromTheStoredRows_EqualsTheReportFromReplayedEvents()
    {
        await using var store = SqliteIncidentStore.Open(_temp.PathOf());
        await store.AppendAsync(new IncidentId("INC-1"), [.. Opened("INC-1", T0, Priority.P0),
            new ImpactStarted(T0.AddMinutes(-12), "responder", "metric onset"),
            new IncidentAcknowledged(T0.AddMinutes(9), "alex", "Alex Kim", "ack"),
            new Escalated(T0.AddMinutes(15), "engine", Tier.Tier2, "timeout"),
            new Escalated(T0.AddMinutes(45), "engine", Tier.Tier3, "timeout"),
            .. Resolution(T0.AddHours(5)),
            new ReviewHeld(T0.AddDays(1), "rita", T0.AddHours(20), ["Rita Gomez"]),
            new CauseRecorded(T0.AddHours(1), "responder", "checkout-api", "change:deploy", "a deploy broke prices", ["deploy", "broke", "prices"])]);
        await store.AppendAsync(new IncidentId("INC-2"), [.. Opened("INC-2", T0.AddDays(1), Priority.P1),
            new RoleAssigned(T0.AddDays(1).AddMinutes(5), "ic", Roles.Tier2ComponentOwner, "Dana Wu", "owner"),
            new ActionTracked(T0.AddDays(1), "alex", "A1", "Canary", "Dana Wu", T0.AddDays(3), ActionType.Prevent, Priority.P1),
            new ActionTracked(T0.AddDays(1), "alex", "A2", "Alert", "Dana Wu", T0.AddDays(30), ActionType.Detect, Priority.P2),
            .. Resolution(T0.AddDays(1).AddMinutes(30)),
            new StatusChanged(T0.AddDays(1).AddHours(1), "alex", IncidentStatus.Resolved, IncidentStatus.Investigating, "back"),
            new CauseRecorded(T0.AddDays(1), "responder", "checkout-api", "change:deploy", "a deploy broke prices", ["deploy", "broke", "prices"]),
            new RecurrenceLinked(T0.AddDays(1), "responder", "INC-1", "checkout-api", "change:deploy", 1, ["deploy"])]);
        await store.AppendAsync(new IncidentId("INC-3"), Opened("INC-3", T0.AddDays(2), Priority.P3));
        var asOf = T0.AddDays(10);

        var stored = (await store.MeasuresAsync(null, null)).Select(r => r.Measures.ShouldNotBeNull()).ToList();
        var fromRows = IncidentMetrics.Report(stored, DefaultPolicy.Instance, asOf);
        var histories = await store.HistoriesAsync(IncidentMetrics.EventTypes, null, null, CancellationToken.None, IncidentMetrics.KeyPrefixes);
        var fromEvents = IncidentMetrics.Compute(histories, DefaultPolicy.Instance, asOf);

        JsonSerializer.Serialize(fromRows).ShouldBe(JsonSerializer.Serialize(fromEvents));
        fromRows.Unresolved.ShouldBe(2);
        fromRows.Recurrence.Count.ShouldBe(1);
        fromRows.Actions.OpenOverdue.ShouldBe(1);
    }
}
