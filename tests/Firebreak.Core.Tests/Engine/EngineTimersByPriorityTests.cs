using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Core.Tests;

/// <summary>Each timer of the spec fires at the policy's minute for P0 to P3, firebreak.yaml overrides move it, and human events re-time it.</summary>
public sealed class EngineTimersByPriorityTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    private static IncidentState Opened(Priority priority) => IncidentLifecycle.Replay("INC-7",
    [
        new IncidentDetected(T0, "alertmanager", "INC-7", "alertmanager", "alert", "checkout fails", priority, "alerts/a.json"),
        new IncidentClassified(T0, "triage", priority, Impact.High, Urgency.High, IncidentCategory.Availability, "most users"),
        new StatusChanged(T0, "triage", IncidentStatus.Detected, IncidentStatus.Triaged, "triaged"),
        new StatusChanged(T0, "triage", IncidentStatus.Triaged, IncidentStatus.Investigating, "investigating"),
    ]);

    private static (EngineDriver Driver, FakeTimeProvider Time) Start(Priority priority, ResponsePolicy? policy = null)
    {
        var time = new FakeTimeProvider(T0);
        return (new EngineDriver(T0, policy ?? DefaultPolicy.Instance, Opened(priority), time), time);
    }

    private static List<(string Key, int Minute)> NotStatusPage(EngineDriver driver) =>
        [.. driver.Fired.Where(f => !f.Key.StartsWith("status-page:", StringComparison.Ordinal))];

    private static List<int> StatusPage(EngineDriver driver) =>
        [.. driver.Fired.Where(f => f.Key.StartsWith("status-page:", StringComparison.Ordinal)).Select(f => f.Minute)];

    [Fact]
    public void Plan_P1NobodyActsForFiveHours_EachTimerAtTheSpecsMinute()
    {
        var (driver, _) = Start(Priority.P1);

        driver.RunUntil(300);

        // P1: acknowledge 5 min, engage 30 min, resolve 4 h; Tier 1 30 min, Tier 2 1 h more; management at 2 h; no executive.
        NotStatusPage(driver).ShouldBe(
        [
            ("notice:on-call", 0),
            ("sla:acknowledge:warning", 4),
            ("sla:acknowledge:breach", 5),
            ("sla:engage:warning", 24),
            ("escalate:tier2", 30),
            ("escalate:tier3", 90),
            ("notice:management", 120),
            ("sla:resolve:warning", 192),
            ("sla:resolve:breach", 240),
        ]);
        // The first update within 1 h, then every 30 min while unresolved.
        StatusPage(driver).ShouldBe([60, 90, 120, 150, 180, 210, 240, 270, 300]);
    }

    [Fact]
    public void Plan_P2NobodyActsForADay_NeverEscalatesOrTellsLeadership()
    {
        var (driver, _) = Start(Priority.P2);

        driver.RunUntil(1440);

        // P2: acknowledge 30 min, engage 4 h, resolve 24 h; no tier timeouts, no management or executive notice.
        NotStatusPage(driver).ShouldBe(
        [
            ("notice:on-call", 0),
            ("sla:acknowledge:warning", 24),
            ("sla:acknowledge:breach", 30),
            ("sla:engage:warning", 192),
            ("sla:engage:breach", 240),
            ("sla:resolve:warning", 1152),
            ("sla:resolve:breach", 1440),
        ]);
        StatusPage(driver).ShouldBe([1440], "P2 updates daily (the SLA table)");
    }

    [Fact]
    public void Plan_P3NobodyActsForTwoDays_OnlyTheAcknowledgeSla()
    {
        var (driver, _) = Start(Priority.P3);

        driver.RunUntil(2880);

        driver.Fired.ShouldBe([("notice:on-call", 0), ("sla:acknowledge:warning", 1152), ("sla:acknowledge:breach", 1440)]);
    }

    [Fact]
    public void Plan_P0AcknowledgedAtMinuteFive_NoTierEscalationButLeadershipIsStillTold()
    {
        var (driver, _) = Start(Priority.P0);

        driver.RunUntil(180, minute =>
        {
            if (minute == 5)
            {
                driver.Human(new IncidentAcknowledged(T0.AddMinutes(5), "Alex", "Alex", "on it"));
            }
        });

        // A person owns it before the Tier 1 timeout (15 min): the clock pages nobody else; the engage clock stopped at the ack.
        driver.Fired.Select(f => f.Key).ShouldNotContain(k => k.StartsWith("escalate:", StringComparison.Ordinal));
        driver.Fired.Select(f => f.Key).ShouldNotContain(k => k.StartsWith("sla:engage:", StringComparison.Ordinal));
        NotStatusPage(driver).ShouldBe(
        [
            ("notice:on-call", 0),
            ("sla:acknowledge:breach", 0),
            ("notice:management", 30),
            ("sla:resolve:warning", 96),
            ("notice:executive", 120),
            ("sla:resolve:breach", 120),
        ]);
    }

    [Fact]
    public void Plan_P1AcknowledgedAfterTier2_Tier3IsNoLongerOwed()
    {
        var (driver, _) = Start(Priority.P1);

        driver.RunUntil(120, minute =>
        {
            if (minute == 40)
            {
                driver.Human(new IncidentAcknowledged(T0.AddMinutes(40), "Alex", "Alex", "on it"));
            }
        });

        driver.Fired.ShouldContain(("escalate:tier2", 30));
        driver.Fired.Select(f => f.Key).ShouldNotContain("escalate:tier3");
        driver.Plan().Item("escalate:tier3").ShouldBeNull();
    }

    [Theory]
    [InlineData(5)]
    [InlineData(45)]
    public void Plan_P1Acknowledged_TheRecordsClockAndTheEngineAgreeNoTierTimerIsDue(int ackMinute)
    {
        var state = IncidentLifecycle.Apply(Opened(Priority.P1), new IncidentAcknowledged(T0.AddMinutes(ackMinute), "Alex", "Alex", "on it"));
        var at = T0.AddHours(3);

        var clock = EscalationClock.Evaluate(state, DefaultPolicy.Instance, at);
        var plan = EscalationEngine.Plan(state, DefaultPolicy.Instance, at);

        clock.Deadline(EscalationClock.Tier2)!.Due.ShouldBeFalse();
        clock.Deadline(EscalationClock.Tier3)!.Due.ShouldBeFalse();
        plan.Items.ShouldNotContain(i => i.Kind == DueKind.Escalation);
        clock.Sla(EscalationClock.Engage)!.Outcome.ShouldBe(ackMinute <= 30 ? SlaOutcome.Met : SlaOutcome.Missed);
        (plan.Item("sla:engage:breach") is not null).ShouldBe(ackMinute > 30);
    }

    [Fact]
    public void Plan_OverridesFromFirebreakYaml_MoveEveryTimer()
    {
        var policy = PolicyOverrides.Apply(DefaultPolicy.Instance, new Dictionary<string, object?>
        {
            ["tier1_timeout"] = new Dictionary<string, object?> { ["P1"] = "10m", ["P2"] = "2h" },
            ["tier2_timeout"] = new Dictionary<string, object?> { ["P1"] = "20m" },
            ["management_after"] = new Dictionary<string, object?> { ["P1"] = "45m" },
            ["status_page_first_within"] = new Dictionary<string, object?> { ["P1"] = "5m" },
            ["status_page_every"] = new Dictionary<string, object?> { ["P1"] = "10m" },
            ["acknowledge_sla"] = new Dictionary<string, object?> { ["P1"] = "10m" },
            ["engage_sla"] = new Dictionary<string, object?> { ["P1"] = "none" },
            ["resolve_sla"] = new Dictionary<string, object?> { ["P1"] = "1h" },
            ["executive_after"] = "1h",
            ["review_within"] = new Dictionary<string, object?> { ["P1"] = "4h" },
        });
        var (driver, _) = Start(Priority.P1, policy);

        driver.RunUntil(50, minute =>
        {
            if (minute == 40)
            {
                driver.Human(new IncidentResolved(T0.AddMinutes(40), "Alex", "rolled back"));
            }
        });

        // Management (45 min) is moot for a P1 resolved at 40; the resolve SLA (1 h) was met; engage has no target.
        NotStatusPage(driver).ShouldBe(
        [
            ("notice:on-call", 0),
            ("sla:acknowledge:warning", 8),
            ("escalate:tier2", 10),
            ("sla:acknowledge:breach", 10),
            ("escalate:tier3", 30),
            ("notice:pir-invitation", 40),
            ("notice:resolution", 40),
        ]);
        StatusPage(driver).ShouldBe([5, 15, 25, 35]);
        driver.Plan().Item("review:deadline")!.DueAt.ShouldBe(T0.AddMinutes(40).AddHours(4));

        // The per-priority override reaches P2, which now escalates; the P0-only executive notice moved to 1 h.
        EscalationEngine.Plan(Opened(Priority.P2), policy, T0).Item("escalate:tier2")!.DueAt.ShouldBe(T0.AddHours(2));
        EscalationEngine.Plan(Opened(Priority.P2), policy, T0).Item("escalate:tier3").ShouldBeNull();
        EscalationEngine.Plan(Opened(Priority.P0), policy, T0).Item("notice:executive")!.DueAt.ShouldBe(T0.AddHours(1));
    }

    [Fact]
    public void Plan_PriorityLoweredFromP0ToP2AfterTier2_PerformedStaysAndTheRestMovesOrGoes()
    {
        var (driver, _) = Start(Priority.P0);

        driver.RunUntil(20);
        driver.Human(new IncidentClassified(T0.AddMinutes(20), "Alex", Priority.P2, Impact.Low, Urgency.Medium, IncidentCategory.Performance, "only a few users"));
        var plan = driver.Plan();

        driver.Fired.ShouldContain(("escalate:tier2", 15));
        driver.Performed.ShouldContainKey("escalate:tier2");
        plan.Item("escalate:tier2").ShouldBeNull();
        plan.Item("escalate:tier3").ShouldBeNull();
        plan.Item("notice:management").ShouldBeNull();
        plan.Item("notice:executive").ShouldBeNull();
        plan.Item("sla:resolve:breach")!.DueAt.ShouldBe(T0.AddHours(24));
        plan.Items.Single(i => i.Kind == DueKind.StatusPageUpdate).DueAt.ShouldBe(T0.AddDays(1), "P2 updates daily, from the last update");
        plan.Items.ShouldAllBe(i => i.Reason.StartsWith("P2", StringComparison.Ordinal) || i.Kind == DueKind.Notice);
    }

    [Fact]
    public void Plan_PriorityRaisedFromP2ToP0AtMinute20_OverdueTimersFireAtOnceTheRestAtP0Minutes()
    {
        var (driver, _) = Start(Priority.P2);

        driver.RunUntil(60, minute =>
        {
            if (minute == 20)
            {
                driver.Human(new IncidentClassified(T0.AddMinutes(20), "Alex", Priority.P0, Impact.High, Urgency.High, IncidentCategory.Availability, "everyone"));
            }
        });

        driver.Fired.ShouldContain(("escalate:tier2", 20));
        driver.Fired.ShouldContain(("notice:management", 30));
        driver.Fired.ShouldContain(("escalate:tier3", 45));
        StatusPage(driver).ShouldBe([30, 45, 60]);
    }

    [Fact]
    public void Plan_ResolvedThenReopenedThenResolvedAgain_EachResolutionIsAnnouncedOnce()
    {
        var (driver, _) = Start(Priority.P1);

        driver.RunUntil(200, minute =>
        {
            if (minute == 10)
            {
                driver.Human(new StatusChanged(T0.AddMinutes(10), "Alex", IncidentStatus.Investigating, IncidentStatus.Resolved, "fixed"));
                driver.Human(new IncidentResolved(T0.AddMinutes(10), "Alex", "fixed"));
            }
            else if (minute == 60)
            {
                driver.Human(new StatusChanged(T0.AddMinutes(60), "Alex", IncidentStatus.Resolved, IncidentStatus.Investigating, "errors are back"));
            }
            else if (minute == 100)
            {
                driver.Human(new StatusChanged(T0.AddMinutes(100), "Alex", IncidentStatus.Investigating, IncidentStatus.Resolved, "fixed again"));
                driver.Human(new IncidentResolved(T0.AddMinutes(100), "Alex", "fixed again"));
            }
        });

        driver.Fired.ShouldContain(("notice:resolution", 10));
        driver.Fired.ShouldContain(("notice:resolution:2", 100));
        // Reopened at 60: the Tier 2 escalation (due at 30) is owed at once, Tier 3 at 90; resolving at 100 stops the rest.
        driver.Fired.ShouldContain(("escalate:tier2", 60));
        driver.Fired.ShouldContain(("escalate:tier3", 90));
        driver.Fired.Count(f => f.Key.StartsWith("notice:resolution", StringComparison.Ordinal)).ShouldBe(2);
        driver.Plan().Item("review:deadline")!.DueAt.ShouldBe(T0.AddMinutes(100).AddHours(48));
    }

    [Fact]
    public void Plan_EngineStoppedPastABreach_TheWarningIsNotOwedOnlyTheBreach()
    {
        var plan = EscalationEngine.Plan(Opened(Priority.P1), DefaultPolicy.Instance, T0.AddMinutes(10));

        plan.Item("sla:acknowledge:warning").ShouldBeNull();
        plan.Item("sla:acknowledge:breach")!.IsDue(T0.AddMinutes(10)).ShouldBeTrue();
    }
}
