using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>Renders mitigation-report.md: the five options, the selected strategy, its execution and validation.</summary>
public static class MitigationReportRenderer
{
    /// <summary>The artifact's path inside the incident folder.</summary>
    public const string Path = "mitigation-report.md";

    private static readonly (MitigationStrategy Strategy, string Name, string UseCase, string Time, string Risk)[] Options =
    [
        (MitigationStrategy.Rollback, "Rollback", "Recent deployment caused issue, old version was stable", "5-15 minutes", "Low (return to known-good state)"),
        (MitigationStrategy.Hotfix, "Hotfix", "Bug fix required, rollback not viable", "30 minutes - 2 hours", "Medium (new code, limited testing)"),
        (MitigationStrategy.ConfigChange, "Configuration Change", "Resource limits, timeouts, feature flags", "10-30 minutes", "Low-Medium (no code change)"),
        (MitigationStrategy.Workaround, "Workaround", "Fix requires significant time, need immediate relief", "Immediate (communication)", "Low (no system change)"),
        (MitigationStrategy.Scaling, "Infrastructure Scaling", "Capacity issue, traffic spike", "10-20 minutes", "Low-Medium (cost implications)"),
    ];

    /// <summary>Renders the report.</summary>
    public static string Render(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var d = f.D;
        var plan = d.Mitigation;
        var doc = new MarkdownDoc();
        doc.Heading(1, $"Mitigation Report: {f.Id}");
        doc.Field("Selected Strategy", $"{f.StrategyWords} ({f.StrategyName})")
            .Field("Executed", d.Outcome.Executed ? "yes" : "no")
            .Field("Resolution Status", f.ResolutionStatus);

        doc.Heading(2, "Strategy");
        doc.Heading(3, "Options Evaluated");
        doc.Raw(Md.Table(["Option", "Use case", "Time to mitigate", "Risk", "Decision"],
            Options.Select((o, i) => (IReadOnlyList<string>)
            [
                $"{i + 1}. {o.Name}", o.UseCase, o.Time, o.Risk,
                o.Strategy == plan.Strategy ? "**SELECTED**" : "not chosen: " + Reason(plan, o.Strategy),
            ])));

        doc.Blank();
        doc.Field("Selected Strategy", $"{f.StrategyWords}" + (plan.TargetComponent is { } c ? $" {(plan.Strategy is MitigationStrategy.Workaround ? "for" : "of")} {Md.Safe(c)}" : string.Empty) + (plan.TargetVersion is { } v ? $" to {Md.Safe(v)}" : string.Empty));
        doc.Field("Rationale", Md.Quote(plan.Rationale));
        if (plan.Evidence.Count > 0)
        {
            doc.Blank();
            doc.Line("Evidence for this choice:");
            doc.Bullets(plan.Evidence.Select(Md.Cited), "none");
        }

        if (plan.Runbook is { } runbook)
        {
            doc.Blank();
            doc.Line($"Follows the runbook {Md.Safe(runbook.Runbook.Title)} {Md.Cite(new SourceRef(runbook.Runbook.Path))}.");
        }

        doc.Heading(3, "Implementation Plan");
        doc.Numbered(plan.Steps.Select(Md.Quote), Md.Unknown("no steps could be derived; a runbook or a mitigation command in firebreak.yaml would give them"));
        doc.Heading(3, "Rollback Plan");
        doc.Numbered(plan.RollbackPlan.Select(Md.Quote), Md.Unknown("no way back was derived; keep the pre-mitigation version and configuration at hand"));

        doc.Heading(2, "Execution");
        var outcome = d.Outcome;
        if (outcome.Executed)
        {
            doc.Field("Command", outcome.Command is null ? "none" : Md.Code(Redactor.Redact(outcome.Command)))
                .Field("Executed at", outcome.ExecutedAt is { } at ? Md.TimeWithSeconds(at) : Md.Unknown("the run did not record a time"))
                .Field("Exit code", outcome.ExitCode is { } code ? Md.Num(code) : "unknown (the process did not report one)")
                .Field("Output", outcome.OutputFile is null ? "not captured" : Md.Code(outcome.OutputFile))
                .Field("Note", Md.Quote(outcome.Note));
            if (plan.Strategy == MitigationStrategy.Rollback && plan.TargetComponent is not null)
            {
                var from = f.Suspected?.Change?.Version;
                doc.Field("Previous version", from is null ? Md.Unknown("the deploy record names no version") : Md.Safe(from))
                    .Field("Rolled back to", plan.TargetVersion is null ? Md.Unknown("the deploy record names no previous version") : Md.Safe(plan.TargetVersion));
            }
        }
        else
        {
            var bare = outcome.Note.Trim().TrimEnd('.');
            var note = string.IsNullOrWhiteSpace(bare) || string.Equals(bare, "not executed: run with --execute", StringComparison.OrdinalIgnoreCase)
                ? string.Empty
                : " " + Md.Quote(outcome.Note);
            doc.Line($"**Not executed: run with --execute.**{note}");
            doc.Blank();
            doc.Line("Exact plan that --execute would run:");
            var commands = PlannedCommands(f).ToList();
            if (commands.Count > 0)
            {
                doc.Fence("sh", commands);
            }
            else
            {
                doc.Line(Md.Unknown($"no {f.StrategyName} command configured; add mitigation.{Key(plan.Strategy)} to firebreak.yaml, or follow the implementation plan by hand"));
            }
        }

        StrategyDetails(doc, f);
        Validation(doc, f);
        ArtifactSections.Guidance(doc, d);
        return doc.ToString();
    }

