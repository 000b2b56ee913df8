using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>Renders post-incident-review.md: the blameless retrospective with every section of the seed.</summary>
public static class PostIncidentReviewRenderer
{
    /// <summary>The artifact's path inside the incident folder.</summary>
    public const string Path = "post-incident-review.md";

    /// <summary>The earlier incidents this one recurs from, and their actions still open (recorded recurrence links).</summary>
    private static void Recurrence(MarkdownDoc doc, DossierFacts f)
    {
        var recurrences = f.D.RootCause.Recurrences;
        if (recurrences.Count == 0)
        {
            return;
        }

        doc.Heading(2, "Recurrence");
        foreach (var r in recurrences)
        {
            var link = r.Link;
            doc.Line($"This incident recurs from **{Md.Safe(link.EarlierIncident)}**: same component {Md.Safe(link.Component)}, same cause kind {Md.Safe(link.Kind)}, key-term similarity {link.Similarity.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} (shared: {Md.Safe(string.Join(", ", link.SharedTerms))}); recorded {Md.Time(link.At)} (docs/metrics.md, Recurrence).");
            doc.Blank();
            if (r.OpenActions.Count == 0)
            {
                doc.Line($"{Md.Safe(link.EarlierIncident)} has no open actions on record.");
            }
            else
            {
                doc.Line($"Actions of {Md.Safe(link.EarlierIncident)} still open:");
                doc.Bullets(r.OpenActions.Select(a => $"{a.Id} {Md.Safe(a.Title)} (owner {Md.Safe(a.Owner)}, due {Md.Date(a.Due)}, {(a.Status == "proposed" ? "proposed, never tracked" : a.Status)})"), "none");
            }

            doc.Blank();
        }
    }

    /// <summary>Renders the review.</summary>
    public static string Render(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var d = f.D;
        var doc = new MarkdownDoc();
        doc.Heading(1, $"Post-Incident Review: {f.Id}");
        doc.Line("Blameless: this review is about systems and processes, not individuals.");
        doc.Blank();
        doc.Field("Incident ID", f.Id)
            .Field("Date", Md.Date(d.DetectedAt))
            .Field("Severity", f.PriorityName)
            .Field("Duration", Md.Duration(f.EndOrNow - f.ImpactStart) + (f.IsResolved ? " (impact start to resolution)" : $" so far (not resolved as of {Md.Time(d.AsOf)})"))
            .Field("User Impact", $"{f.AffectedUsers} affected, {Md.Num((long)Math.Round((f.EndOrNow - f.ImpactStart).TotalMinutes))} minutes {DowntimeKind(f)}")
            .Field("Status", f.StatusName);
        if (!d.Review.Required)
        {
            doc.Blank();
            doc.Line($"A review meeting is not required for {f.PriorityName}; this document records the learning anyway.");
        }

        doc.Heading(2, "Executive Summary");
        doc.Line(Summary(f));
        doc.Blank();
        doc.Field("Trigger", f.Trigger is { } trigger ? $"{Md.Safe(trigger)} {Md.Cite(f.Suspected!.Change!.Source)}" : "none identified: no change explains the evidence")
            .Field("Root Cause", f.RootCauseSentence)
            .Field("Resolution", Resolution(f));

        doc.Heading(2, "Timeline");
        doc.Line("Copied from timeline.md.");
        TimelineRenderer.Body(doc, f);

        doc.Heading(2, "Root Cause");
        doc.Line("Copied from root-cause-analysis.md.");
        RootCauseAnalysisRenderer.Body(doc, f, 3);

        Impact(doc, f);
        ImpactOverTime(doc, f);
        DetectionGap(doc, f);
        Effectiveness(doc, f);
        Lucky(doc, f);

        Recurrence(doc, f);

        doc.Heading(2, "Preventive Actions");
        PreventiveActionsRenderer.Tables(doc, f, 3);

        Lessons(doc, f);
        if (d.Guidance.ComprehensiveDocumentation)
        {
            doc.Heading(2, "Detailed Learning Notes");
            doc.Line("Added because the guidance asked for comprehensive documentation.");
            doc.Bullet($"Triage: Impact {WireNames.Of(d.Triage.Impact.Level)} × Urgency {WireNames.Of(d.Triage.Urgency.Level)} gives {f.PriorityName}; {Md.Safe(d.Triage.Verdict)}");
            doc.Bullet($"Escalation: {TierText.Of(d.Escalation.Tier)} was reached because {Md.Safe(d.Escalation.TierReasons.Count > 0 ? string.Join("; ", d.Escalation.TierReasons) : "no escalation criterion was met")}.");
            doc.Bullet($"Mitigation: {f.StrategyWords} was chosen because {Md.Quote(d.Mitigation.Rationale)}");
            doc.Bullet("Reading the evidence: start from the first anomalous metric, then look for the change or log pattern that began just before it.");
        }

        ArtifactSections.Guidance(doc, d);
        ArtifactSections.Glossary(doc, d);
        return doc.ToString();
    }

