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
    public void TypeName_IsTheDiscriminator() =>
        EventSerializer.TypeName(new IncidentClosed(T0, "ic", "done")).ShouldBe("closed");
}
