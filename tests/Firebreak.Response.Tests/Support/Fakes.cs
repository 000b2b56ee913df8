using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response.Tests;

/// <summary>An in-memory event store with the real store's dedup contract.</summary>
internal sealed class InMemoryStore : IIncidentStore
{
    private readonly Dictionary<string, List<IncidentEvent>> _events = new(StringComparer.Ordinal);

    public List<IncidentSummary> Others { get; } = [];

    public IReadOnlyList<IncidentEvent> Events(string id) => _events.TryGetValue(id, out var list) ? list : [];

    public Task<IReadOnlyList<IncidentEvent>> LoadAsync(IncidentId id, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<IncidentEvent>>([.. Events(id.Value)]);

    public Task<IReadOnlyList<IncidentEvent>> AppendAsync(IncidentId id, IReadOnlyList<IncidentEvent> events, CancellationToken cancellationToken = default)
    {
        if (!_events.TryGetValue(id.Value, out var list))
        {
            _events[id.Value] = list = [];
        }

        var appended = events.Where(e => list.All(x => x.DedupKey != e.DedupKey)).ToList();
        list.AddRange(appended);
        return Task.FromResult<IReadOnlyList<IncidentEvent>>(appended);
    }

    public Task<IReadOnlyList<IncidentSummary>> OpenIncidentsAsync(CancellationToken cancellationToken = default)
    {
        var mine = _events.Select(kv => IncidentLifecycle.Replay(kv.Key, kv.Value))
            .Where(s => s.Status < IncidentStatus.Resolved)
            .Select(s => new IncidentSummary(s.Id, s.Status, s.Priority, s.DetectedAt));
        return Task.FromResult<IReadOnlyList<IncidentSummary>>([.. mine, .. Others]);
    }
}

/// <summary>Evidence served from a function of the moment asked for.</summary>
internal sealed class FakeEvidence(Func<DateTimeOffset, EvidenceBundle> bundle) : IEvidenceSource
{
    public List<DateTimeOffset> Asked { get; } = [];

    public Task<EvidenceBundle> CollectAsync(ProjectConfig config, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        Asked.Add(asOf);
        return Task.FromResult(bundle(asOf));
    }

    public Task<(IReadOnlyList<SeriesAnalysis> Metrics, IReadOnlyList<EvidenceWarning> Warnings)> CollectMetricsAsync(ProjectConfig config, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        Asked.Add(asOf);
        var evidence = bundle(asOf);
        return Task.FromResult((evidence.Metrics, evidence.Warnings));
    }
}

/// <summary>Reasoning with fixed answers.</summary>
internal sealed class FakeReasoning(Diagnosis diagnosis, MitigationPlan plan, ResolutionVerdict verdict = ResolutionVerdict.Resolved) : IReasoning
{
    public Diagnosis Diagnose(EvidenceBundle evidence, GuidanceProfile guidance, DateTimeOffset asOf) => diagnosis;

    /// <summary>How many times the plan was chosen.</summary>
    public int Choices { get; private set; }

    public MitigationPlan Choose(Diagnosis diagnosis, EvidenceBundle evidence, GuidanceProfile guidance)
    {
        Choices++;
        return plan;
    }

    public (ResolutionVerdict Verdict, IReadOnlyList<EvidenceItem> Evidence) Judge(
        IReadOnlyList<SeriesAnalysis> before, IReadOnlyList<SeriesAnalysis> after, SloTargets slo) =>
        (verdict, [new EvidenceItem("error ratio 0.002 (baseline 0.003)", new SourceRef("metrics/checkout_error_ratio.json", null, "last sample"))]);
}

/// <summary>A process runner that records commands and answers with a fixed result.</summary>
internal sealed class FakeRunner(ProcessResult result) : IProcessRunner
{
    public List<IReadOnlyList<string>> Commands { get; } = [];

    public Action? OnRun { get; init; }

    /// <summary>When set, the run "dies" while the command runs (as a killed firebreak would): the exception propagates.</summary>
    public Exception? Dies { get; set; }

    public Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Commands.Add(arguments);
        OnRun?.Invoke();
        return Dies is { } death ? Task.FromException<ProcessResult>(death) : Task.FromResult(result);
    }
}

/// <summary>Keeps the dossiers it is given and writes a marker file per run.</summary>
internal sealed class RecordingSink : IArtifactSink
{
    public List<IncidentDossier> Dossiers { get; } = [];

    public Task<ArtifactReport> WriteAsync(IncidentDossier dossier, string incidentDirectory, CancellationToken cancellationToken)
    {
        Dossiers.Add(dossier);
        return Task.FromResult(new ArtifactReport(["incident-record.md", "incident.json"], []));
    }
}

/// <summary>A temporary directory removed at dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Path = Directory.CreateTempSubdirectory("fb-resp-").FullName;

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
