using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>Renders the communications: initial alert, management and executive notifications, status page and resolution notice.</summary>
public static class CommunicationsRenderer
{
    public const string InitialAlertPath = "communications/initial-alert.md";
    public const string ManagementPath = "communications/management-notification.md";
    public const string ExecutivePath = "communications/executive-notification.md";
    public const string StatusPagePath = "communications/status-page-update.md";
    public const string ResolutionPath = "communications/resolution-notification.md";

    /// <summary>The first internal alert to the responders.</summary>
    public static string InitialAlert(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var d = f.D;
        var doc = new MarkdownDoc();
        doc.Heading(1, $"Incident Alert: {f.Id}");
        doc.Field("Status", $"DETECTED (current status: {f.StatusName})")
            .Field("Severity", f.PriorityName + (d.Triage.ReportedPriority is { } r && r != f.Priority ? $" (reported as {r})" : string.Empty))
            .Field("Time", Md.Clock(d.DetectedAt) + " (" + Md.Date(d.DetectedAt) + ")");
        doc.Blank();
        doc.Field("Issue", Md.Quote(Md.Clip(d.ReportedSymptoms, 300)))
            .Field("User Impact", f.UserImpact)
            .Field("Affected Systems", Md.Safe(f.ComponentList));
        doc.Blank();
        doc.Field("Assigned", Md.Safe(f.OnCall))
            .Field("Incident Commander", Md.Safe(f.IncidentCommander))
            .Field("Next Update", f.NextUpdateText);
        doc.Blank();
        doc.Field("Incident Channel", Channel(f))
            .Field("Incident Dashboard", Dashboard(f));
        return doc.ToString();
    }

    /// <summary>The channel name, e.g. <c>#incident-2026-11-25-inc-42</c>.</summary>
    public static string Channel(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return $"#incident-{Md.Date(f.D.DetectedAt)}-{f.Id.ToLowerInvariant()}";
    }

    private static string Dashboard(DossierFacts f)
    {
        var files = f.Metrics.Select(m => m.Series.Source.File).Distinct(StringComparer.Ordinal).Take(4).ToList();
        return Md.Unknown("no dashboard URL configured in firebreak.yaml")
            + (files.Count > 0 ? "; the metrics read are " + string.Join(", ", files.Select(Md.Code)) : string.Empty);
    }

    /// <summary>The notification to management (written only when management was notified).</summary>
    public static string Management(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var d = f.D;
        var doc = new MarkdownDoc();
        doc.Heading(1, $"Management Notification: {f.Id}");
        doc.Field("To", Md.Safe(Recipients(d.Config.Profile.People.Management, f.Holder(Roles.Management), "management")))
            .Field("Subject", $"[{f.PriorityName} INCIDENT] {Md.Safe(f.Brief.WhatUsersSee)} - {PhaseWord(f)}")
            .Field("Why notified", Md.Safe(d.Escalation.ManagementReason));
        doc.Blank();
        doc.Field("Incident ID", f.Id)
            .Field("Severity", f.PriorityName)
            .Field("Start Time", Md.Clock(f.ImpactStart) + " (" + Md.Date(f.ImpactStart) + ")")
            .Field("Duration", Md.Duration(f.EndOrNow - f.ImpactStart) + (f.IsResolved ? string.Empty : $" (as of {Md.Clock(d.AsOf)})"));
        doc.Blank();
        doc.Field("User Impact", $"{Md.Safe(f.Brief.WhatUsersSee)} ({f.Effect})")
            .Field("Affected Users", f.AffectedUsers)
            .Field("Affected Systems", Md.Safe(f.ComponentList))
            .Field("Business Impact", BusinessImpact(f));
        doc.Blank();
        doc.Field("Current Status", PhaseWord(f))
            .Field("Root Cause", (f.Leading is null ? string.Empty : f.Leading.Confidence == Confidence.High ? "Likely: " : "Hypothesis: ") + f.RootCauseSentence)
            .Field("What Is Being Done", Md.Safe(f.Brief.BeingDone))
            .Field("ETA to Resolution", Eta(f));
        doc.Blank();
        doc.Field("Incident Commander", Md.Safe(f.IncidentCommander))
            .Field("Next Update", f.NextUpdateText);
        return doc.ToString();
    }

