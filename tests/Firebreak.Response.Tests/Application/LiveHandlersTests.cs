using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Response.Tests.Application;

/// <summary>The live-incident handlers on a real SQLite store in a temp folder, with a fake clock.</summary>
public sealed class LiveHandlersTests : IDisposable
{
    private static readonly DateTimeOffset Detected = new(2026, 11, 29, 14, 0, 0, TimeSpan.Zero);
    private static readonly IncidentId Id = new("INC-7");

    private readonly string _project = Directory.CreateTempSubdirectory("fb-live-").FullName;
    private readonly FakeTimeProvider _time = new(Detected.AddMinutes(30));
    private readonly LiveCommandRunner _runner;

    public LiveHandlersTests()
    {
        var people = PeopleDirectory.Empty with { Oncall = ["Alex Kim", "Sam Ortiz"], IncidentCommanders = ["Rita Gomez"], Communications = ["Jo Lee"] };
        var profile = ServiceProfile.Unknown with { People = people };
        var config = new ProjectConfig(_project, profile, EvidenceSources.Default, MitigationCommands.None, DefaultPolicy.Instance);
        _runner = new LiveCommandRunner(new LiveServices(config, _time, SqliteIncidentStore.Open));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_project, recursive: true);
    }

    private async Task SeedAsync(Priority priority = Priority.P1)
    {
        using var store = SqliteIncidentStore.Open(FlowRequest.StorePath(_project));
        await store.AppendAsync(Id,
        [
            new IncidentDetected(Detected, "test", Id.Value, "Alertmanager", "alert", "checkout fails", priority, "alerts/a.json"),
            new IncidentClassified(Detected, "test", priority, Impact.High, Urgency.High, IncidentCategory.Availability, "test"),
            new StatusChanged(Detected, "test", IncidentStatus.Detected, IncidentStatus.Triaged, "triaged"),
        ]);
    }

    private async Task<IncidentState> StateAsync() => await _runner.ReadAsync(Id, CancellationToken.None);

    private static CommandActor As(string person, DateTimeOffset? at = null) => new(person, at);

    [Fact]
    public async Task Ack_FirstTime_RecordsAcknowledgementAndInvestigating()
    {
        await SeedAsync();
        var result = await new AckHandler(_runner).HandleAsync(new AckCommand(Id, As("alex kim", Detected.AddMinutes(4))), CancellationToken.None);

        result.Appended.Count.ShouldBe(2);
        var state = await StateAsync();
        state.Status.ShouldBe(IncidentStatus.Investigating);
        var ack = state.Events.OfType<IncidentAcknowledged>().Single();
        ack.By.ShouldBe("Alex Kim");
        ClockMilestones.Of(state, _time.GetUtcNow()).AcknowledgedAt.ShouldBe(Detected.AddMinutes(4));
    }

    [Fact]
    public async Task Ack_Twice_RefusedAndNothingChanges()
    {
        await SeedAsync();
        var ack = new AckHandler(_runner);
        await ack.HandleAsync(new AckCommand(Id, As("Alex Kim", Detected.AddMinutes(4))), CancellationToken.None);
        var before = (await StateAsync()).Events.Count;

        var refused = await Should.ThrowAsync<RequestRefusedException>(() => ack.HandleAsync(new AckCommand(Id, As("Sam Ortiz")), CancellationToken.None));

        refused.Message.ShouldContain("already acknowledged by Alex Kim");
        (await StateAsync()).Events.Count.ShouldBe(before);
    }

    [Fact]
    public async Task Ack_SameCommandRetried_ChangesNothing()
    {
        await SeedAsync();
        var ack = new AckHandler(_runner);
        var command = new AckCommand(Id, As("Alex Kim", Detected.AddMinutes(4)));
        await ack.HandleAsync(command, CancellationToken.None);

        var retried = await ack.HandleAsync(command, CancellationToken.None);

        retried.Unchanged.ShouldBeTrue();
        (await StateAsync()).Events.OfType<IncidentAcknowledged>().Count().ShouldBe(1);
    }

    [Fact]
    public async Task Ack_PersonNotInRoster_Refused()
    {
        await SeedAsync();
        var refused = await Should.ThrowAsync<RequestRefusedException>(() =>
            new AckHandler(_runner).HandleAsync(new AckCommand(Id, As("Mallory")), CancellationToken.None));
        refused.Message.ShouldContain("'Mallory' is not in the roster");
        (await StateAsync()).Events.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Ack_AtInTheFuture_Refused()
    {
        await SeedAsync();
        await Should.ThrowAsync<RequestRefusedException>(() =>
            new AckHandler(_runner).HandleAsync(new AckCommand(Id, As("Alex Kim", _time.GetUtcNow().AddMinutes(1))), CancellationToken.None));
    }

    [Fact]
    public async Task Ack_AtBeforeDetection_Refused()
    {
        await SeedAsync();
        var refused = await Should.ThrowAsync<RequestRefusedException>(() =>
            new AckHandler(_runner).HandleAsync(new AckCommand(Id, As("Alex Kim", Detected.AddMinutes(-1))), CancellationToken.None));
        refused.Message.ShouldContain("before INC-7 was detected");
    }

    [Fact]
    public async Task Ack_UnknownIncident_Refused()
    {
        await SeedAsync();
        var refused = await Should.ThrowAsync<RequestRefusedException>(() =>
            new AckHandler(_runner).HandleAsync(new AckCommand(new IncidentId("INC-404"), As("Alex Kim")), CancellationToken.None));
        refused.Message.ShouldContain("no incident INC-404");
    }

    [Fact]
    public async Task Resolve_ThenResolveAgain_Refused()
    {
        await SeedAsync();
        var resolve = new ResolveHandler(_runner);
        await resolve.HandleAsync(new ResolveCommand(Id, "rolled back", As("Alex Kim", Detected.AddMinutes(20))), CancellationToken.None);
        (await StateAsync()).ResolvedAt.ShouldBe(Detected.AddMinutes(20));

        var refused = await Should.ThrowAsync<RequestRefusedException>(() => resolve.HandleAsync(new ResolveCommand(Id, "again", As("Alex Kim")), CancellationToken.None));
        refused.Message.ShouldContain("already RESOLVED");
    }

    [Fact]
    public async Task Resolve_ClosedIncident_RefusedAndNothingChanges()
    {
        await SeedAsync();
        await new ResolveHandler(_runner).HandleAsync(new ResolveCommand(Id, "rolled back", As("Alex Kim", Detected.AddMinutes(20))), CancellationToken.None);
        await new ReviewHandler(_runner).HandleAsync(new ReviewCommand(Id, Detected.AddMinutes(25), ["Alex Kim", "Rita Gomez"], As("Rita Gomez")), CancellationToken.None);
        var state = await StateAsync();
        state.Status.ShouldBe(IncidentStatus.Closed);

        var refused = await Should.ThrowAsync<RequestRefusedException>(() =>
            new ResolveHandler(_runner).HandleAsync(new ResolveCommand(Id, "again", As("Alex Kim")), CancellationToken.None));

        refused.Message.ShouldContain("CLOSED");
        (await StateAsync()).Events.Count.ShouldBe(state.Events.Count);
    }

    [Fact]
    public async Task Reopen_ResolvedIncident_InvestigatingAgainAndResolvableAgain()
    {
        await SeedAsync();
        await new ResolveHandler(_runner).HandleAsync(new ResolveCommand(Id, "rolled back", As("Alex Kim", Detected.AddMinutes(10))), CancellationToken.None);
        await new ReopenHandler(_runner).HandleAsync(new ReopenCommand(Id, "errors came back", As("Alex Kim", Detected.AddMinutes(15))), CancellationToken.None);
        (await StateAsync()).Status.ShouldBe(IncidentStatus.Investigating);
        (await StateAsync()).ResolvedAt.ShouldBeNull();

        await new ResolveHandler(_runner).HandleAsync(new ResolveCommand(Id, "fixed the flag", As("Alex Kim", Detected.AddMinutes(25))), CancellationToken.None);

        var state = await StateAsync();
        state.Status.ShouldBe(IncidentStatus.Resolved);
        ClockMilestones.Of(state, _time.GetUtcNow()).ResolvedAt.ShouldBe(Detected.AddMinutes(25));
    }

    [Fact]
    public async Task Reopen_OpenIncident_Refused()
    {
        await SeedAsync();
        await Should.ThrowAsync<RequestRefusedException>(() => new ReopenHandler(_runner).HandleAsync(new ReopenCommand(Id, null, As("Alex Kim")), CancellationToken.None));
    }

    [Fact]
    public async Task Status_Mitigating_ThenMonitoring_KeepsLifecycleStatus()
    {
        await SeedAsync();
        var status = new StatusHandler(_runner);
        await status.HandleAsync(new StatusCommand(Id, WorkingState.Mitigating, As("Alex Kim", Detected.AddMinutes(5))), CancellationToken.None);
        await status.HandleAsync(new StatusCommand(Id, WorkingState.Monitoring, As("Alex Kim", Detected.AddMinutes(8))), CancellationToken.None);

        var view = IncidentView.Of(await StateAsync(), _time.GetUtcNow());
        view.Status.ShouldBe("MITIGATING");
        view.WorkingStatus.ShouldBe("monitoring");
    }

    [Fact]
    public async Task Status_MonitoringBeforeMitigation_Refused()
    {
        await SeedAsync();
        await Should.ThrowAsync<RequestRefusedException>(() =>
            new StatusHandler(_runner).HandleAsync(new StatusCommand(Id, WorkingState.Monitoring, As("Alex Kim")), CancellationToken.None));
    }

    [Fact]
    public async Task Assign_RoleToRosterPerson_RecordsRole()
    {
        await SeedAsync();
        await new AssignHandler(_runner).HandleAsync(new AssignCommand(Id, "commander", "rita gomez", As("Alex Kim")), CancellationToken.None);
        (await StateAsync()).Roles[Roles.IncidentCommander].ShouldBe("Rita Gomez");
    }

    [Fact]
    public async Task Assign_UnknownRole_Refused()
    {
        await SeedAsync();
        var refused = await Should.ThrowAsync<RequestRefusedException>(() =>
            new AssignHandler(_runner).HandleAsync(new AssignCommand(Id, "wizard", "Rita Gomez", As("Alex Kim")), CancellationToken.None));
        refused.Message.ShouldContain("unknown role 'wizard'");
    }

    [Fact]
    public async Task Escalate_Tier2AndManagement_EngagesAndNotifies()
    {
        await SeedAsync();
        await new EscalateHandler(_runner).HandleAsync(
            new EscalateCommand(Id, Tier.Tier2, EscalationTarget.Management, "database team needed", As("Alex Kim", Detected.AddMinutes(6))), CancellationToken.None);

        var state = await StateAsync();
        state.Tier.ShouldBe(Tier.Tier2);
        state.ManagementNotified.ShouldBeTrue();
        ClockMilestones.Of(state, _time.GetUtcNow()).EngagedAt.ShouldBe(Detected.AddMinutes(6));
        await Should.ThrowAsync<RequestRefusedException>(() => new EscalateHandler(_runner).HandleAsync(
            new EscalateCommand(Id, Tier.Tier2, null, "again", As("Alex Kim")), CancellationToken.None));
    }

    [Fact]
    public async Task NoteAndUpdate_AppearInTimeline()
    {
        await SeedAsync();
        await new NoteHandler(_runner).HandleAsync(new NoteCommand(Id, "rollback started", As("Alex Kim", Detected.AddMinutes(3))), CancellationToken.None);
        await new UpdateHandler(_runner).HandleAsync(new UpdateCommand(Id, "Checkout is degraded; we are rolling back.", As("Jo Lee", Detected.AddMinutes(7))), CancellationToken.None);

        var timeline = await new ReadHandlers(_runner).TimelineAsync(Id, CancellationToken.None);

        timeline.ShouldContain(e => e.Type == "note" && e.Text == "rollback started" && e.Actor == "Alex Kim");
        timeline.ShouldContain(e => e.Type == "update" && e.Text.Contains("rolling back") && e.Actor == "Jo Lee");
        timeline.Select(e => e.At).ShouldBeInOrder();
    }

    [Fact]
    public async Task Actions_AddDoneList_TracksIdsAndRefusesUnknownId()
    {
        await SeedAsync();
        var add = new ActionAddHandler(_runner);
        await add.HandleAsync(new ActionAddCommand(Id, "Canary for checkout", "Alex Kim", Detected.AddDays(7), ActionType.Detect, Priority.P1, As("Rita Gomez")), CancellationToken.None);
        await add.HandleAsync(new ActionAddCommand(Id, "Feature-flag the new client", "Sam Ortiz", Detected.AddDays(3), ActionType.Prevent, Priority.P2, As("Rita Gomez")), CancellationToken.None);
        var retried = await add.HandleAsync(new ActionAddCommand(Id, "Canary for checkout", "Alex Kim", Detected.AddDays(7), ActionType.Detect, Priority.P1, As("Rita Gomez")), CancellationToken.None);
        retried.Unchanged.ShouldBeTrue();

        await new ActionDoneHandler(_runner).HandleAsync(new ActionDoneCommand(Id, "a2", As("Sam Ortiz")), CancellationToken.None);
        var refused = await Should.ThrowAsync<RequestRefusedException>(() =>
            new ActionDoneHandler(_runner).HandleAsync(new ActionDoneCommand(Id, "A9", As("Sam Ortiz")), CancellationToken.None));
        refused.Message.ShouldContain("has no action A9 (its actions: A1, A2)");

        var actions = await new ReadHandlers(_runner).ActionsAsync(Id, CancellationToken.None);
        actions.Select(a => a.Id).ShouldBe(["A1", "A2"]);
        actions[1].DoneAt.ShouldBe(_time.GetUtcNow());
        actions[0].DoneAt.ShouldBeNull();
    }

    [Fact]
    public async Task Action_OwnerNotInRoster_Refused()
    {
        await SeedAsync();
        await Should.ThrowAsync<RequestRefusedException>(() => new ActionAddHandler(_runner).HandleAsync(
            new ActionAddCommand(Id, "x", "Nobody Known", Detected.AddDays(1), ActionType.Process, Priority.P3, As("Rita Gomez")), CancellationToken.None));
    }

    [Fact]
    public async Task Review_BeforeResolution_Refused()
    {
        await SeedAsync();
        var refused = await Should.ThrowAsync<RequestRefusedException>(() => new ReviewHandler(_runner).HandleAsync(
            new ReviewCommand(Id, Detected.AddMinutes(20), ["Alex Kim"], As("Rita Gomez")), CancellationToken.None));
        refused.Message.ShouldContain("once it is RESOLVED");
    }

    [Fact]
    public async Task List_TwoIncidents_BothListed()
    {
        await SeedAsync();
        using (var store = SqliteIncidentStore.Open(FlowRequest.StorePath(_project)))
        {
            await store.AppendAsync(new IncidentId("INC-8"), [new IncidentDetected(Detected.AddHours(1), "t", "INC-8", "r", "alert", "s", Priority.P3, "x")]);
        }

        var list = await new ReadHandlers(_runner).ListAsync(CancellationToken.None);

        list.Select(i => i.Id).ShouldBe(["INC-7", "INC-8"]);
    }
}

