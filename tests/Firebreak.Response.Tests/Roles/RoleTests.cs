using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response.Tests;

public sealed class DevOpsEngineerTests
{
    [Fact]
    public void Prepare_RollbackTemplate_FillsComponentAndPreviousVersion()
    {
        using var scenario = new Scenario();

        var command = DevOpsEngineer.Prepare(scenario.Plan, scenario.Commands, scenario.Diagnosis, scenario.Evidence(Scenario.Now), new IncidentId("INC-1"));

        command.Problem.ShouldBeNull();
        command.Arguments.ShouldBe(["./ops/rollback.sh", "checkout-api", "3.7.2"]);
    }

    [Fact]
    public void Prepare_UnknownPlaceholderValue_RefusesWithTheReason()
    {
        using var scenario = new Scenario();
        var commands = scenario.Commands with
        {
            Commands = new Dictionary<MitigationStrategy, IReadOnlyList<string>> { [MitigationStrategy.Rollback] = ["flagctl", "set", "{key}", "off"] },
        };

        var command = DevOpsEngineer.Prepare(scenario.Plan, commands, scenario.Diagnosis, scenario.Evidence(Scenario.Now), new IncidentId("INC-1"));

        command.Arguments.ShouldBeNull();
        command.Problem!.ShouldContain("{key}");
    }

    [Fact]
    public void Prepare_TargetVersionMarkedUnknownAndNoPreviousDeploy_RefusesToRun()
    {
        using var scenario = new Scenario();
        var plan = scenario.Plan with { TargetVersion = "unknown (needs the previous deploy record)" };
        var evidence = scenario.Evidence(Scenario.Now) with { Changes = [scenario.Change] };

        var command = DevOpsEngineer.Prepare(plan, scenario.Commands, scenario.Diagnosis, evidence, new IncidentId("INC-1"));

        command.Arguments.ShouldBeNull();
        command.Problem!.ShouldContain("{previous_version} is unknown");
    }

    [Fact]
    public void Prepare_VersionPlaceholderOnRollback_IsTheVersionToGoBackTo()
    {
        using var scenario = new Scenario();
        var commands = scenario.Commands with
        {
            Commands = new Dictionary<MitigationStrategy, IReadOnlyList<string>> { [MitigationStrategy.Rollback] = ["deployctl", "rollback", "{component}", "--to={version}", "--ticket={incident}"] },
        };

        var command = DevOpsEngineer.Prepare(scenario.Plan, commands, scenario.Diagnosis, scenario.Evidence(Scenario.Now), new IncidentId("INC-1"));

        command.Arguments.ShouldBe(["deployctl", "rollback", "checkout-api", "--to=3.7.2", "--ticket=INC-1"]);
    }

    [Fact]
    public void Prepare_NoCommandForStrategy_SaysWhichKeyIsMissing()
    {
        using var scenario = new Scenario { Strategy = MitigationStrategy.ConfigChange };

        var command = DevOpsEngineer.Prepare(scenario.Plan, scenario.Commands, scenario.Diagnosis, scenario.Evidence(Scenario.Now), new IncidentId("INC-1"));

        command.Problem.ShouldBe("no mitigation.config_change command is configured in firebreak.yaml");
    }
}

public sealed class SecurityArchitectTests
{
    [Theory]
    [InlineData(IncidentCategory.Security, false, true)]
    [InlineData(IncidentCategory.DataIntegrity, false, true)]
    [InlineData(IncidentCategory.Availability, true, true)]
    [InlineData(IncidentCategory.Availability, false, false)]
    public void Applies_CategoryOrForensicsGuidance_DecidesTheSecurityPath(IncidentCategory category, bool forensics, bool expected)
    {
        using var scenario = new Scenario { Category = category };

        SecurityArchitect.Applies(scenario.Diagnosis, new GuidanceProfile { PreserveForensics = forensics }).ShouldBe(expected);
    }

    [Fact]
    public void EvidenceFiles_Bundle_ListsAlertsAndDeployRecordsOnce()
    {
        using var scenario = new Scenario();

        SecurityArchitect.EvidenceFiles(scenario.Evidence(Scenario.Now)).ShouldBe(["alerts/01-CheckoutHighErrorRate.json", "deploys.jsonl"]);
    }
}

