using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>
/// The incident-responder: records the incident, sends the initial alert, assesses impact, synthesises the
/// priority, leads the 5 Whys, selects the mitigation and writes the public and resolution communications.
/// </summary>
public static class IncidentResponder
{
    private const string Me = Agents.IncidentResponder;

    /// <summary>Creates the incident record: when and how it was detected and what was reported.</summary>
    public static RoleResult<DetectionRecord> Record(FlowRequest request, EvidenceBundle evidence, Diagnosis diagnosis, IncidentState state, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(diagnosis);
        ArgumentNullException.ThrowIfNull(state);

        var acknowledged = Acknowledgement(request, evidence, state, asOf);
        if (state.Events.OfType<IncidentDetected>().FirstOrDefault() is { } known)
        {
            // A re-run continues the incident as it was first recorded.
            return new(new DetectionRecord(known.At, known.Reporter, known.DetectionMethod, known.Summary, known.Source), acknowledged);
        }

        var firing = evidence.Alerts.Where(a => a.IsFiring && a.StartsAt <= asOf).OrderBy(a => a.StartsAt).ToList();
        DateTimeOffset detectedAt;
        string reporter, method, source;
        if (firing.Count > 0)
        {
            detectedAt = firing[0].StartsAt;
            reporter = $"Alertmanager alert {firing[0].Name}";
            method = "automated-alert";
            source = firing[0].Source.ToString();
        }
        else if (request.DetectedAt is { } given)
        {
            detectedAt = given;
            reporter = "user";
            method = request.Description is null ? "manual" : "user-report";
            source = "--detected-at";
        }
        else
        {
            detectedAt = asOf;
            reporter = "user";
            method = request.Description is null ? "manual" : "user-report";
            source = "firebreak respond (time of the run)";
        }

        var symptoms = Symptoms(request, firing, diagnosis);
        var detected = new IncidentDetected(detectedAt, Me, request.Id.Value, reporter, method, symptoms, request.ReportedPriority, source);
        return new(new DetectionRecord(detectedAt, reporter, method, symptoms, source), [detected, .. acknowledged]);
    }

    /// <summary>A person's acknowledgement, from --acknowledged-at or an acknowledged alert; none when the record already holds one.</summary>
    /// <remarks>Firebreak's own run is never an acknowledgement: without one the acknowledge and engage SLAs stay unknown.</remarks>
    public static IReadOnlyList<IncidentEvent> Acknowledgement(FlowRequest request, EvidenceBundle evidence, IncidentState state, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Events.OfType<IncidentAcknowledged>().Any())
        {
            return [];
        }

        if (request.AcknowledgedAt is { } given && given <= asOf)
        {
            return [new IncidentAcknowledged(given, Me, request.AcknowledgedBy ?? "the responder (--acknowledged-at)", "--acknowledged-at")];
        }

        var alert = evidence.Alerts.Where(a => a.AcknowledgedAt is { } at && at <= asOf).OrderBy(a => a.AcknowledgedAt).FirstOrDefault();
        return alert is { AcknowledgedAt: { } ackAt }
            ? [new IncidentAcknowledged(ackAt, Me, alert.AcknowledgedBy ?? "unknown person (the alert does not say)", $"alert {alert.Name} acknowledged {alert.Source}")]
            : [];
    }

    /// <summary>The reported symptoms: --description, else the firing alerts' summaries, else the strongest evidence.</summary>
    public static string Symptoms(FlowRequest request, IReadOnlyList<Alert> firing, Diagnosis diagnosis)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(firing);
        ArgumentNullException.ThrowIfNull(diagnosis);
        if (!string.IsNullOrWhiteSpace(request.Description))
        {
            return Redactor.Redact(request.Description.Trim());
        }

        var summaries = firing.Select(a => string.IsNullOrWhiteSpace(a.Summary) ? a.Name : a.Summary).Distinct(StringComparer.Ordinal).ToList();
        if (summaries.Count > 0)
        {
            return Redactor.Redact(string.Join("; ", summaries));
        }

        return diagnosis.Symptoms.Count > 0
            ? Redactor.Redact(string.Join("; ", diagnosis.Symptoms.Take(2).Select(s => s.Text)))
            : "unknown: no description was given (--description) and no alert is firing";
    }

    /// <summary>The initial incident alert to the on-call engineer.</summary>
    public static IncidentEvent InitialAlert(RoleRoster roster, DetectionRecord detection, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(detection);
        var oncall = roster.Holder(Roles.Tier1OnCall);
        return new Notified(asOf, Me, Audiences.OnCall, oncall ?? "unknown (people.oncall is not configured)", $"initial incident alert: {detection.Symptoms}");
    }

    /// <summary>Triage, decided once: impact and urgency from the facts, and the priority from the matrix (Impact x Urgency).</summary>
    public static TriageResult Assess(TriageFacts facts, Priority? reported, GuidanceProfile guidance) =>
        TriageAssessor.Assess(facts, reported, guidance);

    /// <summary>Records the classification decided by <see cref="Assess"/>.</summary>
    public static IncidentEvent Classified(TriageResult triage, IncidentCategory category, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(triage);
        return new IncidentClassified(asOf, Me, triage.Priority, triage.Impact.Level, triage.Urgency.Level, category, triage.Verdict);
    }

    /// <summary>Records the roles of the roster and every blocked escalation with its backup.</summary>
    public static IReadOnlyList<IncidentEvent> RecordRoster(RoleRoster roster, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(roster);
        var events = new List<IncidentEvent>();
        events.AddRange(roster.Blocks.Select(b => new EscalationBlocked(asOf, Me, b.Role, b.Unavailable, b.Backup, b.Reason)));
        events.AddRange(roster.Assignments
            .Where(a => a.Person is not null)
            .Select(a => new RoleAssigned(asOf, Me, a.Role, a.Person!, a.Reason)));
        return events;
    }

    /// <summary>Runs the 5 Whys from what users saw, through the cited evidence, to where the incident started.</summary>
    public static Task<FiveWhysChain> FiveWhysAsync(IncidentFacts facts) => Task.Run(() => FiveWhys(facts));

    /// <summary>The 5 Whys: each level cited, or marked unknown with the evidence that would settle it.</summary>
    public static FiveWhysChain FiveWhys(IncidentFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return FiveWhysAnalysis.Run(facts);
    }

    /// <summary>Records the mitigation chosen once, before escalation, from the root cause.</summary>
    public static IncidentEvent MitigationChosen(MitigationPlan plan, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new MitigationChosen(asOf, Me, plan.Strategy, plan.Rationale);
    }

    /// <summary>The public status page update, due per priority.</summary>
    public static IReadOnlyList<IncidentEvent> StatusPage(Priority priority, ResponsePolicy policy, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!PostsStatusPage(priority, policy))
        {
            return [];
        }

        var every = policy.StatusPageEvery.TryGetValue(priority, out var cadence) ? $"updates every {Say.Span(cadence)}" : "updates as needed";
        return [new Notified(asOf, Me, Audiences.StatusPage, "public status page", $"{priority} investigating notice; {every}")];
    }

    /// <summary>True when the policy posts a status page notice for this priority (it gives a first-update deadline; by default P0 and P1).</summary>
    public static bool PostsStatusPage(Priority priority, ResponsePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.StatusPageFirstWithin.ContainsKey(priority);
    }

    /// <summary>The resolution notice to users and the organisation.</summary>
    public static IncidentEvent Resolution(string summary, DateTimeOffset asOf) =>
        new Notified(asOf, Me, "resolution", "status page and internal channel", summary);
}
