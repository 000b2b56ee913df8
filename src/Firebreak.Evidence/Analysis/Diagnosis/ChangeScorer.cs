using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>A change hypothesis with the evidence terms that scored it (for the documentation and the tests).</summary>
internal sealed record ScoredChange(Hypothesis Hypothesis, double Time, double Component, double Text, bool RuledOut)
{
    public ChangeRecord Change => Hypothesis.Change!;
}

/// <summary>
/// Scores every change in the window before the onset: score = 0.45·time + 0.30·component + 0.25·text (+0.05 for new
/// error templates right after it), halved when neither the component nor the text ties it to the incident. See docs/reasoning.md.
/// </summary>
internal static class ChangeScorer
{
    public const double TimeWeight = 0.45;
    public const double ComponentWeight = 0.30;
    public const double TextWeight = 0.25;

    /// <summary>A change this long after the onset is still inside the clock, sampling and onset-estimation error.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(2);

    /// <summary>The time decay constant for a step change; a gradual rise (a leak) uses its own rise time if longer.</summary>
    public static readonly TimeSpan Decay = TimeSpan.FromMinutes(60);

    public static IReadOnlyList<ScoredChange> Score(EvidenceBundle evidence, Signals signals, Scope scope, ComponentGraph graph, DateTimeOffset asOf)
    {
        var reference = signals.Onset ?? asOf;
        var window = evidence.Config.Policy.ChangeWindow;
        var tau = Decay;
        var originSeries = signals.Harmful.Where(s => ComponentGraph.Same(s.Component, scope.Origin) || scope.Origin is null).ToList();
        if (originSeries.Count > 0 && originSeries.Max(s => s.Rise) is var rise && rise > tau)
        {
            tau = rise;
        }

        var deploysExist = evidence.Changes.Any(c => c.Kind == ChangeKind.Deploy);
        var results = new List<ScoredChange>();
        foreach (var candidate in Candidates(evidence.Changes, graph))
        {
            var change = candidate.Record;
            var judgedAgainst = ReferenceFor(candidate.Component, reference, scope, graph);
            var dt = judgedAgainst - change.At;
            if (dt > window || change.At > asOf)
            {
                continue;
            }

            var evidenceItems = new List<EvidenceItem>();
            var ruledOut = dt < -Tolerance;
            double time;
            if (ruledOut)
            {
                time = 0;
                evidenceItems.Add(new(Wording.Inv($"made {Wording.Span(dt)} after the onset ({Wording.Time(judgedAgainst)}): it cannot have triggered the incident"), change.Source));
            }
            else if (dt < TimeSpan.Zero)
            {
                time = 0.7;
                evidenceItems.Add(new(Wording.Inv($"made {Wording.Span(dt)} after the detected onset, inside the {Wording.Span(Tolerance)} clock tolerance"), change.Source));
            }
            else
            {
                time = Math.Exp(-dt.TotalMinutes / tau.TotalMinutes);
                evidenceItems.Add(new(Wording.Inv($"{WireNames.Of(change.Kind)} at {Wording.Time(change.At)}, {Wording.Span(dt)} before the onset ({Wording.Time(judgedAgainst)})"), change.Source));
            }

            var (component, componentWhy) = ComponentMatch(candidate.Component, scope, graph);
            if (componentWhy is not null)
            {
                evidenceItems.Add(new(componentWhy, change.Source));
            }

            var (text, textItems) = TextMatch(candidate, signals);
            evidenceItems.AddRange(textItems);

            var bonus = 0.0;
            var newAfter = signals.Errors.Where(t => t.Template.IsNew && t.Onset is { } on && on >= change.At && on - change.At <= TimeSpan.FromMinutes(30)).ToList();
            if (!ruledOut && component >= 0.6 && newAfter.Count > 0)
            {
                bonus = 0.05;
                evidenceItems.Add(new(Wording.Inv($"{newAfter.Count} new error template(s) appeared only after it, e.g. \"{SignalReader.Shorten(newAfter[0].Template.Template)}\""), newAfter[0].Source));
            }

            if (candidate.Commit is { } commit)
            {
                evidenceItems.Add(new(Wording.Inv($"shipped commit {commit.Ref}: {SignalReader.Shorten(commit.Description)}"), commit.Source));
            }

            foreach (var migration in candidate.Migrations)
            {
                evidenceItems.Add(new(Wording.Inv($"ran migration {migration.Version ?? migration.Key ?? migration.Ref} at {Wording.Time(migration.At)}{(migration.Reversible == false ? " (irreversible)" : string.Empty)}: part of the same change"), migration.Source));
            }

            var score = ruledOut ? 0 : (TimeWeight * time) + (ComponentWeight * component) + (TextWeight * text) + bonus;
            if (component <= 0 && text <= 0)
            {
                score *= 0.5;
            }

            if (change.Kind == ChangeKind.Commit && deploysExist)
            {
                // A commit no deploy record mentions may not be running in production at all.
                score *= 0.6;
                evidenceItems.Add(new("no deploy record ships this commit: it may not be in production", change.Source));
            }

            score = Math.Clamp(score, 0, 0.99);
            var statement = ruledOut
                ? Wording.Inv($"Ruled out: {Describe(change)} was made after the incident began")
                : Wording.Sentence(Wording.Inv($"{Describe(change)} triggered the incident"));
            var hypothesis = new Hypothesis(statement, CauseKind.Change, change, score, Confidences.Of(score), evidenceItems);
            results.Add(new ScoredChange(hypothesis, time, component, text, ruledOut));
        }

        return [.. results.OrderByDescending(r => r.Hypothesis.Score).ThenByDescending(r => r.Change.At)];
    }