public sealed class ProjectManagerTests
{
    private static readonly TriageResult Triage = new(
        new ImpactAssessment(Impact.Medium, 1000, 0.1, "degraded", []),
        new UrgencyAssessment(Urgency.Medium, "hours", Trend.Stable, null, []),
        Priority.P2, null, "triage");

    private static ClockReport Clock(TimeSpan elapsed, params (string Name, bool Due)[] deadlines) => new(
        Scenario.Now, elapsed, [new SlaVerdict(EscalationClock.Resolve, TimeSpan.FromHours(4), elapsed, SlaOutcome.Pending)],
        [.. deadlines.Select(d => new ClockDeadline(d.Name, Scenario.Now, d.Due))], null, null);

    private static IncidentState Open => new() { Id = "INC-1", Status = IncidentStatus.Investigating };

    [Fact]
    public void Management_P0_IsNotifiedAutomatically() =>
        ProjectManager.Management(Priority.P0, null, Open, Clock(TimeSpan.FromMinutes(5)), DefaultPolicy.Instance, Triage).Yes.ShouldBeTrue();

    [Fact]
    public void Management_P1BeforeTwoHours_WaitsAndSaysUntilWhen()
    {
        var decision = ProjectManager.Management(Priority.P1, null, Open, Clock(TimeSpan.FromMinutes(30), (EscalationClock.ManagementNotice, false)), DefaultPolicy.Instance, Triage);

        decision.Yes.ShouldBeFalse();
        decision.Reason.ShouldContain("unresolved at 2026-11-25 20:00 UTC");
    }

    [Fact]
    public void Management_P1PastTwoHoursUnresolved_IsNotified() =>
        ProjectManager.Management(Priority.P1, null, Open, Clock(TimeSpan.FromHours(2.5), (EscalationClock.ManagementNotice, true)), DefaultPolicy.Instance, Triage).Yes.ShouldBeTrue();

    [Fact]
    public void Management_P2EscalatedFromReportedP3_IsNotified() =>
        ProjectManager.Management(Priority.P2, Priority.P3, Open, Clock(TimeSpan.FromMinutes(5)), DefaultPolicy.Instance, Triage).Yes.ShouldBeTrue();

    [Fact]
    public void Management_P3_IsNeverNotified() =>
        ProjectManager.Management(Priority.P3, null, Open, Clock(TimeSpan.FromDays(2)), DefaultPolicy.Instance, Triage).Yes.ShouldBeFalse();

    [Fact]
    public void Executive_RevenueGuidanceOnP1_IsImmediate()
    {
        var decision = ProjectManager.Executive(Priority.P1, Open, Clock(TimeSpan.FromMinutes(1)), DefaultPolicy.Instance, new GuidanceProfile { Revenue = true }, new TriageFacts(), false, false, false);

        decision.Yes.ShouldBeTrue();
        decision.Reason.ShouldContain("revenue");
    }

    [Fact]
    public void Executive_P0UnderTwoHours_IsNotNotified() =>
        ProjectManager.Executive(Priority.P0, Open, Clock(TimeSpan.FromMinutes(40), (EscalationClock.ExecutiveNotice, false)), DefaultPolicy.Instance, GuidanceProfile.None, new TriageFacts(), false, false, false).Yes.ShouldBeFalse();

    [Fact]
    public void Executive_P0PastTwoHours_IsNotified() =>
        ProjectManager.Executive(Priority.P0, Open, Clock(TimeSpan.FromHours(2.2), (EscalationClock.ExecutiveNotice, true)), DefaultPolicy.Instance, GuidanceProfile.None, new TriageFacts(), false, false, false).Yes.ShouldBeTrue();

    [Theory]
    [InlineData(Priority.P0, 0.9, false, true)]
    [InlineData(Priority.P0, 0.3, true, true)]
    [InlineData(Priority.P0, 0.3, false, false)]
    [InlineData(Priority.P1, 0.9, false, false)]
    public void Executive_RevenueFlowFailing_NotifiedOnlyForMajorBusinessImpactAtP0(Priority priority, double ratio, bool outage, bool expected)
    {
        var facts = new TriageFacts { RevenueImpact = true, AffectedUserRatio = ratio, CompleteOutage = outage };

        var decision = ProjectManager.Executive(priority, Open, Clock(TimeSpan.FromMinutes(10), (EscalationClock.ExecutiveNotice, false)), DefaultPolicy.Instance, GuidanceProfile.None, facts, false, false, false);

        decision.Yes.ShouldBe(expected, decision.Reason);
    }