    // The seed asks each strategy's execution record for its own facts (versions, parameters, branch).
    private static void StrategyDetails(MarkdownDoc doc, DossierFacts f)
    {
        var plan = f.D.Mitigation;
        var change = f.Suspected?.Change;
        switch (plan.Strategy)
        {
            case MitigationStrategy.ConfigChange:
                doc.Heading(3, "Configuration Change");
                if (change is { Key: { } key })
                {
                    doc.Field("Parameter changed", Md.Code(key) + " " + Md.Cite(change.Source))
                        .Field("Old value (restore)", Md.Safe(change.OldValue ?? Md.Unknown("the record has no old value")))
                        .Field("New value (at fault)", Md.Safe(change.NewValue ?? Md.Unknown("the record has no new value")));
                }
                else
                {
                    doc.Field("Parameter changed", Md.Unknown("no config or feature-flag record names the parameter; see the implementation plan"));
                }

                doc.Field("Restart required", Md.Unknown("depends on whether the service reloads this setting live; check the component's docs"))
                    .Field("Validation", "the error rate and latency below return to baseline within the validation window");
                break;
            case MitigationStrategy.Hotfix:
                doc.Heading(3, "Hotfix");
                doc.Field("Branch", Md.Code($"hotfix/{f.Id}-{Slug(plan.TargetComponent ?? f.Title)}"))
                    .Field("Approval", "Deployment Manager before the production deploy (" + Md.Safe(f.Person(Roles.DeploymentManager, "deployment_managers")) + ")")
                    .Field("Steps", "minimal fix, staging smoke and regression tests, standard deploy, 15 min metrics watch")
                    .Field("Hotfix commit", f.D.Outcome.Executed ? Md.Unknown("the run did not record the commit; take it from the deploy record") : "not created yet");
                break;
            case MitigationStrategy.Rollback:
                if (!f.D.Outcome.Executed)
                {
                    doc.Heading(3, "Rollback");
                    doc.Field("Current version", change?.Version is { } v ? Md.Safe(v) + " " + Md.Cite(change.Source) : Md.Unknown("the deploy record names no version"))
                        .Field("Roll back to", plan.TargetVersion is { } t ? Md.Safe(t) : Md.Unknown("the deploy record names no previous version; take it from the deploy history"));
                }

                break;
            default:
                break;
        }
    }

    private static string Slug(string text)
    {
        var chars = text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length > 40 ? slug[..40].TrimEnd('-') : slug;
    }

    private static string Reason(MitigationPlan plan, MitigationStrategy strategy)
    {
        var reason = plan.Rejected.FirstOrDefault(r => r.Strategy == strategy).Reason;
        return string.IsNullOrWhiteSpace(reason) ? "the evidence does not call for it" : Redactor.Redact(reason);
    }

