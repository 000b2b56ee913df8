using System.Text;
using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>The seed's closing summary: status, severity, durations, SLA verdict, escalation path, artifacts and next steps.</summary>
public static class Summary
{
    private const string Rule = "─────────────────────────────────────────────";

    /// <summary>Writes the post-review progress lines and the summary block.</summary>
    public static void Write(IFlowReporter reporter, FlowRun context, IncidentDossier dossier, ArtifactReport report, SinceLastRun? news = null)
    {
        ArgumentNullException.ThrowIfNull(reporter);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(dossier);
        ArgumentNullException.ThrowIfNull(report);
        var counts = Counts(dossier.Actions);
        reporter.Report(ProgressMark.Done, $"Preventive actions identified: {counts}", 1);
        reporter.Report(ProgressMark.Done, "Runbook updates recommended", 1);
        reporter.Report(ProgressMark.Done, "Knowledge base article drafted", 1);
        reporter.Report(ProgressMark.Done, dossier.State.Status >= IncidentStatus.Resolved
            ? $"Post-incident review drafted: {Paths.Artifact(context, "post-incident-review.md")}"
            : $"Post-incident review drafted while the incident is open (to be completed after resolution): {Paths.Artifact(context, "post-incident-review.md")}");
        foreach (var kept in report.Kept)
        {
            reporter.Report(ProgressMark.Warning, $"Kept your edited {kept.Path}; the new version is in {kept.NewVersionPath}");
        }

        reporter.Block(Text(context, dossier, report, news));
    }

    /// <summary>The summary block.</summary>
    public static string Text(FlowRun context, IncidentDossier dossier, ArtifactReport report, SinceLastRun? news = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(dossier);
        ArgumentNullException.ThrowIfNull(report);
        var state = dossier.State;
        var clock = dossier.Clock;
        var priority = state.Priority ?? dossier.Triage.Priority;
        var resolved = state.ResolvedAt;
        var end = resolved ?? dossier.AsOf;
        var duration = end - dossier.DetectedAt;
        var resolve = clock.Sla(EscalationClock.Resolve);
        var b = new StringBuilder();
        void Line(string text = "") => b.Append(text).Append('\n');

        Line(Rule);
        Line(state.Status >= IncidentStatus.Resolved ? $"Incident Response Complete: {dossier.Id}" : $"Incident Response Record: {dossier.Id} (still open)");
        Line(Rule);
        Line();
        if (news is not null)
        {
            foreach (var line in NewsLines(news))
            {
                Line(line);
            }

            Line();
        }

        if (GuidanceEcho.Of(dossier.Guidance) is { } echo)
        {
            foreach (var line in GuidanceLines(echo))
            {
                Line(line);
            }

            Line();
        }

        Line($"Overall Status: {WireNames.Of(state.Status)}");
        Line($"Severity: {priority}" + (dossier.Triage.ReportedPriority is { } reported && reported != priority ? $" (reported {reported})" : string.Empty));
        Line($"Duration: {Say.Duration(duration)} (Detection → {(resolved is null ? $"now, {Md.Time(dossier.AsOf)}; still open" : "Resolution")})");
        Line($"Resolution SLA: {SlaText(resolve)}");
        Line();
        Line("Resolution Summary:");
        Line($"- Root Cause: {dossier.RootCause.Whys.RootCauseText}");
        Line($"- Suspected Change: {(dossier.Diagnosis.Suspected?.Change is { } change ? $"{WireNames.Of(change.Kind)} {change.Ref} ({change.Component ?? "unknown component"}, {Md.Time(change.At)}, confidence {WireNames.Of(dossier.Diagnosis.Suspected.Confidence)})" : "none: no change explains the evidence")}");
        Line($"- Mitigation: {WireNames.Of(dossier.Mitigation.Strategy)}: {dossier.Outcome.Note}");
        Line($"- User Impact: {Impact(dossier)}");
        Line();
        Line("Response Metrics:");
        Line($"- Detection Time: {(dossier.Diagnosis.Onset is { } onset ? $"{Minutes(dossier.DetectedAt - onset)} after the first anomaly" : "unknown (no metric onset)")} (SLA: <{Say.Span(dossier.Config.Policy.DetectionTarget)})");
        foreach (var name in new[] { EscalationClock.Acknowledge, EscalationClock.Engage, EscalationClock.Resolve })
        {
            if (clock.Sla(name) is { } sla)
            {
                Line(sla.Outcome == SlaOutcome.Unknown
                    ? $"- {Title(name)}: {sla.MeasuredFrom} (SLA: {Say.Span(sla.Target)})"
                    : $"- {Title(name)}: {(sla.Elapsed is { } e ? Say.Duration(e) : "unknown")} (SLA: {Say.Span(sla.Target)}; {Verdict(sla.Outcome)})");
            }
        }

        Line();
        Line("Escalation Path Executed:");
        var tier = state.Tier;
        Line($"✓ Tier 1: On-call engineer {dossier.Roster.Holder(Roles.Tier1OnCall) ?? "(unknown)"} → {(tier > Tier.Tier1 ? "escalated" : Open(state))}");
        if (tier >= Tier.Tier2)
        {
            Line($"✓ Tier 2: Component Owner {dossier.Roster.Holder(Roles.Tier2ComponentOwner) ?? "(unknown)"} → {(tier > Tier.Tier2 ? "escalated" : Open(state))}");
        }

        if (tier >= Tier.Tier3)
        {
            Line($"✓ Tier 3: Architecture team {dossier.Roster.Holder(Roles.Tier3Architect) ?? "(unknown)"} → {Open(state)}");
        }

        Line(dossier.Escalation.ManagementNotified ? "⏳ Management notice decided and drafted, not sent (no delivery channel): send communications/management-notification.md" : $"⊘ Management notice not required ({dossier.Escalation.ManagementReason})");
        Line(dossier.Escalation.ExecutiveNotified ? "⏳ Executive notice decided and drafted, not sent (no delivery channel): send communications/executive-notification.md" : $"⊘ Executive notice not required ({dossier.Escalation.ExecutiveReason})");
        if (dossier.Escalation.LegalNotified)
        {
            Line("⏳ Legal and compliance notice decided, not sent (no delivery channel)" + (dossier.Config.Profile.People.Legal.Count == 0 ? "; nobody is configured under people.legal" : string.Empty));
        }

        foreach (var warning in dossier.FlowWarnings)
        {
            Line($"⚠️ {warning}");
        }

        Line();
        Line("Artifacts Generated:");
        foreach (var file in report.Written)
        {
            Line($"- {Paths.Artifact(context, file)}");
        }

        Line();
        Line("Next Steps:");
        Line($"- PIR meeting: {(dossier.Review.MeetingAt is { } meeting ? Md.Time(meeting) : dossier.Review.Required ? "to be scheduled after resolution" : $"not required for {priority}")}");
        Line($"- Preventive actions: {Counts(dossier.Actions)}");
        Line($"- Runbook updates: Review {Paths.Artifact(context, "runbook-update-recommendation.md")}");
        Line($"- Knowledge base: Publish {Paths.Artifact(context, "knowledge-base-article.md")}");
        if (state.Status < IncidentStatus.Resolved && !dossier.Outcome.Executed)
        {
            Line($"- Mitigation: {dossier.Outcome.Note}");
        }

        Line();
        Line(Rule);
        Line($"Next: {NextCommand(dossier)}");
        return b.ToString();
    }