    /// <summary>
    /// The onset a change is judged against: the earliest onset among the affected components it is related to (itself,
    /// what it depends on, what depends on it), else the incident's onset. An anomaly in an unrelated component that
    /// started earlier must not rule out the deploy that broke this one.
    /// </summary>
    private static DateTimeOffset ReferenceFor(string? component, DateTimeOffset incidentOnset, Scope scope, ComponentGraph graph)
    {
        if (component is null)
        {
            return incidentOnset;
        }

        var related = scope.OnsetByComponent
            .Where(kv => kv.Value != DateTimeOffset.MaxValue
                && (ComponentGraph.Same(kv.Key, component) || graph.DependsOn(kv.Key, component) || graph.DependsOn(component, kv.Key)))
            .Select(kv => kv.Value)
            .ToList();
        return related.Count == 0 || related.Min() < incidentOnset ? incidentOnset : related.Min();
    }

    public static string Describe(ChangeRecord change)
    {
        var what = change.Kind switch
        {
            ChangeKind.Deploy => change.Version is { } v ? $"the deploy of {change.Component ?? "unknown component"} {v}" : $"the deploy of {change.Component ?? "unknown component"}",
            ChangeKind.Commit => $"commit {Short(change.Ref)} ({SignalReader.Shorten(change.Description, 60)})",
            ChangeKind.FeatureFlag => $"the feature-flag change {change.Key ?? change.Ref}",
            ChangeKind.Config => $"the config change {change.Key ?? change.Ref}",
            ChangeKind.Migration => $"the migration {change.Version ?? change.Ref}",
            _ => $"the infra change {change.Ref}",
        };
        return change.Kind == ChangeKind.Deploy && change.Commit is { } sha ? $"{what} (commit {Short(sha)})" : what;
    }

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

    private sealed record Candidate(ChangeRecord Record, ChangeRecord? Commit, string? Component, IReadOnlyList<string> Files, IReadOnlyList<string> Keys)
    {
        /// <summary>Migrations the deploy ran: part of the same change.</summary>
        public IReadOnlyList<ChangeRecord> Migrations { get; init; } = [];
    }