    [Fact]
    public void Executive_Security_IsImmediateForAnyPriority() =>
        ProjectManager.Executive(Priority.P3, Open, Clock(TimeSpan.Zero), DefaultPolicy.Instance, GuidanceProfile.None, new TriageFacts(), security: true, false, false).Yes.ShouldBeTrue();

    [Theory]
    [InlineData(Priority.P0, 24)]
    [InlineData(Priority.P1, 48)]
    [InlineData(Priority.P2, 168)]
    public void ScheduleReview_ResolvedIncident_MeetsWithinThePolicyWindow(Priority priority, int hours)
    {
        var resolvedAt = Scenario.Now.AddMinutes(7);
        var state = Open with { Status = IncidentStatus.Resolved, ResolvedAt = resolvedAt };

        var review = ProjectManager.ScheduleReview(priority, DefaultPolicy.Instance, new RoleRoster([], []), state, Scenario.Now.AddHours(1), false);

        review.Value.Required.ShouldBeTrue();
        review.Value.DueBy.ShouldBe(resolvedAt.AddHours(hours));
        review.Value.MeetingAt!.Value.ShouldBeInRange(resolvedAt, resolvedAt.AddHours(hours));
        review.Events.OfType<ReviewScheduled>().ShouldHaveSingleItem();
    }

    [Fact]
    public void ScheduleReview_P3_NeedsNoReview()
    {
        var review = ProjectManager.ScheduleReview(Priority.P3, DefaultPolicy.Instance, new RoleRoster([], []), Open, Scenario.Now, false);

        review.Value.Required.ShouldBeFalse();
        review.Events.ShouldBeEmpty();
    }

    [Fact]
    public void PreventiveActions_DeployRegression_PolicyDueDatesPrioritiesTypesAndOwners()
    {
        using var scenario = new Scenario();
        var roster = new RoleRoster(
            [new RoleAssignment(Roles.Tier2ComponentOwner, "Dana Wu", "owner"), new RoleAssignment(Roles.Tier1OnCall, "Alex Kim", "oncall"), new RoleAssignment(Roles.Tier3Architect, "Ken Ito", "arch")],
            []);

        var actions = ProjectManager.PreventiveActions(scenario.Diagnosis, scenario.Plan, roster, DefaultPolicy.Instance, Open, Scenario.Now);

        actions.Value.Where(a => a.Horizon == "Immediate").ShouldAllBe(a => a.Due == Scenario.Now.AddDays(7) && a.Priority == ActionPriority.High);
        actions.Value.Where(a => a.Horizon == "Short-term").ShouldAllBe(a => a.Due == Scenario.Now.AddDays(30) && a.Priority == ActionPriority.Medium);
        actions.Value[0].Action.ShouldContain("3.8.0");
        actions.Value[0].Type.ShouldBe(PreventiveType.Prevent);
        actions.Value[0].Owner.ShouldBe("Dana Wu");
        actions.Events.Count.ShouldBe(actions.Value.Count);
    }

    [Fact]
    public void PreventiveActions_RollbackNotExecuted_NoAutomationAndNoDrill()
    {
        using var scenario = new Scenario();
        var roster = new RoleRoster([new RoleAssignment(Roles.Tier2ComponentOwner, "Dana Wu", "owner")], []);

        var actions = ProjectManager.PreventiveActions(new PreventionInputs(scenario.Diagnosis, scenario.Plan, roster, DefaultPolicy.Instance, Open, Scenario.Now));

        actions.Value.ShouldNotContain(a => a.Action.Contains("roll back", StringComparison.OrdinalIgnoreCase) && a.Action.Contains("automatically", StringComparison.Ordinal));
        actions.Value.ShouldNotContain(a => a.Action.Contains("chaos", StringComparison.OrdinalIgnoreCase));
        actions.Value.ShouldNotContain(a => a.Horizon == "Long-term");
    }

    [Fact]
    public void PreventiveActions_NobodyConfigured_OwnerSaysUnassigned()
    {
        using var scenario = new Scenario();

        var actions = ProjectManager.PreventiveActions(new PreventionInputs(scenario.Diagnosis, scenario.Plan, new RoleRoster([], []), DefaultPolicy.Instance, Open, Scenario.Now)
        {
            Profile = ServiceProfile.Unknown,
        });

        actions.Value.Where(a => a.Type == PreventiveType.Process).ShouldAllBe(a => a.Owner.StartsWith("unassigned (", StringComparison.Ordinal));
    }