    /// <summary>The next thing to do, as a command when there is one.</summary>
    public static string NextCommand(IncidentDossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var project = dossier.Config.ProjectDirectory;
        var respond = $"firebreak respond {dossier.Id} {Quote(project)}";
        if (dossier.State.Status >= IncidentStatus.Resolved)
        {
            return $"hold the post-incident review ({(dossier.Review.MeetingAt is { } at ? Md.Time(at) : "to be scheduled")}) and track the preventive actions";
        }

        if (!dossier.State.Events.OfType<IncidentAcknowledged>().Any())
        {
            var person = dossier.Roster.Holder(Roles.Tier1OnCall) is { Length: > 0 } oncall ? oncall : "<who acknowledges>";
            return $"firebreak ack {dossier.Id} --as {QuoteName(person)} {Quote(project)}   (the acknowledge SLA is measured from it; an earlier acknowledgement: {respond} --acknowledged-at <ISO time>)";
        }

        return dossier.Outcome.Executed
            ? $"{respond}   (re-run to re-read the evidence and validate the mitigation)"
            : $"{respond} --execute   (runs the configured {WireNames.Of(dossier.Mitigation.Strategy)} command and validates it; configure mitigation.{WireNames.Of(dossier.Mitigation.Strategy)} in firebreak.yaml first if it is not)";
    }