    private static string DowntimeKind(DossierFacts f) =>
        f.D.Diagnosis.Facts.CompleteOutage ? "complete outage" : "degraded service";

    private static string Summary(DossierFacts f)
    {
        var d = f.D;
        var what = $"From {Md.Time(f.ImpactStart)}, {f.UsersPhrase} saw {f.Effect} in {Md.Safe(f.ComponentList)}.";
        var why = f.Leading is null ? "The cause is not established by the evidence." : $"The most likely cause: {Md.Quote(f.Leading.Statement)}.";
        var gap = f.Review.Gap.Mark(GapStage.Recovered);
        var how = f.IsResolved
            ? gap.Basis == GapBasis.Measured
                ? $"It was resolved at {Md.Time(f.ResolvedAt ?? d.AsOf)} by a {f.StrategyName}; a validation measured the recovery."
                : d.Outcome.Executed
                    ? $"A {f.StrategyName} was applied; responders report it resolved at {Md.Time(f.ResolvedAt ?? d.AsOf)}, which no validation has measured."
                    : $"Responders report it resolved at {Md.Time(f.ResolvedAt ?? d.AsOf)} (the plan was a {f.StrategyName}); no validation has measured the recovery."
            : d.Outcome.Executed ? $"A {f.StrategyName} was applied; validation: {f.ResolutionStatus}." : $"The recommended mitigation is a {f.StrategyName}, not yet executed.";
        return $"{what} {why} {how}";
    }

    private static string Resolution(DossierFacts f) =>
        $"{f.StrategyWords}" + (f.D.Mitigation.TargetComponent is { } c ? $" of {Md.Safe(c)}" : string.Empty)
        + (f.D.Mitigation.TargetVersion is { } v ? $" to {Md.Safe(v)}" : string.Empty)
        + (f.D.Outcome.Executed ? $", executed; {f.ResolutionStatus}" : ", not executed (run with --execute)");

    private static void Impact(MarkdownDoc doc, DossierFacts f)
    {
        var d = f.D;
        doc.Heading(2, "Impact Assessment");
        doc.Heading(3, "User Impact");
        doc.Bullet($"**Affected Users**: {f.AffectedUsers}");
        doc.Bullet($"**User Symptoms**: {f.UserImpact}");
        doc.Bullet($"**Downtime**: {Md.Num((long)Math.Round((f.EndOrNow - f.ImpactStart).TotalMinutes))} minutes {DowntimeKind(f)}" + (f.IsResolved ? string.Empty : " (so far)"));
        var failed = f.FailedRequests();
        doc.Bullet("**Failed Transactions**: " + (failed is { } n
            ? $"about {Md.Num((long)Math.Round(n))} (error rate × throughput integrated since onset {Md.Cite(f.ErrorRate!.Series.Source)} {Md.Cite(f.Throughput!.Series.Source)})"
            : Md.Unknown("needs both an error-rate and a throughput metric covering the incident")));

        doc.Heading(3, "Business Impact");
        doc.Bullet("**Revenue Impact**: " + (f.RevenueAffected
            ? "YES: " + Md.Unknown("the amount needs revenue per transaction") + (failed is { } lost ? $"; about {Md.Num((long)Math.Round(lost))} failed requests" : string.Empty)
            : "none indicated by the evidence"));
        doc.Bullet("**Reputation Impact**: " + TriageAssessmentRenderer.ReputationRisk(f));
        doc.Bullet("**Compliance Impact**: " + (d.Diagnosis.Facts.SecurityBreach || d.Diagnosis.Facts.DataLoss || d.Guidance.Compliance
            ? "under review: " + (d.Diagnosis.Facts.SecurityBreach ? "security breach suspected" : d.Diagnosis.Facts.DataLoss ? "data loss or corruption" : "compliance concern raised in guidance") + (d.Escalation.LegalNotified ? "; legal notice decided (not sent)" : string.Empty)
            : "NONE"));

        doc.Heading(3, "SLO Impact");
        var target = f.Profile.Slo.AvailabilityPercent;
        doc.Bullet("**Availability**: " + TriageAssessmentRenderer.CurrentAvailability(f) + (target is { } t ? $" (Target: ≥{Md.Num(t, 3)}%)" : " (Target: " + Md.Unknown("set slo.availability") + ")"));
        doc.Bullet("**Error Budget Consumed**: " + (f.ErrorBudgetConsumed() is { } c
            ? $"{Md.Percent(c, 1)} of a 30-day budget (error ratio integrated from onset {Md.Cite(f.ErrorRate!.Series.Source)})"
            : Md.Unknown("needs an availability SLO and an error-rate metric covering the incident")));
        var resolve = d.Clock.Sla(EscalationClock.Resolve);
        doc.Bullet("**SLA Breach**: " + (resolve?.Outcome switch
        {
            SlaOutcome.Missed => "YES (resolve target missed)",
            SlaOutcome.Met => "NO (resolved within the target)",
            SlaOutcome.Pending => "NOT YET (resolve target still running" + (resolve.Target is { } rt ? $", due {Md.Time(d.DetectedAt + rt)}" : string.Empty) + ")",
            _ => "NOT APPLICABLE (no resolve target for " + f.PriorityName + ")",
        }));
    }

