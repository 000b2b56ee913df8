using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>Renders triage-assessment.md: impact, urgency, the priority matrix, response SLA, escalation path and the severity verdict.</summary>
public static class TriageAssessmentRenderer
{
    /// <summary>The artifact's path inside the incident folder.</summary>
    public const string Path = "triage-assessment.md";

    /// <summary>Renders the assessment.</summary>
    public static string Render(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var d = f.D;
        var triage = d.Triage;
        var doc = new MarkdownDoc();
        doc.Heading(1, $"Triage Assessment: {f.Id}");
        doc.Field("Priority", $"{f.PriorityName} ({PriorityWords(f.Priority)})")
            .Field("Impact", WireNames.Of(triage.Impact.Level))
            .Field("Urgency", WireNames.Of(triage.Urgency.Level))
            .Field("Category", f.CategoryName);

        Impact(doc, f);
        Urgency(doc, f);
        Matrix(doc, f);
        ResponseSla(doc, f);
        EscalationPath(doc, f);
        Commander(doc, f);

        doc.Heading(2, "Reported vs Triaged Severity");
        doc.Field("Reported", triage.ReportedPriority?.ToString() ?? "none given")
            .Field("Triaged", f.PriorityName)
            .Field("Verdict", Md.Safe(triage.Verdict));

        if (d.Diagnosis.Facts.Citations.Count > 0)
        {
            doc.Heading(2, "Facts and Sources");
            doc.Bullets(d.Diagnosis.Facts.Citations.Select(Md.Quote), "none");
        }

        ArtifactSections.Guidance(doc, d);
        return doc.ToString();
    }

    /// <summary>P0 (Critical) and so on.</summary>
    public static string PriorityWords(Priority priority) => priority switch
    {
        Priority.P0 => "Critical",
        Priority.P1 => "High",
        Priority.P2 => "Medium",
        _ => "Low",
    };

    private static void Impact(MarkdownDoc doc, DossierFacts f)
    {
        var impact = f.D.Triage.Impact;
        var facts = f.D.Diagnosis.Facts;
        doc.Heading(2, "Impact");
        doc.Heading(3, "User Impact Assessment");
        doc.Bullet($"**Affected Users**: {f.AffectedUsers}");
        doc.Bullet($"**Severity of Effect**: {Md.Safe(string.IsNullOrWhiteSpace(impact.Effect) ? Md.Unknown("no symptom evidence") : impact.Effect)}");
        doc.Bullet($"**Impact Level**: {WireNames.Of(impact.Level)}");
        doc.Blank();
        doc.Line("Why this level:");
        doc.Bullets(impact.Reasons.Select(Md.Quote), "no criterion matched the evidence; LOW by default");
        doc.Blank();
        doc.Line("Criteria:");
        doc.Bullet(Mark(impact.Level == Core.Impact.High) + "HIGH: Complete service outage OR >50% users affected OR data loss/corruption");
        doc.Bullet(Mark(impact.Level == Core.Impact.Medium) + "MEDIUM: Severe degradation OR 10-50% users affected OR critical feature unavailable");
        doc.Bullet(Mark(impact.Level == Core.Impact.Low) + "LOW: Minor degradation OR <10% users affected OR cosmetic issue");

        doc.Heading(3, "Business Impact");
        var revenue = f.RevenueAffected
            ? "YES: " + Md.Unknown("amount needs revenue per minute of the affected flow; not in the evidence")
            : "NONE indicated (no payment component failing and no revenue guidance)";
        doc.Bullet($"**Revenue Impact**: {revenue}");
        doc.Bullet($"**Compliance Risk**: {(f.ComplianceRisk ? "YES (security, data integrity or compliance concern)" : "NO (no security, data-loss or compliance signal)")}");
        doc.Bullet($"**Reputation Risk**: {ReputationRisk(f)}");
        doc.Bullet("**User Safety Risk**: NO (no safety-critical function in the service catalog; mark a component critical for safety to change this)");

        doc.Heading(3, "Affected Systems");
        doc.Bullets(f.Components.Select(c =>
        {
            var info = f.Profile.Component(c);
            var origin = string.Equals(c, f.D.Diagnosis.OriginComponent, StringComparison.OrdinalIgnoreCase) ? " (origin)" : string.Empty;
            var collateral = f.D.Diagnosis.CollateralComponents.Contains(c, StringComparer.OrdinalIgnoreCase) ? " (collateral: a dependency failed first)" : string.Empty;
            var critical = info?.Critical == true ? ", critical" : string.Empty;
            var deps = info is { DependsOn.Count: > 0 } ? $", depends on {string.Join(", ", info.DependsOn)}" : string.Empty;
            return Md.Safe($"{c}{origin}{collateral}{critical}{deps}");
        }), Md.Unknown("no failing component identified; metrics or alerts labelled with a component would tell"));
    }

    /// <summary>Reputation risk from the impact level: public-facing outages are HIGH.</summary>
    public static string ReputationRisk(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return f.D.Triage.Impact.Level switch
        {
            Core.Impact.High => "HIGH",
            Core.Impact.Medium => "MEDIUM",
            _ => "LOW",
        };
    }

