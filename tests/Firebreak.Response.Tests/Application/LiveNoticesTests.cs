using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Response.Tests.Application;

/// <summary>Human escalate and update queue outbox messages, update #n is numbered, and mitigate records a person's strategy; real SQLite store, fake clock.</summary>
public sealed class LiveNoticesTests : IDisposable
{
    private static readonly DateTimeOffset Detected = new(2026, 11, 29, 14, 0, 0, TimeSpan.Zero);
    private static readonly IncidentId Id = new("INC-8");

    private readonly string _project = Directory.CreateTempSubdirectory("fb-notices-").FullName;
    private readonly FakeTimeProvider _time = new(Detected.AddMinutes(30));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_project, recursive: true);
    }

    private string StorePath => FlowRequest.StorePath(_project);

    private LiveCommandRunner Runner(bool channels = true, MitigationCommands? commands = null, IMitigationExecutor? executor = null)
    {
        var people = PeopleDirectory.Empty with { Oncall = ["Alex Kim"], IncidentCommanders = ["Rita Gomez"], Management = ["Mia Chen"] };
        var config = new ProjectConfig(_project, ServiceProfile.Unknown with { People = people }, EvidenceSources.Default, commands ?? MitigationCommands.None, DefaultPolicy.Instance)
        {
            Notify = channels
                ? new NotifySettings(new WebhookSettings("FB_TEST_HOOK", null, null), new EmailSettings("localhost", 25, "fb@example.org", new Dictionary<string, IReadOnlyList<string>>(), ["ops@example.org"], EmailTls.None, null, null), DeliverySettings.Defaults)
                : NotifySettings.None,
        };
        return new LiveCommandRunner(new LiveServices(config, _time, SqliteIncidentStore.Open)
        {
            Outbox = new SqliteOutboxPort(StorePath),
            Mitigation = executor ?? NoMitigationExecutor.Instance,
        });
    }

    private async Task SeedAsync()
    {
        using var store = SqliteIncidentStore.Open(StorePath);
        await store.AppendAsync(Id,
        [
            new IncidentDetected(Detected, "test", Id.Value, "Alertmanager", "alert", "checkout fails", Priority.P1, "alerts/a.json"),
            new IncidentClassified(Detected, "test", Priority.P1, Impact.High, Urgency.High, IncidentCategory.Availability, "test"),
            new StatusChanged(Detected, "test", IncidentStatus.Detected, IncidentStatus.Triaged, "triaged"),
            new StatusChanged(Detected, "test", IncidentStatus.Triaged, IncidentStatus.Investigating, "investigating"),
        ]);
    }

    private async Task<IReadOnlyList<NoticeDelivery>> OutboxAsync() => await new SqliteOutboxPort(StorePath).ListAsync(Id.Value, CancellationToken.None);

    private static CommandActor As(string person, DateTimeOffset at) => new(person, at);

    [Fact]
    public async Task Update_Twice_EachNumberedAndQueuedOncePerChannel()
    {
        await SeedAsync();
        var update = new UpdateHandler(Runner());

        await update.HandleAsync(new UpdateCommand(Id, "We are investigating.", As("Alex Kim", Detected.AddMinutes(5))), CancellationToken.None);
        await update.HandleAsync(new UpdateCommand(Id, "A fix is rolling out.", As("Alex Kim", Detected.AddMinutes(20))), CancellationToken.None);
        var retried = await update.HandleAsync(new UpdateCommand(Id, "A fix is rolling out.", As("Alex Kim", Detected.AddMinutes(20))), CancellationToken.None);

        retried.Unchanged.ShouldBeTrue();
        var state = await Runner().ReadAsync(Id, CancellationToken.None);
        state.Events.OfType<Notified>().Where(n => n.Audience == Audiences.StatusPage).Select(n => n.Sequence).ShouldBe([1, 2]);
        state.Events.OfType<UpdatePosted>().Select(u => u.Sequence).ShouldBe([1, 2]);
        (await OutboxAsync()).Select(d => d.Key).ShouldBe(["INC-8:update:1:webhook", "INC-8:update:1:email", "INC-8:update:2:webhook", "INC-8:update:2:email"]);
    }

    [Fact]
    public async Task Update_NoChannel_RecordedAndNothingQueued()
    {
        await SeedAsync();

        var result = await new UpdateHandler(Runner(channels: false)).HandleAsync(new UpdateCommand(Id, "We are investigating.", As("Alex Kim", Detected.AddMinutes(5))), CancellationToken.None);

        result.Message.ShouldContain("drafted: no delivery channel is configured");
        (await OutboxAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Escalate_Tier2AndManagement_QueuesTheEngineKeysOnce()
    {
        await SeedAsync();
        var command = new EscalateCommand(Id, Tier.Tier2, EscalationTarget.Management, "database team needed", As("Rita Gomez", Detected.AddMinutes(6)));

        await new EscalateHandler(Runner()).HandleAsync(command, CancellationToken.None);
        await new EscalateHandler(Runner()).HandleAsync(command, CancellationToken.None);

        var keys = (await OutboxAsync()).Select(d => d.Key).ToList();
        keys.ShouldBe(["INC-8:escalate:tier2:webhook", "INC-8:escalate:tier2:email", "INC-8:notice:management:webhook", "INC-8:notice:management:email"]);
        (await OutboxAsync()).ShouldAllBe(d => d.State == NoticeDelivery.Waiting && d.Attempts == 0);
    }

    [Fact]
    public async Task Mitigate_Decided_RecordsWhoAndWhenAndIdentifiedNotExecuted()
    {
        await SeedAsync();

        var result = await new MitigateHandler(Runner()).HandleAsync(
            new MitigateCommand(Id, "config-change", "turn the loyalty flag off", Execute: false, RetryAction: false, As("Rita Gomez", Detected.AddMinutes(12))), CancellationToken.None);

        result.Execution.ShouldBeNull();
        result.Decision.Message.ShouldContain("decided, not carried out");
        var state = await Runner().ReadAsync(Id, CancellationToken.None);
        var decided = state.Events.OfType<MitigationDecided>().Single();
        (decided.Actor, decided.At, decided.Strategy, decided.Detail).ShouldBe(("Rita Gomez", Detected.AddMinutes(12), MitigationStrategy.ConfigChange, "turn the loyalty flag off"));
        state.Status.ShouldBe(IncidentStatus.Identified);
        state.Mitigation.ShouldBe(MitigationStrategy.ConfigChange);
        state.MitigationExecuted.ShouldBeFalse();
        state.Events.OfType<MitigationStarted>().ShouldBeEmpty();
    }

    [Fact]
    public async Task Mitigate_ChangedStrategy_LaterDecisionWins()
    {
        await SeedAsync();
        var mitigate = new MitigateHandler(Runner());
        await mitigate.HandleAsync(new MitigateCommand(Id, "rollback", null, false, false, As("Rita Gomez", Detected.AddMinutes(12))), CancellationToken.None);

        var changed = await mitigate.HandleAsync(new MitigateCommand(Id, "scaling", "add two replicas", false, false, As("Alex Kim", Detected.AddMinutes(14))), CancellationToken.None);

        changed.Decision.Message.ShouldContain("(was rollback)");
        var state = await Runner().ReadAsync(Id, CancellationToken.None);
        state.Mitigation.ShouldBe(MitigationStrategy.Scaling);
        var plan = MitigateHandler.WithDecision(
            new MitigationPlan(MitigationStrategy.Rollback, "the deploy did it", ["roll back"], ["redeploy"], "checkout", "1.2.2", []), state);
        plan.Strategy.ShouldBe(MitigationStrategy.Scaling);
        plan.Rationale.ShouldStartWith("chosen by Alex Kim at 2026-11-29T14:14:00Z: add two replicas");
        plan.TargetVersion.ShouldBeNull();
    }

    [Theory]
    [InlineData("teleport", "not a known strategy")]
    [InlineData("", "not a known strategy")]
    public async Task Mitigate_UnknownStrategy_RefusedAndNothingChanges(string strategy, string expected)
    {
        await SeedAsync();
        var before = (await Runner().ReadAsync(Id, CancellationToken.None)).Events.Count;

        var refused = await Should.ThrowAsync<RequestRefusedException>(() => new MitigateHandler(Runner()).HandleAsync(
            new MitigateCommand(Id, strategy, null, false, false, As("Rita Gomez", Detected.AddMinutes(12))), CancellationToken.None));

        refused.Message.ShouldContain(expected);
        (await Runner().ReadAsync(Id, CancellationToken.None)).Events.Count.ShouldBe(before);
    }

    [Fact]
    public async Task Mitigate_ExecuteWithoutConfiguredCommand_RefusedBeforeRecording()
    {
        await SeedAsync();

        var refused = await Should.ThrowAsync<RequestRefusedException>(() => new MitigateHandler(Runner()).HandleAsync(
            new MitigateCommand(Id, "hotfix", null, Execute: true, RetryAction: false, new CommandActor("Rita Gomez")), CancellationToken.None));

        refused.Message.ShouldContain("no mitigation.hotfix command is configured");
        (await Runner().ReadAsync(Id, CancellationToken.None)).Events.OfType<MitigationDecided>().ShouldBeEmpty();
    }

    [Fact]
    public async Task Mitigate_Execute_RecordsThenRunsTheExecutorOnce()
    {
        await SeedAsync();
        var commands = MitigationCommands.None with { Commands = new Dictionary<MitigationStrategy, IReadOnlyList<string>> { [MitigationStrategy.Rollback] = ["true"] } };
        var executor = new CountingExecutor();

        var result = await new MitigateHandler(Runner(commands: commands, executor: executor)).HandleAsync(
            new MitigateCommand(Id, "rollback", null, Execute: true, RetryAction: false, new CommandActor("Rita Gomez")), CancellationToken.None);

        executor.Runs.ShouldBe([(Id, false)]);
        result.Execution.ShouldBe("ran");
        (await Runner().ReadAsync(Id, CancellationToken.None)).Events.OfType<MitigationDecided>().Single().Strategy.ShouldBe(MitigationStrategy.Rollback);
    }

    [Fact]
    public async Task Mitigate_ResolvedIncident_Refused()
    {
        await SeedAsync();
        await new ResolveHandler(Runner()).HandleAsync(new ResolveCommand(Id, "fixed", As("Rita Gomez", Detected.AddMinutes(20))), CancellationToken.None);

        var refused = await Should.ThrowAsync<RequestRefusedException>(() => new MitigateHandler(Runner()).HandleAsync(
            new MitigateCommand(Id, "rollback", null, false, false, As("Rita Gomez", Detected.AddMinutes(25))), CancellationToken.None));

        refused.Message.ShouldContain("RESOLVED");
    }

    private sealed class CountingExecutor : IMitigationExecutor
    {
        public List<(IncidentId, bool)> Runs { get; } = [];

        public Task<string> ExecuteAsync(IncidentId id, bool retry, CancellationToken cancellationToken)
        {
            Runs.Add((id, retry));
            return Task.FromResult("ran");
        }
    }
}
