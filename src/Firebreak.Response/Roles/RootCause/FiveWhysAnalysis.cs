using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>The incident-responder's 5 Whys: from what users saw, through the evidence, to where the incident started.</summary>
internal static class FiveWhysAnalysis
{
    private static readonly TimeSpan CanaryWindow = TimeSpan.FromMinutes(30);

    /// <summary>Runs the 5 Whys over the facts.</summary>
    public static FiveWhysChain Run(IncidentFacts f)
    {
        var lead = f.Leading;
        var change = lead is { Cause: CauseKind.Change, Change: { } c } ? c : null;
        var link = change is null ? null : CauseLinker.Link(change, ErrorPattern(f, change.Component ?? f.Diagnosis.OriginComponent));
        var statement = lead is null ? null : link is null ? Redactor.Redact(lead.Statement) : Redactor.Redact(Mechanism(link, change!));
        return new FiveWhysChain(ProblemStatement(f), Whys(f, link), statement, lead?.Confidence, ValidationTest(f))
        {
            Link = link,
            LetThrough = change is null ? [] : LetThrough(f, change),
        };
    }

    /// <summary>The root cause as a mechanism: what the change put where the failure is thrown, kept apart from the deploy that triggered it.</summary>
    private static string Mechanism(CauseLink link, ChangeRecord change)
    {
        var by = $"{IncidentFacts.Describe(change)}";
        return link.Hunk is { Added.Count: > 0 } h
            ? $"{link.ExceptionType} in {link.Symbol}: {by} changed {link.Location} to \"{Md.Clip(h.Added[0], 120)}\", and the failing requests throw from that method"
            : link.TraceLine is not null
                ? $"{link.ExceptionType} in {link.Symbol}: {by} changed {link.File}, and the failing requests throw from {link.Location} (the changed lines there are unknown: the diff was not read)"
                : $"{link.ExceptionType} in {link.Symbol}: {by} changed {link.File}, the file of the method the failing requests throw from (which line is unknown: the diff was not read)";
    }