    private static void Urgency(MarkdownDoc doc, DossierFacts f)
    {
        var urgency = f.D.Triage.Urgency;
        doc.Heading(2, "Urgency");
        doc.Heading(3, "Urgency Assessment");
        doc.Bullet($"**Time Sensitivity**: {Md.Safe(urgency.TimeSensitivity)}");
        doc.Bullet($"**Worsening Trend**: {TrendWords(urgency.Trend)}");
        doc.Bullet($"**Urgency Level**: {WireNames.Of(urgency.Level)}");
        doc.Blank();
        doc.Line("Why this level:");
        doc.Bullets(urgency.Reasons.Select(Md.Quote), "no criterion matched the evidence; LOW by default");
        doc.Blank();
        doc.Line("Criteria:");
        doc.Bullet(Mark(urgency.Level == Core.Urgency.High) + "HIGH: Immediate resolution required, worsening rapidly, SLA breach imminent");
        doc.Bullet(Mark(urgency.Level == Core.Urgency.Medium) + "MEDIUM: Resolution needed within hours, stable degradation");
        doc.Bullet(Mark(urgency.Level == Core.Urgency.Low) + "LOW: Resolution can be scheduled, no time pressure");

        doc.Heading(3, "SLA Breach Risk");
        doc.Bullet($"**Current Availability**: {CurrentAvailability(f)}");
        doc.Bullet($"**SLA Target**: {SlaTarget(f)}");
        doc.Bullet($"**Error Budget Remaining**: {BudgetRemaining(f)}");
        doc.Bullet($"**Time to SLA Breach**: {TimeToBreach(f)}");
    }

    /// <summary>Current availability with its citation, or an unknown.</summary>
    public static string CurrentAvailability(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return f.CurrentAvailability() is { } a
            ? $"{Md.Percent(a.Ratio, 3)} {Md.Cite(a.Source)}"
            : Md.Unknown("needs an error_rate or availability metric");
    }

    /// <summary>The availability SLO, or an unknown.</summary>
    public static string SlaTarget(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return f.Profile.Slo.AvailabilityPercent is { } target
            ? Md.Num(target, 3) + "% availability" + (f.Profile.Slo.LatencyP95Ms is { } p95 ? $", p95 latency ≤ {Md.Num(p95, 0)} ms" : string.Empty) + " [firebreak.yaml slo]"
            : Md.Unknown("set slo.availability in firebreak.yaml");
    }

    private static string BudgetRemaining(DossierFacts f)
    {
        var consumed = f.ErrorBudgetConsumed();
        var history = Md.Unknown("needs the SLO window's full history, not only the incident's metric window");
        return consumed is { } c
            ? $"{history}; this incident alone consumed about {Md.Percent(c, 1)} of a 30-day budget (error ratio integrated since onset {Md.Cite(f.ErrorRate!.Series.Source)})"
            : history;
    }

    private static string TimeToBreach(DossierFacts f)
    {
        var burn = f.D.Triage.Urgency.BudgetExhaustedIn;
        var series = f.Metrics.FirstOrDefault(m => m.BudgetExhaustedIn is not null);
        if (burn is { } t)
        {
            var rate = series?.BurnRate is { } r ? $" at a burn rate of {Md.Num(r, 1)}×" : string.Empty;
            return $"{Md.Minutes(t)} until the error budget is exhausted{rate}" + (series is null ? string.Empty : " " + Md.Cite(series.Series.Source));
        }

        return f.Profile.Slo.AvailabilityPercent is null
            ? Md.Unknown("set slo.availability in firebreak.yaml")
            : "no breach projected from the current burn rate";
    }

    private static void Matrix(MarkdownDoc doc, DossierFacts f)
    {
        var impact = f.D.Triage.Impact.Level;
        var urgency = f.D.Triage.Urgency.Level;
        doc.Heading(2, "Priority Matrix");
        string Cell(Impact i, Urgency u)
        {
            var p = PriorityMatrix.Classify(i, u);
            var text = $"{p} ({PriorityWords(p)})";
            return i == impact && u == urgency ? $"**▶ {text} ◀**" : text;
        }

        doc.Raw(Md.Table(["Impact/Urgency", "High Urgency", "Medium Urgency", "Low Urgency"],
            new[] { Core.Impact.High, Core.Impact.Medium, Core.Impact.Low }.Select(i => (IReadOnlyList<string>)
            [
                $"{i} Impact",
                Cell(i, Core.Urgency.High),
                Cell(i, Core.Urgency.Medium),
                Cell(i, Core.Urgency.Low),
            ])));
        doc.Blank();
        doc.Field("Priority", $"{f.PriorityName} (Impact {WireNames.Of(impact)} × Urgency {WireNames.Of(urgency)})");
    }