    private static string MomentName(ImpactMoment moment) => moment switch
    {
        ImpactMoment.BeforeOnset => "Before onset",
        ImpactMoment.Onset => "At onset",
        ImpactMoment.Peak => "Peak",
        ImpactMoment.AfterMitigation => "After mitigation",
        _ => "Now (latest sample)",
    };

    /// <summary>The error rate and latency at the incident's moments, each cited to its sample.</summary>
    private static void ImpactOverTime(MarkdownDoc doc, DossierFacts f)
    {
        doc.Heading(2, "Impact Over Time");
        var curves = f.Review.Impact;
        if (curves.Count == 0)
        {
            doc.Line(Md.Unknown("no error-rate or latency metric was read; add evidence.metrics with kind error_rate or latency_p95_ms to firebreak.yaml"));
            return;
        }

        foreach (var curve in curves)
        {
            doc.Heading(3, $"{Md.Safe(curve.Series.Series.Name)} ({Md.Safe(curve.Series.Series.Kind)}{(curve.Series.Series.Component is { } c ? ", " + Md.Safe(c) : string.Empty)})");
            doc.Raw(Md.Table(["Moment", "Time", "Value", "Source"], curve.Points.Select(p => (IReadOnlyList<string>)(p.Sample is { } s
                ? [MomentName(p.Moment), Md.Time(s.At), IncidentFacts.Value(curve.Series, s.Value), Md.Cite(p.Source!)]
                : [MomentName(p.Moment), "unknown", Md.Unknown(p.WouldNeed ?? "no sample"), "none"]))));
        }
    }

    private static string StageName(GapStage stage) => stage switch
    {
        GapStage.ImpactStart => "Impact start",
        GapStage.Detected => "Detection",
        GapStage.Acknowledged => "Acknowledgement",
        GapStage.Mitigated => "Mitigation",
        _ => "Recovery",
    };

    private static string HowKnown(GapMark m) => (m.Stage, m.Basis) switch
    {
        (_, GapBasis.Unknown) => Md.Unknown(m.WouldNeed ?? "not recorded"),
        (GapStage.ImpactStart, _) => $"onset of {Md.Safe(m.What)} (evidence)",
        (GapStage.Detected, GapBasis.Evidence) => $"alert {Md.Safe(m.What)} started (evidence)",
        (GapStage.Detected, _) => $"reported by {Md.Safe(m.What)} (the record of the report, not a measurement of the impact)",
        (GapStage.Acknowledged, _) => $"acknowledged by {Md.Safe(m.What)} (their record)",
        (GapStage.Mitigated, _) => $"{Md.Safe(m.What)} command run by Firebreak and seen to succeed (measured)",
        (_, GapBasis.Measured) => "validation measured the metrics back (measured)",
        _ => $"{Md.Safe(m.What)} reported the incident resolved (their word, not a measurement)",
    };

