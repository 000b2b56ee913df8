using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>Renders the diagnostics of each functional tier: tier1-data.md, tier2-analysis.md and tier3-architecture-assessment.md.</summary>
public static class DiagnosticsRenderer
{
    public const string Tier1Path = "diagnostics/tier1-data.md";
    public const string Tier2Path = "diagnostics/tier2-analysis.md";
    public const string Tier3Path = "diagnostics/tier3-architecture-assessment.md";

    /// <summary>Tier 1: initial actions, data gathered, runbook and the decision to escalate.</summary>
    public static string RenderTier1(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var d = f.D;
        var doc = new MarkdownDoc();
        doc.Heading(1, $"Tier 1 Diagnostic Data: {f.Id}");
        doc.Field("Tier 1 On-Call", Md.Safe(f.OnCall))
            .Field("Priority", f.PriorityName)
            .Field("Data as of", Md.Time(d.AsOf));

        doc.Heading(2, "Initial Actions (First 5 minutes)");
        foreach (var (done, text) in InitialActions(f))
        {
            doc.Line(Md.Check(done, text));
        }

        doc.Heading(2, "Data Gathering");
        doc.Heading(3, "System Health");
        var firing = d.Evidence.Alerts.Where(a => a.IsFiring).ToList();
        doc.Line(firing.Count > 0
            ? $"{firing.Count} alert(s) firing for {Md.Safe(string.Join(", ", firing.Select(a => a.Component ?? "unlabelled").Distinct(StringComparer.Ordinal)))}; pod/node status: {Md.Unknown("needs cluster access, which Firebreak does not query")}."
            : $"No firing alert. Pod/node status: {Md.Unknown("needs cluster access, which Firebreak does not query")}.");

        doc.Heading(3, "Recent Deployments and Changes");
        Changes(doc, f);

        doc.Heading(3, "Metrics");
        Metrics(doc, f);

        doc.Heading(3, "Logs");
        Logs(doc, f);

        doc.Heading(3, "Database Health");
        var db = f.Metrics.Where(m => m.Series.Kind == "saturation" || m.Series.Name.Contains("db", StringComparison.OrdinalIgnoreCase)
            || m.Series.Name.Contains("pool", StringComparison.OrdinalIgnoreCase)).ToList();
        doc.Bullets(db.Select(m => $"{Md.Safe(m.Series.Name)}: {IncidentFacts.MetricSummary(m)} {IncidentFacts.CiteSeries(m)}"),
            Md.Unknown("no database or saturation metric; add a saturation metric (connection pool usage) to evidence.metrics"));

        doc.Heading(3, "Alerts");
        Alerts(doc, f);

        doc.Heading(2, "Runbook Identified");
        var match = d.Diagnosis.Runbooks.Count > 0 ? d.Diagnosis.Runbooks[0] : null;
        if (match is null)
        {
            doc.Line("No applicable runbook was found in runbooks/ or deployment/runbook-*.md: this alone is a reason to escalate to Tier 2.");
        }
        else
        {
            doc.Field("Runbook", $"{Md.Safe(match.Runbook.Title)} {Md.Cite(new SourceRef(match.Runbook.Path))}")
                .Field("Match", $"score {Md.Num(match.Score, 2)}; matched terms: {Md.Safe(string.Join(", ", match.MatchedTerms))}");
            doc.Blank();
            doc.Line("Steps:");
            doc.Numbered(match.Runbook.Steps.Select(Md.Quote), "the runbook lists no steps");
            foreach (var other in d.Diagnosis.Runbooks.Skip(1).Take(3))
            {
                doc.Bullet($"Also relevant: {Md.Safe(other.Runbook.Title)} {Md.Cite(new SourceRef(other.Runbook.Path))} (score {Md.Num(other.Score, 2)})");
            }
        }

        if (d.Preserved is { } preserved)
        {
            doc.Heading(2, "Evidence Preserved Before Mitigation");
            doc.Line($"SHA-256 manifest: {Md.Code(preserved.ManifestPath)}");
            doc.Blank();
            doc.Raw(Md.Table(["File", "SHA-256"], preserved.Files.Select(p => (IReadOnlyList<string>)[p.File, p.Sha256])));
        }

        doc.Heading(2, "Escalation Decision (Tier 1 → Tier 2)");
        if (d.Escalation.Tier >= Tier.Tier2)
        {
            doc.Field("Decision", "ESCALATE to Tier 2 (component owner " + Md.Safe(f.Person(Roles.Tier2ComponentOwner, "components[].owner")) + ")");
            doc.Blank();
            doc.Line("Why escalating:");
            doc.Bullets(d.Escalation.TierReasons.Select(Md.Safe), "no reason recorded");
            doc.Blank();
            doc.Line("Data collected: the changes, metrics, logs and alerts above. Hypotheses tested: see diagnostics/tier2-analysis.md.");
        }
        else
        {
            doc.Field("Decision", "Stay at Tier 1: a runbook applies and no Tier 2 criterion was met");
            doc.Bullets(d.Escalation.TierReasons.Select(Md.Safe), "no escalation criterion matched");
        }

        doc.Blank();
        doc.Line("Tier 1 escalates when: no runbook is available or the issue is unresolved after the tier timer "
            + $"({Timer(f.D.Config.Policy.Tier1Timeout, f.Priority)} for {f.PriorityName}); deep component knowledge or code changes are needed; "
            + "a database, network or infrastructure issue is suspected.");
        return doc.ToString();
    }

