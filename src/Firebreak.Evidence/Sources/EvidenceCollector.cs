using System.Collections.Concurrent;
using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>Reads every evidence source of a project as of a moment; missing or unreadable sources become warnings.</summary>
public sealed class EvidenceCollector(ILogAnalyzer logs, TimeProvider time, HttpClient? prometheus = null)
{
    /// <summary>The least metric history read before the moment of analysis (the reasoning options may ask for more).</summary>
    public static readonly TimeSpan MetricWindow = TimeSpan.FromHours(6);

    // Prometheus refuses a range query of more than 11,000 points per series.
    private const int MaxPointsPerSeries = 10_000;

    /// <summary>Collects alerts, changes, metrics (analysed), logs (mined around the metric onset) and runbooks. Evidence after <paramref name="asOf"/> is ignored.</summary>
    public async Task<EvidenceBundle> CollectAsync(ProjectConfig config, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var root = Path.GetFullPath(config.ProjectDirectory);
        var warnings = new ConcurrentQueue<EvidenceWarning>();
        var sink = new WarningSink(warnings);
        foreach (var warning in config.Warnings)
        {
            sink.Add(warning);
        }

        if (!Directory.Exists(root))
        {
            sink.Add(new EvidenceWarning(config.ProjectDirectory, "not available: the project directory does not exist"));
            return new EvidenceBundle(config, [], [], [], LogAnalysis.Empty, [], [.. warnings]);
        }

        var git = new GitReader(root);
        var gitAvailable = git.IsAvailableAsync(sink, cancellationToken);
        var alerts = Task.Run(() => ReadAlerts(root, config, asOf, sink), cancellationToken);
        var runbooks = Task.Run(() => ReadRunbooks(root, config, sink), cancellationToken);
        var metrics = ReadMetricsAsync(root, config, asOf, sink, cancellationToken);
        var available = await gitAvailable.ConfigureAwait(false);
        var changes = ReadChangesAsync(root, config, asOf, available ? git : null, sink, cancellationToken);

        var analysed = await metrics.ConfigureAwait(false);
        var firing = await alerts.ConfigureAwait(false);
        var onset = ReferenceOnset(analysed, firing);
        var logAnalysis = await Task.Run(() => AnalyzeLogs(root, config, onset, asOf, sink, cancellationToken), cancellationToken).ConfigureAwait(false);

        return new EvidenceBundle(
            config,
            firing,
            await changes.ConfigureAwait(false),
            analysed,
            logAnalysis,
            await runbooks.ConfigureAwait(false),
            [.. warnings])
        {
            GitAvailable = available,
        };
    }

    /// <summary>The earliest metric anomaly onset; without one, the earliest firing alert's start (later than the real onset, but better than none).</summary>
    internal static DateTimeOffset? ReferenceOnset(IReadOnlyList<SeriesAnalysis> metrics, IReadOnlyList<Alert> alerts)
    {
        var onsets = metrics.Where(a => a.Anomalous && a.Onset is not null).Select(a => a.Onset!.Value).ToList();
        if (onsets.Count > 0)
        {
            return onsets.Min();
        }

        var started = alerts.Where(a => a.IsFiring).Select(a => a.StartsAt).ToList();
        return started.Count > 0 ? started.Min() : null;
    }