    private static void ResponseSla(MarkdownDoc doc, DossierFacts f)
    {
        doc.Heading(2, "Response SLA");
        var sla = f.Sla;
        if (sla is null)
        {
            doc.Line(Md.Unknown($"no SLA is defined for {f.PriorityName} in the policy"));
            return;
        }

        doc.Raw(Md.Table(["Target", $"{f.PriorityName} policy", "Elapsed", "Verdict"],
        [
            Verdict(f, EscalationClock.Acknowledge, "Acknowledgment", sla.Acknowledge),
            Verdict(f, EscalationClock.Engage, "Engage", sla.Engage),
            Verdict(f, EscalationClock.Resolve, "Resolve", sla.Resolve),
            ["Updates", f.UpdateCadence is { } every ? "every " + Md.Minutes(every) : "standard backlog process", " ", f.NextUpdate is { } next ? "next " + Md.Time(next) : "none scheduled"],
        ]));
        var deadlines = f.D.Clock.Deadlines;
        if (deadlines.Count > 0)
        {
            doc.Blank();
            doc.Line("Escalation timers:");
            doc.Bullets(deadlines.Select(t => $"{Md.Safe(t.Name)}: {(t.DueAt is { } due ? Md.Time(due) : "not applicable")}{(t.Due ? " (due)" : string.Empty)}"), "none");
        }
    }

    private static IReadOnlyList<string> Verdict(DossierFacts f, string name, string label, TimeSpan? target)
    {
        var verdict = f.D.Clock.Sla(name);
        var targetText = target is { } t ? (t == TimeSpan.Zero ? "immediate" : Md.Minutes(t)) : "standard backlog process";
        var elapsed = verdict?.Elapsed is { } e ? Md.Duration(e) : verdict?.Outcome == SlaOutcome.Unknown ? "unknown" : "not yet";
        var outcome = verdict?.Outcome switch
        {
            SlaOutcome.Met => "MET",
            SlaOutcome.Missed => "MISSED",
            SlaOutcome.Pending => "PENDING",
            SlaOutcome.NotApplicable => "NOT APPLICABLE",
            SlaOutcome.Unknown => verdict.MeasuredFrom,
            _ => Md.Unknown("not evaluated by the clock"),
        };
        return [label, targetText, elapsed, outcome];
    }

    /// <summary>The seed's escalation path for a priority, with the names of the people on it.</summary>
    public static string EscalationPathText(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        string Name(string role, string fallback) => f.Holder(role) is { } p ? $"{fallback} ({p})" : fallback;
        var management = f.D.Config.Policy.ManagementAfter.TryGetValue(f.Priority, out var m) ? Md.Minutes(m) : null;
        var exec = Md.Minutes(f.D.Config.Policy.ExecutiveAfter);
        return f.Priority switch
        {
            Priority.P0 => $"Page on-call {Name(Roles.Tier1OnCall, string.Empty).Trim()} → {Name(Roles.IncidentCommander, "Incident Commander")} → {Name(Roles.DeploymentManager, "Deployment Manager")} → {Name(Roles.Executive, "Executive")} (management within {management ?? "30 min"}, executive if unresolved after {exec})",
            Priority.P1 => $"Alert on-call {Name(Roles.Tier1OnCall, string.Empty).Trim()} → {Name(Roles.IncidentCommander, "Incident Commander")} → {Name(Roles.Tier2ComponentOwner, "Component Owner")} → {Name(Roles.Management, "Management")} ({management ?? "2 h"})",
            Priority.P2 => $"Create ticket → On-call triage {Name(Roles.Tier1OnCall, string.Empty).Trim()} → {Name(Roles.Tier2ComponentOwner, "Component Owner")} if needed",
            _ => "Standard backlog",
        };
    }

    private static void EscalationPath(MarkdownDoc doc, DossierFacts f)
    {
        doc.Heading(2, "Escalation Path");
        doc.Line(Md.Safe(EscalationPathText(f)).Replace("  ", " ", StringComparison.Ordinal));
        doc.Blank();
        doc.Field("Tier reached", TierText.Of(f.D.Escalation.Tier));
        doc.Bullets(f.D.Escalation.TierReasons.Select(Md.Safe), "no functional escalation beyond Tier 1 was needed");
    }

    private static void Commander(MarkdownDoc doc, DossierFacts f)
    {
        doc.Heading(2, "Incident Commander Assignment");
        if (f.NeedsCommander || f.Holder(Roles.IncidentCommander) is not null)
        {
            doc.Field("Incident Commander", Md.Safe(f.IncidentCommander))
                .Field("Technical Lead", Md.Safe(f.TechnicalLead))
                .Field("Communications Lead", Md.Safe(f.CommunicationsLead));
        }
        else
        {
            doc.Line($"Not required for {f.PriorityName}: the on-call engineer ({Md.Safe(f.OnCall)}) owns the incident.");
        }
    }

    /// <summary>A trend in the seed's words.</summary>
    public static string TrendWords(Trend trend) => trend switch
    {
        Trend.Worsening => "rapidly degrading",
        Trend.Stable => "stable",
        Trend.Improving => "improving",
        _ => Md.Unknown("needs a metric series covering the last minutes"),
    };

    private static string Mark(bool chosen) => chosen ? "**✔** " : string.Empty;
}