    /// <summary>The notification to executives (written only when executives were notified): business terms, no commit, template or service name.</summary>
    public static string Executive(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var d = f.D;
        var brief = f.Brief;
        var doc = new MarkdownDoc();
        doc.Heading(1, $"Executive Notification: {f.Id}");
        doc.Field("To", Md.Safe(Recipients(d.Config.Profile.People.Executives, f.Holder(Roles.Executive), "executives")))
            .Field("Subject", $"[EXECUTIVE ALERT] {f.PriorityName} Incident - {Md.Safe(brief.WhatUsersSee)}")
            .Field("Why notified", Md.Safe(d.Escalation.ExecutiveReason));

        doc.Heading(2, "Business Impact");
        var facts = d.Diagnosis.Facts;
        doc.Bullet($"**What customers see**: {Md.Safe(brief.WhatUsersSee)} since {Md.Time(f.ImpactStart)}");
        doc.Bullet("**Customers affected**: " + Md.Safe(f.Facts.UserEstimate.Plain("users")) + " (basis in triage-assessment.md)");
        doc.Bullet("**Revenue Impact**: " + (f.RevenueAffected ? "YES: " + Md.Unknown("amount needs revenue per minute of the affected flow") : "none indicated"));
        doc.Bullet("**Compliance Risk**: " + (f.ComplianceRisk
            ? "YES: " + (facts.SecurityBreach ? "security breach suspected" : facts.DataLoss ? "data loss or corruption" : "compliance concern raised") + (d.Escalation.LegalNotified ? "; legal notice decided (not sent)" : string.Empty)
            : "NO"));
        doc.Bullet("**Reputation Risk**: " + TriageAssessmentRenderer.ReputationRisk(f));

        doc.Heading(2, "What Is Being Done");
        doc.Field("Likely cause", Md.Safe(brief.Cause))
            .Field("Action", Md.Safe(brief.BeingDone))
            .Field("Expected back", Md.Safe(brief.Eta) + (f.ResolvedAt is null && f.Sla?.Resolve is { } r ? $"; the {f.PriorityName} resolution target is {Md.Time(d.DetectedAt + r)}" : string.Empty))
            .Field("Incident Commander", Md.Safe(f.IncidentCommander));

        doc.Heading(2, "Decision Needed");
        doc.Line(brief.Ask switch
        {
            ExecutiveAsk.DisclosureWithLegal => $"DECISION REQUIRED: regulatory and customer disclosure obligations, with legal ({Md.Safe(brief.AskReason)}).",
            ExecutiveAsk.ApproveHotfix => $"DECISION REQUIRED: approve an emergency fix outside the normal release process ({Md.Safe(brief.AskReason)}).",
            ExecutiveAsk.AwarenessOnly => $"None: for awareness only ({Md.Safe(brief.AskReason)}).",
            _ => $"None ({Md.Safe(brief.AskReason)}).",
        });
        doc.Blank();
        doc.Field("Next Update", f.NextUpdateText);
        doc.Blank();
        doc.Line("Technical details (commit, services, logs) are in root-cause-analysis.md and the incident record.");
        return doc.ToString();
    }

    /// <summary>The public status page update: no internal names or components.</summary>
    public static string StatusPage(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var d = f.D;
        var doc = new MarkdownDoc();
        doc.Heading(1, $"Status Page Update: {Md.Safe(f.Service)}");
        doc.Line("Public text: no internal names, components or people.");
        var phase = PublicPhase(f);
        var cadence = f.UpdateCadence is { } c ? Md.Minutes(c) : null;
        doc.Heading(2, "Current Update");
        doc.Line($"**{Md.Time(phase == "Resolved" && f.ResolvedAt is { } resolved ? resolved : d.AsOf)} - {phase}**");
        doc.Blank();
        doc.Line(PublicText(f, phase, cadence));
        doc.Blank();
        doc.Field("Next update", f.NextUpdateText);
        if (d.Config.Policy.StatusPageFirstWithin.TryGetValue(f.Priority, out var first))
        {
            doc.Field("Policy", $"post: the policy posts for {f.PriorityName}, first update within {Md.Minutes(first)} of detection (due {Md.Time(d.DetectedAt + first)})");
        }
        else
        {
            doc.Field("Policy", $"do not post: the policy posts a status page notice only for {string.Join("/", d.Config.Policy.StatusPageFirstWithin.Keys.Order())}; this draft is kept in case the impact grows");
        }

        doc.Heading(2, "Update History");
        var notices = f.Notifications.Where(n => Audiences.Is(n.Audience, Audiences.StatusPage) && n.Deliveries.All(x => !x.Key.Contains(":status-page:", StringComparison.Ordinal))).ToList();
        doc.Bullets(
            notices.Count == 0
                ? [$"{Md.Time(d.AsOf)}: {phase}: drafted, not posted (not required by the policy)"]
                : [
                    .. notices.Select(n => n.Sequence is { } number
                        ? $"{Md.Time(n.DecidedAt)}: update #{number} posted by a person ({Md.Quote(Md.Clip(n.Reason, 200))}); {f.StateText(n)}"
                        : $"{Md.Time(n.DecidedAt)}: first notice decided ({Md.Safe(n.Reason)}); {f.StateText(n)}"),
                    $"{Md.Time(d.AsOf)}: {phase}: this draft, not posted",
                ],
            "none");

        doc.Heading(2, "Prepared Wording for the Next Stages");
        foreach (var next in new[] { "Investigating", "Identified", "Monitoring", "Resolved" }.SkipWhile(p => p != phase).Skip(1).Where(p => p != "Identified"))
        {
            doc.Line($"**{next}**: {PublicText(f, next, cadence)}");
            doc.Blank();
        }

        if (phase == "Resolved")
        {
            doc.Line("None: the incident is resolved.");
        }

        return doc.ToString();
    }