    private static List<Alert> ReadAlerts(string root, ProjectConfig config, DateTimeOffset asOf, ICollection<EvidenceWarning> warnings)
    {
        var alerts = new List<Alert>();
        foreach (var file in ExpandAll(root, config.Sources.AlertGlobs, "alerts", warnings))
        {
            alerts.AddRange(AlertReader.ReadFile(Path.Combine(root, file), file, warnings));
        }

        // Replaying an incident: an alert that started later did not exist yet, and one resolved later was still firing.
        return AlertReader.Deduplicate(alerts
                .Where(a => a.StartsAt <= asOf)
                .Select(a => a.EndsAt is { } end && end > asOf ? a with { Status = "firing", EndsAt = null } : a)
                .Select(a => a.Component is null && CatalogComponent(a.Labels, config.Profile) is { } component ? a with { Component = component } : a))
            .OrderBy(a => a.StartsAt)
            .ThenBy(a => a.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>A catalog component named by one of the usual Prometheus labels, for alerts without a component label.</summary>
    private static string? CatalogComponent(IReadOnlyDictionary<string, string> labels, ServiceProfile profile)
    {
        foreach (var label in (string[])["service", "app", "job", "deployment", "container", "namespace"])
        {
            if (labels.TryGetValue(label, out var value) && profile.Component(value) is { } component)
            {
                return component.Name;
            }
        }

        return null;
    }

    private static List<Runbook> ReadRunbooks(string root, ProjectConfig config, ICollection<EvidenceWarning> warnings)
    {
        var runbooks = new List<Runbook>();
        foreach (var file in ExpandAll(root, config.Sources.RunbookGlobs, "runbooks", warnings))
        {
            if (RunbookReader.ReadFile(Path.Combine(root, file), file, warnings) is { } runbook)
            {
                runbooks.Add(runbook);
            }
        }

        return runbooks;
    }

    /// <summary>Re-reads and analyses only the metrics (files and live Prometheus) as of <paramref name="asOf"/>: what validating a mitigation needs, without mining the logs again.</summary>
    public async Task<(IReadOnlyList<SeriesAnalysis> Metrics, IReadOnlyList<EvidenceWarning> Warnings)> CollectMetricsAsync(ProjectConfig config, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var warnings = new ConcurrentQueue<EvidenceWarning>();
        var metrics = await ReadMetricsAsync(Path.GetFullPath(config.ProjectDirectory), config, asOf, new WarningSink(warnings), cancellationToken).ConfigureAwait(false);
        return (metrics, [.. warnings]);
    }

    private async Task<IReadOnlyList<SeriesAnalysis>> ReadMetricsAsync(string root, ProjectConfig config, DateTimeOffset asOf, ICollection<EvidenceWarning> warnings, CancellationToken cancellationToken)
    {
        var series = new List<MetricSeries>();
        var sources = config.Sources.Metrics;
        if (sources.Count == 0)
        {
            // Nothing configured: the kit's layout (metrics/*.json) with kinds guessed from the file names.
            sources = [.. new[] { "metrics/*.json", "metrics/*.csv" }
                .SelectMany(g => ProjectFiles.Expand(root, g, warnings))
                .Select(f => new MetricSource(f, ProjectConfigLoader.KindFromFileName(f), null))];
            if (sources.Count == 0 && config.Sources.PrometheusQueries.Count == 0)
            {
                warnings.Add(new EvidenceWarning("metrics", "not available: no metric files (evidence.metrics in firebreak.yaml, or metrics/*.json) and no Prometheus queries"));
            }
        }

        var files = Task.Run(
            () =>
            {
                var read = new List<MetricSeries>();
                foreach (var source in sources)
                {
                    if (ProjectFiles.Resolve(root, source.File, warnings) is not { } full)
                    {
                        continue;
                    }

                    if (!File.Exists(full) && !Directory.Exists(full))
                    {
                        warnings.Add(new EvidenceWarning(source.File, "not available: the metric file does not exist"));
                        continue;
                    }

                    read.AddRange(MetricReader.ReadFile(full, source.File.Replace('\\', '/'), source, warnings));
                }

                return read;
            },
            cancellationToken);

        var live = new List<Task<IReadOnlyList<MetricSeries>>>();
        if (config.Sources.PrometheusUrl is { } url && config.Sources.PrometheusQueries.Count > 0)
        {
            if (prometheus is null)
            {
                warnings.Add(new EvidenceWarning("prometheus", "not queried: no HTTP client was provided"));
            }
            else
            {
                var client = new PrometheusClient(prometheus);
                var end = asOf < time.GetUtcNow() ? asOf : time.GetUtcNow();
                var window = config.Sources.PrometheusWindow;
                var step = TimeSpan.FromSeconds(Math.Max(config.Sources.PrometheusStep.TotalSeconds, Math.Ceiling(window.TotalSeconds / MaxPointsPerSeries)));
                live.AddRange(config.Sources.PrometheusQueries.Select(q =>
                    client.QueryRangeAsync(url, q, end - window, end, step, warnings, cancellationToken)));
            }
        }

        series.AddRange(await files.ConfigureAwait(false));
        foreach (var result in await Task.WhenAll(live).ConfigureAwait(false))
        {
            series.AddRange(result);
        }

        var from = asOf - (config.Reasoning.MetricHistory > MetricWindow ? config.Reasoning.MetricHistory : MetricWindow);
        return series
            .Select(s => s with { Samples = s.Samples.Where(p => p.At >= from && p.At <= asOf).ToList() })
            .Select(s => s.Component is null && CatalogComponent(s.Labels, config.Profile) is { } component ? s with { Component = component } : s)
            .Select(s => SeriesAnalyzer.Analyze(s, asOf, config.Profile.Slo))
            .ToList();
    }

    private static async Task<IReadOnlyList<ChangeRecord>> ReadChangesAsync(
        string root, ProjectConfig config, DateTimeOffset asOf, GitReader? git, ICollection<EvidenceWarning> warnings, CancellationToken cancellationToken)
    {
        // A slow burn's onset can lie days back: read changes far enough before the oldest onset the metric history can show.
        var since = asOf - config.Policy.ChangeWindow - (config.Reasoning.MetricHistory > MetricWindow ? config.Reasoning.MetricHistory : MetricWindow);
        var commits = git is null
            ? Task.FromResult<IReadOnlyList<ChangeRecord>>([])
            : git.CommitsAsync(since, asOf, warnings, cancellationToken);

        IReadOnlyList<ChangeRecord> allDeploys = [];
        if (ProjectFiles.Resolve(root, config.Sources.Deployments, warnings) is { } deployFile)
        {
            if (File.Exists(deployFile) || Directory.Exists(deployFile))
            {
                allDeploys = await Task.Run(() => DeployReader.ReadFile(deployFile, config.Sources.Deployments.Replace('\\', '/'), warnings), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                warnings.Add(new EvidenceWarning(config.Sources.Deployments, "not available: no deploy/config change records"));
            }
        }

        // DeployReader returns the records in time order; only those up to the moment of analysis are known.
        var known = new List<ChangeRecord>(allDeploys.Count);
        foreach (var deploy in allDeploys)
        {
            if (deploy.At <= asOf)
            {
                known.Add(deploy);
            }
        }

        var deploys = new List<ChangeRecord>();
        // One pass in time order: the previous deploy of each component is remembered, not searched for (that was quadratic).
        var previousCommit = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var start = 0; start < known.Count;)
        {
            var end = start;
            while (end < known.Count && known[end].At == known[start].At)
            {
                end++;
            }

            for (var i = start; i < end; i++)
            {
                var deploy = known[i];
                if (deploy.At <= since)
                {
                    continue;
                }

                deploys.Add(git is not null && deploy.Commit is { } commit
                    ? await WithShippedFilesAsync(git, deploy, commit, previousCommit.GetValueOrDefault(ComponentKey(deploy)), warnings, cancellationToken).ConfigureAwait(false)
                    : deploy);
            }

            // Deploys at the same moment are not each other's predecessors; the first of them is the next one's.
            if (end - start == 1)
            {
                if (known[start] is { Kind: ChangeKind.Deploy, Commit: { } only })
                {
                    previousCommit[ComponentKey(known[start])] = only;
                }
            }
            else
            {
                var firstAtThisMoment = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                for (var i = start; i < end; i++)
                {
                    if (known[i] is { Kind: ChangeKind.Deploy, Commit: { } shipped })
                    {
                        firstAtThisMoment.TryAdd(ComponentKey(known[i]), shipped);
                    }
                }

                foreach (var (component, shipped) in firstAtThisMoment)
                {
                    previousCommit[component] = shipped;
                }
            }

            start = end;
        }

        var components = config.Profile.Components;
        var all = new List<ChangeRecord>();
        foreach (var c in await commits.ConfigureAwait(false))
        {
            all.Add(c.Component is null && OwnerOf(c.Files, components) is { } owner ? c with { Component = owner } : c);
        }

        all.AddRange(deploys);
        // Stable by time, then kind: records at the same moment and of the same kind keep their order (commits first, then the file's).
        if (InTimeAndKindOrder(all))
        {
            return all;
        }

        var order = new int[all.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            var x = all[a];
            var y = all[b];
            return x.At != y.At ? x.At.CompareTo(y.At) : x.Kind != y.Kind ? x.Kind.CompareTo(y.Kind) : a.CompareTo(b);
        });
        var sorted = new List<ChangeRecord>(all.Count);
        foreach (var i in order)
        {
            sorted.Add(all[i]);
        }

        return sorted;
    }

    // Deploy records written in time order, without commits at the same moments, need no sort: one pass says so.
    private static bool InTimeAndKindOrder(List<ChangeRecord> changes)
    {
        for (var i = 1; i < changes.Count; i++)
        {
            var (x, y) = (changes[i - 1], changes[i]);
            if (x.At > y.At || (x.At == y.At && x.Kind > y.Kind))
            {
                return false;
            }
        }

        return true;
    }

    private static string ComponentKey(ChangeRecord change) => change.Component ?? "\u0001no component";

    private static async Task<ChangeRecord> WithShippedFilesAsync(
        GitReader git, ChangeRecord deploy, string commit, string? previous, ICollection<EvidenceWarning> warnings, CancellationToken cancellationToken)
    {
        var shipped = await git.ShippedAsync(commit, previous, warnings, cancellationToken).ConfigureAwait(false);
        if (shipped.Count == 0)
        {
            return deploy;
        }

        var hunks = await git.HunksAsync(commit, previous, warnings, cancellationToken).ConfigureAwait(false);

        var files = shipped.SelectMany(c => c.Files).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var extra = new Dictionary<string, string>(deploy.Extra, StringComparer.Ordinal)
        {
            ["shipped_commits"] = string.Join(' ', shipped.Select(c => c.Ref)),
        };
        return deploy with { Files = files, Extra = extra, Author = deploy.Author ?? shipped[0].Author, Hunks = hunks };
    }

    /// <summary>The component owning most of the files, by longest matching path prefix; null when no file is under any component's paths.</summary>
    internal static string? OwnerOf(IReadOnlyList<string> files, IReadOnlyList<ComponentInfo> components)
    {
        var prefixes = components
            .SelectMany(c => c.Paths.Select(p => (Component: c.Name, Prefix: p.Replace('\\', '/').TrimStart('.', '/'))))
            .Where(x => x.Prefix.Length > 0)
            .ToList();
        var votes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            // A file outside every component's paths votes for none (MaxBy on no candidates would throw).
            string? best = null;
            var bestLength = 0;
            foreach (var (component, prefix) in prefixes)
            {
                if (prefix.Length > bestLength && file.StartsWith(prefix, StringComparison.Ordinal))
                {
                    (best, bestLength) = (component, prefix.Length);
                }
            }

            if (best is not null)
            {
                votes[best] = votes.GetValueOrDefault(best) + 1;
            }
        }

        return votes.Count == 0 ? null : votes.MaxBy(v => v.Value).Key;
    }