    /// <summary>A migration belongs to a deploy when they share a commit or version, or ran in the same component within 30 minutes.</summary>
    public static bool Ships(ChangeRecord deploy, ChangeRecord migration) =>
        deploy.Kind == ChangeKind.Deploy && migration.Kind == ChangeKind.Migration
        && ((migration.Commit is not null && deploy.Commit is not null && SameSha(migration.Commit, deploy.Commit))
            || (migration.Version is not null && string.Equals(migration.Version, deploy.Version, StringComparison.OrdinalIgnoreCase))
            || ((migration.Component is null || ComponentGraph.Same(migration.Component, deploy.Component)) && (migration.At - deploy.At).Duration() <= TimeSpan.FromMinutes(30)));

    /// <summary>
    /// One candidate per change; a deploy and the commit it shipped are one change whose ref is the full commit SHA.
    /// Config, flag, infra and migration records report their key or version.
    /// </summary>
    private static List<Candidate> Candidates(IReadOnlyList<ChangeRecord> changes, ComponentGraph graph)
    {
        var commits = changes.Where(c => c.Kind == ChangeKind.Commit).ToList();
        // Indexes instead of a scan per deploy: 100k change records took minutes when each deploy searched them all.
        var commitsByPrefix = commits.Where(c => (c.Commit ?? c.Ref).Length >= 7).ToLookup(c => ShaPrefix(c.Commit ?? c.Ref), StringComparer.Ordinal);
        var migrationIndex = new MigrationIndex(changes);
        var shipped = new HashSet<ChangeRecord>(ReferenceEqualityComparer.Instance);
        var list = new List<Candidate>();
        foreach (var change in changes.Where(c => c.Kind == ChangeKind.Deploy))
        {
            var sha = change.Commit;
            var commit = sha is null || sha.Length < 7 ? null : commitsByPrefix[ShaPrefix(sha)].FirstOrDefault(c => SameSha(c.Commit ?? c.Ref, sha));
            if (commit is not null)
            {
                shipped.Add(commit);
            }

            var migrations = migrationIndex.ShippedBy(change);
            shipped.UnionWith(migrations);
            var full = commit?.Commit ?? commit?.Ref ?? sha;
            var files = change.Files.Concat(commit?.Files ?? []).Distinct(StringComparer.Ordinal).ToList();
            var record = change with { Ref = full ?? (string.IsNullOrEmpty(change.Ref) ? change.Version ?? "unknown" : change.Ref), Commit = full, Files = files };
            // A version a log line names ("checkout-api/3.8.0 failed") ties the failure to this deploy.
            var keys = migrations.SelectMany(m => new[] { m.Key, m.Version }).Append(change.Version).OfType<string>().Where(k => k.Length >= 5).ToList();
            list.Add(new Candidate(record, commit, change.Component ?? graph.ComponentOfFiles(files), files, keys) { Migrations = migrations });
        }

        foreach (var change in changes.Where(c => c.Kind is not ChangeKind.Commit and not ChangeKind.Deploy && !shipped.Contains(c)))
        {
            var key = change.Kind is ChangeKind.Config or ChangeKind.FeatureFlag ? change.Key ?? change.Version : change.Version ?? change.Key;
            var record = key is null ? change : change with { Ref = key };
            var keys = new[] { change.Key, change.Version }.OfType<string>().Where(k => k.Length >= 5 || (k.Length >= 4 && k.Any(char.IsLetter))).ToList();
            list.Add(new Candidate(record, null, change.Component ?? graph.ComponentOfFiles(change.Files), change.Files, keys));
        }

        foreach (var commit in commits.Where(c => !shipped.Contains(c)))
        {
            var full = commit.Commit ?? commit.Ref;
            list.Add(new Candidate(commit with { Ref = full }, null, graph.ComponentOfFiles(commit.Files) ?? commit.Component, commit.Files, []));
        }

        return list;
    }