    /// <summary>Tier 2: handoff, advanced troubleshooting, the root-cause hypothesis and the decision to escalate further.</summary>
    public static string RenderTier2(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var d = f.D;
        var doc = new MarkdownDoc();
        doc.Heading(1, $"Tier 2 Analysis: {f.Id}");
        doc.Field("Tier 2 Component Owner", Md.Safe(f.Person(Roles.Tier2ComponentOwner, "components[].owner")))
            .Field("Engaged", d.Escalation.Tier >= Tier.Tier2 ? "yes (escalated from Tier 1)" : "no: Tier 1 kept the incident; this analysis is advisory");

        doc.Heading(2, "Handoff from Tier 1");
        doc.Bullet($"Incident summary: {Md.Safe(f.Title)}, {f.PriorityName}, {f.CategoryName}; affected: {Md.Safe(f.ComponentList)}.");
        doc.Bullet($"Actions already taken by Tier 1: {string.Join("; ", InitialActions(f).Where(a => a.Done).Select(a => Md.Safe(a.Text)))}.");
        doc.Bullet(d.Diagnosis.Runbooks.Count > 0
            ? $"Relevant runbook: {Md.Safe(d.Diagnosis.Runbooks[0].Runbook.Title)} {Md.Cite(new SourceRef(d.Diagnosis.Runbooks[0].Runbook.Path))}."
            : "Relevant runbook: none found.");
        doc.Bullet($"Recent changes reviewed: {d.Evidence.Changes.Count} (see the table in diagnostics/tier1-data.md).");

        doc.Heading(2, "Advanced Troubleshooting");
        doc.Heading(3, "Log Patterns (error patterns, stack traces)");
        var patterns = d.Evidence.Logs.Templates.Where(t => t.IsNew || t.IsSurging || t.Stack is not null).Take(10).ToList();
        if (patterns.Count == 0)
        {
            doc.Line(d.Evidence.Logs.RecordsRead == 0
                ? Md.Unknown("no logs were read; configure evidence.logs in firebreak.yaml")
                : "No new or surging error pattern around the onset.");
        }
        else
        {
            foreach (var t in patterns)
            {
                var where = t.Examples.Count > 0 ? " " + string.Join(" ", t.Examples.Take(3).Select(Md.Cite)) : string.Empty;
                var stack = t.Stack is null ? string.Empty : $"; stack {Md.Quote(t.Stack.ToString())}";
                doc.Bullet($"{(t.IsNew ? "NEW" : t.IsSurging ? "SURGING" : "STACK")}: {Md.Quote(Md.Clip(t.Template, 200))} ({Md.Num(t.Count)}×{(t.Onset is { } o ? ", from " + Md.Time(o) : string.Empty)}{stack}){where}");
            }
        }

        doc.Heading(3, "Code Review of Recent Changes");
        var changes = d.Evidence.Changes.OrderByDescending(c => c.At).Take(10).ToList();
        if (changes.Count == 0)
        {
            doc.Line(d.Evidence.GitAvailable
                ? "No change inside the change window."
                : Md.Unknown("no git history or deploys.jsonl was available; both are needed to review changes"));
        }
        else
        {
            foreach (var c in changes)
            {
                var files = c.Files.Count > 0 ? "files touched: " + string.Join(", ", c.Files.Take(8).Select(Md.Code)) + (c.Files.Count > 8 ? $" and {c.Files.Count - 8} more" : string.Empty) : "files touched: " + Md.Unknown("the record names no commit with files");
                doc.Bullet($"{Md.Time(c.At)} {Md.Safe(IncidentFacts.Describe(c))}: {Md.Quote(Md.Clip(c.Description, 120))}; {files} {Md.Cite(c.Source)}");
            }

            if (f.Suspected?.Change is { Commit: { } sha })
            {
                doc.Blank();
                doc.Line($"Review the suspected change with `git show --stat {sha}`.");
            }
        }

        doc.Heading(3, "Reproduction");
        doc.Line(Md.Unknown("reproduction in a non-production environment was not attempted by Firebreak; the test plan below says how"));

        doc.Heading(3, "Dependencies (upstream/downstream)");
        var deps = f.Components.Select(c => f.Profile.Component(c)).OfType<ComponentInfo>()
            .Where(c => c.DependsOn.Count > 0)
            .Select(c => $"{Md.Safe(c.Name)} depends on {Md.Safe(string.Join(", ", c.DependsOn))} [firebreak.yaml components]").ToList();
        doc.Bullets(deps, "no dependency recorded for the affected components in firebreak.yaml");
        if (d.Diagnosis.CollateralComponents.Count > 0)
        {
            doc.Bullet($"Collateral (failing because a dependency failed first): {Md.Safe(string.Join(", ", d.Diagnosis.CollateralComponents))}");
        }

        doc.Heading(3, "Performance Profiles");
        var perf = f.Metrics.Where(m => m.Series.Kind is "saturation" or "latency_p95_ms").ToList();
        doc.Bullets(perf.Select(m => $"{Md.Safe(m.Series.Name)} ({Md.Safe(m.Series.Component ?? "service")}): {IncidentFacts.MetricSummary(m)}, trend {TriageAssessmentRenderer.TrendWords(m.Trend)} {IncidentFacts.CiteSeries(m)}"),
            Md.Unknown("no latency or saturation metric; CPU, memory or query profiles would be needed"));

        doc.Heading(2, "Root Cause Hypothesis");
        if (f.Leading is { } lead)
        {
            doc.Field("Hypothesis", Md.Quote(lead.Statement))
                .Field("Confidence", $"{WireNames.Of(lead.Confidence)} (score {Md.Num(lead.Score, 2)})");
            doc.Blank();
            doc.Line("**Evidence**:");
            doc.Blank();
            doc.Numbered(lead.Evidence.Select(Md.Cited), Md.Unknown("the hypothesis has no supporting evidence item"));
            doc.Blank();
            doc.Line("**Test Plan**:");
            doc.Blank();
            foreach (var step in TestPlan(f, lead))
            {
                doc.Line(Md.Check(false, step));
            }
        }
        else
        {
            doc.Line(Md.Unknown("no hypothesis is supported by the evidence; change records, error logs or dependency metrics would be needed"));
        }

        doc.Heading(2, "Ranked Hypotheses");
        if (d.Diagnosis.Hypotheses.Count == 0)
        {
            doc.Line("None.");
        }
        else
        {
            doc.Raw(Md.Table(["Rank", "Hypothesis", "Cause", "Change", "Score", "Confidence", "Key evidence"],
                d.Diagnosis.Hypotheses.Select((h, i) => (IReadOnlyList<string>)
                [
                    Md.Num(i + 1L),
                    Redactor.Redact(h.Statement),
                    h.Cause.ToString(),
                    h.Change is { } c ? IncidentFacts.Describe(c) : "none",
                    Md.Num(h.Score, 2),
                    WireNames.Of(h.Confidence),
                    h.Evidence.Count > 0 ? $"{Redactor.Redact(Md.Clip(h.Evidence[0].Text, 100))} {Md.Cite(h.Evidence[0].Source)}" : "none",
                ])));

            // Decoys: each change that is not blamed, with the reasons the analysis recorded against it.
            var decoys = d.Diagnosis.Hypotheses.Where(h => h.Change is not null && h.Against.Count > 0).ToList();
            if (decoys.Count > 0)
            {
                doc.Heading(3, "Changes considered and not blamed");
                foreach (var h in decoys)
                {
                    doc.Bullet($"**{Md.Safe(IncidentFacts.Describe(h.Change!))}**: " + string.Join("; ", h.Against.Select(a => $"{Redactor.Redact(a.Text)} {Md.Cite(a.Source)}")));
                }
            }
        }

        doc.Heading(2, "Escalation Decision (Tier 2 → Tier 3)");
        if (d.Escalation.Tier == Tier.Tier3)
        {
            doc.Field("Decision", "ESCALATE to Tier 3 (architect " + Md.Safe(f.Person(Roles.Tier3Architect, "architects")) + ")");
            doc.Bullets(d.Escalation.TierReasons.Select(Md.Safe), "no reason recorded");
        }
        else
        {
            doc.Field("Decision", "No Tier 3 escalation: no architectural, vendor or emergency-hotfix criterion was met and the Tier 2 timer had not run out");
        }

        doc.Blank();
        doc.Line("Tier 2 escalates when: an architectural issue or design flaw is suspected; a vendor/third-party dependency is at fault; "
            + $"the issue is unresolved after {Timer(f.D.Config.Policy.Tier2Timeout, f.Priority)} for {f.PriorityName}; an emergency code fix needs hotfix approval.");
        return doc.ToString();
    }

