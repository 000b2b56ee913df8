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

        if (state.Events.OfType<ReviewScheduled>().FirstOrDefault() is { } scheduled)
        {
            // A re-run keeps the meeting already sent out.
            var dueBy = (state.ResolvedAt ?? scheduled.At) + within;
            return new(new ReviewPlan(true, scheduled.MeetingAt, dueBy, TimeSpan.FromMinutes(60), required, optional), []);
        }

        var from = state.ResolvedAt ?? asOf;
        var due = from + within;
        var meeting = ReviewScheduler.Place(due, ReviewDuration, from, hours ?? WorkingHours.Default).Start;
        var plan = new ReviewPlan(true, meeting, due, ReviewDuration, required, optional);
        return new(plan, [new ReviewScheduled(asOf, Me, meeting, required[0])]);
    }

    /// <summary>How long the review meeting lasts. The default is 60 minutes.</summary>
    public static readonly TimeSpan ReviewDuration = TimeSpan.FromMinutes(60);

    /// <summary>Preventive actions in the three horizons, each with an owner from the roster and a due date from the policy.</summary>
    public static RoleResult<IReadOnlyList<PreventiveAction>> PreventiveActions(
        Diagnosis diagnosis, MitigationPlan plan, RoleRoster roster, ResponsePolicy policy, IncidentState state, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(state);
        var from = state.ResolvedAt ?? asOf;
        var component = diagnosis.OriginComponent ?? diagnosis.AffectedComponents.FirstOrDefault() ?? "the affected service";
        var owner = roster.Holder(Roles.Tier2ComponentOwner) ?? $"{component} owner (unknown: not in components:)";
        var oncall = roster.Holder(Roles.Tier1OnCall) ?? "on-call engineer (unknown: people.oncall is not configured)";
        var architect = roster.Holder(Roles.Tier3Architect) ?? "architect (unknown: people.architects is not configured)";
        var reliability = oncall;

        var actions = new List<PreventiveAction>();
        void Add(string horizon, TimeSpan within, string action, string who, string why) =>
            actions.Add(new PreventiveAction(horizon, Redactor.Redact(action), who, from + within, "Open", Redactor.Redact(why)));

        const string Immediate = "Immediate", ShortTerm = "Short-term", LongTerm = "Long-term";
        var leading = diagnosis.Leading;
        if (leading?.Change is { } change)
        {
            Add(Immediate, policy.ImmediateActions, $"Fix the defect shipped in {WireNames.Of(change.Kind)} {change.Ref} ({change.Description})", owner, $"{leading.Statement} ({change.Source})");
        }
        else if (leading is not null)
        {
            Add(Immediate, policy.ImmediateActions, $"Remove the cause: {leading.Statement}", owner, "leading hypothesis of the root-cause analysis");
        }
        else
        {
            Add(Immediate, policy.ImmediateActions, $"Find the root cause of the {WireNames.Of(diagnosis.Category)} failure in {component}", owner, "no explanation was supported by the evidence");
        }

        var signal = diagnosis.Symptoms.FirstOrDefault();
        Add(Immediate, policy.ImmediateActions,
            signal is null ? $"Add an alert on the error rate and latency of {component}" : $"Alert earlier on the signal that showed this incident: {signal.Text}",
            reliability, signal is null ? "no alert or metric showed the incident" : $"first symptom ({signal.Source})");
        Add(Immediate, policy.ImmediateActions,
            diagnosis.Runbooks.Count > 0 ? $"Update {diagnosis.Runbooks[0].Runbook.Path} with this incident's diagnosis and mitigation" : $"Write a runbook for {WireNames.Of(diagnosis.Category)} failures of {component}",
            oncall, "see runbook-update-recommendation.md");

        var stack = diagnosis.Hypotheses.SelectMany(h => h.Evidence).FirstOrDefault(e => e.Text.Contains("Exception", StringComparison.Ordinal));
        Add(ShortTerm, policy.ShortTermActions,
            stack is null ? $"Add a smoke test covering the failing path of {component}" : $"Add a regression test reproducing: {stack.Text}",
            owner, stack is null ? "the failure reached users before any test caught it" : $"{stack.Source}");
        Add(ShortTerm, policy.ShortTermActions,
            leading?.Change is not null ? $"Gate {component} deploys on a canary that compares error rate and latency with the baseline" : $"Review {component} and its dependencies ({string.Join(", ", diagnosis.CollateralComponents.DefaultIfEmpty("none recorded"))}) for the same failure mode",
            architect, "stop the same class of failure before it reaches all users");

        Add(LongTerm, policy.LongTermActions,
            plan.Strategy == MitigationStrategy.Rollback ? "Automate rollback in CI/CD when post-deploy error rate exceeds the baseline" : $"Automate the {WireNames.Of(plan.Strategy)} mitigation in CI/CD",
            "devops-engineer", $"this incident was mitigated by {WireNames.Of(plan.Strategy)}");
        Add(LongTerm, policy.LongTermActions,
            leading?.Cause == CauseKind.Capacity ? $"Increase {component} capacity headroom and load-test the new limit" : $"Run a chaos engineering drill of this failure in {component}",
            reliability, leading?.Cause == CauseKind.Capacity ? leading.Statement : "verify detection, escalation and mitigation work without this incident's luck");

        var events = actions.Select(a => (IncidentEvent)new ActionAdded(asOf, Me, a.Horizon, a.Action, a.Owner, a.Due)).ToList();
        return new(actions, events);
    }
}
