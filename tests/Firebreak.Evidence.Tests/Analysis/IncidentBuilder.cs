using Firebreak.Core;

namespace Firebreak.Evidence.Tests;

/// <summary>Builds an <see cref="EvidenceBundle"/> by hand: times are minutes relative to detection (negative = before).</summary>
internal sealed class IncidentBuilder
{
    public static readonly DateTimeOffset Detected = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    private readonly List<ComponentInfo> _components = [];
    private readonly List<ChangeRecord> _changes = [];
    private readonly List<SeriesAnalysis> _metrics = [];
    private readonly List<LogTemplateSummary> _templates = [];
    private readonly List<Alert> _alerts = [];
    private readonly List<Runbook> _runbooks = [];
    private readonly Dictionary<MitigationStrategy, IReadOnlyList<string>> _commands = [];
    private long? _users = 100_000;
    private SloTargets _slo = new(99.9, 400);
    private int _deployLine;

    /// <summary>Evidence is read as of ten minutes after detection, like a responder arriving.</summary>
    public DateTimeOffset AsOf { get; } = Detected.AddMinutes(10);

    public static DateTimeOffset At(double minutes) => Detected.AddMinutes(minutes);

    public IncidentBuilder Service(long? users, double? availability = 99.9, double? latencyP95 = 400)
    {
        _users = users;
        _slo = new SloTargets(availability, latencyP95);
        return this;
    }

    public IncidentBuilder Component(string name, string path, bool critical = false, params string[] dependsOn)
    {
        _components.Add(new ComponentInfo(name, "Owner " + name, null, [path], critical, dependsOn));
        return this;
    }

    public IncidentBuilder Commit(double minutes, string sha, string message, params string[] files)
    {
        _changes.Add(new ChangeRecord(ChangeKind.Commit, At(minutes), null, sha, message, new SourceRef(".git", Detail: "commit " + sha))
        {
            Commit = sha,
            Files = files,
            Author = "Dev <dev@example.invalid>",
        });
        return this;
    }

    public IncidentBuilder Deploy(double minutes, string component, string version, string? commit = null, string? description = null, bool? reversible = null, string? region = null)
    {
        _changes.Add(new ChangeRecord(ChangeKind.Deploy, At(minutes), component, version, description ?? $"{component} {version}", new SourceRef("deploys.jsonl", ++_deployLine))
        {
            Version = version,
            Commit = commit,
            Reversible = reversible,
            Extra = region is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["region"] = region },
        });
        return this;
    }

    public IncidentBuilder Setting(
        double minutes, ChangeKind kind, string? component, string? key, string? oldValue, string? newValue, string description, string? version = null, bool? reversible = null,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        _changes.Add(new ChangeRecord(kind, At(minutes), component, key ?? version ?? "unknown", description, new SourceRef("deploys.jsonl", ++_deployLine))
        {
            Key = key,
            OldValue = oldValue,
            NewValue = newValue,
            Version = version,
            Reversible = reversible,
            Extra = extra ?? new Dictionary<string, string>(),
        });
        return this;
    }

    /// <summary>A series at <paramref name="baseline"/> that steps to <paramref name="value"/> at <paramref name="stepAt"/> over <paramref name="rampMinutes"/>; the analysis flags it <paramref name="detectionDelay"/> minutes into the ramp.</summary>
    public IncidentBuilder Series(
        string name, string kind, string? component, double baseline, double? value = null, double stepAt = 0, double rampMinutes = 2,
        Trend trend = Trend.Stable, double detectionDelay = 0.5, TimeSpan? budget = null)
    {
        var samples = new List<MetricSample>();
        var noise = Math.Abs(baseline) * 0.03;
        var rng = new Random(name.Length * 31 + (int)baseline);
        for (var t = -360.0; t <= 10; t += 0.5)
        {
            var level = baseline;
            if (value is { } v && t >= stepAt)
            {
                level = t >= stepAt + rampMinutes ? v : baseline + ((v - baseline) * (t - stepAt) / rampMinutes);
            }

            samples.Add(new MetricSample(At(t), Math.Max(0, level + ((rng.NextDouble() - 0.5) * 2 * noise))));
        }

        var series = new MetricSeries(name, kind, component, new Dictionary<string, string>(), samples, new SourceRef($"metrics/{name}.json"));
        var anomalous = value is not null;
        var current = value ?? baseline;
        _metrics.Add(new SeriesAnalysis(
            series, baseline, noise / 2, samples[^1].Value, Math.Max(samples.Max(s => s.Value), current),
            anomalous ? At(stepAt + detectionDelay) : null, trend, anomalous, value is { } up && up < baseline ? "down" : "up")
        {
            BudgetExhaustedIn = budget,
            CurrentSource = new SourceRef($"metrics/{name}.json", Detail: "last sample"),
        });
        return this;
    }

    public IncidentBuilder Template(
        string text, string level, string? component, double onset, bool isNew = true, bool surging = false, long count = 200,
        string? example = null, double? firstSeen = null, params string[] stack)
    {
        var id = _templates.Count + 1;
        _templates.Add(new LogTemplateSummary(
            id, text, level, component, count, At(firstSeen ?? onset), AsOf, At(onset), isNew, surging,
            stack.Length == 0 ? null : new StackSignature(text.Split(':')[0], stack),
            [new SourceRef($"logs/{component ?? "app"}.log", 100 + id)])
        {
            ExampleText = example ?? text,
            RateBefore = isNew ? 0 : 1,
            RateAfter = 30,
        });
        return this;
    }

    public IncidentBuilder Alert(string name, string? component, string summary, string description = "", string severity = "critical")
    {
        _alerts.Add(new Alert(name, "firing", severity, component, summary, description, Detected, null, "fp" + name,
            new Dictionary<string, string> { ["alertname"] = name }, new SourceRef($"alerts/{name}.json")));
        return this;
    }

    public IncidentBuilder Runbook(string path, string text)
    {
        var lines = text.Split('\n');
        _runbooks.Add(new Runbook(path, lines[0].TrimStart('#', ' '), text, [.. lines.Skip(1).Where(l => l.Trim().Length > 0)]));
        return this;
    }

    public IncidentBuilder Command(MitigationStrategy strategy, params string[] args)
    {
        _commands[strategy] = args;
        return this;
    }

    public EvidenceBundle Build()
    {
        var profile = new ServiceProfile("shop", _users, _slo, _components, PeopleDirectory.Empty);
        var config = new ProjectConfig("/tmp/kit", profile, EvidenceSources.Default,
            new MitigationCommands(_commands, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5)), DefaultPolicy.Instance) { HasConfigFile = true };
        var logs = new LogAnalysis(_templates, 10_000, 10_000, 0, ["logs/app.log"]);
        return new EvidenceBundle(config, _alerts, _changes, _metrics, logs, _runbooks, []) { GitAvailable = true };
    }

    public (Diagnosis Diagnosis, MitigationPlan Plan) Respond(GuidanceProfile? guidance = null)
    {
        var evidence = Build();
        var g = guidance ?? GuidanceProfile.None;
        var diagnosis = Analyst.Diagnose(evidence, g, AsOf);
        return (diagnosis, MitigationAdvisor.Choose(diagnosis, evidence, g));
    }
}
