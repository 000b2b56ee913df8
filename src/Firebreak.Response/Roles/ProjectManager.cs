using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>A yes/no decision with the reason for it.</summary>
public sealed record Decision(bool Yes, string Reason);

/// <summary>
/// The project-manager: decides management and executive escalation, schedules the post-incident review
/// and turns the findings into preventive actions with owners and due dates.
/// </summary>
public static class ProjectManager
{
    private const string Me = Agents.ProjectManager;

    /// <summary>Management: P0 automatically, P1 when unresolved past the policy's time, P2 when the impact escalated or an SLA breach is imminent.</summary>
    public static Decision Management(Priority priority, Priority? reported, IncidentState state, ClockReport clock, ResponsePolicy policy, TriageResult triage)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(triage);
        var resolved = state.Status >= IncidentStatus.Resolved;
        var deadline = clock.Deadline(EscalationClock.ManagementNotice);
        switch (priority)
        {
            case Priority.P0:
                return new(true, $"P0: management is notified automatically (within {Say.Span(policy.ManagementAfter.GetValueOrDefault(Priority.P0))} of detection)");
            case Priority.P1 when deadline is { Due: true } && !resolved:
                return new(true, $"P1 unresolved {Say.Duration(clock.Elapsed)} after detection (policy: {Say.Span(policy.ManagementAfter.GetValueOrDefault(Priority.P1))})");
            case Priority.P1:
                return new(false, resolved
                    ? "P1 resolved before the management notice was due"
                    : $"P1: management is notified if still unresolved at {(deadline?.DueAt is { } due ? Md.Time(due) : "the policy's deadline")}");
            case Priority.P2:
                if (reported is { } r && r > Priority.P2)
                {
                    return new(true, $"P2: user impact escalated beyond the reported {r}");
                }

                if (triage.Urgency.BudgetExhaustedIn is { } left && clock.Sla(EscalationClock.Resolve)?.Target is { } target && clock.Elapsed + left < target)
                {
                    return new(true, $"P2: SLA breach imminent (error budget exhausted in {Say.Duration(left)})");
                }

                if (clock.Sla(EscalationClock.Resolve) is { Outcome: SlaOutcome.Missed })
                {
                    return new(true, "P2: resolution SLA exceeded");
                }

                return new(false, "P2: impact has not escalated and no SLA breach is imminent");
            default:
                return new(false, $"{priority}: handled in the standard backlog, no management notice");
        }
    }

    /// <summary>Executives: P0 unresolved past the policy's time, major business impact (revenue per guidance, or a P0 where a revenue flow fails for most users), security or data loss, a major incident, or a critical rollback failure.</summary>
    public static Decision Executive(Priority priority, IncidentState state, ClockReport clock, ResponsePolicy policy, GuidanceProfile guidance, TriageFacts facts, bool security, bool majorIncident, bool criticalPath)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(guidance);
        if (security)
        {
            return new(true, "security breach or data loss: executive notification immediate");
        }

        if (criticalPath)
        {
            return new(true, "rollback failed or did not resolve the incident: executive notification immediate");
        }

        if (majorIncident)
        {
            return new(true, "major incident declared (several P0/P1 incidents open): executive notification immediate");
        }

        if (guidance.Revenue && priority <= Priority.P1)
        {
            return new(true, "revenue impact reported in guidance: immediate executive notification for revenue impact");
        }

        // The seed's "major business impact": money or orders stop for most users (or everyone) at P0.
        if (priority == Priority.P0 && state.Status < IncidentStatus.Resolved && facts.RevenueImpact
            && (facts.CompleteOutage || facts.AffectedUserRatio > 0.5))
        {
            return new(true, "major business impact: a revenue flow fails for most users at P0; executive notification immediate");
        }

        if (priority == Priority.P0 && state.Status < IncidentStatus.Resolved && clock.Deadline(EscalationClock.ExecutiveNotice) is { Due: true })
        {
            return new(true, $"P0 unresolved {Say.Duration(clock.Elapsed)} after detection (policy: {Say.Span(policy.ExecutiveAfter)})");
        }

