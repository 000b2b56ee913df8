using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response.Tests;

/// <summary>Issue 11 items 7 and 9: a run killed while the mitigation runs or while it is validated.</summary>
public sealed class HostileExecutionTests
{
    [Fact]
    public async Task HandleAsync_Execute_StoresTheIntentBeforeTheCommandStarts()
    {
        using var scenario = new Scenario();
        var storedBeforeRun = false;
        scenario.Runner = new FakeRunner(new ProcessResult(0, "ok", string.Empty, false, null))
        {
            OnRun = () => storedBeforeRun = scenario.Store.Events("INC-1").OfType<MitigationStarted>().Any(),
        };

        await RunAdvancingTimeAsync(scenario, scenario.Request() with { Execute = true });

        storedBeforeRun.ShouldBeTrue();
        var events = scenario.Store.Events("INC-1");
        events.OfType<MitigationStarted>().ShouldHaveSingleItem().Key.ShouldBe("INC-1:rollback:1");
        events.ToList().FindIndex(e => e is MitigationStarted).ShouldBeLessThan(events.ToList().FindIndex(e => e is MitigationExecuted));
    }

    [Fact]
    public async Task HandleAsync_RunKilledWhileTheCommandRan_NextRunReportsItAndDoesNotRepeatIt()
    {
        using var scenario = new Scenario();
        scenario.Runner = new FakeRunner(new ProcessResult(0, "ok", string.Empty, false, null)) { Dies = new OperationCanceledException("killed") };
        await Should.ThrowAsync<OperationCanceledException>(scenario.Flow().HandleAsync(scenario.Request() with { Execute = true }, CancellationToken.None));
        scenario.Runner.Dies = null;

        var again = await RunAdvancingTimeAsync(scenario, scenario.Request() with { Execute = true });

        scenario.Runner.Commands.Count.ShouldBe(1);
        again.Dossier.Outcome.Executed.ShouldBeFalse();
        again.Dossier.Outcome.Note.ShouldContain("Interrupted");
        again.Dossier.Outcome.Note.ShouldContain("--retry-action");
        again.Dossier.FlowWarnings.ShouldContain(w => w.StartsWith("Interrupted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandleAsync_RetryActionAfterAnInterruptedRun_RunsItOnceMoreWithANewKey()
    {
        using var scenario = new Scenario();
        scenario.Runner = new FakeRunner(new ProcessResult(0, "ok", string.Empty, false, null)) { Dies = new OperationCanceledException("killed") };
        await Should.ThrowAsync<OperationCanceledException>(scenario.Flow().HandleAsync(scenario.Request() with { Execute = true }, CancellationToken.None));
        scenario.Runner.Dies = null;

        var retried = await RunAdvancingTimeAsync(scenario, scenario.Request() with { Execute = true, RetryAction = true });

        scenario.Runner.Commands.Count.ShouldBe(2);
        retried.Dossier.Outcome.Executed.ShouldBeTrue();
        scenario.Store.Events("INC-1").OfType<MitigationStarted>().Select(s => s.Key).ShouldBe(["INC-1:rollback:1", "INC-1:rollback:2"]);
    }

    [Fact]
    public async Task HandleAsync_RunKilledDuringTheValidationWait_NextRunResumesTheValidationAndResolves()
    {
        using var scenario = new Scenario();
        await KillDuringTheValidationWaitAsync(scenario);
        scenario.Store.Events("INC-1").OfType<MitigationExecuted>().ShouldHaveSingleItem();
        scenario.Store.Events("INC-1").OfType<MitigationValidated>().ShouldBeEmpty();
        scenario.Time.Advance(scenario.Commands.ValidationWindow + TimeSpan.FromMinutes(1));

        var resumed = await scenario.Flow().HandleAsync(scenario.Request(), CancellationToken.None);

        scenario.Runner.Commands.Count.ShouldBe(1);
        scenario.Store.Events("INC-1").OfType<MitigationValidated>().ShouldHaveSingleItem();
        resumed.Dossier.State.Status.ShouldBe(IncidentStatus.Resolved);
        resumed.Dossier.Outcome.Note.ShouldNotContain("not done");
    }

    [Fact]
    public async Task HandleAsync_KilledDuringTheWaitAndReRunBeforeTheWindowEnds_SaysWhenTheValidationIsDue()
    {
        using var scenario = new Scenario();
        await KillDuringTheValidationWaitAsync(scenario);

        var early = await scenario.Flow().HandleAsync(scenario.Request(), CancellationToken.None);

        early.Dossier.State.Status.ShouldBe(IncidentStatus.Mitigating);
        early.Dossier.Outcome.Note.ShouldContain("validation pending until");
    }

    /// <summary>Runs with --execute and cancels (as a kill would) once the outcome is stored and the validation wait has begun.</summary>
    private static async Task KillDuringTheValidationWaitAsync(Scenario scenario)
    {
        using var kill = new CancellationTokenSource(TimeSpan.FromMinutes(1), scenario.Time);
        var run = scenario.Flow().HandleAsync(scenario.Request() with { Execute = true }, kill.Token);
        // Snapshots, not live enumeration: the flow appends to both lists on its own thread. The wait has begun once "Validating over" is reported.
        while (!(scenario.Store.Events("INC-1").ToArray().OfType<MitigationExecuted>().Any() && scenario.Progress.ToArray().Any(p => p.Text.StartsWith("Validating over", StringComparison.Ordinal))) && !run.IsCompleted)
        {
            await Task.Delay(1);
        }

        scenario.Time.Advance(TimeSpan.FromMinutes(1));
        await Should.ThrowAsync<OperationCanceledException>(run);
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
