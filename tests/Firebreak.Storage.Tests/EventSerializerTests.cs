using Firebreak.Core;

namespace Firebreak.Storage.Tests;

public sealed class EventSerializerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 19, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void Serialize_WritesDiscriminatorAndEnumNames()
    {
        var json = EventSerializer.Serialize(new StatusChanged(T0, "ic", IncidentStatus.Triaged, IncidentStatus.Mitigating, "go"));

        json.ShouldContain("\"type\":\"status-changed\"");
        json.ShouldContain("\"Mitigating\"");
    }

    [Fact]
    public void Deserialize_RoundTrip_KeepsOffsetAndValues()
    {
        var original = new ActionAdded(T0, "pm", "short-term", "add smoke test", "QA", T0.AddDays(30));

        var back = EventSerializer.Deserialize(EventSerializer.Serialize(original));

        back.ShouldBe(original);
        back.At.Offset.ShouldBe(TimeSpan.FromHours(1));
    }

    [Fact]
    public void Deserialize_RowWrittenByEarlierVersions_ReadsNullableEnumsAndIgnoresDedupKey()
    {
        const string row = """
            {"type":"detected","incidentId":"INC-1","reporter":"alertmanager","detectionMethod":"alert","summary":"5xx up",
             "reportedPriority":"P1","source":"alerts.json","at":"2026-11-25T19:00:00+01:00","actor":"detector","dedupKey":"detected"}
            """;

        var back = EventSerializer.Deserialize(row).ShouldBeOfType<IncidentDetected>();

        back.ReportedPriority.ShouldBe(Priority.P1);
        back.At.ShouldBe(T0);
        EventSerializer.Serialize(back).ShouldContain("\"reportedPriority\":\"P1\"");
    }

    [Fact]
    public void TypeName_IsTheDiscriminator() =>
        EventSerializer.TypeName(new IncidentClosed(T0, "ic", "done")).ShouldBe("closed");
}
