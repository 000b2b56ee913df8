using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Response;
using Firebreak.Storage;

namespace Firebreak.Cli;

/// <summary>What respond needs from the outside world; tests replace parts of it.</summary>
public sealed record RespondEnvironment(
    Func<ProjectConfig, TimeProvider, IFlowReporter, FlowServices> Services,
    Func<string, IIncidentStore> OpenStore)
{
    /// <summary>Told after each step's events are stored; a test host registers one to inject faults (none in production).</summary>
    public IStepObserver Observer { get; init; } = NoStepObserver.Instance;

    /// <summary>The real collaborators: evidence collector with the log miner, reasoning, processes, artifact writer, SQLite store.</summary>
    public static RespondEnvironment Default { get; } = new(
        (config, time, reporter) => Outboxed(config, new FlowServices(
            new CollectorEvidenceSource(new EvidenceCollector(new LogAnalyzer(), time, config.Sources.PrometheusUrl is null ? null : SharedHttp.Client)),
            new EvidenceReasoning(),
            new ProcessRunner(),
            new ArtifactWriterSink(),
            time,
            reporter)),
        SqliteIncidentStore.Open);

    /// <summary>The services with the project's outbox: decided notices are queued in it and the record reads their delivery from it.</summary>
    private static FlowServices Outboxed(ProjectConfig config, FlowServices services)
    {
        var outbox = new SqliteOutboxPort(FlowRequest.StorePath(config.ProjectDirectory));
        return services with { Deliveries = outbox, Outbox = outbox };
    }
}

/// <summary>One HTTP client for the process (live Prometheus queries).</summary>
internal static class SharedHttp
{
    public static HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };
}