    /// <summary>Impact start → detection → acknowledgement → mitigation → recovery, with the gaps; unknown where not measured.</summary>
    private static void DetectionGap(MarkdownDoc doc, DossierFacts f)
    {
        var gap = f.Review.Gap;
        doc.Heading(2, "Detection Gap");
        doc.Line("Each time comes from the evidence or a recorded event; a time nobody recorded is unknown, and an unknown is nobody's delay.");
        doc.Blank();
        doc.Raw(Md.Table(["Stage", "Time", "How it is known", "Source"], gap.Marks.Select(m => (IReadOnlyList<string>)
            [StageName(m.Stage), m.At is { } at ? Md.Time(at) : "unknown", HowKnown(m), m.Source is { } src ? Md.Cite(src) : "none"])));
        doc.Blank();
        doc.Bullets(gap.Spans.Select(s => $"**{StageName(s.From)} → {StageName(s.To).ToLowerInvariant()}**: " + (s.Length is { } length
            ? Md.Duration(length)
            : Md.Unknown($"{(gap.Mark(s.From).At is null ? StageName(s.From).ToLowerInvariant() : StageName(s.To).ToLowerInvariant())} time not recorded"))), "none");
    }

    /// <summary>Where we got lucky: each a typed fact of this incident, cited; or that nothing qualifies.</summary>
    private static void Lucky(MarkdownDoc doc, DossierFacts f)
    {
        doc.Heading(2, "Where We Got Lucky");
        var lucky = f.Review.Lucky;
        if (lucky.Count == 0)
        {
            doc.Line("Nothing in this incident's evidence qualifies (a reversible change with a rollback path, an onset in a low-traffic period, one component of several affected, an alert before any report); discuss in the review whether luck limited the damage.");
            return;
        }

        doc.Bullets(lucky.Select(l => l.Kind switch
        {
            LuckKind.ReversibleChange => $"The change that set it off ({Md.Safe(IncidentFacts.Describe(l.Change!))}) could be undone: the plan rolls back to {Md.Safe(l.RestoreVersion)}, and no record marks the change irreversible",
            LuckKind.LowTrafficOnset => $"The onset came in a quiet period: {Md.Safe(l.Series!.Series.Name)} was {IncidentFacts.Value(l.Series, l.Traffic!.Value.Value)} at {Md.Time(l.Traffic.Value.At)}, against a median of {IncidentFacts.Value(l.Series, l.TypicalTraffic)} over the series",
            LuckKind.SingleComponent => $"Only {Md.Safe(l.Component)} was affected, of {l.CatalogueSize} components in the catalogue",
            _ => $"The alert {Md.Safe(l.Alert!.Name)} fired at {Md.Time(l.Alert.StartsAt)} and detected the incident before any person reported it",
        } + " " + string.Join(" ", l.Sources.Select(Md.Cite))), "none");
    }

    /// <summary>What went well and what could improve, from the clock verdicts and the evidence.</summary>
    public static (IReadOnlyList<string> Well, IReadOnlyList<string> Improve) Effectiveness(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var d = f.D;
        var well = new List<string>();
        var improve = new List<string>();
        foreach (var sla in d.Clock.Slas)
        {
            var text = $"{sla.Name}: {(sla.Elapsed is { } e ? Md.Duration(e) : "not measured")} against a target of {(sla.Target is { } t ? (t == TimeSpan.Zero ? "immediate" : Md.Duration(t)) : "none")}";
            if (sla.Outcome == SlaOutcome.Met)
            {
                well.Add($"Response target met: {text}");
            }
            else if (sla.Outcome == SlaOutcome.Missed)
            {
                improve.Add($"Response target missed: {text}");
            }
        }

        if (f.DetectionDelay is { } delay)
        {
            var line = $"detected {Md.Minutes(delay)} after onset (first alert {Md.Safe(f.FirstAlert!.Name)} at {Md.Time(f.FirstAlert.StartsAt)}) {Md.Cite(f.FirstAlert.Source)}";
            (delay <= TimeSpan.FromMinutes(5) ? well : improve).Add(delay <= TimeSpan.FromMinutes(5) ? $"Fast detection: {line}" : $"Slow detection (target under 5 min): {line}");
        }
        else if (d.Evidence.Alerts.Count == 0)
        {
            improve.Add("No alert fired for this incident; detection relied on " + Md.Quote(d.DetectionMethod));
        }

        if (f.Suspected is { } s && s.Confidence == Confidence.High)
        {
            well.Add($"The triggering change was identified with HIGH confidence: {Md.Safe(IncidentFacts.Describe(s.Change!))} {Md.Cite(s.Change!.Source)}");
        }
        else if (f.Leading is null || f.Leading.Confidence == Confidence.Low)
        {
            improve.Add("The evidence did not establish the cause with confidence; the unknowns in root-cause-analysis.md say what to collect");
        }

        if (d.Diagnosis.Runbooks.Count > 0)
        {
            well.Add($"An applicable runbook existed: {Md.Safe(d.Diagnosis.Runbooks[0].Runbook.Title)} {Md.Cite(new SourceRef(d.Diagnosis.Runbooks[0].Runbook.Path))}");
        }
        else
        {
            improve.Add("No runbook covered this scenario (see runbook-update-recommendation.md)");
        }

        if (d.Preserved is { } p)
        {
            well.Add($"Evidence was preserved before mitigation ({p.Files.Count} files with SHA-256 manifest)");
        }

        if (d.Roster.Blocks.Count > 0)
        {
            improve.Add($"Escalation was blocked by unavailability {d.Roster.Blocks.Count} time(s); backups were used where configured");
        }

        if (!d.Outcome.Executed)
        {
            improve.Add("The mitigation was not executed automatically; a configured and rehearsed command would shorten time to mitigate");
        }
        else if (d.Outcome.Verdict == ResolutionVerdict.Resolved)
        {
            well.Add($"The {f.StrategyName} restored service and validation confirmed it");
        }

        if (d.Evidence.Warnings.Count > 0)
        {
            improve.Add($"{d.Evidence.Warnings.Count} evidence source(s) were missing or unreadable (see incident-record.md warnings)");
        }

        return (well, improve);
    }

