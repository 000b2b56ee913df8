namespace Firebreak.Evidence.Tests;

public sealed class AlertReaderTests
{
    // The shape Alertmanager 0.25 posts: two alerts in one group; commonLabels hold only what they share.
    private const string GroupedPayload = """
        {"receiver":"incident-webhook","status":"firing","alerts":[
          {"status":"firing","labels":{"alertname":"DiskFull","instance":"db-1","service":"db","severity":"critical","component":"orders-db"},"annotations":{"summary":"disk full on db-1"},"startsAt":"2026-11-25T20:05:12.402981078Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"1b821551d31d953a"},
          {"status":"firing","labels":{"alertname":"DiskFull","instance":"db-2","service":"db","severity":"warning"},"annotations":{"summary":"disk full on db-2"},"startsAt":"2026-11-25T20:05:12.402981078Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"aa1156dbc34c089a"}],
         "groupLabels":{"alertname":"DiskFull","service":"db"},"commonLabels":{"alertname":"DiskFull","service":"db"},"commonAnnotations":{"description":"shared description"},
         "externalURL":"http://127.0.0.1:19093","version":"4","groupKey":"{}:{alertname=\"DiskFull\", service=\"db\"}","truncatedAlerts":0}
        """;

    [Fact]
    public void Parse_GroupedPayload_ReadsEachAlertsOwnLabels()
    {
        var warnings = new List<EvidenceWarning>();

        var alerts = AlertReader.Parse(GroupedPayload, "alerts/01-disk.json", warnings);

        warnings.ShouldBeEmpty();
        alerts.Count.ShouldBe(2);
        alerts[0].Name.ShouldBe("DiskFull");
        alerts[0].Severity.ShouldBe("critical");
        alerts[0].Component.ShouldBe("orders-db");
        alerts[0].Summary.ShouldBe("disk full on db-1");
        alerts[0].Description.ShouldBe("shared description");
        alerts[0].IsFiring.ShouldBeTrue();
        alerts[0].EndsAt.ShouldBeNull();
        alerts[0].Labels["instance"].ShouldBe("db-1");
        alerts[0].Source.ShouldBe(new SourceRef("alerts/01-disk.json", null, "DiskFull"));
        alerts[1].Severity.ShouldBe("warning");
        alerts[1].Component.ShouldBeNull();
        alerts[1].Fingerprint.ShouldBe("aa1156dbc34c089a");
    }

    [Fact]
    public void Parse_DuplicateAlerts_AreDeduplicated()
    {
        var twice = $"[{GroupedPayload},{GroupedPayload}]";

        AlertReader.Parse(twice, "alerts/x.json", []).Count.ShouldBe(2);
    }

    [Fact]
    public void Parse_ResolvedAlert_KeepsItsEnd()
    {
        const string json = """
            {"version":"4","status":"resolved","alerts":[{"status":"resolved","labels":{"alertname":"HighErrorRate"},"annotations":{},"startsAt":"2026-11-25T19:00:00Z","endsAt":"2026-11-25T19:30:00Z"}]}
            """;

        var alert = AlertReader.Parse(json, "a.json", []).ShouldHaveSingleItem();

        alert.IsFiring.ShouldBeFalse();
        alert.EndsAt.ShouldBe(new DateTimeOffset(2026, 11, 25, 19, 30, 0, TimeSpan.Zero));
        alert.Fingerprint.Length.ShouldBe(16);
    }

    [Fact]
    public void Parse_ApiV2AlertList_IsAccepted()
    {
        const string json = """
            [{"annotations":{"summary":"High error ratio on checkout"},"endsAt":"2026-11-25T20:07:20.681Z","fingerprint":"00d84a5f3f663efa","startsAt":"2026-11-25T20:03:20.681Z","status":{"inhibitedBy":[],"silencedBy":[],"state":"active"},"labels":{"alertname":"HighErrorRate","severity":"warning"}}]
            """;

        var alert = AlertReader.Parse(json, "a.json", []).ShouldHaveSingleItem();

        alert.Status.ShouldBe("firing");
        alert.Summary.ShouldBe("High error ratio on checkout");
    }

    [Theory]
    [InlineData("{\"version\":\"4\",\"alerts\":[{\"labels\":{\"alertname\":\"X\"},\"startsAt\":\"2026-11-25T19:0")]
    [InlineData("\u0000\u0001garbage")]
    [InlineData("{\"version\":\"4\"}")]
    [InlineData("42")]
    public void Parse_Hostile_WarnsAndReturnsNothing(string json)
    {
        var warnings = new List<EvidenceWarning>();

        AlertReader.Parse(json, "alerts/bad.json", warnings).ShouldBeEmpty();

        warnings.ShouldNotBeEmpty();
    }

    [Fact]
    public void Parse_AlertWithoutNameOrStart_IsSkippedWithWarning()
    {
        const string json = """{"version":"4","alerts":[{"labels":{"severity":"x"},"startsAt":"2026-11-25T19:00:00Z"},{"labels":{"alertname":"A"}},{"labels":{"alertname":"B"},"startsAt":"2026-11-25T19:00:00Z"}]}""";
        var warnings = new List<EvidenceWarning>();

        AlertReader.Parse(json, "a.json", warnings).ShouldHaveSingleItem().Name.ShouldBe("B");

        warnings.ShouldHaveSingleItem().Message.ShouldContain("2 alert(s) skipped");
    }

    [Fact]
    public void Parse_SecretInAnnotation_IsRedacted()
    {
        const string json = """{"version":"4","alerts":[{"labels":{"alertname":"A"},"annotations":{"summary":"auth failing for postgres://app:s3cret@db/x"},"startsAt":"2026-11-25T19:00:00Z"}]}""";

        AlertReader.Parse(json, "a.json", []).ShouldHaveSingleItem().Summary.ShouldBe("auth failing for postgres://app:[REDACTED]@db/x");
    }
}