    /// <summary>Every notice and outbox message of the incident with its delivery state as the outbox records it: drafted, queued, sent (with the channel's answer and time) or failed (with the error and the attempts).</summary>
    public static string DeliveryLog(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var doc = new MarkdownDoc();
        doc.Heading(1, $"Notice Delivery: {f.Id}");
        doc.Field("Channels", f.Channels.Count == 0 ? "none configured (firebreak.yaml notify:): every notice stays a draft" : string.Join(", ", f.Channels))
            .Field("Source", "the incident's events (what was decided) and the outbox in .aiwg/incidents/firebreak.db (what each channel answered)");
        doc.Blank();
        doc.Raw(f.Notifications.Count == 0 ? "No notice was decided." : Md.Table(
            ["Decided", "Audience", "What", "State", "Delivery"],
            f.Notifications.Select(n => (IReadOnlyList<string>)
            [
                Md.Time(n.DecidedAt),
                n.Audience + (n.Sequence is { } number ? $" #{number}" : string.Empty),
                Md.Clip(n.Reason, 120),
                n.StateName,
                n.Deliveries.Count == 0 ? f.StateText(n) : DossierFacts.DeliveryText(n.Deliveries),
            ])));
        return doc.ToString();
    }

    /// <summary>The delivery log's path.</summary>
    public const string DeliveryLogPath = "communications/delivery-log.md";

    /// <summary>The resolution notice: public and internal (written only when resolved).</summary>
    public static string Resolution(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var d = f.D;
        var resolvedAt = f.ResolvedAt ?? d.AsOf;
        var doc = new MarkdownDoc();
        doc.Heading(1, $"Resolution Notification: {f.Id}");
        doc.Heading(2, "Status Page Update");
        doc.Line($"**{Md.Time(resolvedAt)} - Resolved**");
        doc.Blank();
        doc.Line(PublicText(f, "Resolved", null));

        doc.Heading(2, "Internal Notification");
        doc.Field("Subject", $"[RESOLVED] {f.Id} - {Md.Safe(f.Title)}");
        doc.Blank();
        doc.Field("Status", f.StatusName)
            .Field("Resolution Time", Md.Clock(resolvedAt) + " (" + Md.Date(resolvedAt) + ")")
            .Field("Total Duration", Md.Duration(resolvedAt - f.ImpactStart));
        doc.Blank();
        doc.Field("Resolution Summary", $"{f.StrategyWords}: {Md.Sentence(Md.Quote(d.Mitigation.Rationale))} Validation: {f.ResolutionStatus}.")
            .Field("Root Cause", f.RootCauseSentence)
            .Field("User Impact", $"{f.UserImpact}; affected users: {f.AffectedUsers}");
        doc.Blank();
        doc.Field("Next Steps", d.Review.Required && d.Review.MeetingAt is { } at
            ? $"Post-incident review scheduled for {Md.Time(at)} (see pir-meeting-invite.md)"
            : d.Review.Required ? "Post-incident review to be scheduled (see pir-meeting-invite.md)" : $"No post-incident review required for {f.PriorityName}; preventive actions in preventive-actions.md");
        return doc.ToString();
    }

    /// <summary>The public phase for the incident's state.</summary>
    public static string PublicPhase(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return f.Status switch
        {
            IncidentStatus.Resolved or IncidentStatus.Closed => f.D.Outcome.Verdict == ResolutionVerdict.PartiallyResolved ? "Monitoring" : "Resolved",
            IncidentStatus.Mitigating when f.D.Outcome.Executed => "Monitoring",
            _ when f.RootCauseConfirmed => "Identified",

            // A suspected cause is not an identified one: the public page says investigating until it is confirmed.
            _ => "Investigating",
        };
    }

