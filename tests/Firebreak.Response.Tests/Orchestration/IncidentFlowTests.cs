using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response.Tests;

public sealed class IncidentFlowTests
{
    [Fact]
    public void Steps_AreTheSeedsSevenInOrder()
    {
        RespondHandler.Steps.Select(s => s.Number).ShouldBe([1, 2, 3, 4, 5, 6, 7]);
        RespondHandler.Steps.Select(s => s.GetType().Name).ShouldBe(
            ["Step1Detection", "Step2Triage", "Step3FunctionalEscalation", "Step4HierarchicalEscalation", "Step5RootCauseAnalysis", "Step6Mitigation", "Step7Review"]);
    }

    [Fact]
    public async Task HandleAsync_HotfixEscalatedToTier3_ChoosesThePlanOnceAndCarriesTheTier3DecisionsAsRecorded()
    {
        using var scenario = new Scenario { Strategy = MitigationStrategy.Hotfix, Runbook = null };

        var result = await scenario.Flow().HandleAsync(scenario.Request(), CancellationToken.None);

        scenario.Reasoning.Choices.ShouldBe(1);
        result.Dossier.Escalation.Tier.ShouldBe(Tier.Tier3);
        var decisions = result.Dossier.Escalation.Tier3Decisions;
        decisions.Select(d => d.Question).ShouldBe([Tier3Question.ArchitectureChange, Tier3Question.VendorEscalation, Tier3Question.Hotfix, Tier3Question.WorkaroundOrFix]);
        decisions.Single(d => d.Question == Tier3Question.Hotfix).Verdict.ShouldBe("APPROVE WITH CONDITIONS");
        var notes = result.Dossier.State.Events.OfType<NoteRecorded>().Where(n => n.Text.StartsWith("Tier 3 decision: ", StringComparison.Ordinal)).Select(n => n.Text).ToList();
        notes.ShouldBe(decisions.Select(d => $"Tier 3 decision: {d.Title}: {d.Verdict} ({d.Why})"));
    }

    [Fact]
    public async Task HandleAsync_ObserverAfterEachStep_SeesTheSevenStepsInOrderWithTheirEventsStored()
    {
        using var scenario = new Scenario();
        var observer = new RecordingObserver(scenario);
        scenario.Observer = observer;

        await scenario.Flow().HandleAsync(scenario.Request(), CancellationToken.None);

        observer.Seen.Select(s => s.Step).ShouldBe([1, 2, 3, 4, 5, 6, 7]);
        observer.Seen[0].Stored.ShouldBeGreaterThan(0);
        observer.Seen.Select(s => s.Stored).ShouldBeInOrder();
    }

    private sealed class RecordingObserver(Scenario scenario) : IStepObserver
    {
        public List<(int Step, int Stored)> Seen { get; } = [];

