using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Response;
using Firebreak.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Cli.Tests;

/// <summary>
/// The analysis is stored: respond writes its decisions as versioned analysis events, later commands render from them
/// and the lifecycle events without reading evidence or reasoning again, a re-run appends only a changed analysis.
/// </summary>
public sealed class StoredAnalysisTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);
    private static readonly IncidentId Id = new("INC-42");

    /// <summary>The real respond flow and live commands on a kit, with an evidence source and reasoning that count their calls.</summary>
    private sealed class Harness
    {
        public Harness(Kit kit)
        {
            Kit = kit;
            Config = ProjectConfigLoader.Load(kit.Path);
            var services = RespondEnvironment.Default.Services(Config, Time, SilentReporter.Instance);
            Evidence = new CountingEvidence(services.Evidence);
            Reasoning = new CountingReasoning(services.Reasoning);
            Respond = new RespondHandler(services with { Evidence = Evidence, Reasoning = Reasoning }, SqliteIncidentStore.Open);
            Runner = new LiveCommandRunner(new LiveServices(Config, Time, SqliteIncidentStore.Open) { Renderer = new RespondRecordRenderer(Respond, Config) });
        }

        public Kit Kit { get; }
        public ProjectConfig Config { get; }
        public FakeTimeProvider Time { get; } = new(Now);
        public CountingEvidence Evidence { get; }
        public CountingReasoning Reasoning { get; }
        public RespondHandler Respond { get; }
        public LiveCommandRunner Runner { get; }
        public string Folder => Kit.IncidentDirectory(Id.Value);

        public Task<FlowResult> RespondAsync(GuidanceProfile? guidance = null) =>
            Respond.HandleAsync(new FlowRequest(Id, Config) { Guidance = guidance ?? GuidanceProfile.None }, CancellationToken.None);

        public async Task<IReadOnlyList<AnalysisVersion>> AnalysesAsync()
        {
            await using var store = SqliteIncidentStore.Open(FlowRequest.StorePath(Kit.Path));
            return await store.AnalysesAsync(Id);
        }

        public async Task<int> EventCountAsync()
        {
            await using var store = SqliteIncidentStore.Open(FlowRequest.StorePath(Kit.Path));
            return (await store.LoadAsync(Id)).Count;
        }
    }

    internal sealed class CountingEvidence(IEvidenceSource inner) : IEvidenceSource
    {
        public int Reads { get; private set; }

        public Task<EvidenceBundle> CollectAsync(ProjectConfig config, DateTimeOffset asOf, CancellationToken cancellationToken)
        {
            Reads++;
            return inner.CollectAsync(config, asOf, cancellationToken);
        }

        public Task<(IReadOnlyList<SeriesAnalysis> Metrics, IReadOnlyList<EvidenceWarning> Warnings)> CollectMetricsAsync(ProjectConfig config, DateTimeOffset asOf, CancellationToken cancellationToken)
        {
            Reads++;
            return inner.CollectMetricsAsync(config, asOf, cancellationToken);
        }
    }

    /// <summary>Counts the diagnoses (the reasoning's entry point).</summary>
    internal sealed class CountingReasoning(IReasoning inner) : IReasoning
    {
        public int Diagnoses { get; private set; }

        public Diagnosis Diagnose(EvidenceBundle evidence, GuidanceProfile guidance, DateTimeOffset asOf)
        {
            Diagnoses++;
            return inner.Diagnose(evidence, guidance, asOf);
        }

        public MitigationPlan Choose(Diagnosis diagnosis, EvidenceBundle evidence, GuidanceProfile guidance) => inner.Choose(diagnosis, evidence, guidance);

        public (ResolutionVerdict Verdict, IReadOnlyList<EvidenceItem> Evidence) Judge(IReadOnlyList<SeriesAnalysis> before, IReadOnlyList<SeriesAnalysis> after, SloTargets slo) =>
            inner.Judge(before, after, slo);
    }

    private static SortedDictionary<string, byte[]> Files(string folder) =>
        new(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes), StringComparer.Ordinal);

    private static void ShouldBeByteIdentical(SortedDictionary<string, byte[]> expected, SortedDictionary<string, byte[]> actual)
    {
        actual.Keys.ShouldBe(expected.Keys);
        foreach (var (path, bytes) in expected)
        {
            System.Text.Encoding.UTF8.GetString(actual[path]).ShouldBe(System.Text.Encoding.UTF8.GetString(bytes), $"{path} differs");
        }
    }

    [Fact]
    public async Task Render_FromStoredAnalysis_ByteIdenticalToRespondRecord()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var h = new Harness(kit);
        await h.RespondAsync();
        var responded = Files(h.Folder);
        var reads = h.Evidence.Reads;

        var report = await new RespondRecordRenderer(h.Respond, h.Config).RenderAsync(Id, CancellationToken.None);

        report.ShouldNotBeNull();
        report.Kept.ShouldBeEmpty();
        h.Evidence.Reads.ShouldBe(reads);
        ShouldBeByteIdentical(responded, Files(h.Folder));
        var stored = (await h.AnalysesAsync()).ShouldHaveSingleItem();
        stored.Version.ShouldBe(1);
        stored.SchemaVersion.ShouldBe(AnalysisCodec.SchemaVersion);
        stored.Reason.ShouldStartWith("first analysis");
    }

    [Fact]
    public async Task Ack_EvidenceDeletedAfterRespond_RendersTheStoredAnalysisWithoutReadingEvidence()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var h = new Harness(kit);
        await h.RespondAsync();
        var rootCause = await File.ReadAllTextAsync(Path.Combine(h.Folder, "root-cause-analysis.md"));
        rootCause.ShouldContain("NullReferenceException");
        foreach (var folder in new[] { "logs", "metrics", "alerts" })
        {
            Directory.Delete(Path.Combine(kit.Path, folder), recursive: true);
        }

        File.Delete(Path.Combine(kit.Path, "deploys.jsonl"));
        var reads = h.Evidence.Reads;
        var diagnoses = h.Reasoning.Diagnoses;
        h.Time.Advance(TimeSpan.FromMinutes(5));

        var result = await new AckHandler(h.Runner).HandleAsync(new AckCommand(Id, new CommandActor("Alex Kim")), CancellationToken.None);

        result.Artifacts.ShouldNotBeNull();
        h.Evidence.Reads.ShouldBe(reads);
        h.Reasoning.Diagnoses.ShouldBe(diagnoses);
        // The stored 5 Whys are rendered as they were; only the live-state factors (LiveStateViewTests) may follow the ack.
        var after = await File.ReadAllTextAsync(Path.Combine(h.Folder, "root-cause-analysis.md"));
        static string Whys(string text) => text[..text.IndexOf("## Contributing Factors", StringComparison.Ordinal)];
        Whys(after).ShouldBe(Whys(rootCause));
        (await File.ReadAllTextAsync(Path.Combine(h.Folder, "incident.json"))).ShouldContain("by Alex Kim (firebreak ack)");
        (await h.AnalysesAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Respond_ReRunOnUnchangedEvidence_AppendsNothing()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var h = new Harness(kit);
        await h.RespondAsync();
        var events = await h.EventCountAsync();
        h.Time.Advance(TimeSpan.FromMinutes(3));

        var rerun = await h.RespondAsync();

        rerun.EventsAppended.ShouldBe(0);
        (await h.EventCountAsync()).ShouldBe(events);
        (await h.AnalysesAsync()).ShouldHaveSingleItem().Version.ShouldBe(1);
    }

    [Fact]
    public async Task Respond_ReRunOnChangedEvidence_AppendsAVersionSayingWhatChanged()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var h = new Harness(kit);
        await h.RespondAsync();
        h.Time.Advance(TimeSpan.FromMinutes(3));
        await File.AppendAllTextAsync(Path.Combine(kit.Path, "deploys.jsonl"),
            $$"""{"at":"{{KitBuilder.Iso(Now.AddMinutes(1))}}","component":"search","version":"5.2.1","kind":"deploy","description":"search 5.2.1"}""" + "\n");

        await h.RespondAsync(GuidanceProfile.None);

        var analyses = await h.AnalysesAsync();
        analyses.Select(a => a.Version).ShouldBe([1, 2]);
        analyses[1].Reason.ShouldContain("changed: ");
        analyses[1].Reason.ShouldContain("evidence");
        analyses[1].Reason.ShouldContain("since v1");
        analyses[1].Digest.ShouldNotBe(analyses[0].Digest);

        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.RespondAsync();
        (await h.AnalysesAsync()).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Note_LegacyStoreWithoutAnalysis_RecomputesOnceThenRendersFromTheStore()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var h = new Harness(kit);
        await h.RespondAsync();
        await using (var connection = new SqliteConnection($"Data Source={FlowRequest.StorePath(kit.Path)};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE analysis_events;";
            await drop.ExecuteNonQueryAsync();
        }

        var reads = h.Evidence.Reads;
        h.Time.Advance(TimeSpan.FromMinutes(2));

        await new NoteHandler(h.Runner).HandleAsync(new NoteCommand(Id, "looking at the deploy", new CommandActor("Alex Kim")), CancellationToken.None);

        h.Evidence.Reads.ShouldBe(reads + 1);
        var stored = (await h.AnalysesAsync()).ShouldHaveSingleItem();
        stored.Reason.ShouldContain("recorded without one");

        h.Time.Advance(TimeSpan.FromMinutes(2));
        await new NoteHandler(h.Runner).HandleAsync(new NoteCommand(Id, "rolling back", new CommandActor("Alex Kim")), CancellationToken.None);
        h.Evidence.Reads.ShouldBe(reads + 1);
        (await File.ReadAllTextAsync(Path.Combine(h.Folder, "timeline.md"))).ShouldContain("rolling back");
    }

    [Fact]
    public async Task Render_StoredAnalysisOfAnotherSchema_RecomputedAndStoredAsANewVersion()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var h = new Harness(kit);
        await h.RespondAsync();
        await using (var connection = new SqliteConnection($"Data Source={FlowRequest.StorePath(kit.Path)};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var bump = connection.CreateCommand();
            bump.CommandText = "UPDATE analysis_events SET schema_version = 99;";
            await bump.ExecuteNonQueryAsync();
        }

        var reads = h.Evidence.Reads;
        await new RespondRecordRenderer(h.Respond, h.Config).RenderAsync(Id, CancellationToken.None);

        h.Evidence.Reads.ShouldBe(reads + 1);
        var analyses = await h.AnalysesAsync();
        analyses.Select(a => a.Version).ShouldBe([1, 2]);
        analyses[1].Reason.ShouldContain("schema 99");
    }
}