    private static string PublicText(DossierFacts f, string phase, string? cadence)
    {
        var service = f.Brief.Feature is { } feature
            ? (f.Service == "the service" ? Md.Safe(feature) : $"{Md.Safe(feature)} on {Md.Safe(f.Service)}")
            : Md.Safe(f.Service);
        var symptoms = f.D.Diagnosis.Category switch
        {
            IncidentCategory.Availability => "errors or failed requests",
            IncidentCategory.Performance => "slow responses or timeouts",
            IncidentCategory.Functionality => "some features not working as expected",
            IncidentCategory.DataIntegrity => "incorrect or missing information",
            _ => "a disruption of some features",
        };
        var every = cadence is null ? "We will provide further updates as they become available." : $"We will provide updates every {cadence}.";
        return phase switch
        {
            "Investigating" => $"We are currently investigating an issue affecting {service}. Users may experience {symptoms}. {every}",
            "Identified" => $"We have identified the cause of the issue affecting {service} and are working on a fix. Users may still experience {symptoms}. {every}",
            "Monitoring" => $"A fix has been applied for the issue affecting {service} and we are monitoring the results. {every}",
            // Only a measured recovery is stated as fact; a recovery responders reported is posted as theirs, being confirmed.
            _ when f.Review.Gap.Mark(GapStage.Recovered).Basis != GapBasis.Measured =>
                $"Our team reports that the issue affecting {service} has been resolved, and we are monitoring to confirm that service is operating normally. We apologize for the disruption. Root cause: {PublicCause(f)}. A detailed post-incident review will be published within 48 hours.",
            _ => $"The issue affecting {service} has been resolved. Service is operating normally. We apologize for the disruption. Root cause: {PublicCause(f)}. A detailed post-incident review will be published within 48 hours.",
        };
    }

    // A cause is named publicly only once confirmed (a validated mitigation); until then the page does not speculate.
    private static string PublicCause(DossierFacts f) => (f.RootCauseConfirmed ? f.Leading?.Cause : null) switch
    {
        CauseKind.Change => "a recent change to our systems, which has been reverted or corrected",
        CauseKind.Capacity => "insufficient capacity during a period of high demand",
        CauseKind.Dependency => "a failure in a service we depend on",
        CauseKind.Security => "a security issue, which has been contained",
        CauseKind.DataIntegrity => "a data processing error, which has been corrected",
        _ => "under investigation; details will follow in the post-incident review",
    };

    private static string PhaseWord(DossierFacts f) => f.Status switch
    {
        IncidentStatus.Resolved or IncidentStatus.Closed => "RESOLVED",
        IncidentStatus.Mitigating => "MITIGATING",
        IncidentStatus.Identified => "IDENTIFIED (plan chosen, not carried out)",
        _ => "INVESTIGATING",
    };

    private static string Eta(DossierFacts f)
    {
        if (f.ResolvedAt is { } at)
        {
            return "resolved at " + Md.Time(at);
        }

        var sla = f.Sla?.Resolve is { } r ? $"; the {f.PriorityName} resolve target is {Md.Time(f.D.DetectedAt + r)}" : string.Empty;
        return Md.Unknown(f.D.Outcome.Executed ? "the mitigation ran and is being validated" : "depends on executing and validating the mitigation") + sla;
    }

    private static string BusinessImpact(DossierFacts f)
    {
        var parts = new List<string>();
        if (f.RevenueAffected)
        {
            parts.Add("revenue loss (amount unknown: needs revenue per minute)");
        }

        if (f.D.Guidance.Compliance || f.D.Diagnosis.Facts.SecurityBreach || f.D.Diagnosis.Facts.DataLoss)
        {
            parts.Add("compliance risk");
        }

        parts.Add($"reputation impact {TriageAssessmentRenderer.ReputationRisk(f)}");
        return string.Join(", ", parts);
    }

    private static string Summary(DossierFacts f)
    {
        var d = f.D;
        var first = $"Since {Md.Time(f.ImpactStart)}, {f.UsersPhrase} see {f.Effect} ({f.AffectedUsers}).";
        var second = $"Most likely cause: {f.RootCauseSentence}.";
        var third = d.Outcome.Executed
            ? $"The response team applied a {f.StrategyName} ({f.ResolutionStatus})."
            : $"The response team recommends a {f.StrategyName}; it has not been executed yet.";
        return $"{first} {second} {third}";
    }

    private static string ExecutiveAction(DossierFacts f)
    {
        var d = f.D;
        if (d.Escalation.SecurityEngaged || d.Diagnosis.Facts.SecurityBreach || d.Diagnosis.Facts.DataLoss)
        {
            return "DECISION REQUIRED: regulatory and user disclosure obligations with legal";
        }

        if (d.Mitigation.Strategy == MitigationStrategy.Hotfix && !d.Outcome.Executed)
        {
            return "DECISION REQUIRED: approve an emergency hotfix outside the normal release process";
        }

        return f.IsResolved ? "NONE" : "AWARENESS ONLY";
    }

    private static string Recipients(IReadOnlyList<string> people, string? holder, string key) =>
        holder ?? (people.Count > 0 ? string.Join(", ", people) : Md.Unknown($"nobody configured; add people.{key} to firebreak.yaml"));
}