    /// <summary>Tier 3: architectural analysis and emergency decisions.</summary>
    public static string RenderTier3(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var d = f.D;
        var cause = f.Leading?.Cause ?? CauseKind.Unknown;
        var doc = new MarkdownDoc();
        doc.Heading(1, $"Tier 3 Architecture Assessment: {f.Id}");
        doc.Field("Tier 3 Architect", Md.Safe(f.Person(Roles.Tier3Architect, "architects")))
            .Field("Why Tier 3", Md.Safe(string.Join("; ", d.Escalation.TierReasons)));

        doc.Heading(2, "Architectural Analysis");
        doc.Heading(3, "System Design");
        var origin = d.Diagnosis.OriginComponent;
        doc.Bullet(origin is null
            ? "Where the failure started: " + Md.Unknown("no origin component identified; per-component metrics would locate it")
            : $"The failure started in {Md.Safe(origin)}" + (d.Diagnosis.CollateralComponents.Count > 0
                ? $" and spread to {Md.Safe(string.Join(", ", d.Diagnosis.CollateralComponents))}: a failure in one component cascades, so isolation (timeouts, circuit breakers, bulkheads) deserves review."
                : "; it did not spread to other components."));
        doc.Heading(3, "Scalability and Capacity");
        var capacity = f.Metrics.Where(m => m.Series.Kind is "saturation" or "throughput").ToList();
        doc.Bullets(capacity.Select(m => $"{Md.Safe(m.Series.Name)}: {IncidentFacts.MetricSummary(m)}{(m.Anomalous ? " (anomalous)" : string.Empty)} {IncidentFacts.CiteSeries(m)}"),
            Md.Unknown("no throughput or saturation metric; capacity cannot be judged without them"));
        doc.Heading(3, "Trade-offs");
        doc.Line(cause switch
        {
            CauseKind.Capacity => "Capacity: adding headroom costs money but buys time; rate limiting protects the core at the cost of shedding some requests.",
            CauseKind.Dependency => "Dependency: fail fast and degrade gracefully (serve without the dependency) rather than wait on it; consistency of dependent data may lag.",
            CauseKind.DataIntegrity => "Data integrity: prefer consistency over availability until the data is verified; stop writes if corruption can spread.",
            CauseKind.Security => "Security: containment and forensics come before availability; restore only from verified-clean state.",
            _ => "Change-induced: returning to the last known-good version trades the change's features for stability; a forward fix keeps them but adds risk.",
        });
        doc.Heading(3, "Vendor Support");
        doc.Line(cause == CauseKind.Dependency
            ? "A third-party or upstream dependency is implicated: engage the vendor's support with the evidence in tier1-data.md."
            : "No third-party dependency is implicated by the evidence; vendor support not needed.");

        doc.Heading(2, "Emergency Decisions");
        // The decisions were made once, at Tier 3 (ArchitectureDesigner.Decide); the record shows them as made.
        doc.Raw(Md.Table(["Decision", "Verdict", "Why"],
            [.. d.Escalation.Tier3Decisions.Select(x => new[] { x.Title, x.Verdict, x.Why })]));
        if (d.Escalation.SecurityEngaged || d.Preserved is not null)
        {
            doc.Blank();
            doc.Line("Security: forensic analysis is required before restoring affected systems; evidence was "
                + (d.Preserved is { } p ? $"preserved ({p.Files.Count} files, manifest {Md.Code(p.ManifestPath)})." : "not preserved: preserve it before any change."));
        }

        return doc.ToString();
    }

