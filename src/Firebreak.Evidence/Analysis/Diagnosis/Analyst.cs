using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>The reasoning engine: finds what broke, where it started and which change (if any) caused it.</summary>
public static class Analyst
{
    /// <summary>A change is blamed only when it scores at least this much (default; firebreak.yaml reasoning.blame_threshold).</summary>
    public static double BlameThreshold => RankingOptions.Default.BlameThreshold;

    /// <summary>Diagnoses the incident from the evidence as of <paramref name="asOf"/>.</summary>
    public static Diagnosis Diagnose(EvidenceBundle evidence, GuidanceProfile guidance, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(guidance);
        var options = evidence.Config.Reasoning;
        var graph = new ComponentGraph(evidence.Config.Profile);
        var signals = SignalReader.Read(evidence, graph, asOf, guidance.ReportedStart);
        var scope = Scope.Of(signals, graph, options.Scope);
        var segments = Segments.Of(signals, evidence.Logs);

        var capacity = CauseDetectors.Capacity(signals, scope, options);
        var dependency = CauseDetectors.Dependency(signals, scope, graph, segments, options);
        var security = CauseDetectors.Security(signals, options);
        var certificate = CauseDetectors.Certificate(signals, options);
        var clock = CauseDetectors.ClockStep(signals, options);
        var integrity = CauseDetectors.DataIntegrity(signals, evidence.Changes, options);
        var exposure = CauseDetectors.Exposure(signals, options);

        // A mechanism the errors name outside our changes (a dependency, a certificate, a clock) makes an unlinked change a decoy.
        var named = new[] { dependency, certificate, clock }.OfType<Hypothesis>().Where(h => h.Outside && h.Score >= options.Ranking.NamedMechanismAt).MaxBy(h => h.Score);
        var changes = ChangeScorer.Score(evidence, signals, scope, graph, asOf, segments, named);
        var input = dependency is null && certificate is null && clock is null ? CauseDetectors.Input(signals, changes, options) : null;

        var hypotheses = Rank(changes, [capacity, dependency, security, certificate, clock, input], [integrity, exposure], signals, options);
        var leading = hypotheses[0];
        var (category, categoryWhy) = Categorizer.Of(signals, leading, security, integrity, guidance, exposure, options);
        var facts = FactsBuilder.Build(evidence, signals, scope, graph, guidance, security, integrity, exposure, segments);
        var symptoms = Symptoms(signals, scope, categoryWhy);
        var runbooks = RunbookMatcher.Match(evidence.Runbooks, signals, scope, graph, leading, options.Runbooks);
        return new Diagnosis(category, scope.Affected, scope.Origin, signals.Onset, hypotheses, facts, symptoms, runbooks)
        {
            CollateralComponents = scope.Collateral,
        };
    }

    /// <summary>
    /// Orders the explanations: the best change leads only when it scores at least the blame threshold and beats every
    /// alternative cause (capacity, dependency, security, certificate, clock, input) by the blame margin; otherwise the best
    /// alternative leads, or "unknown" below <see cref="RankingOptions.UnknownBelow"/>. Effects (data integrity, exposure)
    /// never compete with a change: a change can be both the trigger and the data problem.
    /// </summary>
    private static List<Hypothesis> Rank(IReadOnlyList<ScoredChange> changes, IEnumerable<Hypothesis?> alternatives, IEnumerable<Hypothesis?> effects, Signals signals, ReasoningOptions options)
    {
        var o = options.Ranking;
        var others = alternatives.OfType<Hypothesis>().OrderByDescending(h => h.Score).ToList();
        var effectList = effects.OfType<Hypothesis>().OrderByDescending(h => h.Score).ToList();
        var live = changes.Where(c => !c.RuledOut).ToList();
        var bestOther = others.FirstOrDefault();
        var result = new List<Hypothesis>();
        if (live.Count > 0 && live[0].Hypothesis.Score >= o.BlameThreshold && live[0].Hypothesis.Score >= (bestOther?.Score ?? 0) + o.BlameMargin)
        {
            var top = live[0].Hypothesis;
            if (live.Count > 1 && live[1].Hypothesis.Score >= top.Score - o.BlameMargin)
            {
                // Two changes explain the data about equally well: we cannot be sure which one it was.
                var capped = top.Confidence == Confidence.High ? Confidence.Medium : Confidence.Low;
                top = top with
                {
                    Confidence = capped,
                    Evidence = [.. top.Evidence, new EvidenceItem(Wording.Inv($"another change scores almost as high: {ChangeScorer.Describe(live[1].Change)} ({Wording.Num(live[1].Hypothesis.Score)})"), live[1].Change.Source)],
                };
            }

            result.Add(top);
            result.AddRange(others);
            result.AddRange(effectList);
            result.AddRange(live.Skip(1).Select(c => c.Hypothesis));
        }
        else
        {
            var pool = others.Concat(effectList).OrderByDescending(h => h.Score).ToList();
            if (pool.Count == 0 || pool[0].Score < o.UnknownBelow)
            {
                var why = live.Count > 0
                    ? Wording.Inv($"the best change, {ChangeScorer.Describe(live[0].Change)}, scores only {Wording.Num(live[0].Hypothesis.Score)}: too far from the onset, in another component, or touching nothing the failure names")
                    : null;
                result.Add(CauseDetectors.Unknown(signals, options, why));
            }

            result.AddRange(pool);
            result.AddRange(live.Select(c => c.Hypothesis));
        }

        var ruledOut = changes.Where(c => c.RuledOut).Take(5).Select(c => c.Hypothesis);
        var lead = result[0];
        Hypothesis Explain(Hypothesis h) => h.Change is null || ReferenceEquals(h, lead) ? h : h with
        {
            // Every change that does not lead says why, with the leading explanation it lost to.
            Against = [.. h.Against, new EvidenceItem(Wording.Inv($"scores {Wording.Num(h.Score)} against {Wording.Num(lead.Score)} for the leading explanation: {SignalReader.Shorten(lead.Statement, 100)}"), h.Change.Source)],
        };
        return [.. result.Take(1), .. result.Skip(1).OrderByDescending(h => h.Score).Take(10).Select(Explain), .. ruledOut.Select(Explain)];
    }

