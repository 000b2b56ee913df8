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
        Id = dossier.Id.Value;
        Priority = dossier.Triage.Priority;
        Status = dossier.State.Status;
        Profile = dossier.Config.Profile;
        Service = string.IsNullOrWhiteSpace(Profile.Service) || Profile.Service == "unknown" ? "the service" : Profile.Service;
        Components = dossier.Diagnosis.AffectedComponents;
        Leading = dossier.Diagnosis.Leading;
        Suspected = dossier.Diagnosis.Suspected;
        Onset = dossier.Diagnosis.Onset;
        Metrics = dossier.Evidence.Metrics;
        ErrorRate = Primary("error_rate");
        Latency = Primary("latency_p95_ms");
        Throughput = Primary("throughput");
        Availability = Primary("availability");
        Saturation = Primary("saturation");
        FirstAlert = dossier.Evidence.Alerts.OrderBy(a => a.StartsAt).FirstOrDefault();
        ResolvedAt = dossier.State.ResolvedAt;
        IsResolved = Status is IncidentStatus.Resolved or IncidentStatus.Closed;
        Sla = dossier.Config.Policy.Sla.TryGetValue(Priority, out var sla) ? sla : null;
    }

    public IncidentDossier D { get; }
    public string Id { get; }
    public Priority Priority { get; }
    public IncidentStatus Status { get; }
    public ServiceProfile Profile { get; }

    /// <summary>The service's name ("the service" when the project names none).</summary>
    public string Service { get; }

    public IReadOnlyList<string> Components { get; }

    /// <summary>"shop users", or "users" when the service has no name.</summary>
    public string UsersPhrase => Service == "the service" ? "users" : $"{Md.Safe(Service)} users";
    public Hypothesis? Leading { get; }
    public Hypothesis? Suspected { get; }
    public DateTimeOffset? Onset { get; }
    public IReadOnlyList<SeriesAnalysis> Metrics { get; }
    public SeriesAnalysis? ErrorRate { get; }
    public SeriesAnalysis? Latency { get; }
    public SeriesAnalysis? Throughput { get; }
    public SeriesAnalysis? Availability { get; }
    public SeriesAnalysis? Saturation { get; }
    public Alert? FirstAlert { get; }
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
    public string AffectedUsers
    {
        get
        {
            var impact = D.Triage.Impact;
            if (impact.AffectedUsers is { } users && impact.AffectedRatio is { } ratio)
            {
                return $"{Md.Num(users)} ({Md.Percent(ratio, 1)} of {UserBase})";
            }

            if (impact.AffectedUsers is { } count)
            {
                return Md.Num(count);
            }

            if (impact.AffectedRatio is { } share)
            {
                return $"{Md.Percent(share, 1)} of users ({Md.Unknown("the user count needs users: in firebreak.yaml")})";
            }

            return Md.Unknown("needs a user-facing error-rate metric and users: in firebreak.yaml");
        }
    }

    private string UserBase => Profile.Users is { } u ? $"{Md.Num(u)} users" : "users";

    /// <summary>When the incident ended (resolution) or, if still open, the dossier's as-of time.</summary>
    public DateTimeOffset EndOrNow => ResolvedAt ?? D.AsOf;

    /// <summary>Start of user impact: the onset when known, else detection.</summary>
    public DateTimeOffset ImpactStart => Onset is { } onset && onset < D.DetectedAt ? onset : D.DetectedAt;

    /// <summary>Detection delay: first alert start minus onset, when both are known.</summary>
    public TimeSpan? DetectionDelay => Onset is { } onset && FirstAlert is { } alert ? alert.StartsAt - onset : null;

    /// <summary>The next status update time from the clock, or as-of plus the cadence.</summary>
    public DateTimeOffset? NextUpdate
    {
        get
        {
            if (D.Clock.NextUpdateAt is { } next)
            {
                return next;
            }

            var cadence = D.Guidance.UpdateCadence ?? Sla?.UpdateEvery
                ?? (D.Config.Policy.StatusPageEvery.TryGetValue(Priority, out var every) ? every : (TimeSpan?)null);
            return cadence is { } c ? D.AsOf + c : null;
        }
    }

    /// <summary>The update cadence in effect.</summary>
    public TimeSpan? UpdateCadence => D.Guidance.UpdateCadence
        ?? (D.Config.Policy.StatusPageEvery.TryGetValue(Priority, out var every) ? every : Sla?.UpdateEvery);

    /// <summary>The next update time in words.</summary>
    public string NextUpdateText => NextUpdate is { } next
        ? Md.Time(next)
        : Md.Unknown($"no update cadence is defined for {PriorityName}; set policy.status_page_every in firebreak.yaml");

    /// <summary>The user-facing effect from triage, else the reported symptoms, else an unknown.</summary>
    public string Effect
    {
        get
        {
            var effect = D.Triage.Impact.Effect;
            if (!string.IsNullOrWhiteSpace(effect))
            {
                return Md.Safe(effect);
            }

            return string.IsNullOrWhiteSpace(D.ReportedSymptoms)
                ? Md.Unknown("no symptom evidence; a firing alert or error-rate metric would show it")
                : $"the reported symptoms (\"{Md.Quote(Md.Clip(D.ReportedSymptoms, 120))}\")";
        }
    }

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

    /// <summary>The leading explanation in one sentence, or an unknown.</summary>
    public string RootCauseSentence => Leading is { } h
        ? $"{Md.Quote(h.Statement)} (confidence {WireNames.Of(h.Confidence)})"
        : Md.Unknown("no hypothesis is supported by the evidence; change records, error logs or dependency metrics would be needed");

    /// <summary>The strategy's wire name.</summary>
    public string StrategyName => WireNames.Of(D.Mitigation.Strategy);

    /// <summary>The strategy in words.</summary>
    public string StrategyWords => D.Mitigation.Strategy switch
    {
        MitigationStrategy.Rollback => "Rollback",
        MitigationStrategy.Hotfix => "Hotfix",
        MitigationStrategy.ConfigChange => "Configuration change",
        MitigationStrategy.Workaround => "Workaround",
        MitigationStrategy.Scaling => "Infrastructure scaling",
        _ => D.Mitigation.Strategy.ToString(),
    };

    /// <summary>The resolution verdict in words.</summary>
    public string ResolutionStatus => D.Outcome.Verdict is { } verdict
        ? WireNames.Of(verdict)
        : D.Outcome.Executed
            ? "NOT RESOLVED (executed, validation pending)"
            : "NOT RESOLVED (mitigation not executed; run with --execute)";

    /// <summary>The change description in one line.</summary>
    public static string Describe(ChangeRecord change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var what = WireNames.Of(change.Kind);
        var component = change.Component is null ? string.Empty : $" of {change.Component}";
        var version = change.Version is null ? string.Empty : $" version {change.Version}";
        var key = change.Key is null ? string.Empty : $" {change.Key}: {change.OldValue ?? "?"} → {change.NewValue ?? "?"}";
        return $"{what}{component}{version}{key} ({ShortRef(change.Ref)})";
    }

    /// <summary>A commit SHA shortened to 12 characters; other references as they are.</summary>
    public static string ShortRef(string reference) =>
        reference.Length == 40 && reference.All(Uri.IsHexDigit) ? reference[..12] : reference;

    /// <summary>Minutes between a change and the onset, when both are known.</summary>
    public TimeSpan? ChangeToOnset(ChangeRecord change) => Onset is { } onset ? onset - change.At : null;

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
            list.Add(new TimelineMilestone(change.At, "Changes", $"Change: {Describe(change)}", change.Author ?? "change record",
                (suspected ? "suspected cause; " : string.Empty) + Md.Clip(Redactor.Redact(change.Description), 120), change.Source));
        }

        foreach (var series in Metrics.Where(m => m.Anomalous && m.Onset is not null))
        {
            list.Add(new TimelineMilestone(series.Onset!.Value, "Symptoms", $"Onset: {series.Series.Name} {series.Direction}",
                "metrics", MetricSummary(series), series.Series.Source));
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

    /// <summary>Baseline, current and peak of a series, in its unit.</summary>
    public static string MetricSummary(SeriesAnalysis series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return $"baseline {Value(series, series.Baseline)}, current {Value(series, series.Current)}, peak {Value(series, series.Peak)}";
    }

    /// <summary>A metric value in its unit (ratios as percentages, latency in ms).</summary>
    public static string Value(SeriesAnalysis series, double? value)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (value is not { } v)
        {
            return "unknown (no samples)";
        }

        return series.Series.Kind switch
        {
            "error_rate" or "availability" or "saturation" => Md.Percent(v, 2),
            "latency_p95_ms" => Md.Num(v, 0) + " ms",
            "throughput" => Md.Num(v, 1) + " req/s",
            _ => Md.Num(v, 3),
        };
    }

    /// <summary>The citation of a series' current value (or the series file).</summary>
    public static string CiteSeries(SeriesAnalysis series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return Md.Cite(series.CurrentSource ?? series.Series.Source);
    }

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

        double badSeconds = 0;
        for (var i = 1; i < samples.Count; i++)
        {
            badSeconds += samples[i].Value * (samples[i].At - samples[i - 1].At).TotalSeconds;
        }

        var budgetSeconds = budgetFraction * TimeSpan.FromDays(30).TotalSeconds;
        return badSeconds / budgetSeconds;
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

    private SeriesAnalysis? Primary(string kind)
    {
        var ofKind = Metrics.Where(m => string.Equals(m.Series.Kind, kind, StringComparison.OrdinalIgnoreCase)).ToList();
        return ofKind.FirstOrDefault(m => m.Anomalous && m.Series.Component is { } c && Components.Contains(c, StringComparer.OrdinalIgnoreCase))
            ?? ofKind.FirstOrDefault(m => m.Anomalous)
            ?? ofKind.FirstOrDefault(m => m.Series.Component is { } c && Components.Contains(c, StringComparer.OrdinalIgnoreCase))
            ?? ofKind.FirstOrDefault();
    }
}