    /// <summary>The Tier 1 initial actions with whether the evidence shows them done.</summary>
    public static IReadOnlyList<(bool Done, string Text)> InitialActions(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var d = f.D;
        var acknowledged = d.Clock.Sla(EscalationClock.Acknowledge)?.Outcome is SlaOutcome.Met or SlaOutcome.Missed
            || d.State.Status != IncidentStatus.Detected;
        var impact = d.Diagnosis.Symptoms.Count > 0;
        var changes = d.Evidence.GitAvailable || d.Evidence.Changes.Count > 0;
        var metrics = d.Evidence.Metrics.Count > 0;
        var runbook = d.Diagnosis.Runbooks.Count > 0;
        return
        [
            (acknowledged, "Acknowledge incident"),
            (impact, impact ? $"Confirm user impact: {d.Diagnosis.Symptoms.Count} symptom(s) confirmed from the evidence (not reproduced)" : "Confirm user impact: no symptom evidence to confirm it"),
            (changes, changes ? $"Check recent deployments/changes (last {Md.Minutes(d.Config.Policy.ChangeWindow)}): {d.Evidence.Changes.Count} found" : "Check recent deployments/changes: no git history or deploys.jsonl available"),
            (metrics, metrics ? $"Review monitoring dashboards for anomalies: {d.Evidence.Metrics.Count(m => m.Anomalous)} of {d.Evidence.Metrics.Count} series anomalous" : "Review monitoring dashboards for anomalies: no metrics available"),
            (runbook, runbook ? $"Identify applicable runbook: {Md.Safe(d.Diagnosis.Runbooks[0].Runbook.Path)}" : "Identify applicable runbook: none found"),
        ];
    }