    private static string ShaPrefix(string sha) => sha[..7].ToLowerInvariant();

    /// <summary>Migration records indexed by commit prefix, version and (per component) time, so the migrations a deploy ships are found without scanning every change.</summary>
    private sealed class MigrationIndex
    {
        private static readonly TimeSpan Near = TimeSpan.FromMinutes(30);

        // Migrations matched by time alone: at most this many per deploy and component, the closest in time (a burst of thousands is noise, not a release).
        private const int MaxNearbyPerDeploy = 20;

        private readonly Dictionary<string, List<(int Order, ChangeRecord Record)>> _byComponent = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<(int Order, ChangeRecord Record)> _withoutComponent;
        private readonly ILookup<string, (int Order, ChangeRecord Record)> _byCommit;
        private readonly ILookup<string, (int Order, ChangeRecord Record)> _byVersion;

        public MigrationIndex(IReadOnlyList<ChangeRecord> changes)
        {
            var all = changes.Select((c, i) => (Order: i, Record: c)).Where(x => x.Record.Kind == ChangeKind.Migration).OrderBy(x => x.Record.At).ToList();
            Count = all.Count;
            _withoutComponent = [.. all.Where(x => x.Record.Component is null)];
            foreach (var group in all.Where(x => x.Record.Component is not null).GroupBy(x => x.Record.Component!, StringComparer.OrdinalIgnoreCase))
            {
                _byComponent[group.Key] = [.. group];
            }

            _byCommit = all.Where(x => x.Record.Commit is { Length: >= 7 }).ToLookup(x => ShaPrefix(x.Record.Commit!), StringComparer.Ordinal);
            _byVersion = all.Where(x => x.Record.Version is not null).ToLookup(x => x.Record.Version!, StringComparer.OrdinalIgnoreCase);
        }

        private int Count { get; }

        /// <summary>The migrations <see cref="Ships"/> says <paramref name="deploy"/> shipped, in the order of the change list.</summary>
        public List<ChangeRecord> ShippedBy(ChangeRecord deploy)
        {
            if (Count == 0)
            {
                return [];
            }

            var found = new List<(int Order, ChangeRecord Record)>();
            if (deploy.Commit is { Length: >= 7 } commit)
            {
                found.AddRange(_byCommit[ShaPrefix(commit)]);
            }

            if (deploy.Version is { } version)
            {
                found.AddRange(_byVersion[version]);
            }

            Nearby(_withoutComponent, deploy.At, found);
            if (deploy.Component is { } component && _byComponent.TryGetValue(component, out var same))
            {
                Nearby(same, deploy.At, found);
            }

            return [.. found.DistinctBy(x => x.Order).Where(x => Ships(deploy, x.Record)).OrderBy(x => x.Order).Select(x => x.Record)];
        }

        private static void Nearby(List<(int Order, ChangeRecord Record)> byTime, DateTimeOffset at, List<(int Order, ChangeRecord Record)> found)
        {
            var low = 0;
            var high = byTime.Count;
            while (low < high)
            {
                var mid = (low + high) / 2;
                if (byTime[mid].Record.At < at)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid;
                }
            }

