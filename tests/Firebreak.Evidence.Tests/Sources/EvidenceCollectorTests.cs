using Firebreak.Core;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Evidence.Tests;

public sealed class EvidenceCollectorTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    private const string Yaml = """
        service: shop
        slo: {availability: 99.9, latency_p95_ms: 400}
        components:
          - {name: checkout-api, owner: Dana Wu, paths: [src/checkout/], critical: true}
          - {name: search, owner: Omar Ali, paths: [src/search/]}
        evidence:
          logs: [logs/**/*.log, ../outside/*.log]
          metrics:
            - {file: metrics/checkout_error_ratio.json, kind: error_rate, component: checkout-api}
            - {file: metrics/search_latency.json, kind: latency_p95_ms, component: search}
            - {file: metrics/missing.json, kind: throughput}
          alerts: [alerts/*.json]
          deployments: deploys.jsonl
        """;

    [Fact]
    public async Task Collect_FullKit_ReadsEverythingAsOfTheMoment()
    {
        using var project = new TempProject();
        project.InitGit();
        project.Commit(AsOf.AddDays(-30), "Initial import", ("README.md", "# shop\n"));
        var search = project.Commit(AsOf.AddHours(-4), "search: add synonyms", ("src/search/Synonyms.cs", "class S {}\n"));
        var culprit = project.Commit(AsOf.AddMinutes(-30), "checkout: apply loyalty discount", ("src/checkout/PriceCalculator.cs", "class P {}\n"));
        project.Commit(AsOf.AddMinutes(30), "later fix", ("src/checkout/PriceCalculator.cs", "class P2 {}\n"));
        project.Write("firebreak.yaml", Yaml);
        project.Write("deploys.jsonl", string.Join('\n',
            $$"""{"at": "{{Iso(AsOf.AddHours(-3))}}", "component": "search", "version": "5.2.0", "commit": "{{search}}", "kind": "deploy"}""",
            $$"""{"at": "{{Iso(AsOf.AddMinutes(-9))}}", "component": "checkout-api", "version": "3.8.0", "commit": "{{culprit}}", "kind": "deploy"}""",
            $$"""{"at": "{{Iso(AsOf.AddMinutes(-5))}}", "component": "recommender", "kind": "config", "key": "recs_carousel_v2", "old": "off", "new": "10%"}""",
            $$"""{"at": "{{Iso(AsOf.AddDays(-12))}}", "component": "checkout-api", "version": "3.7.0", "kind": "deploy"}""",
            $$"""{"at": "{{Iso(AsOf.AddMinutes(20))}}", "component": "checkout-api", "version": "3.7.9", "kind": "deploy"}""",
            "garbage"));
        project.Write("metrics/checkout_error_ratio.json", new SeriesBuilder(AsOf.AddMinutes(30), 0.003, 0.001).StepTo(TimeSpan.FromMinutes(38), 0.9, TimeSpan.FromMinutes(3)).PrometheusJson("checkout_error_ratio"));
        project.Write("metrics/search_latency.json", new SeriesBuilder(AsOf, 95, 6).PrometheusJson("search_latency"));
        project.Write("alerts/01-checkout.json", Alert("CheckoutHighErrorRate", AsOf.AddMinutes(-1), null));
        project.Write("alerts/02-later.json", Alert("LaterAlert", AsOf.AddMinutes(5), null));
        project.Write("alerts/03-resolved-later.json", Alert("ResolvedLater", AsOf.AddMinutes(-20), AsOf.AddMinutes(10)));
        project.Write("logs/checkout-api.log", "2026-11-25T19:52:00Z ERROR [checkout-api] boom\n");
        project.Write("logs/archive/search.log", "2026-11-25T19:00:00Z INFO [search] ok\n");
        project.Write("runbooks/high-error-rate.md", "# High error rate\nMitigation: roll back\n");
        project.Write("deployment/runbook-deploy.md", "# Deploy\n1. Deploy\n");
        var logs = new FakeLogAnalyzer();
        var collector = new EvidenceCollector(logs, new FakeTimeProvider(AsOf.AddHours(1)));

        var evidence = await collector.CollectAsync(ProjectConfigLoader.Load(project.Root), AsOf);

        evidence.GitAvailable.ShouldBeTrue();
        evidence.Changes.Select(c => (c.Kind, c.Ref)).ShouldBe([
            (ChangeKind.Commit, search),
            (ChangeKind.Deploy, search),
            (ChangeKind.Commit, culprit),
            (ChangeKind.Deploy, culprit),
            (ChangeKind.Config, "recs_carousel_v2"),
        ]);
        evidence.Changes.ShouldAllBe(c => c.At <= AsOf);
        evidence.Changes.Single(c => c.Kind == ChangeKind.Commit && c.Ref == culprit).Component.ShouldBe("checkout-api");
        evidence.Changes.Single(c => c.Kind == ChangeKind.Deploy && c.Ref == culprit).Files.ShouldBe(["src/checkout/PriceCalculator.cs"]);
        evidence.Changes.Single(c => c.Kind == ChangeKind.Deploy && c.Ref == search).Files.ShouldContain("src/search/Synonyms.cs");

        evidence.Alerts.Select(a => a.Name).ShouldBe(["ResolvedLater", "CheckoutHighErrorRate"]);
        evidence.Alerts.ShouldAllBe(a => a.IsFiring);

        var errors = evidence.Metrics.Single(m => m.Series.Kind == "error_rate");
        errors.Anomalous.ShouldBeTrue();
        errors.Series.Samples.ShouldAllBe(s => s.At <= AsOf);
        (errors.Onset!.Value - AsOf.AddMinutes(-8)).Duration().ShouldBeLessThanOrEqualTo(TimeSpan.FromMinutes(1));
        evidence.Metrics.Single(m => m.Series.Kind == "latency_p95_ms").Anomalous.ShouldBeFalse();

        logs.Files.ShouldBe(["logs/archive/search.log", "logs/checkout-api.log"]);
        logs.Onset.ShouldBe(errors.Onset);
        logs.Until.ShouldBe(AsOf);
        logs.ProjectDirectory.ShouldBe(Path.GetFullPath(project.Root));

        evidence.Runbooks.Select(r => r.Path).ShouldBe(["deployment/runbook-deploy.md", "runbooks/high-error-rate.md"], ignoreOrder: true);

        evidence.Warnings.ShouldContain(w => w.Source == "metrics/missing.json" && w.Message.StartsWith("not available", StringComparison.Ordinal));
        evidence.Warnings.ShouldContain(w => w.Source == "../outside/*.log");
        evidence.Warnings.ShouldContain(w => w.Source == "deploys.jsonl" && w.Message.Contains("1 line(s) skipped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CollectMetricsAsync_ReadsOnlyMetrics_LogsAreNotMinedAgain()
    {
        using var project = new TempProject();
        project.Write("metrics/checkout_error_ratio.json", new SeriesBuilder(AsOf.AddMinutes(30), 0.003, 0.001).StepTo(TimeSpan.FromMinutes(38), 0.9, TimeSpan.FromMinutes(3)).PrometheusJson("checkout_error_ratio"));
        project.Write("logs/checkout-api.log", "2026-11-25T19:52:00Z ERROR [checkout-api] boom\n");
        var logs = new FakeLogAnalyzer();
        var collector = new EvidenceCollector(logs, new FakeTimeProvider(AsOf.AddHours(1)));

        var (metrics, warnings) = await collector.CollectMetricsAsync(ProjectConfigLoader.Load(project.Root), AsOf);

        metrics.ShouldHaveSingleItem().Series.Name.ShouldBe("checkout_error_ratio");
        metrics[0].Series.Samples.ShouldAllBe(s => s.At <= AsOf);
        warnings.ShouldBeEmpty();
        logs.Called.ShouldBeFalse();
    }

    [Fact]
    public async Task Collect_EmptyDirectory_WarnsForEverySourceWithoutThrowing()
    {
        using var project = new TempProject();
        var logs = new FakeLogAnalyzer();

        var evidence = await new EvidenceCollector(logs, new FakeTimeProvider(AsOf)).CollectAsync(ProjectConfigLoader.Load(project.Root), AsOf);

        evidence.GitAvailable.ShouldBeFalse();
        evidence.Alerts.ShouldBeEmpty();
        evidence.Changes.ShouldBeEmpty();
        evidence.Metrics.ShouldBeEmpty();
        evidence.Runbooks.ShouldBeEmpty();
        evidence.Logs.ShouldBe(LogAnalysis.Empty);
        logs.Called.ShouldBeFalse();
        evidence.Warnings.Select(w => w.Source).ShouldBe(["git", "alerts", "runbooks", "metrics", "deploys.jsonl", "logs"], ignoreOrder: true);
        evidence.Warnings.Single(w => w.Source == "alerts").Message.ShouldBe("not available: alerts/*.json matched no file");
    }

    [Fact]
    public async Task Collect_RotatedAndCompressedLogsWithoutConfig_AreAllReadOldestFirst()
    {
        using var project = new TempProject();
        project.Write("logs/checkout.log", "2026-11-25T19:52:00Z ERROR [checkout] third\n");
        project.Write("logs/checkout.log.1", "2026-11-25T19:00:00Z INFO [checkout] second\n");
        using (var gzip = new System.IO.Compression.GZipStream(File.Create(Path.Combine(project.Root, "logs", "checkout.log.2.gz")), System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write("2026-11-25T18:00:00Z INFO [checkout] first\n"u8);
        }

        project.Write("logs/notes.md", "not a log\n");
        var logs = new FakeLogAnalyzer();

        await new EvidenceCollector(logs, new FakeTimeProvider(AsOf)).CollectAsync(ProjectConfigLoader.Load(project.Root), AsOf);

        logs.Files.ShouldBe(["logs/checkout.log.2.gz", "logs/checkout.log.1", "logs/checkout.log"]);
    }

    [Fact]
    public async Task Collect_NoConfig_FindsKitMetricFilesByName()
    {
        using var project = new TempProject();
        project.Write("metrics/api_error_ratio.json", new SeriesBuilder(AsOf, 0.003, 0.001).StepTo(TimeSpan.FromMinutes(10), 0.5).PrometheusJson("api_error_ratio"));

        var evidence = await new EvidenceCollector(new FakeLogAnalyzer(), new FakeTimeProvider(AsOf)).CollectAsync(ProjectConfigLoader.Load(project.Root), AsOf);

        var series = evidence.Metrics.ShouldHaveSingleItem();
        series.Series.Kind.ShouldBe("error_rate");
        series.Series.Component.ShouldBe("checkout-api");
        series.Anomalous.ShouldBeTrue();
    }

    [Fact]
    public async Task Collect_LivePrometheus_IsQueriedForTheSixHoursBeforeAsOf()
    {
        using var project = new TempProject();
        var body = new SeriesBuilder(AsOf, 180, 10).StepTo(TimeSpan.FromMinutes(12), 900).PrometheusJson("lat");
        await using var server = await PrometheusClientTests.StubServer.StartAsync(System.Net.HttpStatusCode.OK, body);
        project.Write("firebreak.yaml", $"evidence:\n  prometheus:\n    url: {server.BaseUrl}\n    queries:\n      - {{name: checkout_p95, query: 'histogram_quantile(0.95, x)', kind: latency_p95_ms, component: checkout-api}}\n");
        using var http = new HttpClient();

        var evidence = await new EvidenceCollector(new FakeLogAnalyzer(), new FakeTimeProvider(AsOf.AddDays(1)), http).CollectAsync(ProjectConfigLoader.Load(project.Root), AsOf);

        var series = evidence.Metrics.ShouldHaveSingleItem();
        series.Series.Name.ShouldBe("checkout_p95");
        series.Series.Source.File.ShouldBe("prometheus:checkout_p95");
        series.Anomalous.ShouldBeTrue();
        server.Requests.ShouldHaveSingleItem().ShouldContain($"start={AsOf.AddHours(-6).ToUnixTimeSeconds()}&end={AsOf.ToUnixTimeSeconds()}");
    }

    [Fact]
    public async Task Collect_HostileFiles_BecomeWarnings()
    {
        using var project = new TempProject();
        project.Write("firebreak.yaml", "evidence:\n  metrics:\n    - {file: metrics/m.json, kind: error_rate}\n    - {file: /etc/passwd, kind: error_rate}\n");
        project.WriteBytes("metrics/m.json", [.. "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"values\":[[1"u8.ToArray()]);
        project.WriteBytes("alerts/a.json", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]);
        project.WriteBytes("deploys.jsonl", [0x00, 0x01, 0x02, 0xFF, (byte)'\n', 0xFE]);
        project.WriteBytes("runbooks/r.md", [0xFF, 0xFE, 0x41, 0x00]);

        var evidence = await new EvidenceCollector(new FakeLogAnalyzer(), new FakeTimeProvider(AsOf)).CollectAsync(ProjectConfigLoader.Load(project.Root), AsOf);

        evidence.Metrics.ShouldBeEmpty();
        evidence.Alerts.ShouldBeEmpty();
        evidence.Changes.ShouldBeEmpty();
        evidence.Runbooks.ShouldHaveSingleItem();
        evidence.Warnings.ShouldContain(w => w.Source == "metrics/m.json");
        evidence.Warnings.ShouldContain(w => w.Source == "/etc/passwd");
        evidence.Warnings.ShouldContain(w => w.Source == "alerts/a.json");
        evidence.Warnings.ShouldContain(w => w.Source == "deploys.jsonl");
    }

    [Fact]
    public async Task Collect_AlertWithoutComponentLabel_IsMappedThroughTheCatalog()
    {
        using var project = new TempProject();
        project.Write("firebreak.yaml", "components:\n  - {name: checkout-api}\n");
        project.Write("alerts/a.json", $$"""{"version":"4","alerts":[{"labels":{"alertname":"A","service":"Checkout-API"},"startsAt":"{{Iso(AsOf.AddMinutes(-1))}}"},{"labels":{"alertname":"B","job":"node"},"startsAt":"{{Iso(AsOf.AddMinutes(-1))}}"}]}""");

        var evidence = await new EvidenceCollector(new FakeLogAnalyzer(), new FakeTimeProvider(AsOf)).CollectAsync(ProjectConfigLoader.Load(project.Root), AsOf);

        evidence.Alerts.Select(a => a.Component).ShouldBe(["checkout-api", null]);
    }

    [Fact]
    public async Task Collect_MetricWithoutComponent_IsMappedThroughTheCatalog()
    {
        using var project = new TempProject();
        project.Write("firebreak.yaml", "components:\n  - {name: checkout}\nevidence:\n  metrics: [metrics/m.json]\n");
        project.Write("metrics/m.json", $$$"""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"checkout"},"values":[[{{{AsOf.AddMinutes(-1).ToUnixTimeSeconds()}}},"1"]]}]}}""");

        var evidence = await new EvidenceCollector(new FakeLogAnalyzer(), new FakeTimeProvider(AsOf)).CollectAsync(ProjectConfigLoader.Load(project.Root), AsOf);

        evidence.Metrics.ShouldHaveSingleItem().Series.Component.ShouldBe("checkout");
    }

    [Fact]
    public async Task Collect_NoMetricOnset_UsesTheFirstFiringAlertForLogs()
    {
        using var project = new TempProject();
        project.Write("alerts/a.json", Alert("A", AsOf.AddMinutes(-7), null));
        project.Write("alerts/b.json", Alert("B", AsOf.AddMinutes(-3), null));
        project.Write("logs/app.log", "x\n");
        var logs = new FakeLogAnalyzer();

        await new EvidenceCollector(logs, new FakeTimeProvider(AsOf)).CollectAsync(ProjectConfigLoader.Load(project.Root), AsOf);

        logs.Onset.ShouldBe(AsOf.AddMinutes(-7));
    }

    [Fact]
    public async Task Collect_LogAnalyzerFailure_BecomesWarning()
    {
        using var project = new TempProject();
        project.Write("logs/app.log", "x\n");

        var evidence = await new EvidenceCollector(new FakeLogAnalyzer { Throw = true }, new FakeTimeProvider(AsOf)).CollectAsync(ProjectConfigLoader.Load(project.Root), AsOf);

        evidence.Logs.ShouldBe(LogAnalysis.Empty);
        evidence.Warnings.ShouldContain(w => w.Source == "logs" && w.Message.Contains("could not be analysed", StringComparison.Ordinal));
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static string Alert(string name, DateTimeOffset startsAt, DateTimeOffset? endsAt) => $$"""
        {"version":"4","status":"{{(endsAt is null ? "firing" : "resolved")}}","commonLabels":{"alertname":"{{name}}"},"alerts":[
          {"status":"{{(endsAt is null ? "firing" : "resolved")}}","labels":{"alertname":"{{name}}","severity":"critical","component":"checkout-api"},
           "annotations":{"summary":"s"},"startsAt":"{{Iso(startsAt)}}","endsAt":"{{(endsAt is { } e ? Iso(e) : "0001-01-01T00:00:00Z")}}","fingerprint":"{{name.GetHashCode(StringComparison.Ordinal):x8}}"}]}
        """;

    private sealed class FakeLogAnalyzer : ILogAnalyzer
    {
        public bool Throw { get; init; }

        public bool Called { get; private set; }

        public string? ProjectDirectory { get; private set; }

        public IReadOnlyList<string> Files { get; private set; } = [];

        public DateTimeOffset? Onset { get; private set; }

        public DateTimeOffset? Until { get; private set; }

        public LogAnalysis Analyze(string projectDirectory, IReadOnlyList<string> files, DateTimeOffset? referenceOnset, DateTimeOffset? until, CancellationToken cancellationToken = default)
        {
            Called = true;
            Until = until;
            if (Throw)
            {
                throw new IOException("disk on fire");
            }

            ProjectDirectory = projectDirectory;
            Files = files;
            Onset = referenceOnset;
            return new LogAnalysis([], 2, 2, 0, files);
        }
    }
}