        public Task StepStoredAsync(int number, string name, CancellationToken cancellationToken)
        {
            Seen.Add((number, scenario.Store.Events("INC-1").Count));
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task RunAsync_DeployRegressionWithoutExecute_StopsAtMitigatingAndRunsNothing()
    {
        using var scenario = new Scenario();

        var result = await scenario.Flow().HandleAsync(scenario.Request(), CancellationToken.None);

        var state = result.Dossier.State;
        state.Status.ShouldBe(IncidentStatus.Identified);
        state.Priority.ShouldBe(Priority.P0);
        result.Dossier.DetectedAt.ShouldBe(scenario.Alert.StartsAt);
        result.Dossier.ReportedSymptoms.ShouldBe("checkout-api 5xx ratio above 5% for 5m");
        result.Dossier.Outcome.Executed.ShouldBeFalse();
        result.Dossier.Outcome.Note.ShouldContain("--execute");
        scenario.Runner.Commands.ShouldBeEmpty();
        state.Events.OfType<MitigationChosen>().Single().Strategy.ShouldBe(MitigationStrategy.Rollback);
        state.Events.OfType<MitigationExecuted>().ShouldBeEmpty();
        result.Dossier.Escalation.ManagementNotified.ShouldBeTrue();
        result.Dossier.Roster.Holder(Roles.IncidentCommander).ShouldBe("Rita Gomez");
        scenario.Store.Events("INC-1").Count.ShouldBe(result.EventsAppended);
        Directory.Exists(Path.Combine(scenario.ProjectDirectory, ".aiwg", "incidents", "INC-1", "actions")).ShouldBeTrue();
    }

    [Fact]
    public async Task RunAsync_SecondRun_AppendsNoDuplicateEventsAndKeepsTheDossier()
    {
        using var scenario = new Scenario();
        var first = await scenario.Flow().HandleAsync(scenario.Request(), CancellationToken.None);

        var second = await scenario.Flow().HandleAsync(scenario.Request(), CancellationToken.None);

        second.EventsAppended.ShouldBe(0);
        scenario.Store.Events("INC-1").Count.ShouldBe(first.EventsAppended);
        second.Dossier.State.Status.ShouldBe(first.Dossier.State.Status);
        second.Dossier.Actions.ShouldBe(first.Dossier.Actions);
        second.Dossier.Review.MeetingAt.ShouldBe(first.Dossier.Review.MeetingAt);
    }

    [Fact]
    public async Task RunAsync_ExecuteRollback_RunsFilledCommandValidatesAfterWindowAndResolves()
    {
        using var scenario = new Scenario();

        var result = await RunAdvancingTimeAsync(scenario, scenario.Request() with { Execute = true });

        scenario.Runner.Commands.Single().ShouldBe(["./ops/rollback.sh", "checkout-api", "3.7.2"]);
        scenario.EvidenceSource.Asked.Last().ShouldBeGreaterThanOrEqualTo(Scenario.Now + TimeSpan.FromMinutes(15));
        result.Dossier.State.Status.ShouldBe(IncidentStatus.Resolved);
        result.Dossier.Outcome.Verdict.ShouldBe(ResolutionVerdict.Resolved);
        var output = Path.Combine(scenario.ProjectDirectory, ".aiwg", "incidents", "INC-1", result.Dossier.Outcome.OutputFile!);
        (await File.ReadAllTextAsync(output)).ShouldContain("rolled back");
        result.Dossier.State.Events.OfType<IncidentResolved>().ShouldHaveSingleItem();
    }

    [Fact]
    public async Task RunAsync_ExecuteRollback_OutcomeKeepsTheMetricsReadAfterTheValidationWindow()
    {
        using var scenario = new Scenario();
        var series = new MetricSeries("checkout_error_ratio", "error_rate", "checkout-api", new Dictionary<string, string>(), [], new SourceRef("metrics/checkout_error_ratio.json"));
        scenario.Metrics = at => [new SeriesAnalysis(series, 0.003, 0.001, at > Scenario.Now ? 0.003 : 0.9, 0.9, Scenario.Now.AddMinutes(-20), Trend.Stable, at <= Scenario.Now, "up")];

        var result = await RunAdvancingTimeAsync(scenario, scenario.Request() with { Execute = true });

        result.Dossier.Evidence.Metrics.Single().Current.ShouldBe(0.9);
        result.Dossier.Outcome.AfterMetrics.Single().Current.ShouldBe(0.003);
        result.Dossier.Outcome.ValidatedAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(Scenario.Now + TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task RunAsync_AnyRun_ConsoleAndDossierNameTheSameRootCause()
    {
        using var scenario = new Scenario();

        var result = await scenario.Flow().HandleAsync(scenario.Request(), CancellationToken.None);

        var root = result.Dossier.RootCause.Whys.RootCauseText;
        root.ShouldBe("deploy 3.8.0 of checkout-api introduced a NullReferenceException in PriceCalculator.Apply");
        scenario.Progress.ShouldContain(p => p.Text == $"5 Whys analysis: suspected root cause (not confirmed until a mitigation is validated or a person confirms it): {root}");
        scenario.Progress.ShouldContain(p => p.Text.Contains($"- Root Cause: {root}", StringComparison.Ordinal));
        result.Dossier.RootCause.Whys.Levels.Count.ShouldBe(5);
        var rca = IncidentArtifacts.Render(result.Dossier).Single(a => a.Path == RootCauseAnalysisRenderer.Path).Content;
        rca.ShouldContain($"**Root Cause**: {root} (confidence high)");
    }

    [Fact]
    public async Task RunAsync_RollbackDoesNotResolve_EscalatesToP0FreezesChangesAndNotifiesExecutives()
    {
        using var scenario = new Scenario { Verdict = ResolutionVerdict.NotResolved };
        scenario.Facts = scenario.Facts with { AffectedUserRatio = 0.2, CriticalComponentUnavailable = false, SevereDegradation = false };

        var result = await RunAdvancingTimeAsync(scenario, scenario.Request() with { Execute = true });

        var state = result.Dossier.State;
        state.Priority.ShouldBe(Priority.P0);
        state.ChangeFreeze.ShouldBeTrue();
        state.ExecutiveNotified.ShouldBeTrue();
        state.Status.ShouldBe(IncidentStatus.Mitigating);
        result.Dossier.Escalation.ExecutiveNotified.ShouldBeTrue();
        result.Dossier.FlowWarnings.ShouldContain(w => w.Contains("change freeze", StringComparison.Ordinal));
        scenario.Progress.ShouldContain(p => p.Text.Contains("STOP: No further changes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_RollbackCommandFails_TakesTheCriticalPathWithoutWaiting()
    {
        using var scenario = new Scenario { Runner = new FakeRunner(new ProcessResult(3, string.Empty, "deploy tool unreachable", false, null)) };

        var result = await scenario.Flow().HandleAsync(scenario.Request() with { Execute = true }, CancellationToken.None);

        result.Dossier.State.ChangeFreeze.ShouldBeTrue();
        result.Dossier.State.Events.OfType<MitigationExecuted>().Single().Succeeded.ShouldBeFalse();
        scenario.EvidenceSource.Asked.Count.ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_AfterChangeFreeze_DoesNotRunAnotherCommand()
    {
        using var scenario = new Scenario { Runner = new FakeRunner(new ProcessResult(3, string.Empty, "failed", false, null)) };
        await scenario.Flow().HandleAsync(scenario.Request() with { Execute = true }, CancellationToken.None);

        var again = await scenario.Flow().HandleAsync(scenario.Request() with { Execute = true }, CancellationToken.None);

        scenario.Runner.Commands.Count.ShouldBe(1);
        again.Dossier.Outcome.Executed.ShouldBeTrue();
    }

    [Fact]
    public async Task RunAsync_RerunAfterEscalationToP0_KeepsP0()
    {
        using var scenario = new Scenario { Runner = new FakeRunner(new ProcessResult(3, string.Empty, "failed", false, null)) };
        scenario.Facts = scenario.Facts with { AffectedUserRatio = 0.2, CriticalComponentUnavailable = false, SevereDegradation = false };
        var first = await scenario.Flow().HandleAsync(scenario.Request() with { Execute = true }, CancellationToken.None);
        first.Dossier.Triage.Priority.ShouldNotBe(Priority.P0);
        first.Dossier.State.Priority.ShouldBe(Priority.P0);

        var again = await scenario.Flow().HandleAsync(scenario.Request(), CancellationToken.None);

        again.Dossier.State.Priority.ShouldBe(Priority.P0);
        again.Dossier.Triage.Priority.ShouldBe(Priority.P0);
        again.Dossier.State.Events.OfType<IncidentClassified>().Count().ShouldBe(first.Dossier.State.Events.OfType<IncidentClassified>().Count());
    }

    [Fact]
    public async Task RunAsync_ExecuteWithoutConfiguredCommand_SaysWhyNothingRan()
    {
        using var scenario = new Scenario { Commands = Evidence.MitigationCommands.None };

        var result = await scenario.Flow().HandleAsync(scenario.Request() with { Execute = true }, CancellationToken.None);

        scenario.Runner.Commands.ShouldBeEmpty();
        result.Dossier.Outcome.Executed.ShouldBeFalse();
        result.Dossier.Outcome.Note.ShouldContain("mitigation.rollback");
    }

    [Fact]
    public async Task RunAsync_SecurityIncident_PreservesEvidenceWithSha256BeforeAnyMitigation()
    {
        using var scenario = new Scenario { Category = IncidentCategory.Security };
        Directory.CreateDirectory(Path.Combine(scenario.ProjectDirectory, "alerts"));
        await File.WriteAllTextAsync(Path.Combine(scenario.ProjectDirectory, "alerts", "01-CheckoutHighErrorRate.json"), "{\"version\":\"4\"}");
        await File.WriteAllTextAsync(Path.Combine(scenario.ProjectDirectory, "deploys.jsonl"), "{\"at\":\"2026-11-25T19:39:00Z\"}\n");
        var preservedWhenRun = false;
        var manifest = Path.Combine(scenario.ProjectDirectory, ".aiwg", "incidents", "INC-1", "logs", "SHA256SUMS");
        scenario.Runner = new FakeRunner(new ProcessResult(0, "ok", string.Empty, false, null)) { OnRun = () => preservedWhenRun = File.Exists(manifest) };

        var result = await RunAdvancingTimeAsync(scenario, scenario.Request() with { Execute = true });

        preservedWhenRun.ShouldBeTrue();
        var events = result.Dossier.State.Events.ToList();
        events.FindIndex(e => e is EvidencePreserved).ShouldBeLessThan(events.FindIndex(e => e is MitigationExecuted));
        var lines = await File.ReadAllLinesAsync(manifest);
        lines.ShouldContain($"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(scenario.ProjectDirectory, "deploys.jsonl"))))}  deploys.jsonl");
        File.Exists(Path.Combine(scenario.ProjectDirectory, ".aiwg", "incidents", "INC-1", "logs", "alerts", "01-CheckoutHighErrorRate.json")).ShouldBeTrue();
        result.Dossier.Escalation.LegalNotified.ShouldBeTrue();
        result.Dossier.Escalation.ExecutiveNotified.ShouldBeTrue();
        result.Dossier.Preserved!.Files.Count.ShouldBe(2);
    }

    [Fact]
    public async Task RunAsync_AnotherP1Open_DeclaresMajorIncidentWithChangeFreeze()
    {
        using var scenario = new Scenario();
        scenario.Store.Others.Add(new IncidentSummary("INC-0", IncidentStatus.Investigating, Priority.P1, Scenario.Now.AddHours(-1)));

        var result = await scenario.Flow().HandleAsync(scenario.Request(), CancellationToken.None);

        result.Dossier.State.MajorIncident.ShouldBeTrue();
        result.Dossier.State.ChangeFreeze.ShouldBeTrue();
        result.Dossier.Escalation.OtherOpenIncidents.ShouldBe(["INC-0"]);
        result.Dossier.Escalation.MajorIncidentCoordinator.ShouldBe("Mia Chen");
        result.Dossier.Escalation.ExecutiveNotified.ShouldBeTrue();
    }

    [Fact]
    public async Task RunAsync_ThreeHoursAfterDetection_RecordsResolutionSlaBreachAndNotifiesExecutives()
    {
        using var scenario = new Scenario();
        scenario.Time.Advance(TimeSpan.FromHours(3));

        var result = await scenario.Flow().HandleAsync(scenario.Request(), CancellationToken.None);

        result.Dossier.State.Events.OfType<SlaBreached>().ShouldContain(s => s.Sla == EscalationClock.Resolve);
        result.Dossier.Escalation.ExecutiveNotified.ShouldBeTrue();
        result.Dossier.FlowWarnings.ShouldContain(w => w.StartsWith("Resolution SLA exceeded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_AtAMomentBeforeTheAlert_IgnoresLaterEvidence()
    {
        using var scenario = new Scenario();
        var at = Scenario.Now.AddMinutes(-15);

        var result = await scenario.Flow().HandleAsync(scenario.Request() with { At = at, DetectedAt = at.AddMinutes(-2) }, CancellationToken.None);

        scenario.EvidenceSource.Asked.ShouldBe([at]);
        result.Dossier.AsOf.ShouldBe(at);
        result.Dossier.DetectedAt.ShouldBe(at.AddMinutes(-2));
        result.Dossier.DetectionMethod.ShouldBe("manual");
    }

    [Fact]
    public async Task RunAsync_OwnerUnavailable_RecordsBlockedEscalationAndUsesBackup()
    {
        using var scenario = new Scenario();
        scenario.Profile = scenario.Profile with { People = scenario.Profile.People with { Unavailable = new HashSet<string> { "Dana Wu" } } };

        var result = await scenario.Flow().HandleAsync(scenario.Request(), CancellationToken.None);

        result.Dossier.State.Events.OfType<EscalationBlocked>().ShouldContain(b => b.Unavailable == "Dana Wu" && b.Backup == "Lee Park");
        result.Dossier.Roster.Holder(Roles.Tier2ComponentOwner).ShouldBe("Lee Park");
    }

    private static async Task<FlowResult> RunAdvancingTimeAsync(Scenario scenario, FlowRequest request)
    {
        var run = scenario.Flow().HandleAsync(request, CancellationToken.None);
        while (!run.IsCompleted)
        {
            scenario.Time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(1);
        }

        return await run;
    }
}
