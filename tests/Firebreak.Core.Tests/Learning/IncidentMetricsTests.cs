namespace Firebreak.Core.Tests;

public sealed class IncidentMetricsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly ResponsePolicy Policy = DefaultPolicy.Instance;

    /// <summary>A hand-built incident: detected at <paramref name="at"/>, classified, investigating; the rest is added by the caller.</summary>
    private static List<IncidentEvent> Opened(string id, DateTimeOffset at, Priority priority) =>
    [
        new IncidentDetected(at, "alertmanager", id, "alertmanager", "alert", "checkout fails", priority, "alerts/a.json"),
        new IncidentClassified(at, "triage", priority, Impact.High, Urgency.High, IncidentCategory.Availability, "most users"),
        new StatusChanged(at, "triage", IncidentStatus.Detected, IncidentStatus.Triaged, "triaged"),
        new StatusChanged(at, "triage", IncidentStatus.Triaged, IncidentStatus.Investigating, "investigating"),
    ];

    private static List<IncidentEvent> Resolved(string id, DateTimeOffset at, Priority priority, TimeSpan after, params IncidentEvent[] between)
    {
        var events = Opened(id, at, priority);
        events.AddRange(between);
        events.Add(new StatusChanged(at + after, "alex", IncidentStatus.Investigating, IncidentStatus.Resolved, "fixed"));
        events.Add(new IncidentResolved(at + after, "alex", "fixed"));
        return events;
    }

    private static MetricsReport Compute(DateTimeOffset asOf, params (string Id, List<IncidentEvent> Events)[] incidents) =>
        IncidentMetrics.Compute([.. incidents.Select(i => new IncidentHistory(i.Id, i.Events))], Policy, asOf);

    [Fact]
    public void Mttd_FromImpactStartToDetection_UnknownWithoutImpactEvent()
    {
        var a = Opened("INC-1", T0, Priority.P1);
        a.Add(new ImpactStarted(T0 - TimeSpan.FromMinutes(10), "incident-responder", "metric onset"));
        var b = Opened("INC-2", T0, Priority.P1);
        b.Add(new ImpactStarted(T0 - TimeSpan.FromMinutes(20), "incident-responder", "metric onset"));
        var c = Opened("INC-3", T0, Priority.P1);

        var report = Compute(T0.AddHours(1), ("INC-1", a), ("INC-2", b), ("INC-3", c));

        var p1 = report.ByPriority.Single(p => p.Priority == "P1");
        p1.Mttd.Known.ShouldBe(2);
        p1.Mttd.Unknown.ShouldBe(1);
        p1.Mttd.Mean.ShouldBe(TimeSpan.FromMinutes(15));
        p1.Mttd.Median.ShouldBe(TimeSpan.FromMinutes(15));
    }

    [Fact]
    public void Mttd_OnsetAfterDetection_IsZero()
    {
        var a = Opened("INC-1", T0, Priority.P2);
        a.Add(new ImpactStarted(T0 + TimeSpan.FromMinutes(3), "incident-responder", "log onset"));

        Compute(T0.AddHours(1), ("INC-1", a)).All.Mttd.Mean.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Mtta_FromDetectionToFirstAcknowledgement_PerPriority()
    {
        var p0 = Opened("INC-1", T0, Priority.P0);
        p0.Add(new IncidentAcknowledged(T0.AddMinutes(4), "alex", "Alex Kim", "firebreak ack"));
        p0.Add(new IncidentAcknowledged(T0.AddMinutes(9), "sam", "Sam Lee", "firebreak ack"));
        var p1 = Opened("INC-2", T0, Priority.P1);
        p1.Add(new IncidentAcknowledged(T0.AddMinutes(10), "alex", "Alex Kim", "firebreak ack"));
        var p1b = Opened("INC-3", T0, Priority.P1);

        var report = Compute(T0.AddHours(1), ("INC-1", p0), ("INC-2", p1), ("INC-3", p1b));

        report.ByPriority.Select(p => p.Priority).ShouldBe(["P0", "P1"]);
        report.ByPriority[0].Mtta.Mean.ShouldBe(TimeSpan.FromMinutes(4));
        report.ByPriority[1].Mtta.Mean.ShouldBe(TimeSpan.FromMinutes(10));
        report.ByPriority[1].Mtta.Unknown.ShouldBe(1);
        report.All.Mtta.Known.ShouldBe(2);
        report.All.Mtta.Mean.ShouldBe(TimeSpan.FromMinutes(7));
    }

    [Fact]
    public void Mtte_FromDetectionToTier2EscalationOrOwnerAssignment()
    {
        var escalated = Opened("INC-1", T0, Priority.P0);
        escalated.Add(new Escalated(T0.AddMinutes(15), "engine", Tier.Tier2, "tier 1 timeout"));
        var assigned = Opened("INC-2", T0, Priority.P0);
        assigned.Add(new RoleAssigned(T0.AddMinutes(5), "ic", Roles.Tier2ComponentOwner, "Dana Wu", "owner"));
        var neither = Opened("INC-3", T0, Priority.P0);

        var mtte = Compute(T0.AddHours(1), ("INC-1", escalated), ("INC-2", assigned), ("INC-3", neither)).All.Mtte;

        mtte.Known.ShouldBe(2);
        mtte.Unknown.ShouldBe(1);
        mtte.Mean.ShouldBe(TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void Mttr_FromDetectionToResolution_UnresolvedUnknown_ReopenedCountsStandingResolution()
    {
        var quick = Resolved("INC-1", T0, Priority.P1, TimeSpan.FromMinutes(30));
        var reopened = Resolved("INC-2", T0, Priority.P1, TimeSpan.FromMinutes(20));
        reopened.Add(new StatusChanged(T0.AddMinutes(40), "alex", IncidentStatus.Resolved, IncidentStatus.Investigating, "back"));
        reopened.Add(new StatusChanged(T0.AddMinutes(90), "alex", IncidentStatus.Investigating, IncidentStatus.Resolved, "fixed again"));
        var open = Opened("INC-3", T0, Priority.P1);

        var report = Compute(T0.AddHours(3), ("INC-1", quick), ("INC-2", reopened), ("INC-3", open));

        report.All.Mttr.Known.ShouldBe(2);
        report.All.Mttr.Unknown.ShouldBe(1);
        report.All.Mttr.Mean.ShouldBe(TimeSpan.FromMinutes(60));
        report.Unresolved.ShouldBe(1);
    }

    [Fact]
    public void ResolutionByTier_HighestTierReachedByResolution()
    {
        var tier1 = Resolved("INC-1", T0, Priority.P1, TimeSpan.FromMinutes(10));
        var tier3 = Resolved("INC-2", T0, Priority.P0, TimeSpan.FromMinutes(90),
            new Escalated(T0.AddMinutes(15), "engine", Tier.Tier2, "timeout"), new Escalated(T0.AddMinutes(45), "engine", Tier.Tier3, "timeout"));
        var tier2 = Resolved("INC-3", T0, Priority.P0, TimeSpan.FromMinutes(20), new Escalated(T0.AddMinutes(15), "engine", Tier.Tier2, "timeout"));

        var report = Compute(T0.AddHours(3), ("INC-1", tier1), ("INC-2", tier3), ("INC-3", tier2));

        report.ResolvedByTier[Tier.Tier1].ShouldBe(1);
        report.ResolvedByTier[Tier.Tier2].ShouldBe(1);
        report.ResolvedByTier[Tier.Tier3].ShouldBe(1);
    }

    [Fact]
    public void RecurrenceRate_LinkedOutOfIncidentsWithACause_NoCauseUnknown()
    {
        var cause = new CauseRecorded(T0, "incident-responder", "checkout-api", "change:deploy", "a deploy broke pricing", ["broke", "deploy", "pricing"]);
        var first = Opened("INC-1", T0, Priority.P1);
        first.Add(cause);
        var again = Opened("INC-2", T0.AddDays(3), Priority.P1);
        again.Add(cause with { At = T0.AddDays(3) });
        again.Add(new RecurrenceLinked(T0.AddDays(3), "incident-responder", "INC-1", "checkout-api", "change:deploy", 1, ["pricing"]));
        var noCause = Opened("INC-3", T0, Priority.P1);

        var recurrence = Compute(T0.AddDays(4), ("INC-1", first), ("INC-2", again), ("INC-3", noCause)).Recurrence;

        recurrence.Count.ShouldBe(1);
        recurrence.OutOf.ShouldBe(2);
        recurrence.Unknown.ShouldBe(1);
        recurrence.Rate.ShouldBe(0.5);
    }

    [Fact]
    public void PirCompletion_P0P1Resolved_HeldByDeadlineOverdueNotYetDue()
    {
        // P0: review within 24 h of resolution; P1: 48 h. P2 needs none here.
        var heldInTime = Resolved("INC-1", T0, Priority.P0, TimeSpan.FromHours(1));
        heldInTime.Add(new ReviewHeld(T0.AddHours(20), "rita", T0.AddHours(20), ["Rita"]));
        var heldLate = Resolved("INC-2", T0, Priority.P0, TimeSpan.FromHours(1));
        heldLate.Add(new ReviewHeld(T0.AddHours(30), "rita", T0.AddHours(30), ["Rita"]));
        var overdue = Resolved("INC-3", T0, Priority.P0, TimeSpan.FromHours(1));
        var notYet = Resolved("INC-4", T0.AddHours(40), Priority.P1, TimeSpan.FromHours(1));
        var p2 = Resolved("INC-5", T0, Priority.P2, TimeSpan.FromHours(1));
        var unresolved = Opened("INC-6", T0, Priority.P0);

        var pir = Compute(T0.AddHours(48), ("INC-1", heldInTime), ("INC-2", heldLate), ("INC-3", overdue), ("INC-4", notYet), ("INC-5", p2), ("INC-6", unresolved)).Pir;

        pir.Owed.ShouldBe(4);
        pir.Held.ShouldBe(2);
        pir.HeldByDeadline.ShouldBe(1);
        pir.Overdue.ShouldBe(1);
        pir.NotYetDue.ShouldBe(1);
        pir.Rate!.Value.ShouldBe(2.0 / 3, 1e-9, "held out of held or past the deadline: the review not yet due does not lower the rate");
    }

    [Fact]
    public void PirCompletion_NoReviewWindowForThePriority_NotHeldIsUnknown_HeldCountsAsHeld()
    {
        var policy = Policy with { ReviewWithin = new Dictionary<Priority, TimeSpan> { [Priority.P0] = TimeSpan.FromHours(24) } };
        var held = Resolved("INC-1", T0, Priority.P1, TimeSpan.FromHours(1));
        held.Add(new ReviewHeld(T0.AddDays(5), "rita", T0.AddDays(5), ["Rita"]));
        var notHeld = Resolved("INC-2", T0, Priority.P1, TimeSpan.FromHours(1));

        var pir = IncidentMetrics.Compute([new IncidentHistory("INC-1", held), new IncidentHistory("INC-2", notHeld)], policy, T0.AddDays(30)).Pir;

        pir.Owed.ShouldBe(2);
        pir.Held.ShouldBe(1);
        pir.HeldByDeadline.ShouldBe(0);
        pir.Unknown.ShouldBe(1);
        pir.Overdue.ShouldBe(0);
        pir.Rate.ShouldBe(1.0);
    }

    [Fact]
    public void Actions_DoneByDueDate_LateOverdueAndNotYetDue()
    {
        var events = Resolved("INC-1", T0, Priority.P1, TimeSpan.FromHours(1));
        events.Add(new ActionTracked(T0.AddHours(2), "rita", "A1", "Add an alert", "Alex", T0.AddDays(2), ActionType.Detect, Priority.P1));
        events.Add(new ActionTracked(T0.AddHours(2), "rita", "A2", "Fix pricing", "Dana", T0.AddDays(2), ActionType.Prevent, Priority.P1));
        events.Add(new ActionTracked(T0.AddHours(2), "rita", "A3", "Runbook", "Alex", T0.AddDays(3), ActionType.Process, Priority.P2));
        events.Add(new ActionTracked(T0.AddHours(2), "rita", "A4", "Capacity plan", "Alex", T0.AddDays(30), ActionType.Prevent, Priority.P2));
        events.Add(new ActionCompleted(T0.AddDays(1), "alex", "A1"));
        events.Add(new ActionCompleted(T0.AddDays(4), "dana", "A2"));

        var actions = Compute(T0.AddDays(5), ("INC-1", events)).Actions;

        actions.Tracked.ShouldBe(4);
        actions.DoneByDue.ShouldBe(1);
        actions.DoneLate.ShouldBe(1);
        actions.OpenOverdue.ShouldBe(1);
        actions.OpenNotDue.ShouldBe(1);
        actions.Rate.ShouldBe(1.0 / 3);
    }

    [Fact]
    public void Sla_PerIncident_MetMissedPending_ResolutionStopsAnUnacknowledgedClock()
    {
        // P1: acknowledge 5 min, engage 30 min, resolve 4 h.
        var met = Resolved("INC-1", T0, Priority.P1, TimeSpan.FromHours(1), new IncidentAcknowledged(T0.AddMinutes(2), "alex", "Alex", "ack"));
        var missed = Resolved("INC-2", T0, Priority.P1, TimeSpan.FromHours(1), new IncidentAcknowledged(T0.AddMinutes(20), "alex", "Alex", "ack"));
        var pending = Opened("INC-3", T0.AddHours(5).AddMinutes(58), Priority.P1);
        var unknown = Resolved("INC-4", T0, Priority.P1, TimeSpan.FromHours(1));

        var report = Compute(T0.AddHours(6), ("INC-1", met), ("INC-2", missed), ("INC-3", pending), ("INC-4", unknown));

        report.Slas.Select(s => (s.Id, s.Overall)).ShouldBe(
        [
            ("INC-1", SlaOutcome.Met), ("INC-2", SlaOutcome.Missed), ("INC-3", SlaOutcome.Pending), ("INC-4", SlaOutcome.Missed),
        ]);
        report.Slas[1].Acknowledge.ShouldBe(SlaOutcome.Missed);
        // Never acknowledged, resolved after an hour: resolution stops the acknowledge clock past its 5 minutes (EscalationClock's reading).
        report.Slas[3].Acknowledge.ShouldBe(SlaOutcome.Missed);
        report.SlaTotals[SlaOutcome.Missed].ShouldBe(2);
    }

    [Fact]
    public void Sla_AcknowledgementNeverRecordedPastTarget_Unknown()
    {
        var open = Opened("INC-1", T0, Priority.P1);

        var row = Compute(T0.AddMinutes(20), ("INC-1", open)).Slas.Single();

        row.Acknowledge.ShouldBe(SlaOutcome.Unknown);
        row.Overall.ShouldBe(SlaOutcome.Unknown);
    }

    [Fact]
    public void Priority_NoneRecorded_GroupedAsUnknown()
    {
        List<IncidentEvent> events = [new IncidentDetected(T0, "user", "INC-1", "user", "manual", "slow", null, "cli")];

        var report = Compute(T0.AddHours(1), ("INC-1", events));

        report.ByPriority.Single().Priority.ShouldBe(IncidentMetrics.UnknownPriority);
        report.Slas.Single().Overall.ShouldBe(SlaOutcome.NotApplicable);
    }

    [Fact]
    public void Definitions_NameEveryMeasure()
    {
        IncidentMetrics.Definitions.Select(d => d.Name).ShouldBe(
            ["Incidents", "Priority", "MTTD", "MTTA", "MTTE", "MTTR", "Median", "Resolution by tier", "Recurrence rate",
             "PIR completion (P0/P1)", "Preventive actions done by due date", "SLA per incident"]);
    }
}