/// <summary>How declare reads a severity from words.</summary>
public sealed class DeclareInferenceTests
{
    [Theory]
    [InlineData("production is down", Priority.P0)]
    [InlineData("we have a P0 incident", Priority.P0)]
    [InlineData("checkout fails for most users", Priority.P1)]
    [InlineData("search is slow for some users", Priority.P2)]
    public void Infer_Words_Severity(string words, Priority expected) =>
        DeclareHandler.Infer(words)!.Value.Priority.ShouldBe(expected);

    [Fact]
    public void Infer_NoSeverityWords_Null() => DeclareHandler.Infer("something odd with invoices").ShouldBeNull();

    [Theory]
    [InlineData("uploads of mp3 files fail in search")]
    [InlineData("http2 handshakes are rejected")]
    [InlineData("the majority report is late")]
    [InlineData("the catalog is downloading old images")]
    public void Infer_SeverityWordInsideAnotherWord_NotRead(string words) => DeclareHandler.Infer(words).ShouldBeNull();

    [Theory]
    [InlineData("P0: payments", Priority.P0)]
    [InlineData("payments (p1)", Priority.P1)]
    [InlineData("checkout is down!", Priority.P0)]
    public void Infer_SeverityWordBetweenPunctuation_Read(string words, Priority expected) =>
        DeclareHandler.Infer(words)!.Value.Priority.ShouldBe(expected);
}