    private static string Key(MitigationStrategy strategy) => strategy switch
    {
        MitigationStrategy.ConfigChange => "config_change",
        _ => WireNames.Of(strategy),
    };

    /// <summary>The command --execute would run: the recorded one, else the configured template with component and version filled.</summary>
    public static IEnumerable<string> PlannedCommands(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (f.D.Outcome.Command is { } command)
        {
            yield return Redactor.Redact(command);
            yield break;
        }

        if (!f.D.Config.Mitigation.Commands.TryGetValue(f.D.Mitigation.Strategy, out var template) || template.Count == 0)
        {
            yield break;
        }

        var component = f.D.Mitigation.TargetComponent;
        var version = f.D.Mitigation.TargetVersion;
        var args = template.Select(a => a
            .Replace("{component}", component ?? "<component>", StringComparison.Ordinal)
            .Replace("{version}", version ?? "<version>", StringComparison.Ordinal));
        var line = string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));
        yield return Redactor.Redact(line);
        if (component is null || version is null)
        {
            yield return $"# {(component is null ? "component" : "version")} unknown: the evidence names no target, so fill it in before running";
        }
    }

    private static void Validation(MarkdownDoc doc, DossierFacts f)
    {
        var d = f.D;
        var verdict = d.Outcome.Verdict;
        var readings = Readings.Of(f);
        doc.Heading(2, "Validation");
        if (readings.After is { } read)
        {
            doc.Line($"Values below were read after the mitigation ({Md.Time(read)}) and compared with the baselines from before the incident.");
            doc.Blank();
        }

        // A box is ticked only by a measurement taken after the action was carried out.
        var measuredAfter = d.Outcome.Executed && readings.After is not null;
        if (!measuredAfter)
        {
            doc.Line("Nothing was carried out by Firebreak, so no box below is ticked: each needs a measurement taken after the mitigation.");
            doc.Blank();
        }

        doc.Heading(3, "Validation Tests");
        doc.Line(Md.Check(false, "Smoke tests passed: " + Md.Unknown("Firebreak does not run smoke tests; run them and tick this box")));
        doc.Line(Md.Check(measuredAfter && ErrorRateOk(f, readings.ErrorRate), "Error rate returned to baseline" + (readings.ErrorRate is { } e
            ? $": current {IncidentFacts.Value(e, e.Current)}, baseline {IncidentFacts.Value(e, e.Baseline)}, target < {ErrorTarget(f, e)} {IncidentFacts.CiteSeries(e)}"
            : ": " + Md.Unknown("no error-rate metric"))));
        doc.Line(Md.Check(measuredAfter && LatencyOk(f, readings.Latency), "Latency returned to SLA" + (readings.Latency is { } l
            ? $": current p95 {IncidentFacts.Value(l, l.Current)}" + (f.Profile.Slo.LatencyP95Ms is { } p95 ? $", target < {Md.Num(p95, 0)} ms" : ", no latency SLO set") + " " + IncidentFacts.CiteSeries(l)
            : ": " + Md.Unknown("no latency metric"))));
        doc.Line(Md.Check(false, "User journey validation (critical paths working): " + Md.Unknown("needs a synthetic check or manual test of the critical paths")));
        doc.Line(Md.Check(measuredAfter && verdict is not null, $"Monitored for {Md.Minutes(d.Config.Policy.ValidationWindow)} (stability confirmed)"));

        doc.Heading(3, "Metrics Validation");
        doc.Raw(Md.Table(["Metric", "Current", "Baseline", "Target", "Source"],
        [
            Row(readings.ErrorRate, "Error rate", readings.ErrorRate is { } er ? "< " + ErrorTarget(f, er) : "unknown (no error-rate metric)"),
            Row(readings.Latency, "Latency p95", f.Profile.Slo.LatencyP95Ms is { } p ? $"< {Md.Num(p, 0)} ms" : "unknown (set slo.latency_p95_ms)"),
            Row(readings.Throughput, "Throughput", readings.Throughput is { Baseline: { } b } t ? $"≈ {IncidentFacts.Value(t, b)} (baseline)" : "unknown (no throughput metric)"),
        ]));
        if (d.Outcome.ValidationEvidence.Count > 0)
        {
            doc.Blank();
            doc.Line("Validation evidence:");
            doc.Bullets(d.Outcome.ValidationEvidence.Select(Md.Cited), "none");
        }

        doc.Blank();
        doc.Field("Resolution Status", f.ResolutionStatus);
        if (f.ResolvedAt is { } at)
        {
            doc.Field("Resolved at", Md.Time(at))
                .Field("Total duration", Md.Duration(at - f.ImpactStart));
        }
    }

    /// <summary>
    /// The series the validation section shows: after a validated mitigation, the values read after it (against the
    /// baselines from before the incident, which the validation compared with); otherwise the incident's evidence.
    /// </summary>
    private sealed record Readings(SeriesAnalysis? ErrorRate, SeriesAnalysis? Latency, SeriesAnalysis? Throughput, DateTimeOffset? After)
    {
        public static Readings Of(DossierFacts f)
        {
            var outcome = f.D.Outcome;
            if (!outcome.Executed || outcome.ValidationEvidence.Count == 0 || outcome.AfterMetrics.Count == 0)
            {
                return new(f.ErrorRate, f.Latency, f.Throughput, null);
            }

            SeriesAnalysis? AfterOf(SeriesAnalysis? before)
            {
                if (before is null)
                {
                    return null;
                }

                var after = outcome.AfterMetrics.FirstOrDefault(a => Same(a, before));
                // A series missing after the mitigation has no current value: say so rather than show the old one.
                return after is null
                    ? before with { Current = null, CurrentSource = null }
                    : after with { Baseline = before.Baseline ?? after.Baseline, BaselineMad = before.BaselineMad ?? after.BaselineMad };
            }

            return new(AfterOf(f.ErrorRate), AfterOf(f.Latency), AfterOf(f.Throughput), outcome.ValidatedAt ?? f.D.AsOf);
        }

        private static bool Same(SeriesAnalysis a, SeriesAnalysis b) =>
            string.Equals(a.Series.Name, b.Series.Name, StringComparison.Ordinal)
            && string.Equals(a.Series.Component, b.Series.Component, StringComparison.OrdinalIgnoreCase);
    }

    // Back to baseline means within twice the baseline or under the SLO's error allowance, whichever is looser.
    private static bool ErrorRateOk(DossierFacts f, SeriesAnalysis? errorRate)
    {
        if (errorRate is not { Current: { } current } e)
        {
            return false;
        }

        var allowance = f.Profile.Slo.AllowedErrorRatio ?? 0;
        var baseline = (e.Baseline ?? 0) * 2;
        return current <= Math.Max(allowance, baseline) || (!e.Anomalous && e.Trend != Trend.Worsening && e.Baseline is null);
    }

    private static bool LatencyOk(DossierFacts f, SeriesAnalysis? latency)
    {
        if (latency is not { Current: { } current } l)
        {
            return false;
        }

        return f.Profile.Slo.LatencyP95Ms is { } slo ? current <= slo : l.Baseline is { } b && current <= b * 1.5;
    }

    private static IReadOnlyList<string> Row(SeriesAnalysis? series, string name, string target) =>
        series is null
            ? [name, Md.Unknown("no metric of this kind"), "unknown", target, "none"]
            : [name, IncidentFacts.Value(series, series.Current), IncidentFacts.Value(series, series.Baseline), target, (series.CurrentSource ?? series.Series.Source).ToString()];

    /// <summary>The error-rate target: the SLO's error allowance, or twice the baseline when no SLO is set.</summary>
    public static string ErrorTarget(DossierFacts f, SeriesAnalysis errorRate)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(errorRate);
        if (f.Profile.Slo.AllowedErrorRatio is { } allowed)
        {
            return Md.Percent(allowed, 3) + " (SLO)";
        }

        return errorRate.Baseline is { } b ? Md.Percent(Math.Max(b * 2, 0.001), 2) + " (2× baseline; no SLO set)" : "unknown (no SLO and no baseline)";
    }
}