        return new(false, priority == Priority.P0
            ? $"P0 unresolved for {Say.Duration(clock.Elapsed)}, under the {Say.Span(policy.ExecutiveAfter)} executive threshold, and no major business impact"
            : $"{priority}: no executive trigger (not P0 past {Say.Span(policy.ExecutiveAfter)}, no security, revenue or major-incident trigger)");
    }

    /// <summary>The notice for an audience, addressed to the configured people.</summary>
    public static IncidentEvent Notice(string audience, IReadOnlyList<string> people, string reason, DateTimeOffset asOf, string? configKey = null)
    {
        ArgumentNullException.ThrowIfNull(people);
        return new Notified(asOf, Me, audience, Say.Names(people.Count > 0 ? people : [$"unknown (people.{configKey ?? audience} is not configured)"]), reason);
    }

    /// <summary>Schedules the review: P0 within 24h, P1 48h, P2 a week (optional), P3 none; from resolution, or provisionally from now.</summary>
    /// <remarks>The meeting is placed at the deadline, moved into the organiser's working hours (<see cref="ReviewScheduler"/>; <paramref name="hours"/> defaults to <see cref="WorkingHours.Default"/>).</remarks>
    public static RoleResult<ReviewPlan> ScheduleReview(Priority priority, ResponsePolicy policy, RoleRoster roster, IncidentState state, DateTimeOffset asOf, bool security, WorkingHours? hours = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(state);
        var required = new[]
        {
            roster.Holder(Roles.IncidentCommander) ?? "Incident Commander (unknown: people.incident_commanders is not configured)",
            roster.Holder(Roles.Tier1OnCall) ?? "on-call engineer",
            roster.Holder(Roles.Tier2ComponentOwner) ?? "component owner",
            Agents.ReliabilityEngineer,
            roster.Holder(Roles.CommunicationsLead) ?? "support lead",
        }.Distinct(StringComparer.Ordinal).ToList();
        var optional = new List<string> { "Product Owner", "Project Manager" };
        if (security)
        {
            optional.Add(roster.Holder(Roles.SecurityLead) ?? "Security Gatekeeper");
        }

        if (!policy.ReviewWithin.TryGetValue(priority, out var within))
        {
            return new(new ReviewPlan(false, null, null, TimeSpan.FromMinutes(60), required, optional), []);
        }

        if (state.Events.OfType<ReviewScheduled>().LastOrDefault() is { } scheduled)
        {
            // Once resolved, the review moves to the real deadline (ReviewBooking); else a re-run keeps the meeting already sent out.
            if (ReviewBooking.Rebook(state, policy, hours ?? WorkingHours.Default, asOf, Me, required[0]) is { } moved)
            {
                return new(new ReviewPlan(true, moved.MeetingAt, moved.Deadline, ReviewDuration, required, optional), [moved]);
            }

            var dueBy = scheduled.Deadline ?? (state.ResolvedAt ?? scheduled.At) + within;
            return new(new ReviewPlan(true, scheduled.MeetingAt, dueBy, ReviewDuration, required, optional), []);
        }

        var from = state.ResolvedAt ?? asOf;
        var due = from + within;
        var meeting = ReviewScheduler.Place(due, ReviewDuration, from, hours ?? WorkingHours.Default).Start;
        var plan = new ReviewPlan(true, meeting, due, ReviewDuration, required, optional);
        return new(plan, [new ReviewScheduled(asOf, Me, meeting, required[0], due)]);
    }

    /// <summary>How long the review meeting lasts (<see cref="ReviewBooking.Duration"/>).</summary>
    public static readonly TimeSpan ReviewDuration = ReviewBooking.Duration;

    /// <summary>
    /// Preventive actions that follow from this incident's evidence, each naming what to change and where, with an owner
    /// from the roster (else "unassigned (…)"), a type, a priority and a due date by the policy's horizons. No action is
    /// added that the evidence does not support (no drill by default, no "automate rollback" when nothing was rolled back).
    /// </summary>
    public static RoleResult<IReadOnlyList<PreventiveAction>> PreventiveActions(
        Diagnosis diagnosis, MitigationPlan plan, RoleRoster roster, ResponsePolicy policy, IncidentState state, DateTimeOffset asOf)
        => PreventiveActions(new PreventionInputs(diagnosis, plan, roster, policy, state, asOf));

    /// <summary>Preventive actions from the full inputs (people, the cause's link, the mitigation's outcome, the alerts).</summary>
    public static RoleResult<IReadOnlyList<PreventiveAction>> PreventiveActions(PreventionInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var (diagnosis, plan, roster, policy, state, asOf) = (inputs.Diagnosis, inputs.Plan, inputs.Roster, inputs.Policy, inputs.State, inputs.AsOf);
        var from = state.ResolvedAt ?? asOf;
        var component = diagnosis.OriginComponent ?? diagnosis.AffectedComponents.FirstOrDefault() ?? "the affected service";
        var people = inputs.Profile?.People ?? PeopleDirectory.Empty;
        var info = inputs.Profile?.Component(component);
        string First(IReadOnlyList<string> list, string key) =>
            list.FirstOrDefault(p => !string.IsNullOrWhiteSpace(p) && people.IsAvailable(p)) ?? $"unassigned (people.{key} is not configured)";
        var owner = roster.Holder(Roles.Tier2ComponentOwner) ?? info?.Owner ?? $"unassigned (no owner for {component} in components:)";
        var oncall = roster.Holder(Roles.Tier1OnCall) ?? First(people.Oncall, "oncall");
        var architect = roster.Holder(Roles.Tier3Architect) ?? First(people.Architects, "architects");
        var deployer = roster.Holder(Roles.DeploymentManager) ?? (people.DeploymentManagers.Count > 0 ? First(people.DeploymentManagers, "deployment_managers") : architect);

        var actions = new List<PreventiveAction>();
        void Add(string horizon, PreventiveType type, string action, string who, string why)
        {
            var (within, priority) = horizon switch
            {
                Immediate => (policy.ImmediateActions, ActionPriority.High),
                ShortTerm => (policy.ShortTermActions, ActionPriority.Medium),
                _ => (policy.LongTermActions, ActionPriority.Low),
            };
            actions.Add(new PreventiveAction(horizon, Redactor.Redact(action), who, from + within, "Open", Redactor.Redact(why)) { Type = type, Priority = priority });
        }

        var leading = diagnosis.Leading;
        var link = inputs.Link;
        var change = leading?.Change;
        var version = change is null ? null : $"{change.Component ?? component}{(change.Version is null ? string.Empty : " " + change.Version)} ({ShortRef(change.Ref)})";

        // Prevent: remove this cause, where it is.
        if (link is not null && change is not null)
        {
            Add(Immediate, PreventiveType.Prevent,
                $"Fix {link.ExceptionType} in {link.Symbol} ({link.Location}), changed by {version}",
                owner, $"root cause: the failing frame {link.Frame} is in the changed file ({change.Source})");
            Add(ShortTerm, PreventiveType.Prevent,
                $"Add a regression test for {link.Symbol} that reproduces the {link.ExceptionType} seen in production",
                owner, $"the change touched {link.File} and no test caught it ({(link.LogSource is { } log ? log.ToString() : change.Source.ToString())})");
        }
        else if (change is { Key: { } key })
        {
            Add(Immediate, PreventiveType.Prevent,
                $"Correct {key} of {change.Component ?? component} (changed from {change.OldValue ?? "unknown"} to {change.NewValue ?? "unknown"})",
                owner, $"{leading!.Statement} ({change.Source})");
            Add(ShortTerm, PreventiveType.Prevent,
                $"Validate values of {key} before they are applied to {change.Component ?? component}",
                owner, $"the value that failed was accepted without a check ({change.Source})");
        }
        else if (change is not null)
        {
            var files = change.Files.Count > 0 ? $": it touched {string.Join(", ", change.Files.Take(3))}{(change.Files.Count > 3 ? ", …" : string.Empty)}" : string.Empty;
            Add(Immediate, PreventiveType.Prevent,
                $"Find and fix the defect shipped in {version}{files}",
                owner, $"{leading!.Statement} ({change.Source})");
        }
        else if (leading is not null)
        {
            Add(Immediate, PreventiveType.Prevent, $"Remove the cause in {component}: {leading.Statement}", owner,
                leading.Evidence.Count > 0 ? $"leading hypothesis ({leading.Evidence[0].Source})" : "leading hypothesis of the root-cause analysis");
        }
        else
        {
            Add(Immediate, PreventiveType.Process, $"Find the root cause of the {WireNames.Of(diagnosis.Category)} failure in {component}", owner, "no explanation was supported by the evidence");
        }

        if (leading?.Cause == CauseKind.Capacity)
        {
            Add(ShortTerm, PreventiveType.Prevent, $"Raise the capacity headroom of {component} and load-test it to the peak this incident reached", architect,
                leading.Evidence.Count > 0 ? $"{leading.Statement} ({leading.Evidence[0].Source})" : leading.Statement);
        }
        else if (leading?.Cause == CauseKind.Dependency)
        {
            Add(ShortTerm, PreventiveType.Mitigate, $"Set timeouts and a circuit breaker on the calls {component} makes to the failing dependency, so its failure degrades instead of failing requests", owner,
                leading.Evidence.Count > 0 ? $"{leading.Statement} ({leading.Evidence[0].Source})" : leading.Statement);
        }

        // Detect: only when the evidence measured a late alert, or showed no alert at all.
        var firstAlert = inputs.FirstAlert;
        if (firstAlert is not null && diagnosis.Onset is { } onset && firstAlert.StartsAt - onset > policy.DetectionTarget)
        {
            var metric = inputs.SymptomMetric;
            Add(Immediate, PreventiveType.Detect,
                $"Make {firstAlert.Name} fire sooner{(metric is null ? string.Empty : $" on {metric}")} for {component}: it started {Say.Duration(firstAlert.StartsAt - onset)} after the onset (target {Say.Span(policy.DetectionTarget)})",
                oncall, $"detection gap measured from the onset to the first alert ({firstAlert.Source})");
        }
        else if (firstAlert is null && inputs.SymptomMetric is { } symptom)
        {
            Add(Immediate, PreventiveType.Detect, $"Add an alert on {symptom} of {component}: no alert fired during this incident", oncall, "no alert in the evidence");
        }

        // Process: the runbook, and a rollout gate when a change reached users minutes before the failure.
        Add(Immediate, PreventiveType.Process,
            diagnosis.Runbooks.Count > 0 ? $"Update {diagnosis.Runbooks[0].Runbook.Path} with this incident's diagnosis and mitigation" : $"Write a runbook for {WireNames.Of(diagnosis.Category)} failures of {component}",
            oncall, diagnosis.Runbooks.Count > 0 ? "the runbook matched this incident; see runbook-update-recommendation.md" : "no runbook matched this incident");
        if (change is not null && inputs.ChangeToOnset is { } gap && gap >= TimeSpan.Zero && gap <= inputs.CanaryWindow)
        {
            Add(ShortTerm, PreventiveType.Process,
                $"Gate {change.Component ?? component} {WireNames.Of(change.Kind)}s on a canary that compares {inputs.SymptomMetric ?? "the error rate"} with the baseline before full rollout",
                deployer, $"the failure began {Say.Duration(gap)} after {version} reached production ({change.Source})");
        }

        // Mitigate: only when the mitigation was carried out, so the record shows what it took.
        if (inputs.MitigationExecuted && plan.Strategy == MitigationStrategy.Rollback && change is not null)
        {
            Add(LongTerm, PreventiveType.Mitigate,
                $"Roll back {change.Component ?? component} automatically when {inputs.SymptomMetric ?? "its error rate"} leaves the baseline after a deploy",
                deployer, "this incident's rollback was started by a person");
        }

        var events = actions.Select(a => (IncidentEvent)new ActionAdded(asOf, Me, a.Horizon, a.Action, a.Owner, a.Due)).ToList();
        return new(actions, events);
    }

    private const string Immediate = "Immediate", ShortTerm = "Short-term", LongTerm = "Long-term";

    private static string ShortRef(string reference) => reference.Length > 12 && reference.All(char.IsAsciiHexDigit) ? reference[..12] : reference;
}

