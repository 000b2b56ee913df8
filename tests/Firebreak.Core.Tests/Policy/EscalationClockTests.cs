using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Core.Tests;

public sealed class EscalationClockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 19, 0, 0, TimeSpan.Zero);
    private static readonly ResponsePolicy Policy = DefaultPolicy.Instance;

    [Fact]
    public void Evaluate_P0AtDetection_EverythingPendingNothingDue()
    {
        var report = EscalationClock.Evaluate(P0(), Policy, T0);

        report.Elapsed.ShouldBe(TimeSpan.Zero);
        report.Sla(EscalationClock.Acknowledge)!.Outcome.ShouldBe(SlaOutcome.Pending);
        report.Sla(EscalationClock.Engage)!.Outcome.ShouldBe(SlaOutcome.Pending);
        report.Sla(EscalationClock.Resolve)!.Outcome.ShouldBe(SlaOutcome.Pending);
        report.Deadlines.ShouldAllBe(d => !d.Due);
        report.Deadline(EscalationClock.Tier2)!.DueAt.ShouldBe(T0.AddMinutes(15));
        report.Deadline(EscalationClock.Tier3)!.DueAt.ShouldBe(T0.AddMinutes(45));
        report.Deadline(EscalationClock.ManagementNotice)!.DueAt.ShouldBe(T0.AddMinutes(30));
        report.Deadline(EscalationClock.ExecutiveNotice)!.DueAt.ShouldBe(T0.AddHours(2));
        report.Deadline(EscalationClock.StatusPage)!.DueAt.ShouldBe(T0.AddMinutes(30));
        report.NextUpdateAt.ShouldBe(T0.AddMinutes(30));
        report.ReviewDueAt.ShouldBeNull();
    }

    [Fact]
    public void Evaluate_TwoHoursWithFakeTime_EveryP0TimerFiresExactly()
    {
        var time = new FakeTimeProvider(T0);
        var state = P0();

        time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromTicks(1));
        EscalationClock.Evaluate(state, Policy, time.GetUtcNow()).Deadline(EscalationClock.Tier2)!.Due.ShouldBeFalse();
        time.Advance(TimeSpan.FromTicks(1));
        EscalationClock.Evaluate(state, Policy, time.GetUtcNow()).Deadline(EscalationClock.Tier2)!.Due.ShouldBeTrue();

        time.Advance(TimeSpan.FromMinutes(15));
        var at30 = EscalationClock.Evaluate(state, Policy, time.GetUtcNow());
        at30.Deadline(EscalationClock.ManagementNotice)!.Due.ShouldBeTrue();
        at30.Deadline(EscalationClock.StatusPage)!.Due.ShouldBeTrue();
        at30.Deadline(EscalationClock.Tier3)!.Due.ShouldBeFalse();
        // Nobody acknowledged: past its target the engage SLA is unknown, never blamed as missed.
        at30.Sla(EscalationClock.Engage)!.Outcome.ShouldBe(SlaOutcome.Unknown);

        time.Advance(TimeSpan.FromMinutes(15));
        EscalationClock.Evaluate(state, Policy, time.GetUtcNow()).Deadline(EscalationClock.Tier3)!.Due.ShouldBeTrue();

        time.Advance(TimeSpan.FromMinutes(75));
        var at2h = EscalationClock.Evaluate(state, Policy, time.GetUtcNow());
        at2h.Elapsed.ShouldBe(TimeSpan.FromHours(2));
        at2h.Deadline(EscalationClock.ExecutiveNotice)!.Due.ShouldBeTrue();
        at2h.Sla(EscalationClock.Resolve)!.Outcome.ShouldBe(SlaOutcome.Pending);

        time.Advance(TimeSpan.FromTicks(1));
        EscalationClock.Evaluate(state, Policy, time.GetUtcNow()).Sla(EscalationClock.Resolve)!.Outcome.ShouldBe(SlaOutcome.Missed);
    }

    [Fact]
    public void Evaluate_ActionsTaken_StopTheirTimers()
    {
        var state = P0(
            new IncidentAcknowledged(T0, "roles", "Alex Kim", "on-call"),
            new Escalated(T0.AddMinutes(10), "clock", Tier.Tier2, "needs owner"),
            new Notified(T0.AddMinutes(20), "comms", Audiences.Management, "Mia Chen", "P0"),
            new Notified(T0.AddMinutes(25), "comms", Audiences.StatusPage, "public", "P0"));

        var report = EscalationClock.Evaluate(state, Policy, T0.AddMinutes(40));

        report.Sla(EscalationClock.Acknowledge)!.Outcome.ShouldBe(SlaOutcome.Met);
        report.Sla(EscalationClock.Acknowledge)!.Elapsed.ShouldBe(TimeSpan.Zero);
        report.Sla(EscalationClock.Engage)!.Outcome.ShouldBe(SlaOutcome.Met);
        report.Sla(EscalationClock.Engage)!.Elapsed.ShouldBe(TimeSpan.Zero);
        report.Deadline(EscalationClock.Tier2)!.Due.ShouldBeFalse();
        report.Deadline(EscalationClock.ManagementNotice)!.Due.ShouldBeFalse();
        report.Deadline(EscalationClock.StatusPage)!.Due.ShouldBeFalse();
        report.NextUpdateAt.ShouldBe(T0.AddMinutes(40));
    }

    [Fact]
    public void Evaluate_LateAcknowledgement_IsMissed()
    {
        var state = Classified(Priority.P1, new IncidentAcknowledged(T0.AddMinutes(8), "roles", "Alex Kim", "on-call"));

        var verdict = EscalationClock.Evaluate(state, Policy, T0.AddMinutes(9)).Sla(EscalationClock.Acknowledge)!;

        verdict.Outcome.ShouldBe(SlaOutcome.Missed);
        verdict.Target.ShouldBe(TimeSpan.FromMinutes(5));
        verdict.Elapsed.ShouldBe(TimeSpan.FromMinutes(8));
    }

    [Fact]
    public void Evaluate_ResolvedInTime_ResolveMetAndReviewDue()
    {
        var state = P0(
            new StatusChanged(T0.AddMinutes(1), "t", IncidentStatus.Detected, IncidentStatus.Triaged, "t"),
            new IncidentResolved(T0.AddMinutes(50), "sre", "rolled back"));

        var report = EscalationClock.Evaluate(state, Policy, T0.AddHours(3));

        report.Sla(EscalationClock.Resolve)!.Outcome.ShouldBe(SlaOutcome.Met);
        report.Sla(EscalationClock.Resolve)!.Elapsed.ShouldBe(TimeSpan.FromMinutes(50));
        report.ReviewDueAt.ShouldBe(T0.AddMinutes(50).AddHours(24));
        report.NextUpdateAt.ShouldBeNull();
        report.Deadline(EscalationClock.ExecutiveNotice)!.Due.ShouldBeFalse();
        report.Deadline(EscalationClock.Tier3)!.Due.ShouldBeFalse();
        // The P0 management notice is automatic, resolved or not.
        report.Deadline(EscalationClock.ManagementNotice)!.Due.ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_P1ResolvedBeforeTwoHours_ManagementNotOwed()
    {
        var state = Classified(Priority.P1,
            new StatusChanged(T0.AddMinutes(1), "t", IncidentStatus.Detected, IncidentStatus.Triaged, "t"),
            new IncidentResolved(T0.AddMinutes(90), "sre", "fixed"));

        var report = EscalationClock.Evaluate(state, Policy, T0.AddHours(5));

        report.Deadline(EscalationClock.ManagementNotice)!.DueAt.ShouldBe(T0.AddHours(2));
        report.Deadline(EscalationClock.ManagementNotice)!.Due.ShouldBeFalse();
        report.ReviewDueAt.ShouldBe(T0.AddMinutes(90).AddHours(48));
    }

    [Fact]
    public void Evaluate_NoAcknowledgementPastTheTarget_UnknownNotMissed()
    {
        var state = P0(new RoleAssigned(T0, "roles", Roles.Tier1OnCall, "Alex Kim", "on-call"));

        var verdict = EscalationClock.Evaluate(state, Policy, T0.AddMinutes(40)).Sla(EscalationClock.Acknowledge)!;

        verdict.Outcome.ShouldBe(SlaOutcome.Unknown);
        verdict.MeasuredFrom.ShouldStartWith("unknown (no acknowledgement recorded");
    }

    [Fact]
    public void Evaluate_TwoHourOldIncidentReplayedEarlier_IgnoresLaterEvents()
    {
        var state = P0(
            new IncidentAcknowledged(T0.AddMinutes(2), "roles", "Alex Kim", "on-call"),
            new Escalated(T0.AddMinutes(16), "clock", Tier.Tier2, "timeout"),
            new Notified(T0.AddMinutes(30), "comms", Audiences.Management, "Mia Chen", "P0"),
            new StatusChanged(T0.AddMinutes(31), "t", IncidentStatus.Detected, IncidentStatus.Triaged, "t"),
            new IncidentResolved(T0.AddHours(2), "sre", "fixed"));

        var early = EscalationClock.Evaluate(state, Policy, T0.AddMinutes(20));

        early.Elapsed.ShouldBe(TimeSpan.FromMinutes(20));
        early.Sla(EscalationClock.Resolve)!.Outcome.ShouldBe(SlaOutcome.Pending);
        early.Sla(EscalationClock.Engage)!.Outcome.ShouldBe(SlaOutcome.Met);
        early.Deadline(EscalationClock.Tier2)!.Due.ShouldBeFalse();
        early.Deadline(EscalationClock.ManagementNotice)!.Due.ShouldBeFalse();
        early.ReviewDueAt.ShouldBeNull();

        var justBeforeNotice = EscalationClock.Evaluate(state, Policy, T0.AddMinutes(30) - TimeSpan.FromTicks(1));
        justBeforeNotice.Deadline(EscalationClock.ManagementNotice)!.Due.ShouldBeFalse();

        var late = EscalationClock.Evaluate(state, Policy, T0.AddHours(2));
        late.Sla(EscalationClock.Resolve)!.Outcome.ShouldBe(SlaOutcome.Met);
        late.ReviewDueAt.ShouldBe(T0.AddHours(26));
    }

    [Fact]
    public void Evaluate_ReopenedIncident_IsNotResolved()
    {
        var state = Classified(Priority.P1,
            new StatusChanged(T0.AddMinutes(1), "t", IncidentStatus.Detected, IncidentStatus.Triaged, "t"),
            new StatusChanged(T0.AddMinutes(20), "t", IncidentStatus.Triaged, IncidentStatus.Resolved, "t"),
            new StatusChanged(T0.AddMinutes(40), "t", IncidentStatus.Resolved, IncidentStatus.Investigating, "reopened"));

        var report = EscalationClock.Evaluate(state, Policy, T0.AddMinutes(50));

        report.Sla(EscalationClock.Resolve)!.Outcome.ShouldBe(SlaOutcome.Pending);
        report.ReviewDueAt.ShouldBeNull();
        EscalationClock.Evaluate(state, Policy, T0.AddMinutes(30)).Sla(EscalationClock.Resolve)!.Outcome.ShouldBe(SlaOutcome.Met);
    }

    [Fact]
    public void Evaluate_P3_HasNoEscalationTimers()
    {
        var report = EscalationClock.Evaluate(Classified(Priority.P3), Policy, T0.AddDays(3));

        report.Sla(EscalationClock.Acknowledge)!.Outcome.ShouldBe(SlaOutcome.Unknown);
        report.Sla(EscalationClock.Resolve)!.Outcome.ShouldBe(SlaOutcome.NotApplicable);
        report.Deadlines.ShouldAllBe(d => d.DueAt == null && !d.Due);
        report.NextUpdateAt.ShouldBeNull();
    }

    [Fact]
    public void Evaluate_NoPriorityYet_UsesReportedPriority()
    {
        var state = IncidentLifecycle.Replay("INC-1", [Detected(Priority.P1)]);

        EscalationClock.Evaluate(state, Policy, T0.AddMinutes(6)).Sla(EscalationClock.Acknowledge)!.Outcome.ShouldBe(SlaOutcome.Unknown);
    }

    [Fact]
    public void Evaluate_NoPriorityAtAll_NotApplicable()
    {
        var state = IncidentLifecycle.Replay("INC-1", [Detected(null)]);

        var report = EscalationClock.Evaluate(state, Policy, T0.AddHours(1));

        report.Slas.ShouldAllBe(s => s.Outcome == SlaOutcome.NotApplicable);
        report.Deadlines.ShouldAllBe(d => !d.Due);
    }

    [Fact]
    public void Evaluate_StatusPageCadence_FollowsLastUpdate()
    {
        var state = Classified(Priority.P1,
            new Notified(T0.AddMinutes(20), "comms", Audiences.StatusPage, "public", "first"),
            new Notified(T0.AddMinutes(50), "comms", "Status-Page", "public", "second"));

        EscalationClock.Evaluate(state, Policy, T0.AddMinutes(55)).NextUpdateAt.ShouldBe(T0.AddMinutes(80));
        EscalationClock.Evaluate(state, Policy, T0.AddMinutes(30)).NextUpdateAt.ShouldBe(T0.AddMinutes(50));
    }

    [Fact]
    public void Evaluate_OverriddenPolicy_UsesItsNumbers()
    {
        var policy = PolicyOverrides.Apply(Policy, new Dictionary<string, object?>
        {
            ["tier1_timeout"] = new Dictionary<string, object?> { ["P0"] = "5m" },
            ["executive_after"] = "1h",
        });

        var report = EscalationClock.Evaluate(P0(), policy, T0.AddHours(1));

        report.Deadline(EscalationClock.Tier2)!.DueAt.ShouldBe(T0.AddMinutes(5));
        report.Deadline(EscalationClock.Tier3)!.DueAt.ShouldBe(T0.AddMinutes(35));
        report.Deadline(EscalationClock.ExecutiveNotice)!.Due.ShouldBeTrue();
    }

    private static IncidentDetected Detected(Priority? reported) =>
        new(T0, "alertmanager", "INC-1", "alertmanager", "automated-alert", "checkout errors", reported, "alerts/a.json");

    private static IncidentState P0(params IncidentEvent[] more) => Classified(Priority.P0, more);

    private static IncidentState Classified(Priority priority, params IncidentEvent[] more) =>
        IncidentLifecycle.Replay("INC-1",
        [
            Detected(priority),
            new IncidentClassified(T0, "triage", priority, Impact.High, Urgency.High, IncidentCategory.Availability, "test"),
            .. more,
        ]);
}
