using System.Globalization;
using System.Text;
using Firebreak.Core;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Evidence.Tests;

/// <summary>Issue 11 item 18: change records in the window cost numbers, not sentences (the timing is in the deploys benchmark).</summary>
public sealed class HostileChangeVolumeTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Score_TwentyThousandChangesInTheWindow_ExplainsOnlyWhatTheDiagnosisCanShow()
    {
        using var project = new TempProject();
        project.Write("firebreak.yaml", "service: shop\ncomponents:\n  - {name: checkout-api, paths: [src/checkout/]}\n  - {name: search, paths: [src/search/]}\n");
        string[] kinds = ["deploy", "config", "feature-flag", "migration"];
        var lines = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            var at = AsOf.AddSeconds(-86_000.0 * (20_000 - i) / 20_000).AddMinutes(-1);
            lines.Append(CultureInfo.InvariantCulture, $$"""{"at": "{{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}", "component": "{{(i % 2 == 0 ? "checkout-api" : "search")}}", "kind": "{{kinds[i % 4]}}", "version": "1.{{i}}.0", "key": "key_{{i % 50}}", "commit": "{{i:x8}}{{new string('a', 32)}}"}""").Append('\n');
        }

        project.Write("deploys.jsonl", lines.ToString());
        var evidence = await new EvidenceCollector(new LogAnalyzer(), new FakeTimeProvider(AsOf)).CollectAsync(ProjectConfigLoader.Load(project.Root), AsOf);
        var graph = new ComponentGraph(evidence.Config.Profile);
        var signals = SignalReader.Read(evidence, graph, AsOf, null);

        var scored = ChangeScorer.Score(evidence, signals, Scope.Of(signals, graph), graph, AsOf);

        evidence.Changes.Count.ShouldBe(20_000);
        scored.Count.ShouldBeLessThanOrEqualTo(32 + 5 + 1);
        scored.ShouldAllBe(s => s.Hypothesis.Statement.Length > 0 && s.Hypothesis.Evidence.Count > 0);
        scored.Select(s => s.Hypothesis.Score).ShouldBeInOrder(SortDirection.Descending);
        // The most recent change leads when nothing else tells them apart.
        scored[0].Change.At.ShouldBe(evidence.Changes.Max(c => c.At));
        Analyst.Diagnose(evidence, GuidanceProfile.None, AsOf).Hypotheses.Count.ShouldBeLessThanOrEqualTo(16);
    }
}
