using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>One level of the 5 Whys: the question and the evidence-backed answer, or (when unsupported) what evidence would answer it.</summary>
public sealed record RcaWhyLevel(string Question, string Because, bool Supported)
{
    /// <summary>For an unknown level: what the evidence does say, if anything.</summary>
    public string? Known { get; init; }
}

/// <summary>The contributing factors of the fishbone, by category.</summary>
public sealed record RcaFishbone(IReadOnlyList<string> People, IReadOnlyList<string> Process, IReadOnlyList<string> Technology, IReadOnlyList<string> Environment);

/// <summary>Renders root-cause-analysis.md: problem statement, an evidence-backed 5 Whys chain, validation and the fishbone.</summary>
public static class RootCauseAnalysisRenderer
{
    /// <summary>The artifact's path inside the incident folder.</summary>
    public const string Path = "root-cause-analysis.md";

    private static readonly TimeSpan CanaryWindow = TimeSpan.FromMinutes(30);

    /// <summary>Renders the analysis.</summary>
    public static string Render(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var doc = new MarkdownDoc();
        doc.Heading(1, $"Root Cause Analysis: {f.Id}");
        Body(doc, f, 2);
        if (f.D.Guidance.ComprehensiveDocumentation)
        {
            doc.Heading(2, "Learning Notes");
            doc.Line("Added because the guidance asked for comprehensive documentation.");
            doc.Bullet("Each \"Because\" above is a claim with its source; a level marked unknown names the evidence that would settle it. Do not fill those gaps from memory: collect the evidence.");
            doc.Bullet("The chain runs from what users saw to the change or condition that started it; the last level is the one a preventive action can fix.");
            doc.Bullet("Contributing factors are not causes on their own: they made the incident more likely, larger or longer.");
        }

        return doc.ToString();
    }

    /// <summary>Writes the 5 Whys and the fishbone at the given heading level (shared with the post-incident review).</summary>
    public static void Body(MarkdownDoc doc, DossierFacts f, int level)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(f);
        doc.Heading(level, "5 Whys Analysis");
        doc.Field("Problem Statement", ProblemStatement(f));
        doc.Blank();
        var whys = Whys(f);
        for (var i = 0; i < whys.Count; i++)
        {
            var why = whys[i];
            if (why.Question == "Not reached")
            {
                doc.Line($"{i + 1}. **Not reached**");
                doc.Line($"   - Resolve {why.Because}.");
                continue;
            }

            doc.Line($"{i + 1}. **{why.Question}**");
            doc.Line(why.Supported
                ? $"   - Because {why.Because}"
                : $"   - Unknown — would need {why.Because}" + (why.Known is null ? string.Empty : $"; what is known: {why.Known}"));
        }

        doc.Blank();
        doc.Field("Root Cause", f.RootCauseSentence);
        doc.Field("Validation", Validation(f));

        doc.Heading(level, "Contributing Factors");
        var bone = Factors(f);
        doc.Field("Problem", Md.Safe(f.Title));
        void Category(string name, IReadOnlyList<string> items)
        {
            doc.Heading(level + 1, name);
            doc.Bullets(items, $"no {name.ToLowerInvariant()} factor found in the evidence");
        }