    private LogAnalysis AnalyzeLogs(string root, ProjectConfig config, DateTimeOffset? onset, DateTimeOffset asOf, ICollection<EvidenceWarning> warnings, CancellationToken cancellationToken)
    {
        // Rotated generations are read oldest first (app.log.2.gz, app.log.1, app.log), compressed ones decoded.
        var files = LogFiles.Order(ExpandAll(root, config.Sources.LogGlobs, "logs", warnings));
        if (files.Count == 0)
        {
            return LogAnalysis.Empty;
        }

        try
        {
            var analysis = logs.Analyze(root, files, onset, asOf, cancellationToken);
            foreach (var problem in analysis.Problems)
            {
                warnings.Add(new EvidenceWarning(problem.Source, problem.Message));
            }

            return analysis;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
        {
            warnings.Add(new EvidenceWarning("logs", $"not available: the logs could not be analysed ({e.Message})"));
            return LogAnalysis.Empty;
        }
    }

    private static List<string> ExpandAll(string root, IReadOnlyList<string> globs, string what, ICollection<EvidenceWarning> warnings)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var glob in globs)
        {
            files.UnionWith(ProjectFiles.Expand(root, glob, warnings));
        }

        if (files.Count == 0)
        {
            warnings.Add(new EvidenceWarning(what, $"not available: {string.Join(", ", globs)} matched no file"));
        }

        return [.. files];
    }

    /// <summary>A thread-safe collection view over the warnings queue, so readers running in parallel can report.</summary>
    private sealed class WarningSink(ConcurrentQueue<EvidenceWarning> queue) : ICollection<EvidenceWarning>
    {
        public int Count => queue.Count;

        public bool IsReadOnly => false;

        public void Add(EvidenceWarning item) => queue.Enqueue(item);

        public void Clear() => throw new NotSupportedException();

        public bool Contains(EvidenceWarning item) => queue.Contains(item);

        public void CopyTo(EvidenceWarning[] array, int arrayIndex) => queue.CopyTo(array, arrayIndex);

        public bool Remove(EvidenceWarning item) => throw new NotSupportedException();

        public IEnumerator<EvidenceWarning> GetEnumerator() => queue.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
