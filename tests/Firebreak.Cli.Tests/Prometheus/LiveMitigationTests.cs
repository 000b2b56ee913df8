using System.Text.Json;
using Firebreak.Core;
using Firebreak.Response;
using Firebreak.Storage;
using Spectre.Console.Testing;

namespace Firebreak.Cli.Tests.Prometheus;

/// <summary>--execute against a real Prometheus: the rollback command reaches the service, validation re-reads it and the incident ends RESOLVED.</summary>
public sealed class LiveMitigationTests
{
    [PrometheusFact]
    public async Task Respond_ExecuteWithLivePrometheus_RollbackDropsErrorRatio_EndsResolved()
    {
        await using var exporter = new DemoExporter(errorRatio: 0.001);
        await using var prometheus = await PrometheusServer.StartAsync(exporter.Port, CancellationToken.None);
        using var http = new HttpClient();
        await PrometheusServerTests.WaitForValueAsync(http, prometheus.Url, "demo_http_error_ratio");
        // Healthy history first (the baseline), then the regression (the onset and the current value).
        await Task.Delay(TimeSpan.FromSeconds(20));
        exporter.ErrorRatio = 0.9;
        await Task.Delay(TimeSpan.FromSeconds(10));
        var now = TimeProvider.System.GetUtcNow();
        using var kit = new KitBuilder(now)
            .Config($"""
                service: demo
                users: 1000
                slo: {"{"}availability: 99.9{"}"}
                components:
                  - {"{"}name: checkout-api, owner: Dana Wu, paths: [src/], critical: true{"}"}
                people: {"{"}oncall: [Alex Kim], incident_commanders: [Rita Gomez], management: [Mia Chen], executives: [Omar Haddad]{"}"}
                evidence:
                  prometheus:
                    url: {prometheus.Url}
                    step: 1s
                    window: 10m
                    queries:
                      - {"{"}name: demo_http_error_ratio, query: demo_http_error_ratio, kind: error_rate, component: checkout-api{"}"}
                mitigation:
                  rollback: "curl -sS -X POST http://127.0.0.1:{exporter.Port}/rollback"
                  validation_window: 8s
                """)
            .Commit(TimeSpan.FromDays(2), "Init <init@example.invalid>", "Initial import", new() { ["src/app.txt"] = "v1\n" })
            .Commit(TimeSpan.FromMinutes(3), "Dana Wu <dana@example.invalid>", "checkout: new pricing", new() { ["src/app.txt"] = "v2\n" }, "culprit")
            .Deploy(TimeSpan.FromHours(5), ("component", "checkout-api"), ("version", "1.0.0"), ("kind", "deploy"), ("description", "checkout-api 1.0.0"))
            .Deploy(TimeSpan.FromSeconds(20), ("component", "checkout-api"), ("version", "1.1.0"), ("commit", "@culprit"), ("kind", "deploy"), ("description", "checkout-api 1.1.0"))
            .Build();
        var console = new TestConsole();
        console.Profile.Width = 400;
        using var error = new StringWriter();

        var code = await RespondCommand.RunAsync(
            ["INC-LIVE", kit.Path, "--execute", "--description", "checkout errors", "--no-color"], console, error, new StringReader(string.Empty),
            TimeProvider.System, RespondEnvironment.Default, kit.Path, CancellationToken.None);

        code.ShouldBe(0, error.ToString());
        exporter.Rollbacks.ShouldBe(1, console.Output);
        var dir = kit.IncidentDirectory("INC-LIVE");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "incident.json")));
        json.RootElement.GetProperty("mitigation").GetProperty("executed").GetBoolean().ShouldBeTrue(console.Output);
        Directory.GetFiles(Path.Combine(dir, "actions"), "*-rollback.log").ShouldHaveSingleItem();

        var report = await File.ReadAllTextAsync(Path.Combine(dir, "mitigation-report.md"));
        json.RootElement.GetProperty("mitigation").GetProperty("validated").GetBoolean().ShouldBeTrue(report);
        json.RootElement.GetProperty("status").GetString().ShouldBe("RESOLVED", console.Output);
        await using var store = SqliteIncidentStore.Open(FlowRequest.StorePath(kit.Path));
        var events = await store.LoadAsync(new IncidentId("INC-LIVE"));
        events.OfType<EvidenceCollected>().ShouldContain(e => e.Source == "metrics" && e.Summary.StartsWith("1 series", StringComparison.Ordinal), console.Output);
        events.OfType<MitigationExecuted>().ShouldHaveSingleItem().Succeeded.ShouldBeTrue();
        events.OfType<MitigationValidated>().ShouldHaveSingleItem().Verdict.ShouldBe(ResolutionVerdict.Resolved);
    }
}