    [Fact]
    public void PreventiveActions_ArchitectOnlyInPeople_CanaryGateOwnedByThem()
    {
        using var scenario = new Scenario();
        var people = PeopleDirectory.Empty with { Architects = ["Ken Ito"] };
        var change = scenario.Diagnosis.Leading!.Change!;

        var actions = ProjectManager.PreventiveActions(new PreventionInputs(scenario.Diagnosis, scenario.Plan, new RoleRoster([], []), DefaultPolicy.Instance, Open, Scenario.Now)
        {
            Profile = ServiceProfile.Unknown with { People = people },
            ChangeToOnset = TimeSpan.FromMinutes(1),
        });

        actions.Value.ShouldContain(a => a.Action.StartsWith("Gate ", StringComparison.Ordinal) && a.Owner == "Ken Ito" && a.Type == PreventiveType.Process);
        change.ShouldNotBeNull();
    }
}

public sealed class EscalationTriggerTests
{
    private static ClockReport Clock(params (string Name, bool Due)[] deadlines) =>
        new(Scenario.Now, TimeSpan.FromMinutes(5), [], [.. deadlines.Select(d => new ClockDeadline(d.Name, Scenario.Now, d.Due))], null, null);

    [Fact]
    public void Tier2Reasons_DeployBlamed_EscalatesForCodeChange()
    {
        using var scenario = new Scenario();

        var reasons = ReliabilityEngineer.Tier2Reasons(scenario.Diagnosis, scenario.Runbook, Clock());

        reasons.ShouldHaveSingleItem().ShouldStartWith("code change suspected: deploy 3.8.0");
    }

    [Fact]
    public void Tier2Reasons_RunbookAppliesAndNoChange_StaysAtTier1()
    {
        using var scenario = new Scenario { Cause = CauseKind.Unknown };

        ReliabilityEngineer.Tier2Reasons(scenario.Diagnosis, scenario.Runbook, Clock((EscalationClock.Tier2, false))).ShouldBeEmpty();
    }

    [Fact]
    public void Tier2Reasons_NoRunbookAndTimerDue_GivesBothReasons()
    {
        using var scenario = new Scenario { Cause = CauseKind.Unknown, Runbook = null };

        var reasons = ReliabilityEngineer.Tier2Reasons(scenario.Diagnosis, null, Clock((EscalationClock.Tier2, true)));

        reasons.Count.ShouldBe(2);
        reasons[1].ShouldContain("Tier 1 timer ran out");
    }

    [Fact]
    public void Tier3Reasons_DependencyFailure_EscalatesForVendor()
    {
        using var scenario = new Scenario { Cause = CauseKind.Dependency, Strategy = MitigationStrategy.Workaround };

        ComponentOwner.Tier3Reasons(scenario.Diagnosis, scenario.Plan, Clock()).ShouldHaveSingleItem().ShouldStartWith("vendor/third-party dependency issue");
    }

    [Fact]
    public void Tier3Reasons_Hotfix_NeedsApproval()
    {
        using var scenario = new Scenario { Strategy = MitigationStrategy.Hotfix };

        ComponentOwner.Tier3Reasons(scenario.Diagnosis, scenario.Plan, Clock()).ShouldBe(["emergency code fix required: hotfix approval needed"]);
    }

    [Fact]
    public void Tier3Reasons_RollbackOfADeploy_StaysAtTier2()
    {
        using var scenario = new Scenario();

        ComponentOwner.Tier3Reasons(scenario.Diagnosis, scenario.Plan, Clock((EscalationClock.Tier3, false))).ShouldBeEmpty();
    }

    [Fact]
    public void ArchitectureDesigner_Dependency_DecidesVendorEscalation()
    {
        using var scenario = new Scenario { Cause = CauseKind.Dependency, Strategy = MitigationStrategy.Workaround };

        var decisions = ArchitectureDesigner.Decide(scenario.Diagnosis, scenario.Plan);

        decisions.Single(d => d.Question == Tier3Question.VendorEscalation).Verdict.ShouldBe("INITIATE");
        ArchitectureDesigner.Record(decisions, Scenario.Now).Count.ShouldBe(decisions.Count);
    }
}