        Category("People", bone.People);
        Category("Process", bone.Process);
        Category("Technology", bone.Technology);
        Category("Environment", bone.Environment);
        doc.Blank();
        doc.Field("Primary Root Cause", f.RootCauseSentence);
        var key = bone.Process.Concat(bone.Technology).Concat(bone.Environment).Concat(bone.People).Take(4).ToList();
        doc.Field("Contributing Factors", key.Count > 0 ? $"{key.Count} key factor(s): see the categories above" : "none identified from the evidence");
        doc.Fence("mermaid", Diagram(f, bone));
    }

    /// <summary>What happened, in one cited sentence.</summary>
    public static string ProblemStatement(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var symptom = f.ErrorRate is { Anomalous: true } e ? e : f.Latency is { Anomalous: true } l ? l : f.Metrics.FirstOrDefault(m => m.Anomalous);
        var what = symptom is null
            ? (f.D.Diagnosis.Symptoms.Count > 0 ? Md.Cited(f.D.Diagnosis.Symptoms[0]) : "no metric, log or alert confirms it yet")
            : $"{Md.Safe(symptom.Series.Name)} of {Md.Safe(symptom.Series.Component ?? f.Service)} went from {DossierFacts.Value(symptom, symptom.Baseline)} to {DossierFacts.Value(symptom, symptom.Peak ?? symptom.Current)} {DossierFacts.CiteSeries(symptom)}";
        return $"From {Md.Time(f.ImpactStart)}, {f.UsersPhrase} saw {f.Effect}; {what}. Affected users: {f.AffectedUsers}.";
    }

    /// <summary>The 5 Whys chain, each level backed by evidence or marked unknown with what would settle it.</summary>
    public static IReadOnlyList<RcaWhyLevel> Whys(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var lead = f.Leading;
        var origin = f.D.Diagnosis.OriginComponent ?? lead?.Change?.Component ?? (f.Components.Count > 0 ? f.Components[0] : f.Service);

        // The symptom is seen where users meet it; the chain then walks to where it started.
        var component = SymptomSeries(f)?.Series.Component ?? (f.Components.Count > 0 ? f.Components[0] : origin);
        var used = new HashSet<EvidenceItem>();
        var levels = new List<RcaWhyLevel>();
        var problem = $"users of {f.Service} see {f.Effect}";

        // 1. impact -> symptom at the component.
        var symptom = FirstSymptom(f, used);
        levels.Add(symptom is null
            ? new($"Why did {Md.Safe(problem)}?", $"an error-rate or latency metric for {Md.Safe(component)}, or a firing alert, to show where it fails", false)
            : new($"Why did {Md.Safe(problem)}?", $"{Md.Safe(component)} {State(f)}: {symptom}", true));

        var cause = lead?.Cause ?? CauseKind.Unknown;
        switch (cause)
        {
            case CauseKind.Change when lead!.Change is { } change:
                ChangeChain(f, levels, change, component, used);
                break;
            case CauseKind.Capacity:
                CapacityChain(f, levels, component, origin);
                break;
            case CauseKind.Dependency:
                DependencyChain(f, lead!, levels, component, used);
                break;
            default:
                if (lead is not null)
                {
                    GenericChain(lead, levels, component, used);
                }

                break;
        }

        // Any level still missing: the leading hypothesis' remaining evidence, then honest unknowns. After an
        // unknown level the chain cannot go deeper without inventing, so the rest says what would unblock it.
        var remaining = (lead?.Evidence ?? []).Where(e => !used.Contains(e)).ToList();
        var fills = UnknownFills(cause, component);
        var fill = 0;
        while (levels.Count < 5)
        {
            var previous = levels[^1];
            if (!previous.Supported && previous.Question.StartsWith("Not reached", StringComparison.Ordinal))
            {
                levels.Add(previous);
                continue;
            }

            if (!previous.Supported)
            {
                var first = levels.FindIndex(l => !l.Supported) + 1;
                levels.Add(new("Not reached", $"level {first} first: the chain stops at the first unknown until that evidence is collected", false));
            }
            else if (remaining.Count > 0)
            {
                var item = remaining[0];
                remaining.RemoveAt(0);
                levels.Add(new($"Why did that happen ({Short(previous.Because)})?", Md.Cited(item), true));
            }
            else
            {
                levels.Add(new($"Why did that happen ({Short(previous.Because)})?", fills[Math.Min(fill++, fills.Count - 1)], false));
            }
        }

        return levels.Take(5).ToList();
    }

    private static string State(DossierFacts f) =>
        f.ErrorRate is { Anomalous: true } ? "is failing" : f.Latency is { Anomalous: true } ? "is slow" : "is degraded";

    private static SeriesAnalysis? SymptomSeries(DossierFacts f) =>
        f.ErrorRate is { Anomalous: true } e ? e : f.Latency is { Anomalous: true } l ? l : f.Metrics.FirstOrDefault(m => m.Anomalous);

    private static string? FirstSymptom(DossierFacts f, HashSet<EvidenceItem> used)
    {
        var series = SymptomSeries(f);
        if (series is not null)
        {
            return $"{Md.Safe(series.Series.Name)} {Md.Safe(series.Direction)} from {DossierFacts.Value(series, series.Baseline)} to {DossierFacts.Value(series, series.Peak ?? series.Current)}"
                + (series.Onset is { } o ? $" from {Md.Time(o)}" : string.Empty) + " " + DossierFacts.CiteSeries(series);
        }

        if (f.D.Diagnosis.Symptoms.Count > 0)
        {
            used.Add(f.D.Diagnosis.Symptoms[0]);
            return Md.Cited(f.D.Diagnosis.Symptoms[0]);
        }

        return f.FirstAlert is { } alert ? $"alert {Md.Safe(alert.Name)} fired: {Md.Quote(alert.Summary)} {Md.Cite(alert.Source)}" : null;
    }

    private static LogTemplateSummary? ErrorPattern(DossierFacts f, string? component) =>
        f.D.Evidence.Logs.Templates
            .Where(t => t.IsNew || t.IsSurging)
            .OrderByDescending(t => component is not null && string.Equals(t.Component, component, StringComparison.OrdinalIgnoreCase))
            .ThenByDescending(t => t.Stack is not null)
            .ThenByDescending(t => t.Count)
            .FirstOrDefault();

    private static string Pattern(LogTemplateSummary t) =>
        $"a {(t.IsNew ? "new" : "surging")} log pattern \"{Md.Quote(Md.Clip(t.Template, 140))}\" ({Md.Num(t.Count)}×"
        + ((t.Onset ?? t.FirstSeen) is { } o ? $", from {Md.Time(o)}" : string.Empty)
        + (t.Stack is { } s ? $"; {Md.Quote(s.ToString())}" : string.Empty) + ")"
        + (t.Examples.Count > 0 ? " " + string.Join(" ", t.Examples.Take(2).Select(Md.Cite)) : string.Empty);

    private static void ChangeChain(DossierFacts f, List<RcaWhyLevel> levels, ChangeRecord change, string component, HashSet<EvidenceItem> used)
    {
        var pattern = ErrorPattern(f, change.Component ?? component);
        levels.Add(pattern is null
            ? new($"Why is {Md.Safe(component)} {State(f)[3..]}?", $"application logs of {Md.Safe(component)} around the onset: no new or surging log pattern was found", false)
            : new($"Why is {Md.Safe(component)} {State(f)[3..]}?", $"requests hit {Pattern(pattern)}", true));

        var gap = f.ChangeToOnset(change);
        var gapText = gap is { } g && g >= TimeSpan.Zero ? $", {Md.Minutes(g)} before the onset" : string.Empty;
        levels.Add(new(pattern is null ? "Why did the failure start when it did?" : "Why did that error start?",
            $"{Md.Safe(DossierFacts.Describe(change))} went to production at {Md.Time(change.At)}{gapText}: \"{Md.Quote(Md.Clip(change.Description, 120))}\" {Md.Cite(change.Source)}", true));
        foreach (var e in f.Leading!.Evidence.Where(e => e.Source == change.Source))
        {
            used.Add(e);
        }

        var frames = pattern?.Stack?.TopFrames ?? [];
        var touched = change.Files.Where(file => frames.Any(fr => fr.Contains(System.IO.Path.GetFileNameWithoutExtension(file), StringComparison.OrdinalIgnoreCase))).ToList();
        if (touched.Count > 0)
        {
            levels.Add(new("Why did the change cause it?",
                $"it modified {string.Join(", ", touched.Select(Md.Code))}, where the failing stack trace points ({Md.Quote(frames[0])}) {Md.Cite(change.Source)}", true));
        }
        else if (change.Files.Count > 0)
        {
            levels.Add(new("Why did the change cause it?",
                $"it modified {string.Join(", ", change.Files.Take(6).Select(Md.Code))} {Md.Cite(change.Source)}; which line is at fault is unknown — would need the diff of {DossierFacts.ShortRef(change.Ref)} reviewed against the error pattern", true));
        }
        else if (change.Kind is ChangeKind.Config or ChangeKind.FeatureFlag && change.Key is not null)
        {
            levels.Add(new("Why did the change cause it?",
                $"it switched {Md.Code(change.Key)} from {Md.Safe(change.OldValue ?? "unknown")} to {Md.Safe(change.NewValue ?? "unknown")} {Md.Cite(change.Source)}; why that value fails is unknown — would need the code path guarded by the setting", true));
        }
        else
        {
            levels.Add(new("Why did the change cause it?",
                $"the diff or file list of {DossierFacts.ShortRef(change.Ref)}; the record names no files", false));
        }

        var quick = gap is { } q0 && q0 >= TimeSpan.Zero && q0 <= CanaryWindow;
        var q = gap ?? TimeSpan.Zero;
        levels.Add(new("Why was it not caught before it reached users?",
            $"the pipeline's test and canary records for {DossierFacts.ShortRef(change.Ref)}", false)
        {
            Known = quick ? $"the errors began {Md.Minutes(q)} after the change, so a canary or staged rollout watching error rates would have caught it {Md.Cite(change.Source)}" : null,
        });
    }

    private static void CapacityChain(DossierFacts f, List<RcaWhyLevel> levels, string component, string origin)
    {
        var saturation = f.Metrics.Where(m => m.Anomalous && m.Series.Kind == "saturation")
            .OrderByDescending(m => string.Equals(m.Series.Component, origin, StringComparison.OrdinalIgnoreCase))
            .FirstOrDefault();
        levels.Add(saturation is null
            ? new($"Why is {Md.Safe(component)} {State(f)[3..]}?", $"a saturation metric (CPU, memory or pool usage) of {Md.Safe(origin)}", false)
            : new($"Why is {Md.Safe(component)} {State(f)[3..]}?", $"{Md.Safe(saturation.Series.Component ?? origin)} ran out of capacity: {Md.Safe(saturation.Series.Name)} reached {DossierFacts.Value(saturation, saturation.Peak ?? saturation.Current)} (baseline {DossierFacts.Value(saturation, saturation.Baseline)}) {DossierFacts.CiteSeries(saturation)}", true));
        var throughput = f.Metrics.FirstOrDefault(m => m.Anomalous && m.Series.Kind == "throughput");
        levels.Add(throughput is null
            ? new("Why did capacity run out?", "request rates before and during the incident, to show whether demand grew", false)
            : new("Why did capacity run out?", $"demand rose: {Md.Safe(throughput.Series.Name)} went from {DossierFacts.Value(throughput, throughput.Baseline)} to {DossierFacts.Value(throughput, throughput.Peak ?? throughput.Current)} {DossierFacts.CiteSeries(throughput)}", true));
        levels.Add(new("Why did the system not absorb the load?", $"the autoscaling configuration and limits of {Md.Safe(saturation?.Series.Component ?? origin)}", false));
    }

    private static void DependencyChain(DossierFacts f, Hypothesis lead, List<RcaWhyLevel> levels, string component, HashSet<EvidenceItem> used)
    {
        var pattern = ErrorPattern(f, component);
        levels.Add(pattern is null
            ? new($"Why is {Md.Safe(component)} {State(f)[3..]}?", $"logs of {Md.Safe(component)} showing the failing calls", false)
            : new($"Why is {Md.Safe(component)} {State(f)[3..]}?", $"its calls fail: {Pattern(pattern)}", true));
        var first = lead.Evidence.FirstOrDefault();
        if (first is not null)
        {
            used.Add(first);
        }

        levels.Add(first is null
            ? new("Why do those calls fail?", "the dependency's metrics or status page for the onset window", false)
            : new("Why do those calls fail?", $"a dependency is failing: {Md.Cited(first)}", true));
        levels.Add(new("Why did the dependency's failure reach users?", $"the timeout, retry and circuit-breaker settings of {Md.Safe(component)}", false));
    }

    private static void GenericChain(Hypothesis lead, List<RcaWhyLevel> levels, string component, HashSet<EvidenceItem> used)
    {
        used.UnionWith(lead.Evidence);
        levels.Add(lead.Evidence.Count == 0
            ? new($"Why is {Md.Safe(component)} affected?", $"evidence for the hypothesis \"{Md.Quote(lead.Statement)}\"; none was recorded", false)
            : new($"Why is {Md.Safe(component)} affected?",
                $"{Md.Quote(lead.Statement)} (confidence {WireNames.Of(lead.Confidence)}): {string.Join("; ", lead.Evidence.Select(Md.Cited))}", true));
    }

    private static List<string> UnknownFills(CauseKind cause, string component) => cause switch
    {
        CauseKind.Change => ["the change's review and test records", "the deployment pipeline's gate records"],
        CauseKind.Capacity => ["the capacity plan and load-test records", $"the scaling history of {Md.Safe(component)}"],
        CauseKind.Dependency => ["the vendor's incident report", "the dependency's SLA and its monitoring"],
        CauseKind.Security => ["the forensic analysis of the preserved evidence", "access logs and the security team's findings"],
        CauseKind.DataIntegrity => ["a consistency check of the affected data", "the write path's audit logs"],
        _ => [$"change records, error logs or dependency metrics for {Md.Safe(component)}", "the missing evidence listed in tier1-data.md"],
    };

    private static string Short(string because)
    {
        var text = because.Split(" [", 2, StringSplitOptions.None)[0];
        return Md.Clip(text, 80);
    }

    /// <summary>How the root cause is confirmed: the mitigation's validation, and its result when it ran.</summary>
    public static string Validation(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var target = f.ErrorRate is { } e ? $"{Md.Safe(e.Series.Name)} return to its baseline ({DossierFacts.Value(e, e.Baseline)})" : "the symptoms clear";
        var test = f.Leading?.Cause switch
        {
            CauseKind.Change => $"undoing the suspected change ({f.StrategyName}) should make {target} within {Md.Minutes(f.D.Config.Policy.ValidationWindow)}",
            CauseKind.Capacity => $"adding capacity should make {target}",
            CauseKind.Dependency => $"bypassing the failing dependency (or its recovery) should make {target}",
            _ => $"the mitigation ({f.StrategyName}) should make {target}",
        };
        var result = f.D.Outcome.Verdict is { } verdict
            ? $" Result: {WireNames.Of(verdict)}" + (f.D.Outcome.ValidationEvidence.Count > 0 ? " — " + string.Join("; ", f.D.Outcome.ValidationEvidence.Select(Md.Cited)) : string.Empty) + "."
            : " Result: not yet validated (mitigation not executed).";
        return test + "." + result;
    }

    /// <summary>Contributing factors derived from the evidence, never from assumptions about people.</summary>
    public static RcaFishbone Factors(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var d = f.D;
        var people = new List<string>();
        foreach (var block in d.Roster.Blocks)
        {
            people.Add($"{Md.Safe(block.Role)}: {Md.Safe(block.Unavailable)} was unavailable, {(block.Backup is null ? "and no backup was configured" : $"so the backup {Md.Safe(block.Backup)} was engaged")} [firebreak.yaml people]");
        }

        if (d.Guidance.ComprehensiveDocumentation)
        {
            people.Add($"The reporter's guidance points to a team with little incident experience (\"{Md.Quote(Md.Clip(d.Guidance.Text, 80))}\") [guidance]");
        }

        var process = new List<string>();
        if (f.Suspected?.Change is { } change && change.Kind != ChangeKind.Commit && f.ChangeToOnset(change) is { } gap && gap >= TimeSpan.Zero && gap <= CanaryWindow)
        {
            process.Add($"{Md.Safe(DossierFacts.Describe(change))} reached production and errors began {Md.Minutes(gap)} later: no canary or staged rollout stopped it {Md.Cite(change.Source)}");
        }

        if (d.Diagnosis.Runbooks.Count == 0)
        {
            process.Add("No runbook matched the symptoms, so Tier 1 had no documented procedure [runbooks/]");
        }

        if (!d.Config.Mitigation.Commands.ContainsKey(d.Mitigation.Strategy))
        {
            process.Add($"No {f.StrategyName} command is configured under mitigation: in firebreak.yaml, so the mitigation is manual");
        }

        if (d.Clock.Slas.Where(s => s.Outcome == SlaOutcome.Missed).ToList() is { Count: > 0 } missed)
        {
            process.Add($"Response targets missed: {Md.Safe(string.Join(", ", missed.Select(s => s.Name)))} [escalation clock]");
        }

        var technology = new List<string>();
        foreach (var t in d.Evidence.Logs.Templates.Where(t => (t.IsNew || t.IsSurging) && t.Stack is not null).Take(2))
        {
            technology.Add($"{Md.Quote(t.Stack!.ToString())} in {Md.Safe(t.Component ?? "the service")} ({Md.Num(t.Count)}×)" + (t.Examples.Count > 0 ? " " + Md.Cite(t.Examples[0]) : string.Empty));
        }

        if (f.Saturation is { Anomalous: true } sat)
        {
            technology.Add($"Resource saturation: {Md.Safe(sat.Series.Name)} at {DossierFacts.Value(sat, sat.Peak ?? sat.Current)} {DossierFacts.CiteSeries(sat)}");
        }

        if (f.DetectionDelay is { } delay && delay > TimeSpan.Zero)
        {
            technology.Add($"Monitoring gap: the first alert ({Md.Safe(f.FirstAlert!.Name)}) started {Md.Minutes(delay)} after the onset at {Md.Time(f.Onset!.Value)} {Md.Cite(f.FirstAlert.Source)}");
        }
        else if (d.Evidence.Alerts.Count == 0)
        {
            technology.Add($"No alert fired: detection method was {Md.Quote(d.DetectionMethod)}");
        }

        foreach (var warning in d.Evidence.Warnings.Take(3))
        {
            technology.Add($"Evidence gap: {Md.Safe(warning.Source)}: {Md.Safe(warning.Message)}");
        }

        var environment = new List<string>();
        if (f.Throughput is { Anomalous: true } tp && tp.Peak is { } peak && tp.Baseline is { } baseline && peak > baseline)
        {
            environment.Add($"Traffic spike: {Md.Safe(tp.Series.Name)} rose from {DossierFacts.Value(tp, baseline)} to {DossierFacts.Value(tp, peak)} {DossierFacts.CiteSeries(tp)}");
        }

        if (f.Leading?.Cause == CauseKind.Dependency)
        {
            environment.Add($"Third-party or upstream dependency failure: {Md.Quote(f.Leading.Statement)}" + (f.Leading.Evidence.Count > 0 ? " " + Md.Cite(f.Leading.Evidence[0].Source) : string.Empty));
        }
        else
        {
            var external = f.Components.Select(c => f.Profile.Component(c)).OfType<ComponentInfo>()
                .SelectMany(c => c.DependsOn).Where(dep => f.Profile.Component(dep) is null).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (external.Count > 0)
            {
                environment.Add($"Dependencies outside the catalog (possible third parties): {Md.Safe(string.Join(", ", external))} [firebreak.yaml components]");
            }
        }

        if (d.Escalation.OtherOpenIncidents.Count > 0)
        {
            environment.Add($"Concurrent incidents competed for responders: {Md.Safe(string.Join(", ", d.Escalation.OtherOpenIncidents))} [incident store]");
        }

        return new RcaFishbone(people, process, technology, environment);
    }

    private static IEnumerable<string> Diagram(DossierFacts f, RcaFishbone bone)
    {
        yield return "flowchart LR";
        yield return $"    problem[\"{Md.Mermaid(f.Title)}\"]";
        var groups = new (string Id, string Name, IReadOnlyList<string> Items)[]
        {
            ("people", "People", bone.People), ("process", "Process", bone.Process),
            ("technology", "Technology", bone.Technology), ("environment", "Environment", bone.Environment),
        };
        foreach (var (id, name, items) in groups)
        {
            yield return $"    {id}([\"{name}\"]) --> problem";
            var i = 0;
            foreach (var item in items.Take(4))
            {
                i++;
                yield return $"    {id}{i}[\"{Md.Mermaid(StripCitations(item), 50)}\"] --> {id}";
            }

            if (i == 0)
            {
                yield return $"    {id}0[\"none found in the evidence\"] --> {id}";
            }
        }
    }

    private static string StripCitations(string text)
    {
        var i = text.IndexOf(" [", StringComparison.Ordinal);
        return i > 0 ? text[..i] : text;
    }
}