    /// <summary>What a re-run found new since the stored analysis, or that nothing is new since then.</summary>
    public static IReadOnlyList<string> NewsLines(SinceLastRun news)
    {
        ArgumentNullException.ThrowIfNull(news);
        var since = $"v{news.SinceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)} of the analysis, {Md.Time(news.Since)}";
        if (news.Nothing)
        {
            return [$"Since the last run: nothing new since {Md.Time(news.Since)} (the evidence and decisions match {since})."];
        }

        var lines = new List<string> { $"Since the last run ({since}):" };
        void Add(string label, IReadOnlyList<string> items)
        {
            if (items.Count > 0)
            {
                lines.Add($"- {label}: {string.Join("; ", items.Take(MaxNewsItems))}{(items.Count > MaxNewsItems ? $"; and {items.Count - MaxNewsItems} more" : string.Empty)}");
            }
        }

        Add("New alerts", news.NewAlerts);
        Add("New changes", news.NewChanges);
        Add("New log patterns", news.NewLogPatterns);
        Add("Newly anomalous metrics", news.NewAnomalies);
        if (news.PriorityChange is { } priority)
        {
            lines.Add($"- Priority: {priority.From} → {priority.To}");
        }

        if (news.CauseChange is { } cause)
        {
            lines.Add($"- Leading cause: now {Md.Clip(cause.To ?? "none supported by the evidence", 160)} (was {Md.Clip(cause.From ?? "none", 120)})");
        }

        if (news.PlanChange is { } plan)
        {
            lines.Add($"- Mitigation plan: {WireNames.Of(plan.From)} → {WireNames.Of(plan.To)}");
        }

        Add("Recorded by this run", news.NewEvents);
        return lines;
    }

    private const int MaxNewsItems = 5;

    /// <summary>The guidance echoed with what it changed, and the phrases that changed nothing.</summary>
    public static IReadOnlyList<string> GuidanceLines(GuidanceEcho echo)
    {
        ArgumentNullException.ThrowIfNull(echo);
        var lines = new List<string> { $"Guidance: \"{echo.Text}\"" };
        if (echo.Effects.Count == 0)
        {
            lines.Add("- changed nothing: it matched no keyword Firebreak acts on");
            return lines;
        }

        lines.AddRange(echo.Effects.Select(e => $"- changed: {e}"));
        if (echo.Unrecognised.Count > 0)
        {
            lines.Add($"- changed nothing: {string.Join(", ", echo.Unrecognised.Select(u => $"\"{u}\""))} (no keyword Firebreak acts on)");
        }

        return lines;
    }

    private static string QuoteName(string name) => name.StartsWith('<') ? name : $"\"{name.Replace("\"", string.Empty, StringComparison.Ordinal)}\"";

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"'{path}'" : path;

    private static string Open(IncidentState state) => state.Status >= IncidentStatus.Resolved ? "resolved" : "working";

    private static string Impact(IncidentDossier dossier)
    {
        var facts = new IncidentFacts(dossier.Config, dossier.Evidence, dossier.Diagnosis, dossier.Triage, dossier.DetectedAt, dossier.ReportedSymptoms);
        return $"{facts.UserEstimate.Text("users")}, {dossier.Triage.Impact.Effect}";
    }

    private static string SlaText(SlaVerdict? sla) => sla switch
    {
        null or { Outcome: SlaOutcome.NotApplicable } => "not applicable (no resolution target for this priority)",
        { Outcome: SlaOutcome.Met } => $"MET ({Say.Span(sla.Target)} target)",
        { Outcome: SlaOutcome.Missed, Target: { } t, Elapsed: { } e } => $"MISSED by {Say.Duration(e - t)} ({Say.Span(t)} target)",
        { Target: { } t, Elapsed: { } e } => $"PENDING: {Say.Duration(t - e)} left of {Say.Span(t)}",
        _ => "PENDING",
    };

    private static string Verdict(SlaOutcome outcome) => outcome switch
    {
        SlaOutcome.Met => "MET",
        SlaOutcome.Missed => "MISSED",
        SlaOutcome.Pending => "pending",
        _ => "n/a",
    };

    private static string Title(string name) => name switch
    {
        EscalationClock.Acknowledge => "Acknowledgment",
        EscalationClock.Engage => "Time to Engage",
        _ => "Time to Resolve",
    };

    private static string Minutes(TimeSpan span) => $"{Math.Max(0, (int)span.TotalMinutes).ToString(System.Globalization.CultureInfo.InvariantCulture)} min";

    private static string Counts(IReadOnlyList<PreventiveAction> actions)
    {
        int Count(string horizon) => actions.Count(a => a.Horizon == horizon);
        return $"{Count("Immediate")} immediate, {Count("Short-term")} short-term, {Count("Long-term")} long-term";
    }
}