    private static List<EvidenceItem> Symptoms(Signals signals, Scope scope, string categoryWhy)
    {
        var items = new List<(DateTimeOffset? At, EvidenceItem Item)>();
        foreach (var a in signals.Alerts)
        {
            var where = a.Component is null ? string.Empty : $" on {a.Component}";
            items.Add((a.StartsAt, new EvidenceItem(
                Wording.Inv($"Alert {a.Name} ({a.Severity}{where}) firing since {Wording.Time(a.StartsAt)}: {SignalReader.Shorten(a.Summary, 160)}{(string.IsNullOrWhiteSpace(a.Description) ? string.Empty : " — " + SignalReader.Shorten(a.Description, 160))}"),
                a.Source)));
        }

        foreach (var s in signals.Series.Where(s => s.Analysis.Anomalous))
        {
            var peak = s.Analysis.Peak is { } p ? Wording.Inv($", peak {Wording.Num(p)}") : string.Empty;
            var role = s.Load ? "load" : s.Harmful ? "symptom" : "anomaly";
            items.Add((s.Start, new EvidenceItem(
                Wording.Inv($"{s.Name} ({s.Analysis.Series.Kind}{(s.Component is null ? string.Empty : ", " + s.Component)}, {role}): baseline {Wording.Num(s.Baseline)} → now {Wording.Num(s.Current)}{peak}, since {Wording.Time(s.Start)}, trend {s.Analysis.Trend.ToString().ToLowerInvariant()}"),
                s.Source)));
        }

        foreach (var t in signals.Templates.OrderByDescending(t => t.Error).ThenByDescending(t => t.Template.Count).Take(12))
        {
            var kind = t.Template.IsNew ? "New" : "Surging";
            var stack = t.Template.Stack is { } st ? " | " + SignalReader.Shorten(st.ToString(), 160) : string.Empty;
            items.Add((t.Onset, new EvidenceItem(
                Wording.Inv($"{kind} {t.Template.Level ?? "log"} template{(t.Template.Component is null ? string.Empty : " in " + t.Template.Component)} since {Wording.Time(t.Onset)} ({t.Template.Count} lines): {SignalReader.Shorten(t.Template.Template, 160)}{stack}"),
                t.Source)));
        }

        var ordered = items.OrderBy(i => i.At ?? DateTimeOffset.MaxValue).Select(i => i.Item).ToList();
        if (signals.Onset is not null)
        {
            ordered.Add(new EvidenceItem(Wording.Inv($"Onset {Wording.Time(signals.Onset)}: {signals.OnsetBasis}"), ordered.Count > 0 ? ordered[0].Source : new SourceRef("evidence")));
        }

        ordered.Add(new EvidenceItem("Category: " + categoryWhy, ordered.Count > 0 ? ordered[0].Source : new SourceRef("evidence")));
        ordered.AddRange(scope.Evidence);
        return ordered;
    }
}