            // Walk outwards from the deploy's moment, closest first.
            var before = low - 1;
            var after = low;
            for (var taken = 0; taken < MaxNearbyPerDeploy; taken++)
            {
                var hasBefore = before >= 0 && at - byTime[before].Record.At <= Near;
                var hasAfter = after < byTime.Count && byTime[after].Record.At - at <= Near;
                if (!hasBefore && !hasAfter)
                {
                    break;
                }

                if (hasAfter && (!hasBefore || byTime[after].Record.At - at <= at - byTime[before].Record.At))
                {
                    found.Add(byTime[after++]);
                }
                else
                {
                    found.Add(byTime[before--]);
                }
            }
        }
    }

    private static bool SameSha(string? a, string? b) =>
        a is not null && b is not null && Math.Min(a.Length, b.Length) >= 7
        && (a.StartsWith(b, StringComparison.OrdinalIgnoreCase) || b.StartsWith(a, StringComparison.OrdinalIgnoreCase));

    private static (double Score, string? Why) ComponentMatch(string? component, Scope scope, ComponentGraph graph)
    {
        if (scope.Origin is null)
        {
            return (0.35, null);
        }

        if (component is null)
        {
            return (0.35, "the change names no component; it cannot be placed in the catalog");
        }

        if (ComponentGraph.Same(component, scope.Origin))
        {
            return (1.0, $"changed {component}, where the anomaly starts");
        }

        if (graph.DependsOn(scope.Origin, component))
        {
            return (0.8, $"changed {component}, which {scope.Origin} (where the anomaly starts) depends on");
        }

        if (scope.Affected.Any(a => ComponentGraph.Same(a, component)))
        {
            return (0.6, $"changed {component}, which is affected but went wrong after {scope.Origin}");
        }

        return (0, $"changed {component}, which shows no anomaly (the incident starts in {scope.Origin})");
    }

    /// <summary>
    /// Files, classes, config keys or flags of the change that the incident's logs or alerts name. A file name with its
    /// extension or a key may appear anywhere; a bare class name (file stem) only in a stack frame, where it is unambiguous.
    /// </summary>
    private static (double Score, IReadOnlyList<EvidenceItem> Items) TextMatch(Candidate candidate, Signals signals)
    {
        var anywhere = new List<string>();
        var frames = new List<string>();
        foreach (var file in candidate.Files)
        {
            var name = Path.GetFileName(file.Replace('\\', '/'));
            var stem = Path.GetFileNameWithoutExtension(name);
            if (name.Length >= 5 && name.Contains('.', StringComparison.Ordinal) && !GenericStems.Contains(stem))
            {
                anywhere.Add(name);
            }

            if (stem.Length >= 5 && !GenericStems.Contains(stem))
            {
                frames.Add(stem);
            }
        }

        anywhere.AddRange(candidate.Keys);
        var items = new List<EvidenceItem>();
        var best = 0.0;
        foreach (var t in signals.Templates)
        {
            var stackText = string.Join('\n', new[] { t.Template.Stack?.ExceptionType ?? string.Empty }.Concat(t.Template.Stack?.TopFrames ?? []));
            var term = anywhere.FirstOrDefault(a => Wording.Has(t.Text, a)) ?? frames.FirstOrDefault(f => Wording.Has(stackText, f));
            if (term is null)
            {
                continue;
            }

            var strength = t.Error ? 1.0 : 0.6;
            if (strength > best)
            {
                best = strength;
                items.Add(new(Wording.Inv($"\"{term}\", touched by the change, appears in the incident's log: {SignalReader.Shorten(t.Template.Stack?.ToString() ?? t.Template.Template, 140)}"), t.Source));
            }
        }

        foreach (var a in signals.Alerts)
        {
            var term = anywhere.FirstOrDefault(x => Wording.Has($"{a.Summary} {a.Description}", x));
            if (term is not null && best < 0.8)
            {
                best = 0.8;
                items.Add(new(Wording.Inv($"\"{term}\", touched by the change, appears in alert {a.Name}"), a.Source));
            }
        }

        return (best, items);
    }

    private static readonly HashSet<string> GenericStems = new(StringComparer.OrdinalIgnoreCase)
    {
        "README", "index", "config", "settings", "package", "Program", "Startup", "module", "__init__", "values", "Makefile",
    };
}

/// <summary>Maps a score (a probability-like number) to the contract's confidence bands.</summary>
internal static class Confidences
{
    /// <summary>HIGH above 0.9, MEDIUM from 0.7 to 0.9, LOW below 0.7.</summary>
    public static Confidence Of(double score) => score > 0.9 ? Confidence.High : score >= 0.7 ? Confidence.Medium : Confidence.Low;
}