    private static void Changes(MarkdownDoc doc, DossierFacts f)
    {
        var changes = f.D.Evidence.Changes.OrderByDescending(c => c.At).Take(20).ToList();
        if (changes.Count == 0)
        {
            doc.Line(f.D.Evidence.GitAvailable
                ? "No change in the change window."
                : Md.Unknown("not available: no git history and no deploys.jsonl in the project"));
            return;
        }

        doc.Raw(Md.Table(["Time", "Kind", "Component", "Ref", "Before onset", "Description", "Source"],
            changes.Select(c => (IReadOnlyList<string>)
            [
                Md.Time(c.At),
                WireNames.Of(c.Kind),
                c.Component ?? "unknown",
                IncidentFacts.ShortRef(c.Ref) + (f.Suspected?.Change is { } s && s.Ref == c.Ref && s.Kind == c.Kind ? " (suspected)" : string.Empty),
                f.ChangeToOnset(c) is { } gap ? (gap >= TimeSpan.Zero ? Md.Minutes(gap) : "after onset") : "unknown",
                Redactor.Redact(Md.Clip(c.Description, 120)),
                c.Source.ToString(),
            ])));
    }

    private static void Metrics(MarkdownDoc doc, DossierFacts f)
    {
        if (f.Metrics.Count == 0)
        {
            doc.Line(Md.Unknown("not available: no metrics configured under evidence.metrics"));
            return;
        }

        doc.Raw(Md.Table(["Metric", "Component", "Baseline", "Current", "Peak", "Onset", "Trend", "Anomalous", "Source"],
            f.Metrics.Select(m => (IReadOnlyList<string>)
            [
                $"{m.Series.Name} ({m.Series.Kind})",
                m.Series.Component ?? "service",
                IncidentFacts.Value(m, m.Baseline),
                IncidentFacts.Value(m, m.Current),
                IncidentFacts.Value(m, m.Peak),
                m.Onset is { } o ? Md.Time(o) : "none",
                m.Trend == Trend.Unknown ? "unknown" : m.Trend.ToString().ToLowerInvariant(),
                m.Anomalous ? $"yes ({m.Direction})" : "no",
                (m.CurrentSource ?? m.Series.Source).ToString(),
            ])));
    }

