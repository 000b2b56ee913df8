using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>A milestone drawn from the evidence (a change, the onset, an alert), with its source.</summary>
public sealed record TimelineMilestone(DateTimeOffset At, string Section, string Event, string Actor, string Notes, SourceRef Source);

/// <summary>Values derived once from a dossier and shared by the renderers; pure reads, no clock.</summary>
public sealed class DossierFacts
{
    /// <summary>Reads the derived values of <paramref name="dossier"/>.</summary>
    public DossierFacts(IncidentDossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        D = dossier;
        Facts = new IncidentFacts(dossier.Config, dossier.Evidence, dossier.Diagnosis, dossier.Triage, dossier.DetectedAt, dossier.ReportedSymptoms);
        Id = dossier.Id.Value;
        Priority = dossier.Triage.Priority;
        Status = dossier.State.Status;
        ResolvedAt = dossier.State.ResolvedAt;
        IsResolved = Status is IncidentStatus.Resolved or IncidentStatus.Closed;
        Sla = dossier.Config.Policy.Sla.TryGetValue(Priority, out var sla) ? sla : null;
        var drafts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Audiences.StatusPage] = CommunicationsRenderer.StatusPagePath,
        };
        if (dossier.Escalation.ManagementNotified)
        {
            drafts[Audiences.Management] = CommunicationsRenderer.ManagementPath;
        }

        if (dossier.Escalation.ExecutiveNotified)
        {
            drafts[Audiences.Executive] = CommunicationsRenderer.ExecutivePath;
        }

        if (IsResolved)
        {
            drafts[Audiences.Resolution] = CommunicationsRenderer.ResolutionPath;
        }

        Notifications = Notices.Decide(dossier.State, dossier.Clock, drafts, dossier.Deliveries);
        Channels = dossier.Config.Notify.Channels;
        Brief = PlainBrief.Decide(dossier, Facts);
    }

    /// <summary>The incident in plain words for executives and the public, decided once.</summary>
    public PlainBrief Brief { get; }

    /// <summary>The review's facts (impact over time, detection gap, where we got lucky), decided once on first use.</summary>
    public ReviewFacts Review => review ??= ReviewFacts.Decide(this);

    private ReviewFacts? review;

    /// <summary>What set the incident off (the suspected change), kept apart from the root cause; null when no change explains it.</summary>
    public string? Trigger => Suspected?.Change is { } c
        ? $"{WireNames.Of(c.Kind)} {IncidentFacts.ShortRef(c.Ref)}{(c.Component is null ? string.Empty : $" of {c.Component}")}{(c.Version is null ? string.Empty : $" {c.Version}")} at {Md.Time(c.At)}"
        : null;

    /// <summary>The root cause is confirmed only when a mitigation aimed at it was carried out and validated as resolving the incident.</summary>
    public bool RootCauseConfirmed => D.Outcome.Executed && D.Outcome.Verdict == ResolutionVerdict.Resolved;

    /// <summary>Records accessed or lost, present when the evidence shows a breach or data loss; unknown until counted.</summary>
    public EstimateRange? RecordEstimate
    {
        get
        {
            if (!D.Diagnosis.Facts.SecurityBreach && !D.Diagnosis.Facts.DataLoss)
            {
                return null;
            }

            var exact = "count the distinct record or account ids in the preserved access logs (" + (D.Preserved?.ManifestPath ?? "preserve them first") + ")";
            return Facts.Counted.RecordsRange(exact)
                ?? new EstimateRange(null, null, EstimateBasis.Estimated, "no distinct record or account ids were counted in the changed log lines", exact);
        }
    }

    /// <summary>Every notice the policy decided, with how far it got (decided, drafted, queued, sent or failed as the outbox says; never sent without a channel).</summary>
    public IReadOnlyList<NoticeDecision> Notifications { get; }

    /// <summary>The configured delivery channels (webhook, email); empty when notices are only drafted.</summary>
    public IReadOnlyList<string> Channels { get; }

    /// <summary>The notice for an audience, or null when none was decided.</summary>
    public NoticeDecision? Notice(string audience) => Notifications.FirstOrDefault(n => Audiences.Is(n.Audience, audience));

    /// <summary>"drafted, not sent (no delivery channel configured)" and the like, for a notice.</summary>
    public static string NoticeStateText(NoticeDecision notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return notice.State switch
        {
            NoticeState.Decided => "decided, no draft written, not sent",
            NoticeState.Drafted => $"drafted ({notice.Artifact}), not sent: no delivery channel is configured",
            NoticeState.Queued => $"queued in the outbox for {notice.Channel}, not sent yet: {DeliveryText(notice.Deliveries)}",
            NoticeState.Sent => $"sent: {DeliveryText(notice.Deliveries)}",
            NoticeState.Failed => $"delivery failed: {DeliveryText(notice.Deliveries)}",
            _ => "confirmed by a person",
        };
    }

    /// <summary>The state text of a notice, knowing whether channels are configured: a draft with channels configured was decided outside the outbox.</summary>
    public string StateText(NoticeDecision notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return notice.State == NoticeState.Drafted && Channels.Count > 0
            ? $"drafted ({notice.Artifact}), not sent: it was decided by the respond flow, which queues nothing in the outbox ({string.Join(", ", Channels)} configured)"
            : NoticeStateText(notice);
    }

    /// <summary>Each channel's outbox record: "webhook sent 2026-11-29 10:00Z (HTTP 200: ok); email failed after 6 attempts (SMTP 550 ...)".</summary>
    public static string DeliveryText(IReadOnlyList<NoticeDelivery> deliveries)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        return string.Join("; ", deliveries.Select(d => d.State switch
        {
            NoticeDelivery.Delivered => $"{d.Channel} sent {(d.SentAt is { } at ? Md.Time(at) : "at an unrecorded time")} ({d.Answer ?? "no answer recorded"})",
            NoticeDelivery.GaveUp => $"{d.Channel} failed after {d.Attempts} attempt{(d.Attempts == 1 ? string.Empty : "s")} ({d.Answer ?? "no answer recorded"})",
            _ => d.Attempts == 0
                ? $"{d.Channel} queued {Md.Time(d.QueuedAt)}, not attempted yet"
                : $"{d.Channel} retrying after {d.Attempts} failed attempt{(d.Attempts == 1 ? string.Empty : "s")} ({d.Answer ?? "no answer recorded"})",
        }));
    }

    public IncidentDossier D { get; }

    /// <summary>The facts the roles' analysis also reads.</summary>
    public IncidentFacts Facts { get; }
    public string Id { get; }
    public Priority Priority { get; }
    public IncidentStatus Status { get; }
    public ServiceProfile Profile => Facts.Profile;

    /// <summary>The service's name ("the service" when the project names none).</summary>
    public string Service => Facts.Service;

    public IReadOnlyList<string> Components => Facts.Components;

    /// <summary>Revenue is affected: a payment or checkout flow fails, or the guidance says so.</summary>
    public bool RevenueAffected => D.Diagnosis.Facts.RevenueImpact || D.Guidance.Revenue;

    /// <summary>Compliance is at risk: a security breach, data loss or integrity issue, a compliance concern in the guidance, or legal notified.</summary>
    public bool ComplianceRisk =>
        D.Guidance.Compliance || D.Diagnosis.Facts.SecurityBreach || D.Diagnosis.Facts.DataLoss || D.Escalation.LegalNotified
        || D.Diagnosis.Category is IncidentCategory.Security or IncidentCategory.DataIntegrity;

    /// <summary>"shop users", or "users" when the service has no name.</summary>
    public string UsersPhrase => Facts.UsersPhrase;
    public Hypothesis? Leading => Facts.Leading;
    public Hypothesis? Suspected => Facts.Suspected;
    public DateTimeOffset? Onset => Facts.Onset;
    public IReadOnlyList<SeriesAnalysis> Metrics => Facts.Metrics;
    public SeriesAnalysis? ErrorRate => Facts.ErrorRate;
    public SeriesAnalysis? Latency => Facts.Latency;
    public SeriesAnalysis? Throughput => Facts.Throughput;
    public SeriesAnalysis? Availability => Facts.Availability;
    public SeriesAnalysis? Saturation => Facts.Saturation;
    public Alert? FirstAlert => Facts.FirstAlert;
    public DateTimeOffset? ResolvedAt { get; }
    public bool IsResolved { get; }
    public ResponseSla? Sla { get; }

    public string PriorityName => Priority.ToString();
    public string StatusName => WireNames.Of(Status);
    public string CategoryName => WireNames.Of(D.Diagnosis.Category);

    /// <summary>The affected components as a comma-separated list, or an unknown.</summary>
    public string ComponentList => Components.Count > 0
        ? string.Join(", ", Components)
        : Md.Unknown("no failing component was identified; a metric or alert labelled with a component would tell");

    /// <summary>A short title for subjects and headings.</summary>
    public string Title
    {
        get
        {
            var what = D.Diagnosis.Category switch
            {
                IncidentCategory.Availability => "errors",
                IncidentCategory.Performance => "slow responses",
                IncidentCategory.Functionality => "feature failure",
                IncidentCategory.Security => "security incident",
                IncidentCategory.DataIntegrity => "data integrity issue",
                _ => "incident",
            };
            return Components.Count > 0 ? $"{Components[0]} {what}" : Service == "the service" ? $"service {what}" : $"{Service} {what}";
        }
    }

    /// <summary>The person holding a role, else the first available person of the role's rotation, else an unknown naming the list that would fill it.</summary>
    public string Person(string role, string configKey)
    {
        var holder = Holder(role) ?? Rotation(role);
        return holder ?? Md.Unknown($"nobody configured; add people.{configKey} to firebreak.yaml");
    }

    // Roles the roster did not fill (the flow never reached them) still have a first contact in firebreak.yaml.
    private string? Rotation(string role)
    {
        var people = Profile.People;
        IReadOnlyList<string> list = role switch
        {
            Roles.IncidentCommander => people.IncidentCommanders,
            Roles.Tier1OnCall => people.Oncall,
            Roles.CommunicationsLead => people.Communications,
            Roles.Tier3Architect => people.Architects,
            Roles.Management => people.Management,
            Roles.Executive => people.Executives,
            Roles.SecurityLead => people.Security,
            Roles.Legal => people.Legal,
            Roles.DeploymentManager => people.DeploymentManagers,
            Roles.Tier2ComponentOwner => [.. Components.Select(c => Profile.Component(c)).OfType<ComponentInfo>()
                .SelectMany(c => new[] { c.Owner, c.Backup }).OfType<string>()],
            _ => [],
        };
        return list.FirstOrDefault(p => !string.IsNullOrWhiteSpace(p) && people.IsAvailable(p));
    }

    /// <summary>The person holding a role, or null.</summary>
    public string? Holder(string role)
    {
        var holder = D.Roster.Holder(role);
        return string.IsNullOrWhiteSpace(holder) ? null : holder;
    }

    /// <summary>True for P0/P1, where the flow assigns an incident commander and communications lead.</summary>
    public bool NeedsCommander => Priority is Priority.P0 or Priority.P1;

    public string IncidentCommander => NeedsCommander || Holder(Roles.IncidentCommander) is not null
        ? Person(Roles.IncidentCommander, "incident_commanders")
        : $"not assigned (not required for {PriorityName}; the on-call engineer owns the incident)";

    public string OnCall => Person(Roles.Tier1OnCall, "oncall");

    public string CommunicationsLead => NeedsCommander || Holder(Roles.CommunicationsLead) is not null
        ? Person(Roles.CommunicationsLead, "communications")
        : $"not assigned (not required for {PriorityName})";

    /// <summary>The technical lead, falling back to the tier 2 owner or on-call when no explicit lead was named.</summary>
    public string TechnicalLead =>
        Holder(Roles.TechnicalLead) ?? Holder(Roles.Tier2ComponentOwner) ?? Holder(Roles.Tier1OnCall)
        ?? Md.Unknown("no component owner or on-call configured; add components[].owner or people.oncall to firebreak.yaml");

    /// <summary>Affected users as a count with its share, or an unknown.</summary>
    public string AffectedUsers => Facts.AffectedUsers;

    /// <summary>When the incident ended (resolution) or, if still open, the dossier's as-of time.</summary>
    public DateTimeOffset EndOrNow => ResolvedAt ?? D.AsOf;

    /// <summary>Start of user impact: the onset when known, else detection.</summary>
    public DateTimeOffset ImpactStart => Facts.ImpactStart;

    /// <summary>Detection delay: first alert start minus onset, when both are known.</summary>
    public TimeSpan? DetectionDelay => Facts.DetectionDelay;

    /// <summary>The next status update time from the clock, or as-of plus the cadence.</summary>
    public DateTimeOffset? NextUpdate
    {
        get
        {
            if (D.Clock.NextUpdateAt is { } next)
            {
                return next;
            }

            return UpdateCadence is { } cadence ? D.AsOf + cadence : null;
        }
    }

    /// <summary>The update cadence in effect: the guidance's, else the policy's for the priority.</summary>
    public TimeSpan? UpdateCadence => D.Guidance.UpdateCadence
        ?? (D.Config.Policy.StatusPageEvery.TryGetValue(Priority, out var every) ? every : null);

    /// <summary>The next update time in words.</summary>
    public string NextUpdateText => IsResolved
        ? "none (resolved)"
        : NextUpdate is { } next
        ? Md.Time(next)
        : Md.Unknown($"no update cadence is defined for {PriorityName}; set policy.status_page_every in firebreak.yaml");

    /// <summary>The user-facing effect from triage, else the reported symptoms, else an unknown.</summary>
    public string Effect => Facts.Effect;

    /// <summary>A one-sentence description of what users see, from the leading symptom.</summary>
    public string UserImpact
    {
        get
        {
            var symptom = D.Diagnosis.Symptoms.Count > 0 ? D.Diagnosis.Symptoms[0] : null;
            return symptom is null
                ? (string.IsNullOrWhiteSpace(D.Triage.Impact.Effect) ? Md.Unknown("no symptom evidence; a firing alert or error-rate metric would show it") : Effect)
                : $"{Effect}: {Md.Cited(symptom)}";
        }
    }

    /// <summary>The root cause of step 5's analysis in one sentence, or an unknown.</summary>
    public string RootCauseSentence => D.RootCause.Whys is { RootCause: { } cause } whys
        ? $"{Md.Quote(cause)}" + (whys.Confidence is { } confidence ? $" (confidence {WireNames.Of(confidence)})" : string.Empty)
        : Md.Unknown("no hypothesis is supported by the evidence; change records, error logs or dependency metrics would be needed");

    /// <summary>The strategy's wire name.</summary>
    public string StrategyName => WireNames.Of(D.Mitigation.Strategy);

    /// <summary>The strategy in words.</summary>
    public string StrategyWords => WordsOf(D.Mitigation.Strategy);

    /// <summary>A strategy in words ("Rollback", "Configuration change").</summary>
    public static string WordsOf(MitigationStrategy strategy) => strategy switch
    {
        MitigationStrategy.Rollback => "Rollback",
        MitigationStrategy.Hotfix => "Hotfix",
        MitigationStrategy.ConfigChange => "Configuration change",
        MitigationStrategy.Workaround => "Workaround",
        MitigationStrategy.Scaling => "Infrastructure scaling",
        _ => strategy.ToString(),
    };

    /// <summary>The resolution verdict in words.</summary>
    public string ResolutionStatus => D.Outcome.Verdict is { } verdict
        ? WireNames.Of(verdict)
        : D.Outcome.Executed
            ? "NOT RESOLVED (executed, validation pending)"
            : "NOT RESOLVED (mitigation not executed; run with --execute)";

    /// <summary>Minutes between a change and the onset, when both are known.</summary>
    public TimeSpan? ChangeToOnset(ChangeRecord change) => Facts.ChangeToOnset(change);

    /// <summary>The evidence milestones: changes near the incident, metric onsets, new log templates and alerts.</summary>
    public IReadOnlyList<TimelineMilestone> Milestones()
    {
        var list = new List<TimelineMilestone>();
        var window = D.Config.Policy.ChangeWindow;
        var from = ImpactStart - window;
        // A busy repository can hold hundreds of commits in the window: keep the hypotheses' changes and the ones closest to the impact.
        var blamed = D.Diagnosis.Hypotheses.Select(h => h.Change).OfType<ChangeRecord>().ToHashSet();
        var changes = D.Evidence.Changes.Where(c => c.At >= from && c.At <= D.AsOf)
            .OrderByDescending(blamed.Contains)
            .ThenBy(c => (c.At - ImpactStart).Duration())
            .Take(Math.Max(MaxChangeMilestones, blamed.Count));
        foreach (var change in changes)
        {
            var suspected = Suspected?.Change is { } s && s.Ref == change.Ref && s.Kind == change.Kind;
            list.Add(new TimelineMilestone(change.At, "Changes", $"Change: {IncidentFacts.Describe(change)}", change.Author ?? "change record",
                (suspected ? "suspected cause; " : string.Empty) + Md.Clip(Redactor.Redact(change.Description), 120), change.Source));
        }

        foreach (var series in Metrics.Where(m => m.Anomalous && m.Onset is not null))
        {
            list.Add(new TimelineMilestone(series.Onset!.Value, "Symptoms", $"Onset: {series.Series.Name} {series.Direction}",
                "metrics", IncidentFacts.MetricSummary(series), series.Series.Source));
        }

        foreach (var template in D.Evidence.Logs.Templates.Where(t => t.IsNew && (t.Onset ?? t.FirstSeen) is not null).Take(5))
        {
            var source = template.Examples.Count > 0 ? template.Examples[0] : new SourceRef("logs");
            list.Add(new TimelineMilestone((template.Onset ?? template.FirstSeen)!.Value, "Symptoms",
                $"New log pattern{(template.Component is null ? string.Empty : " in " + template.Component)}",
                "logs", $"{Md.Num(template.Count)}× {Md.Clip(Redactor.Redact(template.Template), 100)}", source));
        }

        foreach (var alert in D.Evidence.Alerts.OrderBy(a => a.StartsAt).Take(MaxAlertMilestones))
        {
            list.Add(new TimelineMilestone(alert.StartsAt, "Symptoms", $"Alert {alert.Name} fired ({alert.Severity})",
                "alertmanager", Md.Clip(Redactor.Redact(alert.Summary), 120), alert.Source));
        }

        return [.. list.OrderBy(m => m.At).ThenBy(m => m.Event, StringComparer.Ordinal)];
    }

    private const int MaxChangeMilestones = 12;
    private const int MaxAlertMilestones = 20;

    /// <summary>The failed-request estimate since onset: the integral of throughput × error rate, when both series exist.</summary>
    public double? FailedRequests()
    {
        if (ErrorRate is null || Throughput is null || Onset is not { } onset)
        {
            return null;
        }

        var errors = ErrorRate.Series.Samples.Where(s => s.At >= onset && s.At <= EndOrNow).ToList();
        if (errors.Count < 2)
        {
            return null;
        }

        var throughput = Throughput.Series.Samples.OrderBy(s => s.At).ToList();
        double total = 0;
        var j = 0;
        for (var i = 1; i < errors.Count; i++)
        {
            var seconds = (errors[i].At - errors[i - 1].At).TotalSeconds;
            // Both series are in time order, so the nearest throughput sample only moves forward.
            while (j + 1 < throughput.Count && (throughput[j + 1].At - errors[i].At).Duration() <= (throughput[j].At - errors[i].At).Duration())
            {
                j++;
            }

            var rps = throughput.Count > 0 ? throughput[j].Value : Throughput.Current ?? 0;
            total += errors[i].Value * rps * seconds;
        }

        return total;
    }

    /// <summary>Share of a 30-day error budget that the incident consumed (excess error ratio over baseline since onset), when computable.</summary>
    public double? ErrorBudgetConsumed()
    {
        if (Profile.Slo.AllowedErrorRatio is not { } budgetFraction || budgetFraction <= 0 || Onset is not { } onset)
        {
            return null;
        }

        var series = ErrorRate;
        if (series is null)
        {
            return null;
        }

        var samples = series.Series.Samples.Where(s => s.At >= onset && s.At <= EndOrNow).ToList();
        if (samples.Count < 2)
        {
            return null;
        }

        return ErrorBudget.Spent(samples.Select(s => (s.At, s.Value)), budgetFraction);
    }

    /// <summary>Current availability as a ratio, from an availability series or one minus the error rate.</summary>
    public (double Ratio, SourceRef Source)? CurrentAvailability()
    {
        if (Availability is { Current: { } a } av)
        {
            return (a, av.CurrentSource ?? av.Series.Source);
        }

        if (ErrorRate is { Current: { } e } er)
        {
            return (1 - e, er.CurrentSource ?? er.Series.Source);
        }

        return null;
    }
}
