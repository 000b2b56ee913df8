namespace Firebreak.Evidence.Tests;

public sealed class MetricReaderTests
{
    private static readonly MetricSource ErrorSource = new("metrics/err.json", "error_rate", "checkout-api");

    [Fact]
    public void ParsePrometheus_Matrix_ReadsSamplesAndLabels()
    {
        const string json = """
            {"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"demo_http_error_ratio","job":"demo-app","service":"checkout"},
             "values":[[1795637008,"0.9"],[1795637010.5,"0.8"],[1795637012,"NaN"],[1795637014,"+Inf"],[1795637016,"-Inf"],[1795637018,"1e-3"]]}]}}
            """;
        var warnings = new List<EvidenceWarning>();

        var series = MetricReader.ParsePrometheus(json, "metrics/err.json", ErrorSource, warnings).ShouldHaveSingleItem();

        series.Name.ShouldBe("demo_http_error_ratio");
        series.Kind.ShouldBe("error_rate");
        series.Component.ShouldBe("checkout-api");
        series.Labels["job"].ShouldBe("demo-app");
        series.Samples.Select(s => s.Value).ShouldBe([0.9, 0.8, 0.001]);
        series.Samples[1].At.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1795637010500));
        series.Source.ShouldBe(new SourceRef("metrics/err.json"));
        warnings.ShouldHaveSingleItem().Message.ShouldContain("3 sample(s) skipped");
    }

    [Fact]
    public void ParsePrometheus_SeveralSeries_AreNamedByTheirLabels()
    {
        const string json = """
            {"status":"success","data":{"resultType":"matrix","result":[
              {"metric":{"__name__":"lat","instance":"a"},"values":[[1795637008,"1"]]},
              {"metric":{"__name__":"lat","instance":"b"},"values":[[1795637008,"2"]]}]}}
            """;

        var series = MetricReader.ParsePrometheus(json, "metrics/lat.json", new MetricSource("metrics/lat.json", "latency_p95_ms", null), []);

        series.Select(s => s.Name).ShouldBe(["lat{instance=\"a\"}", "lat{instance=\"b\"}"]);
    }

    [Fact]
    public void ParsePrometheus_Vector_ReadsTheSingleValue()
    {
        const string json = """{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up"},"value":[1795637018.157,"1"]}]}}""";

        var series = MetricReader.ParsePrometheus(json, "x", ErrorSource, []).ShouldHaveSingleItem();

        series.Samples.ShouldHaveSingleItem().Value.ShouldBe(1);
    }

    [Theory]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[]}}""", "holds no series")]
    [InlineData("""{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\""}""", "bad_data")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1795637008,"0.9"],[17956""", "not a valid")]
    [InlineData("[1,2,3]", "not a Prometheus answer")]
    [InlineData("""{"status":"success"}""", "no data.result")]
    public void ParsePrometheus_BadAnswer_WarnsAndReturnsNothing(string json, string warning)
    {
        var warnings = new List<EvidenceWarning>();

        MetricReader.ParsePrometheus(json, "metrics/err.json", ErrorSource, warnings).ShouldBeEmpty();

        warnings.ShouldContain(w => w.Message.Contains(warning, StringComparison.Ordinal) && w.Source == "metrics/err.json");
    }

    [Fact]
    public void ParsePrometheus_HugeNumbersAndGarbageSamples_AreSkippedOrKept()
    {
        const string json = """
            {"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[
              [1795637008,"1e308"],[1e300,"1"],[-5,"1"],["abc","1"],[1795637010,{}],[1795637012],null,[1795637014,"5"]]}]}}
            """;
        var warnings = new List<EvidenceWarning>();

        var series = MetricReader.ParsePrometheus(json, "m.json", ErrorSource, warnings).ShouldHaveSingleItem();

        series.Samples.Select(s => s.Value).ShouldBe([1e308, 5]);
        warnings.ShouldHaveSingleItem().Message.ShouldContain("6 sample(s) skipped");
    }

    [Fact]
    public void ParseCsv_IsoAndEpoch_AreRead()
    {
        const string csv = "timestamp,value\n2026-11-25T19:00:00Z,0.1\n1795633260,0.2\n\"2026-11-25T19:02:00Z\",\"0.3\"\nbad line\n2026-11-25T19:03:00Z,NaN\n";
        var warnings = new List<EvidenceWarning>();

        var series = MetricReader.ParseCsv(csv, "metrics/err.csv", ErrorSource, warnings).ShouldHaveSingleItem();

        series.Samples.Select(s => s.Value).ShouldBe([0.1, 0.2, 0.3]);
        series.Samples[0].At.ShouldBe(new DateTimeOffset(2026, 11, 25, 19, 0, 0, TimeSpan.Zero));
        warnings.ShouldHaveSingleItem().Message.ShouldContain("2 CSV line(s) skipped");
    }

    [Fact]
    public void ReadFile_ChoosesFormatByContent_AndSortsSamples()
    {
        using var project = new TempProject();
        var json = project.Write("metrics/a.json", """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1795637010,"2"],[1795637008,"1"],[1795637010,"3"]]}]}}""");
        var csv = project.Write("metrics/b.csv", "timestamp,value\n1795637010,2\n1795637008,1\n");

        var fromJson = MetricReader.ReadFile(json, "metrics/a.json", ErrorSource, []).ShouldHaveSingleItem();
        var fromCsv = MetricReader.ReadFile(csv, "metrics/b.csv", ErrorSource, []).ShouldHaveSingleItem();

        fromJson.Samples.Select(s => s.Value).ShouldBe([1, 3]);
        fromCsv.Samples.Select(s => s.Value).ShouldBe([1, 2]);
        fromJson.Name.ShouldBe("a");
    }

    [Fact]
    public void ReadFile_BinaryGarbage_Warns()
    {
        using var project = new TempProject();
        var path = project.WriteBytes("metrics/x.json", [0x7B, 0xFF, 0xFE, 0x00, 0x01, 0x80]);
        var warnings = new List<EvidenceWarning>();

        MetricReader.ReadFile(path, "metrics/x.json", ErrorSource, warnings).ShouldBeEmpty();

        warnings.ShouldNotBeEmpty();
    }
}
