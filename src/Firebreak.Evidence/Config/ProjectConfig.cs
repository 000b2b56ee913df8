using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>Everything firebreak.yaml says: the service profile, where the evidence is, mitigation commands and policy.</summary>
public sealed record ProjectConfig(
    string ProjectDirectory,
    ServiceProfile Profile,
    EvidenceSources Sources,
    MitigationCommands Mitigation,
    ResponsePolicy Policy)
{
    /// <summary>True when firebreak.yaml was found.</summary>
    public bool HasConfigFile { get; init; }

    /// <summary>The on-call schedules of the oncall: section; empty when there is none.</summary>
    public OnCallSchedule OnCall { get; init; } = OnCallSchedule.Empty;

    /// <summary>The notice channels of the notify: section; none when there is none.</summary>
    public NotifySettings Notify { get; init; } = NotifySettings.None;

    /// <summary>Settings that were not understood and were ignored (an unknown policy key).</summary>
    public IReadOnlyList<EvidenceWarning> Warnings { get; init; } = [];

    /// <summary>The review organiser's working hours and time zone (firebreak.yaml <c>review:</c>; 09:00-17:00 Monday to Friday UTC by default).</summary>
    public WorkingHours Review { get; init; } = WorkingHours.Default;

    /// <summary>How recurrence is recognised (firebreak.yaml <c>recurrence:</c>; 90 days and Jaccard 0.5 by default).</summary>
    public RecurrenceOptions Recurrence { get; init; } = RecurrenceOptions.Default;

    /// <summary>The reasoning's weights and thresholds (firebreak.yaml <c>reasoning:</c>; defaults otherwise).</summary>
    public ReasoningOptions Reasoning { get; init; } = ReasoningOptions.Default;
}

/// <summary>A metric file and what it measures.</summary>
public sealed record MetricSource(string File, string Kind, string? Component, string? Name = null);

/// <summary>A live Prometheus query (evidence.prometheus.queries).</summary>
public sealed record PrometheusQuery(string Name, string Query, string Kind, string? Component);

/// <summary>Where the evidence is; the defaults follow the project kit.</summary>
public sealed record EvidenceSources(
    IReadOnlyList<string> LogGlobs,
    IReadOnlyList<MetricSource> Metrics,
    IReadOnlyList<string> AlertGlobs,
    string Deployments,
    IReadOnlyList<string> RunbookGlobs)
{
    /// <summary>Live Prometheus base URL, when configured.</summary>
    public Uri? PrometheusUrl { get; init; }

    public IReadOnlyList<PrometheusQuery> PrometheusQueries { get; init; } = [];

    /// <summary>Resolution of live range queries (evidence.prometheus.step). The default is 30 seconds.</summary>
    public TimeSpan PrometheusStep { get; init; } = DefaultPrometheusStep;

    /// <summary>How much history live range queries read (evidence.prometheus.window). The default is 6 hours.</summary>
    public TimeSpan PrometheusWindow { get; init; } = DefaultPrometheusWindow;

    /// <summary>The default history of live range queries.</summary>
    public static TimeSpan DefaultPrometheusWindow { get; } = TimeSpan.FromHours(6);

    /// <summary>The default resolution of live range queries.</summary>
    public static TimeSpan DefaultPrometheusStep { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The kit's default layout.</summary>
    public static EvidenceSources Default { get; } = new(
        ["logs/**/*.log", "logs/**/*.log.*", "logs/**/*.log-*"], [], ["alerts/*.json"], "deploys.jsonl", ["runbooks/*.md", "deployment/runbook-*.md"]);
}

/// <summary>Commands from the mitigation: section, as argument templates with {component} and {version} placeholders.</summary>
public sealed record MitigationCommands(IReadOnlyDictionary<MitigationStrategy, IReadOnlyList<string>> Commands, TimeSpan ValidationWindow, TimeSpan CommandTimeout)
{
    public static MitigationCommands None { get; } = new(new Dictionary<MitigationStrategy, IReadOnlyList<string>>(), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5));
}

/// <summary>firebreak.yaml is malformed; carries the line number when known.</summary>
public sealed class ConfigException(string message, int? line = null) : Exception(line is { } l ? $"firebreak.yaml line {l}: {message}" : $"firebreak.yaml: {message}")
{
    /// <summary>The 1-based line of the problem, when known.</summary>
    public int? Line { get; } = line;
}