    /// <summary>Why the system let the change reach users, from the evidence only; an unknown names what would tell.</summary>
    private static List<string> LetThrough(IncidentFacts f, ChangeRecord change)
    {
        var items = new List<string>();
        var shortRef = IncidentFacts.ShortRef(change.Ref);
        items.Add($"**Review**: {Md.Unknown($"the review record (pull request and approvals) of {shortRef} would tell whether it was reviewed")}");
        if (change.Files.Count > 0)
        {
            var tests = change.Files.Where(IsTestFile).ToList();
            items.Add(tests.Count == 0
                ? $"**Tests**: the change touched {Md.Num(change.Files.Count)} file(s) and no test file ({string.Join(", ", change.Files.Take(4).Select(Md.Code))}) {Md.Cite(change.Source)}"
                : $"**Tests**: the change updated {string.Join(", ", tests.Take(3).Select(Md.Code))}, and they did not catch the failure {Md.Cite(change.Source)}");
        }
        else
        {
            items.Add($"**Tests**: {Md.Unknown($"the files and test results of {shortRef} would tell; the change record lists no files")}");
        }

        var gap = f.ChangeToOnset(change);
        items.Add(WithinCanaryWindow(gap)
            ? $"**Rollout gate**: the change reached production and errors began {Md.Minutes(gap!.Value)} later; the evidence records no canary or staged-rollout gate that stopped it {Md.Cite(change.Source)}"
            : $"**Rollout gate**: {Md.Unknown("the deployment pipeline's gate records would tell whether a canary ran")}");
        items.Add(f.DetectionDelay is { } delay && f.FirstAlert is { } alert
            ? $"**Alerting**: the first alert ({Md.Safe(alert.Name)}) started {Md.Minutes(delay)} after the onset {Md.Cite(alert.Source)}"
            : f.FirstAlert is null
                ? $"**Alerting**: no alert fired in the evidence; {Md.Unknown("the alerting rules for the failing metric would tell why")}"
                : $"**Alerting**: {Md.Unknown("the onset is not measured, so the alert's delay is not known")}");
        return items;
    }

    private static bool IsTestFile(string file) =>
        file.Contains("test", StringComparison.OrdinalIgnoreCase) || file.Contains("spec", StringComparison.OrdinalIgnoreCase);

    /// <summary>How long after a change the errors must begin for a canary or staged rollout to have caught it.</summary>
    public static bool WithinCanaryWindow(TimeSpan? gap) => gap is { } g && g >= TimeSpan.Zero && g <= CanaryWindow;

    private static string ProblemStatement(IncidentFacts f)
    {
        var symptom = SymptomSeries(f);
        var what = symptom is null
            ? (f.Diagnosis.Symptoms.Count > 0 ? Md.Cited(f.Diagnosis.Symptoms[0]) : "no metric, log or alert confirms it yet")
            : $"{Md.Safe(symptom.Series.Name)} of {Md.Safe(symptom.Series.Component ?? f.Service)} went from {IncidentFacts.Value(symptom, symptom.Baseline)} to {IncidentFacts.Value(symptom, symptom.Peak ?? symptom.Current)} {IncidentFacts.CiteSeries(symptom)}";
        return $"From {Md.Time(f.ImpactStart)}, {f.UsersPhrase} saw {f.Effect}; {what}. Affected users: {f.AffectedUsers}.";
    }

    private static List<RcaWhyLevel> Whys(IncidentFacts f, CauseLink? link)
    {
        var lead = f.Leading;
        var origin = f.Diagnosis.OriginComponent ?? lead?.Change?.Component ?? (f.Components.Count > 0 ? f.Components[0] : f.Service);

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
                ChangeChain(f, lead, levels, change, component, used, link);
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
            if (previous.IsNotReached)
            {
                levels.Add(previous);
                continue;
            }

            if (!previous.Supported)
            {
                var first = levels.FindIndex(l => !l.Supported) + 1;
                levels.Add(new(RcaWhyLevel.NotReached, $"level {first} first: the chain stops at the first unknown until that evidence is collected", false));
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

        return [.. levels.Take(5)];
    }

    private static string State(IncidentFacts f) =>
        f.ErrorRate is { Anomalous: true } ? "is failing" : f.Latency is { Anomalous: true } ? "is slow" : "is degraded";

    private static SeriesAnalysis? SymptomSeries(IncidentFacts f) =>
        f.ErrorRate is { Anomalous: true } e ? e : f.Latency is { Anomalous: true } l ? l : f.Metrics.FirstOrDefault(m => m.Anomalous);

    private static string? FirstSymptom(IncidentFacts f, HashSet<EvidenceItem> used)
    {
        var series = SymptomSeries(f);
        if (series is not null)
        {
            return $"{Md.Safe(series.Series.Name)} {Md.Safe(series.Direction)} from {IncidentFacts.Value(series, series.Baseline)} to {IncidentFacts.Value(series, series.Peak ?? series.Current)}"
                + (series.Onset is { } o ? $" from {Md.Time(o)}" : string.Empty) + " " + IncidentFacts.CiteSeries(series);
        }

        if (f.Diagnosis.Symptoms.Count > 0)
        {
            used.Add(f.Diagnosis.Symptoms[0]);
            return Md.Cited(f.Diagnosis.Symptoms[0]);
        }

        return f.FirstAlert is { } alert ? $"alert {Md.Safe(alert.Name)} fired: {Md.Quote(alert.Summary)} {Md.Cite(alert.Source)}" : null;
    }

    private static LogTemplateSummary? ErrorPattern(IncidentFacts f, string? component) =>
        f.Evidence.Logs.Templates
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

    private static void ChangeChain(IncidentFacts f, Hypothesis lead, List<RcaWhyLevel> levels, ChangeRecord change, string component, HashSet<EvidenceItem> used, CauseLink? link)
    {
        var pattern = ErrorPattern(f, change.Component ?? component);
        levels.Add(pattern is null
            ? new($"Why is {Md.Safe(component)} {State(f)[3..]}?", $"application logs of {Md.Safe(component)} around the onset: no new or surging log pattern was found", false)
            : new($"Why is {Md.Safe(component)} {State(f)[3..]}?", $"requests hit {Pattern(pattern)}", true));

        var gap = f.ChangeToOnset(change);
        var gapText = gap is { } g && g >= TimeSpan.Zero ? $", {Md.Minutes(g)} before the onset" : string.Empty;
        levels.Add(new(pattern is null ? "Why did the failure start when it did?" : "Why did that error start?",
            $"{Md.Safe(IncidentFacts.Describe(change))} went to production at {Md.Time(change.At)}{gapText}: \"{Md.Quote(Md.Clip(change.Description, 120))}\" {Md.Cite(change.Source)}", true));
        used.UnionWith(lead.Evidence.Where(e => e.Source == change.Source));

        var logCite = link?.LogSource is { } log ? Md.Cite(log) + " " : string.Empty;
        if (link is { Hunk: { Added.Count: > 0 } hunk })
        {
            levels.Add(new("Why did the change cause it?",
                $"it changed {Md.Code(link.Location)} in {Md.Code(link.Symbol)}, the method the {Md.Safe(link.ExceptionType)} is thrown from ({Md.Quote(link.Frame)}): the new code is {Md.Code(Md.Clip(hunk.Added[0], 120))} {logCite}{Md.Cite(change.Source)}", true));
        }
        else if (link is not null)
        {
            levels.Add(new("Why did the change cause it?",
                $"it modified {Md.Code(link.File)}, the file of {Md.Code(link.Symbol)}, the method the {Md.Safe(link.ExceptionType)} is thrown from{(link.TraceLine is { } line ? $" (line {line}, as the stack trace names it)" : string.Empty)} {logCite}{Md.Cite(change.Source)}; which changed line is at fault is unknown — would need the diff of {IncidentFacts.ShortRef(change.Ref)}", true));
        }
        else if (change.Files.Count > 0)
        {
            levels.Add(new("Why did the change cause it?",
                $"it modified {string.Join(", ", change.Files.Take(6).Select(Md.Code))} {Md.Cite(change.Source)}; which line is at fault is unknown — would need the diff of {IncidentFacts.ShortRef(change.Ref)} reviewed against the error pattern", true));
        }
        else if (change.Kind is ChangeKind.Config or ChangeKind.FeatureFlag && change.Key is not null)
        {
            levels.Add(new("Why did the change cause it?",
                $"it switched {Md.Code(change.Key)} from {Md.Safe(change.OldValue ?? "unknown")} to {Md.Safe(change.NewValue ?? "unknown")} {Md.Cite(change.Source)}; why that value fails is unknown — would need the code path guarded by the setting", true));
        }
        else
        {
            levels.Add(new("Why did the change cause it?",
                $"the diff or file list of {IncidentFacts.ShortRef(change.Ref)}; the record names no files", false));
        }

        levels.Add(new("Why was it not caught before it reached users?",
            $"the pipeline's test and canary records for {IncidentFacts.ShortRef(change.Ref)}", false)
        {
            Known = WithinCanaryWindow(gap) ? $"the errors began {Md.Minutes(gap!.Value)} after the change, so a canary or staged rollout watching error rates would have caught it {Md.Cite(change.Source)}" : null,
        });
    }

    private static void CapacityChain(IncidentFacts f, List<RcaWhyLevel> levels, string component, string origin)
    {
        var saturation = f.Metrics.Where(m => m.Anomalous && m.Series.Kind == "saturation")
            .OrderByDescending(m => string.Equals(m.Series.Component, origin, StringComparison.OrdinalIgnoreCase))
            .FirstOrDefault();
        levels.Add(saturation is null
            ? new($"Why is {Md.Safe(component)} {State(f)[3..]}?", $"a saturation metric (CPU, memory or pool usage) of {Md.Safe(origin)}", false)
            : new($"Why is {Md.Safe(component)} {State(f)[3..]}?", $"{Md.Safe(saturation.Series.Component ?? origin)} ran out of capacity: {Md.Safe(saturation.Series.Name)} reached {IncidentFacts.Value(saturation, IncidentFacts.PeakOf(saturation))} (baseline {IncidentFacts.Value(saturation, saturation.Baseline)}) {IncidentFacts.CiteSeries(saturation)}", true));
        var throughput = f.Metrics.FirstOrDefault(m => m.Anomalous && m.Series.Kind == "throughput");
        levels.Add(throughput is null
            ? new("Why did capacity run out?", "request rates before and during the incident, to show whether demand grew", false)
            : new("Why did capacity run out?", $"demand rose: {Md.Safe(throughput.Series.Name)} went from {IncidentFacts.Value(throughput, throughput.Baseline)} to {IncidentFacts.Value(throughput, throughput.Peak ?? throughput.Current)} {IncidentFacts.CiteSeries(throughput)}", true));
        levels.Add(new("Why did the system not absorb the load?", $"the autoscaling configuration and limits of {Md.Safe(saturation?.Series.Component ?? origin)}", false));
    }

    private static void DependencyChain(IncidentFacts f, Hypothesis lead, List<RcaWhyLevel> levels, string component, HashSet<EvidenceItem> used)
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

    // The test is decided before the mitigation is chosen (step 6 reads this analysis), so it names the undo, not the strategy.
    private static string ValidationTest(IncidentFacts f)
    {
        var target = f.ErrorRate is { } e ? $"{Md.Safe(e.Series.Name)} return to its baseline ({IncidentFacts.Value(e, e.Baseline)})" : "the symptoms clear";
        return f.Leading?.Cause switch
        {
            CauseKind.Change => $"undoing the suspected change should make {target} within {Md.Minutes(f.Config.Policy.ValidationWindow)}",
            CauseKind.Capacity => $"adding capacity should make {target}",
            CauseKind.Dependency => $"bypassing the failing dependency (or its recovery) should make {target}",
            _ => $"the mitigation should make {target}",
        };
    }
}
