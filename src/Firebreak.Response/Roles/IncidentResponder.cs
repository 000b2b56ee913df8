using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>
/// The incident-responder: records the incident, sends the initial alert, assesses impact, synthesises the
/// priority, leads the 5 Whys, selects the mitigation and writes the public and resolution communications.
/// </summary>
public sealed class IncidentResponder(IReasoning reasoning)
{
    private const string Me = Agents.IncidentResponder;

    /// <summary>Creates the incident record: when and how it was detected and what was reported.</summary>
    public static RoleResult<DetectionRecord> Record(FlowRequest request, EvidenceBundle evidence, Diagnosis diagnosis, IncidentState state, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(diagnosis);
        ArgumentNullException.ThrowIfNull(state);

        if (state.Events.OfType<IncidentDetected>().FirstOrDefault() is { } known)
        {
            // A re-run continues the incident as it was first recorded.
            return new(new DetectionRecord(known.At, known.Reporter, known.DetectionMethod, known.Summary, known.Source), []);
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
        return new(new DetectionRecord(detectedAt, reporter, method, symptoms, source), [detected]);
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

    /// <summary>Assesses the user and business impact from the evidence facts.</summary>
    public static Task<ImpactAssessment> AssessImpactAsync(TriageFacts facts, Priority? reported, GuidanceProfile guidance) =>
        Task.Run(() => TriageAssessor.Assess(facts, reported, guidance).Impact);

    /// <summary>Combines impact and urgency into the priority (Impact x Urgency) and records the classification.</summary>
    public static RoleResult<TriageResult> SynthesizePriority(
        TriageFacts facts, ImpactAssessment impact, UrgencyAssessment urgency, Priority? reported, GuidanceProfile guidance, IncidentCategory category, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(impact);
        ArgumentNullException.ThrowIfNull(urgency);
        var assessed = TriageAssessor.Assess(facts, reported, guidance);
        var triage = assessed with { Impact = impact, Urgency = urgency };
        var classified = new IncidentClassified(asOf, Me, triage.Priority, impact.Level, urgency.Level, category, triage.Verdict);
        return new(triage, [classified]);
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

    /// <summary>Runs the 5 Whys from the symptom down to the leading explanation in the diagnosis.</summary>
    public static Task<(string Problem, IReadOnlyList<string> Whys, string RootCause)> FiveWhysAsync(Diagnosis diagnosis, string symptoms) =>
        Task.Run(() => FiveWhys(diagnosis, symptoms));

    private static (string Problem, IReadOnlyList<string> Whys, string RootCause) FiveWhys(Diagnosis diagnosis, string symptoms)
    {
        var whys = new List<string>();
        var where = diagnosis.OriginComponent ?? diagnosis.AffectedComponents.FirstOrDefault();
        if (diagnosis.Symptoms.Count > 0)
        {
            whys.Add($"{diagnosis.Symptoms[0].Text} ({diagnosis.Symptoms[0].Source})");
        }

        if (where is not null)
        {
            whys.Add($"the failure starts in {where}" + (diagnosis.Onset is { } onset ? $" at {Say.Time(onset)}" : string.Empty));
        }

        var leading = diagnosis.Leading;
        if (leading is not null)
        {
            whys.AddRange(leading.Evidence.Take(2).Select(e => $"{e.Text} ({e.Source})"));
            if (leading.Change is { } change)
            {
                whys.Add($"{WireNames.Of(change.Kind)} {change.Ref} changed {change.Component ?? "the service"} at {Say.Time(change.At)}: {change.Description} ({change.Source})");
            }
        }

        var root = leading?.Statement
            ?? "unknown: no explanation is supported by the evidence; deeper log, metric or dependency data is needed";
        return (symptoms, whys.Take(5).ToList(), Redactor.Redact(root));
    }

    /// <summary>Selects the mitigation from the root cause and records the choice.</summary>
    public RoleResult<MitigationPlan> SelectMitigation(Diagnosis diagnosis, EvidenceBundle evidence, GuidanceProfile guidance, DateTimeOffset asOf)
    {
        var plan = reasoning.Choose(diagnosis, evidence, guidance);
        return new(plan, [new MitigationChosen(asOf, Me, plan.Strategy, plan.Rationale)]);
    }

    /// <summary>The public status page update, due per priority.</summary>
    public static IncidentEvent StatusPage(Priority priority, ResponsePolicy policy, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var every = policy.StatusPageEvery.TryGetValue(priority, out var cadence) ? $"updates every {Say.Span(cadence)}" : "updates as needed";
        return new Notified(asOf, Me, Audiences.StatusPage, "public status page", $"{priority} investigating notice; {every}");
    }

    /// <summary>The resolution notice to users and the organisation.</summary>
    public static IncidentEvent Resolution(string summary, DateTimeOffset asOf) =>
        new Notified(asOf, Me, "resolution", "status page and internal channel", summary);
}