    private static void Effectiveness(MarkdownDoc doc, DossierFacts f)
    {
        var (well, improve) = Effectiveness(f);
        doc.Heading(2, "Response Effectiveness");
        doc.Heading(3, "What Went Well");
        doc.Numbered(well, "Nothing stood out in the evidence; discuss in the review meeting");
        doc.Heading(3, "What Could Improve");
        doc.Numbered(improve, "Nothing stood out in the evidence; discuss in the review meeting");
    }

    private static void Lessons(MarkdownDoc doc, DossierFacts f)
    {
        var d = f.D;
        doc.Heading(2, "Lessons Learned");
        doc.Heading(3, "Technical Lessons");
        var technical = new List<string>();
        if (f.Leading is { } lead)
        {
            technical.Add(lead.Cause switch
            {
                CauseKind.Change => "Changes can break production within minutes: error-rate checks right after a rollout catch them early",
                CauseKind.Capacity => "Capacity limits were reached under load: headroom and autoscaling limits need regular review",
                CauseKind.Dependency => "A failing dependency cascaded: timeouts, circuit breakers and graceful degradation limit the blast radius",
                CauseKind.Security => "Security incidents need evidence preserved before any change",
                CauseKind.DataIntegrity => "Data integrity problems spread through writes: stopping writes early limits the damage",
                _ => "The evidence was not enough to pin the cause: better telemetry is itself a fix",
            });
        }

        foreach (var t in d.Evidence.Logs.Templates.Where(t => t.IsNew && t.Stack is not null).Take(1))
        {
            technical.Add($"The failure signature {Md.Quote(t.Stack!.ToString())} was new at the onset: new exception types after a change are a strong signal");
        }

        doc.Bullets(technical, "none recorded");
        doc.Heading(3, "Process Lessons");
        var process = f.D.ContributingFactors.Process.ToList();
        doc.Bullets(process, "The process worked as designed; no gap found in the evidence");
        doc.Heading(3, "Communication Lessons");
        var comms = new List<string>();
        var statusDeadline = d.Clock.Deadline(EscalationClock.StatusPage);
        if (statusDeadline?.DueAt is { } due)
        {
            comms.Add($"The first status page update was due by {Md.Time(due)}{(statusDeadline.Due ? " and was due at the time of writing" : string.Empty)}");
        }

        if (f.UpdateCadence is { } cadence)
        {
            comms.Add($"Updates every {Md.Minutes(cadence)} were the cadence for {f.PriorityName}");
        }

        if (d.Escalation.ManagementNotified)
        {
            comms.Add($"A management notice was decided ({Md.Safe(d.Escalation.ManagementReason)}): {(f.Notice(Audiences.Management) is { } n ? f.StateText(n) : "not recorded")}");
        }

        if (d.Escalation.ExecutiveNotified)
        {
            comms.Add($"An executive notice was decided ({Md.Safe(d.Escalation.ExecutiveReason)}): {(f.Notice(Audiences.Executive) is { } n ? f.StateText(n) : "not recorded")}");
        }

        doc.Bullets(comms, "none recorded");
    }
}
