using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>A change hypothesis with the evidence terms that scored it (for the documentation and the tests).</summary>
internal sealed record ScoredChange(Hypothesis Hypothesis, double Time, double Component, double Text, bool RuledOut)
{
    public ChangeRecord Change => Hypothesis.Change!;
}

/// <summary>
/// Scores every change in the window before the onset: score = 0.45·time + 0.30·component + 0.25·text (+0.05 for new
/// error templates right after it), halved when neither the component nor the text ties it to the incident (the defaults
/// of <see cref="ChangeScoringOptions"/>). See docs/reasoning.md.
/// </summary>
internal static class ChangeScorer
{
    /// <summary>A change this long after the onset is still inside the clock, sampling and onset-estimation error (default).</summary>
    public static readonly TimeSpan Tolerance = ChangeScoringOptions.Default.Tolerance;

    public static IReadOnlyList<ScoredChange> Score(
        EvidenceBundle evidence, Signals signals, Scope scope, ComponentGraph graph, DateTimeOffset asOf, Segments? segments = null, Hypothesis? namedElsewhere = null)
    {
        var o = evidence.Config.Reasoning.Changes;
        segments ??= Segments.None;
        var reference = signals.Onset ?? asOf;
        var window = evidence.Config.Policy.ChangeWindow;
        var tau = o.Decay;
        var originSeries = signals.Harmful.Where(s => ComponentGraph.Same(s.Component, scope.Origin) || scope.Origin is null).ToList();
        if (originSeries.Count > 0 && originSeries.Max(s => s.Rise) is var rise && rise > tau)
        {
            tau = rise;
        }

        var deploysExist = false;
        foreach (var c in evidence.Changes)
        {
            deploysExist |= c.Kind == ChangeKind.Deploy;
        }

        var context = new Context(evidence, signals, scope, graph, asOf, segments, namedElsewhere, o, reference, window, tau, deploysExist, OurFrames(signals), PathFailures(signals))
        {
            StackTexts = [.. signals.Templates.Select(t => string.Join('\n', new[] { t.Template.Stack?.ExceptionType ?? string.Empty }.Concat(t.Template.Stack?.TopFrames ?? [])))],
            AlertTexts = [.. signals.Alerts.Select(a => $"{a.Summary} {a.Description}")],
            Confidence = evidence.Config.Reasoning.Confidence,
        };
        var candidates = Candidates(evidence.Changes, graph, o.MigrationTie);

        // Two passes, so a million change records cost numbers, not sentences: every candidate is scored without
        // wording, and only those the diagnosis can show are scored again with their evidence written out.
        var judged = new List<(int Index, Judgement Judgement)>(candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (Judge(candidates[i], context, explain: false) is { } judgement)
            {
                judged.Add((i, judgement));
            }
        }

        judged.Sort((a, b) =>
        {
            var byScore = b.Judgement.Score.CompareTo(a.Judgement.Score);
            if (byScore != 0)
            {
                return byScore;
            }

            var byTime = candidates[b.Index].Record.At.CompareTo(candidates[a.Index].Record.At);
            return byTime != 0 ? byTime : a.Index.CompareTo(b.Index);
        });

        var results = new List<ScoredChange>();
        var live = 0;
        var ruled = 0;
        var mechanismShown = false;
        foreach (var (index, judgement) in judged)
        {
            var show = judgement.RuledOut ? ruled++ < ExplainedRuledOut : live++ < ExplainedLive;
            // The strongest mechanism match is always kept: whether any live change names the failing code is a decision (CauseDetectors.Input).
            var mechanism = !judgement.RuledOut && judgement.Text >= o.MechanismInError && !mechanismShown;
            mechanismShown |= mechanism;
            if (show || mechanism)
            {
                results.Add(Judge(candidates[index], context, explain: true)!.Value.Scored!);
            }
        }

        return results;
    }