    private static void Logs(MarkdownDoc doc, DossierFacts f)
    {
        var logs = f.D.Evidence.Logs;
        if (logs.RecordsRead == 0 && logs.Templates.Count == 0)
        {
            doc.Line(Md.Unknown("not available: no log files matched evidence.logs"));
            return;
        }

        doc.Line($"Read {Md.Num(logs.LinesRead)} lines ({Md.Num(logs.RecordsRead)} records, {Md.Num(logs.LinesSkipped)} skipped) from {logs.Files.Count} file(s): {Md.Safe(string.Join(", ", logs.Files.Take(10)))}.");
        doc.Blank();
        doc.Line("Top templates:");
        doc.Blank();
        doc.Raw(Md.Table(["Count", "Level", "Component", "Template", "First seen", "Source"],
            logs.Templates.OrderByDescending(t => t.Count).Take(10).Select(t => (IReadOnlyList<string>)
            [
                Md.Num(t.Count),
                t.Level ?? "unknown",
                t.Component ?? "unknown",
                Redactor.Redact(Md.Clip(t.Template, 140)),
                t.FirstSeen is { } first ? Md.Time(first) : "unknown",
                t.Examples.Count > 0 ? t.Examples[0].ToString() : "none",
            ])));

        var changed = logs.Templates.Where(t => t.IsNew || t.IsSurging).OrderByDescending(t => t.Count).Take(10).ToList();
        doc.Blank();
        doc.Line("New or surging templates around the onset:");
        doc.Blank();
        if (changed.Count == 0)
        {
            doc.Line("None.");
            return;
        }

        doc.Raw(Md.Table(["Change", "Count", "Rate before → after (/min)", "Onset", "Template", "Stack signature", "Where"],
            changed.Select(t => (IReadOnlyList<string>)
            [
                t.IsNew ? "new" : "surging",
                Md.Num(t.Count),
                $"{Md.Num(t.RateBefore, 1)} → {Md.Num(t.RateAfter, 1)}",
                (t.Onset ?? t.FirstSeen) is { } o ? Md.Time(o) : "unknown",
                Redactor.Redact(Md.Clip(t.Template, 140)),
                t.Stack is { } s ? Redactor.Redact(s.ToString()) : "none",
                string.Join(", ", t.Examples.Take(3).Select(e => e.ToString())),
            ])));
    }

