using Firebreak.Core;

namespace Firebreak.Storage.Tests;

public sealed class IncidentHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static IncidentEvent[] Incident(string id, DateTimeOffset at) =>
    [
        new IncidentDetected(at, "alertmanager", id, "alertmanager", "alert", "checkout fails", Priority.P1, "alerts/a.json"),
        new EvidenceCollected(at, "responder", "alerts", "1 alert"),
        new IncidentAcknowledged(at.AddMinutes(3), "alex", "Alex Kim", "ack"),
        new NoteRecorded(at.AddMinutes(4), "alex", "looking", null),
    ];

    [Fact]
    public async Task HistoriesAsync_RangeAndTypes_OnlyThoseIncidentsAndEventsInOrder()
    {
        using var temp = new TempDatabase();
        await using var store = SqliteIncidentStore.Open(temp.PathOf());
        await store.AppendAsync(new IncidentId("INC-1"), Incident("INC-1", T0));
        await store.AppendAsync(new IncidentId("INC-2"), Incident("INC-2", T0.AddDays(1)));
        await store.AppendAsync(new IncidentId("INC-3"), Incident("INC-3", T0.AddDays(2)));

        var histories = await store.HistoriesAsync([typeof(IncidentDetected), typeof(IncidentAcknowledged)], T0.AddDays(1), T0.AddDays(2));

        histories.Select(h => h.Id).ShouldBe(["INC-2"]);
        histories[0].Events.Select(e => e.GetType()).ShouldBe([typeof(IncidentDetected), typeof(IncidentAcknowledged)]);
        (await store.HistoriesAsync([typeof(NoteRecorded)], null, null)).Select(h => h.Events.Count).ShouldBe([1, 1, 1]);
    }

    [Fact]
    public async Task HistoriesAsync_IncidentWithoutEventsOfTheTypes_StillListedEmpty()
    {
        using var temp = new TempDatabase();
        await using var store = SqliteIncidentStore.Open(temp.PathOf());
        await store.AppendAsync(new IncidentId("INC-1"), Incident("INC-1", T0));

        var histories = await store.HistoriesAsync([typeof(ActionTracked)], null, null);

        histories.Single().Id.ShouldBe("INC-1");
        histories.Single().Events.ShouldBeEmpty();
    }
}