    /// <summary>The most changes that are not ruled out given their evidence in words; the diagnosis shows at most 11 of them (the leader and ten alternatives).</summary>
    private const int ExplainedLive = 32;

    /// <summary>The most ruled-out changes given their evidence in words; the diagnosis lists five.</summary>
    private const int ExplainedRuledOut = 5;

    /// <summary>What every judgement of one diagnosis shares.</summary>
    private sealed record Context(
        EvidenceBundle Evidence, Signals Signals, Scope Scope, ComponentGraph Graph, DateTimeOffset AsOf, Segments Segments, Hypothesis? NamedElsewhere,
        ChangeScoringOptions Options, DateTimeOffset Reference, TimeSpan Window, TimeSpan Tau, bool DeploysExist,
        List<(string Stem, string? Component)> Frames, IReadOnlyList<(string[] Touches, string Failed, TemplateSignal Template)> PathFailures)
    {
        /// <summary>Each incident template's exception type and top frames as one text, in the order of <see cref="Signals.Templates"/>.</summary>
        public required IReadOnlyList<string> StackTexts { get; init; }

        /// <summary>Each firing alert's summary and description, in the order of <see cref="Signals.Alerts"/>.</summary>
        public required IReadOnlyList<string> AlertTexts { get; init; }

        /// <summary>Where a score becomes a confidence.</summary>
        public required ConfidenceOptions Confidence { get; init; }

        /// <summary>The onset each component's changes are judged against, computed once per component.</summary>
        public Dictionary<string, DateTimeOffset> ReferenceByComponent { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The numbers of one judgement, and (when explained) the change with its hypothesis in words.</summary>
    private readonly record struct Judgement(double Score, double Text, bool RuledOut, ScoredChange? Scored);

    /// <summary>Scores one candidate; with <paramref name="explain"/> false no sentence is written (the evidence lists stay empty). Null when the change is outside the window.</summary>
    private static Judgement? Judge(Candidate candidate, Context context, bool explain)
    {
        var (_, signals, scope, graph, asOf, segments, namedElsewhere, o, reference, window, tau, deploysExist, frames, _) = context;
        {
            var change = candidate.Record;
            var judgedAgainst = candidate.Component is null ? reference : ReferenceFor(candidate.Component, context);
            var dt = judgedAgainst - change.At;
            if (dt > window || change.At > asOf)
            {
                return null;
            }

            var evidenceItems = explain ? new List<EvidenceItem>() : null;
            var against = explain ? new List<EvidenceItem>() : null;
            var ruledOut = dt < -o.Tolerance;
            var (text, textItems) = TextMatch(candidate, context, explain);
            double time;
            if (ruledOut)
            {
                time = 0;
                evidenceItems?.Add(new(Wording.Inv($"made {Wording.Span(dt)} after the onset ({Wording.Time(judgedAgainst)}): it cannot have triggered the incident"), change.Source));
                against?.Add(evidenceItems![^1]);
            }
            else if (dt < TimeSpan.Zero)
            {
                time = o.InsideToleranceTime;
                evidenceItems?.Add(new(Wording.Inv($"made {Wording.Span(dt)} after the detected onset, inside the {Wording.Span(o.Tolerance)} clock tolerance"), change.Source));
            }
            else
            {
                time = Math.Exp(-dt.TotalMinutes / tau.TotalMinutes);
                evidenceItems?.Add(new(Wording.Inv($"{WireNames.Of(change.Kind)} at {Wording.Time(change.At)}, {Wording.Span(dt)} before the onset ({Wording.Time(judgedAgainst)})"), change.Source));
                var delayed = Math.Exp(-dt.TotalMinutes / Math.Max(tau.TotalMinutes, o.MechanismDecay.TotalMinutes));
                if (text > 0 && delayed > time)
                {
                    // The failure names what this change touched: its effect may come hours later (load, accumulation, expiry, rollout).
                    time = delayed;
                    evidenceItems?.Add(new(Wording.Inv($"the failure names what it touched, so its age counts less: an effect can come hours after the change (decay {Wording.Span(o.MechanismDecay)} instead of {Wording.Span(tau)})"), change.Source));
                }
            }

            var (component, componentWhy) = ComponentMatch(candidate.Component, scope, graph, o, explain);
            if (componentWhy is not null)
            {
                evidenceItems?.Add(new(componentWhy, change.Source));
            }

            evidenceItems?.AddRange(textItems);

            var bonus = 0.0;
            if (!ruledOut && component >= o.ComponentAffected
                && signals.Errors.Where(t => t.Template.IsNew && t.Onset is { } on && on >= change.At && on - change.At <= o.NewErrorsReach).ToList() is { Count: > 0 } newAfter)
            {
                bonus = o.NewErrorsBonus;
                evidenceItems?.Add(new(Wording.Inv($"{newAfter.Count} new error template(s) appeared only after it, e.g. \"{SignalReader.Shorten(newAfter[0].Template.Template)}\""), newAfter[0].Source));
            }

            if (candidate.Commit is { } commit)
            {
                evidenceItems?.Add(new(Wording.Inv($"shipped commit {commit.Ref}: {SignalReader.Shorten(commit.Description)}"), commit.Source));
            }

            foreach (var migration in candidate.Migrations)
            {
                evidenceItems?.Add(new(Wording.Inv($"ran migration {migration.Version ?? migration.Key ?? migration.Ref} at {Wording.Time(migration.At)}{(migration.Reversible == false ? " (irreversible)" : string.Empty)}: part of the same change"), migration.Source));
            }

            var outOfScope = ruledOut || segments.Labels.Count == 0 ? null : OutOfScope(change, segments);
            if (outOfScope is not null)
            {
                ruledOut = true;
                evidenceItems?.Add(new(outOfScope, change.Source));
                against?.Add(evidenceItems![^1]);
            }

            var score = ruledOut ? 0 : (o.TimeWeight * time) + (o.ComponentWeight * component) + (o.MechanismWeight * text) + bonus;
            if (component <= 0 && text <= 0)
            {
                score *= o.UnlinkedFactor;
                if (componentWhy is not null)
                {
                    against?.Add(new(componentWhy + ", and nothing it touched appears in the failure", change.Source));
                }
            }

            if (!ruledOut && text <= 0)
            {
                // Decoy checks: a change that touches nothing the failure names must fit where and how it fails.
                if (StackMismatch(candidate, frames) is { } mismatch)
                {
                    score *= o.StackMismatchFactor;
                    evidenceItems?.Add(new(mismatch, change.Source));
                    against?.Add(evidenceItems![^1]);
                }

                if (segments.Confined.FirstOrDefault() is { } confined && !Segments.ScopeOf(change).ContainsKey(confined.Label))
                {
                    score *= o.ConfinedFactor;
                    evidenceItems?.Add(new(Wording.Inv($"only some {confined.Label}s fail ({string.Join(", ", confined.Failing.Order(StringComparer.Ordinal))}) while others keep serving ({string.Join(", ", confined.Healthy.Except(confined.Failing, StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal))}); the change reached all of them"), change.Source));
                    against?.Add(evidenceItems![^1]);
                }

                if (namedElsewhere is not null && component < 1)
                {
                    score *= o.NotImplicatedFactor;
                    evidenceItems?.Add(new(Wording.Inv($"touches nothing the failure names and is not where it starts; the errors name another mechanism ({SignalReader.Shorten(namedElsewhere.Statement, 80)})"), change.Source));
                    against?.Add(evidenceItems![^1]);
                }
                else if (namedElsewhere is not null)
                {
                    score *= (1 + o.NotImplicatedFactor) / 2;
                    evidenceItems?.Add(new(Wording.Inv($"touches nothing the failure names, while the errors name another mechanism ({SignalReader.Shorten(namedElsewhere.Statement, 80)})"), change.Source));
                    against?.Add(evidenceItems![^1]);
                }
            }

            if (change.Kind == ChangeKind.Commit && deploysExist)
            {
                // A commit no deploy record mentions may not be running in production at all.
                score *= o.UndeployedCommitFactor;
                evidenceItems?.Add(new("no deploy record ships this commit: it may not be in production", change.Source));
            }

            score = Math.Clamp(score, 0, o.MaxScore);
            if (!explain)
            {
                return new Judgement(score, text, ruledOut, null);
            }

            var statement = ruledOut
                ? outOfScope is not null
                    ? Wording.Inv($"Ruled out: {Describe(change)} {outOfScope}")
                    : Wording.Inv($"Ruled out: {Describe(change)} was made after the incident began")
                : Wording.Sentence(Wording.Inv($"{Describe(change)} triggered the incident"));
            var hypothesis = new Hypothesis(statement, CauseKind.Change, change, score, Confidences.Of(score, context.Confidence), evidenceItems!) { Against = against! };
            return new Judgement(score, text, ruledOut, new ScoredChange(hypothesis, time, component, text, ruledOut));
        }
    }

    /// <summary>"deployed only to eu-west; every failing request is in us-east", or null when the change's scope meets the failure.</summary>
    private static string? OutOfScope(ChangeRecord change, Segments segments)
    {
        foreach (var (label, values) in Segments.ScopeOf(change))
        {
            if (segments.Labels.TryGetValue(label, out var seen) && seen.Failing.Count > 0 && !seen.Failing.Overlaps(values))
            {
                return Wording.Inv($"was deployed only to {label} {string.Join(", ", values.Order(StringComparer.Ordinal))}; every failing request is in {label} {string.Join(", ", seen.Failing.Order(StringComparer.Ordinal))}");
            }
        }

        return null;
    }

    /// <summary>
    /// "was rolled out only to nodepool pool-b, exactly where requests fail, while pool-a keeps serving", or null: the mirror of
    /// <see cref="OutOfScope"/>. A change limited to the failing segments, with a segment outside it still serving, names where it fails.
    /// </summary>
    private static string? InScope(ChangeRecord change, Segments segments)
    {
        if (segments.Labels.Count == 0)
        {
            return null;
        }

        foreach (var (label, values) in Segments.ScopeOf(change))
        {
            if (segments.Labels.TryGetValue(label, out var seen) && seen.Failing.Count > 0 && seen.Failing.IsSubsetOf(values)
                && seen.Healthy.Where(h => !values.Contains(h)).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } serving)
            {
                return Wording.Inv($"was rolled out only to {label} {string.Join(", ", values.Order(StringComparer.Ordinal))}, exactly where requests fail, while {label} {string.Join(", ", serving)} keeps serving");
            }
        }

        return null;
    }

    /// <summary>Class names (file stems) in the incident's stack frames, with the component of the template.</summary>
    private static List<(string Stem, string? Component)> OurFrames(Signals signals) =>
        [.. signals.Errors.Where(t => t.Template.Stack is not null)
            .SelectMany(t => t.Template.Stack!.TopFrames.SelectMany(FrameStems).Select(stem => (stem, t.Template.Component)))
            .Distinct()];

    private static IEnumerable<string> FrameStems(string frame)
    {
        // "at com.shop.PriceCache.refresh(PriceCache.java:88)", "in /src/checkout/PriceCalculator.cs:line 42", "File \"x/y.py\", line 4".
        foreach (var token in frame.Split([' ', '(', ')', '"', '\'', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            var file = token.Split(':')[0].Replace('\\', '/');
            var name = Path.GetFileName(file);
            var dot = name.LastIndexOf('.');
            if (dot > 0 && dot < name.Length - 1 && name[(dot + 1)..].All(char.IsLetter) && name[(dot + 1)..].Length <= 5 && !name.Contains('<', StringComparison.Ordinal))
            {
                yield return name[..dot];
            }
        }
    }

    /// <summary>When stack traces in the change's own component name files of ours and none is one the change touched.</summary>
    private static string? StackMismatch(Candidate candidate, List<(string Stem, string? Component)> frames)
    {
        if (candidate.Files.Count == 0 || candidate.Component is null)
        {
            return null;
        }

        var here = frames.Where(f => ComponentGraph.Same(f.Component, candidate.Component)).Select(f => f.Stem).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (here.Count == 0)
        {
            return null;
        }

        var touched = candidate.Files.Select(f => Path.GetFileNameWithoutExtension(f.Replace('\\', '/'))).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return here.Any(touched.Contains)
            ? null
            : Wording.Inv($"the stack traces in {candidate.Component} run through {string.Join(", ", here.Take(3))}, none of which this change touched ({string.Join(", ", touched.Take(3))})");
    }

    /// <summary>
    /// The onset a change is judged against: the earliest onset among the affected components it is related to (itself,
    /// what it depends on, what depends on it), else the incident's onset. An anomaly in an unrelated component that
    /// started earlier must not rule out the deploy that broke this one.
    /// </summary>
    private static DateTimeOffset ReferenceFor(string component, Context context)
    {
        if (!context.ReferenceByComponent.TryGetValue(component, out var at))
        {
            at = ReferenceFor(component, context.Reference, context.Scope, context.Graph);
            context.ReferenceByComponent[component] = at;
        }

        return at;
    }

    private static DateTimeOffset ReferenceFor(string component, DateTimeOffset incidentOnset, Scope scope, ComponentGraph graph)
    {
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

    /// <summary>A migration belongs to a deploy when they share a commit or version, or ran in the same component within <paramref name="tie"/> (<see cref="ChangeScoringOptions.MigrationTie"/>).</summary>
    public static bool Ships(ChangeRecord deploy, ChangeRecord migration, TimeSpan tie) =>
        deploy.Kind == ChangeKind.Deploy && migration.Kind == ChangeKind.Migration
        && ((migration.Commit is not null && deploy.Commit is not null && SameSha(migration.Commit, deploy.Commit))
            || (migration.Version is not null && string.Equals(migration.Version, deploy.Version, StringComparison.OrdinalIgnoreCase))
            || ((migration.Component is null || ComponentGraph.Same(migration.Component, deploy.Component)) && (migration.At - deploy.At).Duration() <= tie));

    /// <summary>
    /// One candidate per change; a deploy and the commit it shipped are one change whose ref is the full commit SHA.
    /// Config, flag, infra and migration records report their key or version.
    /// </summary>
    private static List<Candidate> Candidates(IReadOnlyList<ChangeRecord> changes, ComponentGraph graph, TimeSpan migrationTie)
    {
        var commits = changes.Where(c => c.Kind == ChangeKind.Commit).ToList();
        // Indexes instead of a scan per deploy: 100k change records took minutes when each deploy searched them all.
        var commitsByPrefix = commits.Where(c => (c.Commit ?? c.Ref).Length >= 7).ToLookup(c => ShaPrefix(c.Commit ?? c.Ref), StringComparer.Ordinal);
        var migrationIndex = new MigrationIndex(changes, migrationTie);
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
            IReadOnlyList<string> files = commit is { Files.Count: > 0 } ? [.. change.Files.Concat(commit.Files).Distinct(StringComparer.Ordinal)] : change.Files;
            var named = full ?? (string.IsNullOrEmpty(change.Ref) ? change.Version ?? "unknown" : change.Ref);
            // A copy only when the deploy's name, commit or files change: a million records must not be a million copies.
            var record = named == change.Ref && full == change.Commit && ReferenceEquals(files, change.Files) ? change : change with { Ref = named, Commit = full, Files = files };
            // A version a log line names ("checkout-api/3.8.0 failed") ties the failure to this deploy.
            var keys = new List<string>();
            foreach (var migration in migrations)
            {
                AddKey(keys, migration.Key, 5);
                AddKey(keys, migration.Version, 5);
            }

            AddKey(keys, change.Version, 5);
            list.Add(new Candidate(record, commit, change.Component ?? graph.ComponentOfFiles(files), files, keys) { Migrations = migrations });
        }

        foreach (var change in changes.Where(c => c.Kind is not ChangeKind.Commit and not ChangeKind.Deploy && !shipped.Contains(c)))
        {
            var key = change.Kind is ChangeKind.Config or ChangeKind.FeatureFlag ? change.Key ?? change.Version : change.Version ?? change.Key;
            var record = key is null || key == change.Ref ? change : change with { Ref = key };
            var keys = new List<string>(2);
            AddKey(keys, change.Key, change.Key is { Length: 4 } k && k.Any(char.IsLetter) ? 4 : 5);
            AddKey(keys, change.Version, change.Version is { Length: 4 } v && v.Any(char.IsLetter) ? 4 : 5);
            list.Add(new Candidate(record, null, change.Component ?? graph.ComponentOfFiles(change.Files), change.Files, keys));
        }

        foreach (var commit in commits.Where(c => !shipped.Contains(c)))
        {
            var full = commit.Commit ?? commit.Ref;
            list.Add(new Candidate(commit with { Ref = full }, null, graph.ComponentOfFiles(commit.Files) ?? commit.Component, commit.Files, []));
        }

        return list;
    }

    private static void AddKey(List<string> keys, string? key, int minLength)
    {
        if (key is not null && key.Length >= minLength)
        {
            keys.Add(key);
        }
    }

    private static string ShaPrefix(string sha) => sha[..7].ToLowerInvariant();

    /// <summary>Migration records indexed by commit prefix, version and (per component) time, so the migrations a deploy ships are found without scanning every change.</summary>
    private sealed class MigrationIndex
    {
        // Migrations matched by time alone: at most this many per deploy and component, the closest in time (a burst of thousands is noise, not a release).
        private const int MaxNearbyPerDeploy = 20;

        private readonly Dictionary<string, List<(int Order, ChangeRecord Record)>> _byComponent = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<(int Order, ChangeRecord Record)> _withoutComponent;
        private readonly TimeSpan _near;
        private readonly ILookup<string, (int Order, ChangeRecord Record)> _byCommit;
        private readonly ILookup<string, (int Order, ChangeRecord Record)> _byVersion;

        public MigrationIndex(IReadOnlyList<ChangeRecord> changes, TimeSpan near)
        {
            _near = near;
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
        public IReadOnlyList<ChangeRecord> ShippedBy(ChangeRecord deploy)
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

            if (found.Count == 0)
            {
                return [];
            }

            return [.. found.DistinctBy(x => x.Order).Where(x => Ships(deploy, x.Record, _near)).OrderBy(x => x.Order).Select(x => x.Record)];
        }

        private void Nearby(List<(int Order, ChangeRecord Record)> byTime, DateTimeOffset at, List<(int Order, ChangeRecord Record)> found)
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
                var hasBefore = before >= 0 && at - byTime[before].Record.At <= _near;
                var hasAfter = after < byTime.Count && byTime[after].Record.At - at <= _near;
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

    /// <summary>How well the change's component fits where the anomaly starts; the reason in words only when <paramref name="explain"/> (its presence is the same either way).</summary>
    private static (double Score, string? Why) ComponentMatch(string? component, Scope scope, ComponentGraph graph, ChangeScoringOptions o, bool explain)
    {
        if (scope.Origin is null)
        {
            return (o.ComponentUnplaced, null);
        }

        if (component is null)
        {
            return (o.ComponentUnplaced, "the change names no component; it cannot be placed in the catalog");
        }

        if (ComponentGraph.Same(component, scope.Origin))
        {
            return (o.ComponentAtOrigin, explain ? $"changed {component}, where the anomaly starts" : string.Empty);
        }

        if (graph.DependsOn(scope.Origin, component))
        {
            return (o.ComponentDependency, explain ? $"changed {component}, which {scope.Origin} (where the anomaly starts) depends on" : string.Empty);
        }

        if (scope.Affected.Any(a => ComponentGraph.Same(a, component)))
        {
            return (o.ComponentAffected, explain ? $"changed {component}, which is affected but went wrong after {scope.Origin}" : string.Empty);
        }

        return (0, explain ? $"changed {component}, which shows no anomaly (the incident starts in {scope.Origin})" : string.Empty);
    }

    /// <summary>
    /// Files, classes, config keys or flags of the change that the incident's logs or alerts name. A file name with its
    /// extension or a key may appear anywhere; a bare class name (file stem) only in a stack frame, where it is unambiguous.
    /// </summary>
    private static (double Score, IReadOnlyList<EvidenceItem> Items) TextMatch(Candidate candidate, Context context, bool explain)
    {
        var (signals, o) = (context.Signals, context.Options);
        if (candidate.Files.Count == 0 && candidate.Keys.Count == 0 && signals.Alerts.Count == 0 && context.PathFailures.Count == 0 && candidate.Record.Key is null
            && context.Segments.Labels.Count == 0)
        {
            // Nothing of the change can be named by the failure: no file, key or version, and no failing network path.
            return (0, []);
        }

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
        var items = explain ? new List<EvidenceItem>() : null;
        var best = 0.0;
        for (var i = 0; i < signals.Templates.Count; i++)
        {
            var (t, stackText) = (signals.Templates[i], context.StackTexts[i]);
            var term = anywhere.FirstOrDefault(a => Wording.Has(t.Text, a)) ?? frames.FirstOrDefault(f => Wording.Has(stackText, f));
            if (term is null)
            {
                continue;
            }

            var strength = t.Error ? o.MechanismInError : o.MechanismInOther;
            if (strength > best)
            {
                best = strength;
                items?.Add(new(Wording.Inv($"\"{term}\", touched by the change, appears in the incident's log: {SignalReader.Shorten(t.Template.Stack?.ToString() ?? t.Template.Template, 140)}"), t.Source));
            }
        }

        for (var i = 0; i < signals.Alerts.Count; i++)
        {
            var (a, said) = (signals.Alerts[i], context.AlertTexts[i]);
            var term = anywhere.FirstOrDefault(x => Wording.Has(said, x));
            if (term is not null && best < o.MechanismInAlert)
            {
                best = o.MechanismInAlert;
                items?.Add(new(Wording.Inv($"\"{term}\", touched by the change, appears in alert {a.Name}"), a.Source));
            }
        }

        if (best <= 0 && PathMechanism(candidate.Record, context.PathFailures) is { } path)
        {
            best = o.MechanismInAlert;
            items?.Add(path);
        }

        if (best <= 0 && InScope(candidate.Record, context.Segments) is { } scoped)
        {
            best = o.MechanismInAlert;
            items?.Add(new(scoped, candidate.Record.Source));
        }

        if (best <= 0 && KeyParts(candidate.Record) is { Count: >= 2 } parts)
        {
            // A setting's name says what it governs: two of its words in one new line or alert name the mechanism
            // (edge.cache_rules.account_paths and "GET /account/overview … edge=HIT").
            foreach (var (text, source) in signals.Texts)
            {
                var hit = parts.Where(p => Wording.HasWord(text, p)).ToList();
                if (hit.Count >= 2)
                {
                    best = o.MechanismInOther;
                    items?.Add(new(Wording.Inv($"the words {string.Join(", ", hit.Take(3).Select(h => "\"" + h + "\""))} of its setting {candidate.Record.Key} appear in the incident: \"{SignalReader.Shorten(text, 120)}\""), source));
                    break;
                }
            }
        }

        return (best, items ?? []);
    }

    /// <summary>What a change of the network path (or of the credentials on it) says it touched, and how that path fails when it breaks.</summary>
    private static readonly (string[] Touches, string[] Fails)[] PathMechanisms =
    [
        (["dns", "resolver", "nameserver"], ["enotfound", "could not resolve", "name resolution", "nxdomain", "no such host", "getaddrinfo"]),
        (["tls", "cert", "ssl", "cipher"], ["handshake", "certificate", "x509", "ssl"]),
        (["firewall", "egress", "security group", "security-group", "network policy", "networkpolicy", "proxy", "route", "acl"], ["refused", "unreachable", "no route", "timed out", "reset"]),
        (["api_key", "api key", "apikey", "secret", "credential", "password", "client_id", "rotat"], CauseDetectors.RejectedCredentialWords),
    ];

    /// <summary>For each network path (DNS, TLS, firewall) whose failure the errors show: what a change of it says, the failure term and the first error showing it. Found once per diagnosis, not once per change.</summary>
    private static List<(string[] Touches, string Failed, TemplateSignal Template)> PathFailures(Signals signals)
    {
        var found = new List<(string[] Touches, string Failed, TemplateSignal Template)>();
        foreach (var (touches, fails) in PathMechanisms)
        {
            if (signals.Errors.Select(t => (Term: Wording.FirstOf(t.Text, fails), t)).FirstOrDefault(x => x.Term is not null) is { Term: { } failed } hit)
            {
                found.Add((touches, failed, hit.t));
            }
        }

        return found;
    }

    /// <summary>A change of the network path (DNS, TLS, firewall, credentials) when the errors show that path failing.</summary>
    private static EvidenceItem? PathMechanism(ChangeRecord change, IReadOnlyList<(string[] Touches, string Failed, TemplateSignal Template)> failures)
    {
        if (failures.Count == 0)
        {
            return null;
        }

        var said = $"{change.Key} {change.Description}";
        foreach (var (touches, failed, template) in failures)
        {
            if (Wording.FirstOf(said, touches) is { } touched)
            {
                return new(Wording.Inv($"it changed the path ({touched}) and the errors fail on that path ({failed}): \"{SignalReader.Shorten(template.Template.Template, 120)}\""), template.Source);
            }
        }

        return null;
    }

    private static readonly HashSet<string> GenericKeyParts = new(StringComparer.OrdinalIgnoreCase)
    {
        "enabled", "enable", "disabled", "value", "values", "setting", "settings", "config", "flag", "flags", "true", "false", "max", "min",
    };

    /// <summary>The words of a config or flag key (split at . _ - /), at least four letters, not generic.</summary>
    private static List<string> KeyParts(ChangeRecord change) =>
        change.Kind is ChangeKind.Config or ChangeKind.FeatureFlag or ChangeKind.Infra && change.Key is { } key
            ? [.. key.Split(['.', '_', '-', '/', ':'], StringSplitOptions.RemoveEmptyEntries).Where(p => p.Length >= 4 && p.All(char.IsLetter) && !GenericKeyParts.Contains(p)).Distinct(StringComparer.OrdinalIgnoreCase)]
            : [];

    private static readonly HashSet<string> GenericStems = new(StringComparer.OrdinalIgnoreCase)
    {
        "README", "index", "config", "settings", "package", "Program", "Startup", "module", "__init__", "values", "Makefile",
    };
}

/// <summary>Maps a score (a probability-like number) to the contract's confidence bands.</summary>
internal static class Confidences
{
    /// <summary>HIGH above <see cref="ConfidenceOptions.HighAbove"/> (0.9), MEDIUM from <see cref="ConfidenceOptions.MediumFrom"/> (0.7), LOW below.</summary>
    public static Confidence Of(double score, ConfidenceOptions options) =>
        score > options.HighAbove ? Confidence.High : score >= options.MediumFrom ? Confidence.Medium : Confidence.Low;
}