/// <summary>What the preventive actions are derived from: the diagnosis and plan, the people, the cause's link, the mitigation's outcome and the detection evidence.</summary>
public sealed record PreventionInputs(Diagnosis Diagnosis, MitigationPlan Plan, RoleRoster Roster, ResponsePolicy Policy, IncidentState State, DateTimeOffset AsOf)
{
    /// <summary>The service profile, for the people and component owners in firebreak.yaml.</summary>
    public ServiceProfile? Profile { get; init; }

    /// <summary>The suspected change linked to the failing code, when the RCA found one.</summary>
    public CauseLink? Link { get; init; }

    /// <summary>True when the mitigation was carried out.</summary>
    public bool MitigationExecuted { get; init; }

    /// <summary>The first alert, when one fired.</summary>
    public Alert? FirstAlert { get; init; }

    /// <summary>The name of the metric that showed the incident (error rate or latency), when one did.</summary>
    public string? SymptomMetric { get; init; }

    /// <summary>Time from the suspected change to the onset, when both are known.</summary>
    public TimeSpan? ChangeToOnset { get; init; }

    /// <summary>How soon after a change a failure must begin for a canary to have caught it. The default is 30 minutes.</summary>
    public TimeSpan CanaryWindow { get; init; } = TimeSpan.FromMinutes(30);
}