    private static void Alerts(MarkdownDoc doc, DossierFacts f)
    {
        var alerts = f.D.Evidence.Alerts.OrderBy(a => a.StartsAt).Take(30).ToList();
        if (alerts.Count == 0)
        {
            doc.Line(Md.Unknown("not available: no Alertmanager payloads under evidence.alerts"));
            return;
        }

        doc.Raw(Md.Table(["Starts", "Alert", "Status", "Severity", "Component", "Summary", "Source"],
            alerts.Select(a => (IReadOnlyList<string>)
            [
                Md.Time(a.StartsAt), a.Name, a.Status, a.Severity, a.Component ?? "unlabelled",
                Redactor.Redact(Md.Clip(a.Summary, 140)), a.Source.ToString(),
            ])));
        if (f.D.Evidence.Alerts.Count > alerts.Count)
        {
            doc.Blank();
            doc.Line($"… and {f.D.Evidence.Alerts.Count - alerts.Count} more alert(s), not shown.");
        }

        if (f.DetectionDelay is { } delay)
        {
            doc.Blank();
            doc.Line($"Detection delay: the first alert started {Md.Minutes(delay)} after the onset ({Md.Time(f.Onset!.Value)}).");
        }
    }

    private static IEnumerable<string> TestPlan(DossierFacts f, Hypothesis lead)
    {
        var component = lead.Change?.Component ?? f.D.Diagnosis.OriginComponent ?? (f.Components.Count > 0 ? f.Components[0] : f.Service);
        switch (lead.Cause)
        {
            case CauseKind.Change when lead.Change is { } change:
                yield return $"Confirm the onset follows {Md.Safe(IncidentFacts.Describe(change))} at {Md.Time(change.At)} and no other change landed between them {Md.Cite(change.Source)}";
                yield return change.Files.Count > 0
                    ? $"Review the diff of the touched files ({string.Join(", ", change.Files.Take(5).Select(Md.Code))}) against the new error pattern"
                    : $"Review what {Md.Safe(IncidentFacts.ShortRef(change.Ref))} changed against the new error pattern";
                yield return $"Reproduce in staging with {Md.Safe(change.Version ?? IncidentFacts.ShortRef(change.Ref))} and compare with {Md.Safe(change.PreviousVersion ?? "the previous version")}";
                yield return $"After the {f.StrategyName}, confirm the error rate of {Md.Safe(component)} returns to baseline within the validation window ({Md.Minutes(f.D.Config.Policy.ValidationWindow)})";
                break;
            case CauseKind.Capacity:
                yield return $"Correlate throughput and saturation of {Md.Safe(component)} with the latency/error onset";
                yield return "Check whether autoscaling reacted and what limit stopped it";
                yield return "Add capacity and confirm latency and errors fall back to baseline";
                break;
            case CauseKind.Dependency:
                yield return $"Check the dependency's status page or health endpoint for the onset window";
                yield return $"Confirm timeouts/errors in {Md.Safe(component)} name the dependency and started at the same time";
                yield return "Confirm other callers of the dependency see the same failures";
                break;
            default:
                yield return $"Confirm the first anomalous signal of {Md.Safe(component)} and what changed just before it";
                yield return "Collect the missing evidence named as unknown in tier1-data.md";
                yield return "Re-run the analysis with that evidence";
                break;
        }
    }

    private static string Timer(IReadOnlyDictionary<Priority, TimeSpan> timers, Priority priority) =>
        timers.TryGetValue(priority, out var t) ? Md.Minutes(t) : "no timer";
}
