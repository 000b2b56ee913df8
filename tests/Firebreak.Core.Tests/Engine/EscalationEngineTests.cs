using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Core.Tests;

public sealed class EscalationEngineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);
    private static readonly ResponsePolicy Policy = DefaultPolicy.Instance;

    private static IncidentState Opened(Priority priority) => IncidentLifecycle.Replay("INC-7",
    [
        new IncidentDetected(T0, "alertmanager", "INC-7", "alertmanager", "alert", "checkout fails", priority, "alerts/a.json"),
        new IncidentClassified(T0, "triage", priority, Impact.High, Urgency.High, IncidentCategory.Availability, "most users"),
        new StatusChanged(T0, "triage", IncidentStatus.Detected, IncidentStatus.Triaged, "triaged"),
        new StatusChanged(T0, "triage", IncidentStatus.Triaged, IncidentStatus.Investigating, "investigating"),
    ]);

    [Fact]
    public void Plan_WholeP0OverFiveHours_EachTimerFiresOnceAtThePolicysMinute()
    {
        var time = new FakeTimeProvider(T0);
        var driver = new EngineDriver(T0, Policy, Opened(Priority.P0), time);

        driver.RunUntil(300, minute =>
        {
            if (minute == 150)
            {
                driver.Human(new IncidentResolved(T0.AddMinutes(150), "Alex", "rolled back"));
            }
        });

        var statusUpdates = driver.Fired.Where(f => f.Key.StartsWith("status-page:", StringComparison.Ordinal)).Select(f => f.Minute).ToList();
        statusUpdates.ShouldBe([30, 45, 60, 75, 90, 105, 120, 135]);
        driver.Fired.Where(f => !f.Key.StartsWith("status-page:", StringComparison.Ordinal)).ShouldBe(
        [
            ("notice:on-call", 0),
            // P0: acknowledge immediately; nobody acknowledged at detection.
            ("sla:acknowledge:breach", 0),
            ("sla:engage:warning", 12),
            // The escalation at 15 engages Tier 2 in time: no engage breach.
            ("escalate:tier2", 15),
            ("notice:management", 30),
            ("escalate:tier3", 45),
            ("sla:resolve:warning", 96),
            ("notice:executive", 120),
            ("sla:resolve:breach", 120),
            ("notice:pir-invitation", 150),
            ("notice:resolution", 150),
        ], ignoreOrder: true);
        driver.Fired.Select(f => f.Key).ShouldBeUnique();
        // The review stays owed, 24 hours after resolution.
        EscalationEngine.Plan(driver.State, Policy, time.GetUtcNow(), driver.Performed).Items.Single().ShouldSatisfyAllConditions(
            i => i.Key.ShouldBe("review:deadline"),
            i => i.DueAt.ShouldBe(T0.AddMinutes(150).AddHours(24)));
    }

    [Fact]
    public void Plan_P1AcknowledgedInTime_AcknowledgeWarningAndBreachAreCancelled()
    {
        var time = new FakeTimeProvider(T0);
        var driver = new EngineDriver(T0, Policy, Opened(Priority.P1), time);

        driver.RunUntil(10, minute =>
        {
            if (minute == 3)
            {
                driver.Human(new IncidentAcknowledged(T0.AddMinutes(3), "Alex", "Alex", "acknowledged"));
            }
        });

        driver.Fired.Select(f => f.Key).ShouldNotContain(k => k.StartsWith("sla:acknowledge", StringComparison.Ordinal));
        driver.Fired.ShouldContain(("notice:on-call", 0));
    }

    [Fact]
    public void Plan_P1AcknowledgedLate_WarningAtFourBreachAtFive()
    {
        var time = new FakeTimeProvider(T0);
        var driver = new EngineDriver(T0, Policy, Opened(Priority.P1), time);

        driver.RunUntil(10);

        driver.Fired.ShouldContain(("sla:acknowledge:warning", 4));
        driver.Fired.ShouldContain(("sla:acknowledge:breach", 5));
    }

    [Fact]
    public void Plan_AcknowledgedAMomentBeforeTheBreach_BreachIsNotOwed()
    {
        var state = IncidentLifecycle.Apply(Opened(Priority.P1), new IncidentAcknowledged(T0.AddMinutes(5).AddSeconds(-1), "Alex", "Alex", "ack"));

        EscalationEngine.Plan(state, Policy, T0.AddMinutes(5)).Item("sla:acknowledge:breach").ShouldBeNull();
    }

    [Fact]
    public void Plan_PriorityRaisedFromP1ToP0_EveryTimerMovesToP0Numbers()
    {
        var p1 = Opened(Priority.P1);
        EscalationEngine.Plan(p1, Policy, T0.AddMinutes(10)).Item("escalate:tier2")!.DueAt.ShouldBe(T0.AddMinutes(30));

        var p0 = IncidentLifecycle.Apply(p1, new IncidentClassified(T0.AddMinutes(10), "Alex", Priority.P0, Impact.High, Urgency.High, IncidentCategory.Availability, "worse"));
        var plan = EscalationEngine.Plan(p0, Policy, T0.AddMinutes(10));

        plan.Item("escalate:tier2")!.DueAt.ShouldBe(T0.AddMinutes(15));
        plan.Item("escalate:tier3")!.DueAt.ShouldBe(T0.AddMinutes(45));
        plan.Item("notice:management")!.DueAt.ShouldBe(T0.AddMinutes(30));
        plan.Item("notice:executive")!.DueAt.ShouldBe(T0.AddHours(2));
        plan.Item("sla:resolve:breach")!.DueAt.ShouldBe(T0.AddHours(2));
        plan.Item("escalate:tier2")!.Key.ShouldBe("escalate:tier2");
    }

    [Theory]
    [InlineData(Priority.P2)]
    [InlineData(Priority.P3)]
    public void Plan_PriorityThatNeverEscalates_NoTierOrManagementItems(Priority priority)
    {
        var plan = EscalationEngine.Plan(Opened(priority), Policy, T0.AddDays(3));

        plan.Items.ShouldNotContain(i => i.Kind == DueKind.Escalation);
        plan.Items.ShouldNotContain(i => i.Audience == Audiences.Management || i.Audience == Audiences.Executive);
    }

    [Fact]
    public void Plan_P3_OnlyTheAcknowledgeSlaAndTheOnCallPage()
    {
        var plan = EscalationEngine.Plan(Opened(Priority.P3), Policy, T0);

        plan.Items.Select(i => i.Key).ShouldBe(["notice:on-call", "sla:acknowledge:warning", "sla:acknowledge:breach"]);
        plan.Item("sla:acknowledge:breach")!.DueAt.ShouldBe(T0.AddDays(1));
    }

    [Fact]
    public void Plan_Resolved_EscalationsAndExecutiveNoticeCancelled()
    {
        var state = IncidentLifecycle.Apply(Opened(Priority.P0), new IncidentResolved(T0.AddMinutes(10), "Alex", "fixed"));

        var plan = EscalationEngine.Plan(state, Policy, T0.AddMinutes(10));

        plan.Items.ShouldNotContain(i => i.Kind == DueKind.Escalation || i.Kind == DueKind.SlaWarning);
        plan.Item("notice:executive").ShouldBeNull();
        // P0 management and the first status-page update are owed even after a quick resolution, as the clock reads it.
        plan.Item("notice:management")!.DueAt.ShouldBe(T0.AddMinutes(30));
        plan.Items.ShouldContain(i => i.Kind == DueKind.StatusPageUpdate && i.DueAt == T0.AddMinutes(30));
        plan.Item("notice:resolution")!.DueAt.ShouldBe(T0.AddMinutes(10));
        plan.Item("review:deadline")!.DueAt.ShouldBe(T0.AddMinutes(10).AddHours(24));
    }

    [Fact]
    public void Plan_Reopened_EscalationOwedAgain()
    {
        var state = IncidentLifecycle.Apply(Opened(Priority.P1), new IncidentResolved(T0.AddMinutes(10), "Alex", "fixed"));
        state = IncidentLifecycle.Apply(state, new StatusChanged(T0.AddMinutes(40), "Alex", IncidentStatus.Resolved, IncidentStatus.Investigating, "back"));

        var plan = EscalationEngine.Plan(state, Policy, T0.AddMinutes(40));

        plan.Item("escalate:tier2")!.IsDue(T0.AddMinutes(40)).ShouldBeTrue();
        plan.Item("notice:resolution").ShouldBeNull();
    }

    [Fact]
    public void Plan_SameInputs_SameKeysAndTimes()
    {
        var state = Opened(Priority.P0);

        EscalationEngine.Plan(state, Policy, T0.AddMinutes(20)).Items.ShouldBe(EscalationEngine.Plan(state, Policy, T0.AddMinutes(20)).Items);
    }

    [Fact]
    public void Plan_PerformedKey_IsNotOwedAgain()
    {
        var performed = new Dictionary<string, DateTimeOffset> { ["sla:engage:warning"] = T0.AddMinutes(12) };

        EscalationEngine.Plan(Opened(Priority.P0), Policy, T0.AddMinutes(13), performed).Item("sla:engage:warning").ShouldBeNull();
    }

    [Fact]
    public void Plan_ActionPastDue_OverdueItemWithStableKey()
    {
        var state = IncidentLifecycle.Apply(Opened(Priority.P2),
            new ActionAdded(T0.AddHours(1), "Alex", "immediate", "Add a canary for price tables", "Sam", T0.AddDays(7)));

        var items = EscalationEngine.Plan(state, Policy, T0.AddDays(8)).Items.Where(i => i.Kind == DueKind.ActionOverdue).ToList();

        items.ShouldHaveSingleItem().DueAt.ShouldBe(T0.AddDays(7));
        items[0].Key.ShouldMatch("^action:[0-9a-f]{12}:overdue$");
        items[0].Reason.ShouldContain("Add a canary for price tables");
    }

    [Fact]
    public void NextDueAt_IsTheEarliestItem()
    {
        EscalationEngine.Plan(Opened(Priority.P1), Policy, T0).NextDueAt.ShouldBe(T0);
    }
}
