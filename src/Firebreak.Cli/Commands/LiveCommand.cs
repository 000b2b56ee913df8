using System.Text.Json;
using System.Text.Json.Serialization;
using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Response;
using Firebreak.Storage;
using Spectre.Console;

namespace Firebreak.Cli;

/// <summary>The live-incident commands: ack, assign, escalate, note, update, status, resolve, reopen, review, action, list, show, timeline.</summary>
/// <remarks>Each parses its words into a command record and calls its handler in the application layer; nothing else.</remarks>
public static class LiveCommand
{
    /// <summary>The command names this class dispatches.</summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "ack", "assign", "escalate", "note", "update", "status", "resolve", "reopen", "review", "action", "list", "show", "timeline",
    };

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["ack"] = ["--as", "--at"],
        ["assign"] = ["--as", "--at", "--role"],
        ["escalate"] = ["--as", "--at", "--tier", "--to", "--reason"],
        ["note"] = ["--as", "--at"],
        ["update"] = ["--as", "--at"],
        ["status"] = ["--as", "--at"],
        ["resolve"] = ["--as", "--at", "--summary"],
        ["reopen"] = ["--as", "--at", "--reason"],
        ["review"] = ["--as", "--at", "--held-at", "--attendees"],
        ["action"] = ["--as", "--at", "--owner", "--due", "--type", "--priority", "--json"],
        ["list"] = ["--json"],
        ["show"] = ["--json"],
        ["timeline"] = ["--json"],
    };

    /// <summary>Runs one live command; 0 done, 2 bad input or a refused transition (nothing changed), 1 internal error.</summary>
    public static async Task<int> RunAsync(
        string name, string[] args, IAnsiConsole console, TextWriter error, TimeProvider time,
        RespondEnvironment environment, string currentDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(environment);
        if (args is ["--help"] or ["-h"])
        {
            console.WriteLine(Help);
            return ExitCodes.Ok;
        }

        var options = LiveOptions.Parse(args, Allowed[name], out var problem);
        if (options is null)
        {
            return FirebreakApp.BadInput(error, $"{name}: {problem}");
        }

        var at = LiveOptions.Moment("--at", options.Value("--at"), out problem);
        if (problem.Length > 0)
        {
            return FirebreakApp.BadInput(error, problem);
        }

        ProjectConfig config;
        try
        {
            config = ProjectConfigLoader.Load(Path.GetFullPath(options.Value("--project") ?? currentDirectory));
        }
        catch (Exception ex) when (ex is ConfigException or PolicyException)
        {
            return FirebreakApp.BadInput(error, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return FirebreakApp.BadInput(error, $"cannot read the project configuration: {ex.Message}");
        }

        var runner = new LiveCommandRunner(Compose(config, time, environment));
        var actor = new CommandActor(options.Value("--as"), at);
        var output = console.Profile.Out.Writer;
        try
        {
            switch (name)
            {
                case "list":
                    return await ListAsync(runner, options, output, cancellationToken).ConfigureAwait(false);
                case "show":
                    return await ShowAsync(runner, Id(options, 0), options, output, cancellationToken).ConfigureAwait(false);
                case "timeline":
                    return await TimelineAsync(runner, Id(options, 0), options, output, cancellationToken).ConfigureAwait(false);
                case "action" when options.Positional is ["list", ..]:
                    return await ActionListAsync(runner, Id(options, 1), options, output, cancellationToken).ConfigureAwait(false);
                default:
                    var result = await WriteAsync(name, runner, options, actor, cancellationToken).ConfigureAwait(false);
                    await output.WriteLineAsync(result.Message).ConfigureAwait(false);
                    foreach (var kept in result.Artifacts?.Kept ?? [])
                    {
                        await output.WriteLineAsync($"kept your edit of {kept.Path}; the new version is {kept.NewVersionPath}").ConfigureAwait(false);
                    }

                    return ExitCodes.Ok;
            }
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex) when (ex is RequestRefusedException or ConfigException or PolicyException or IncidentStoreException)
        {
            return FirebreakApp.BadInput(error, ex.Message);
        }
        catch (Exception ex)
        {
            await error.WriteLineAsync($"firebreak: internal error: {$"{ex.GetType().Name}: {ex.Message}".ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
    }

    /// <summary>The live services of a project: the SQLite store and incident locks, the engine's re-timing, the record re-rendered by the respond flow.</summary>
    internal static LiveServices Compose(ProjectConfig config, TimeProvider time, RespondEnvironment environment)
    {
        var respond = new RespondHandler(environment.Services(config, time, SilentReporter.Instance), environment.OpenStore);
        var storePath = FlowRequest.StorePath(config.ProjectDirectory);
        return new LiveServices(config, time, environment.OpenStore)
        {
            Locks = new SqliteLockPort(storePath, time),
            Renderer = new RespondRecordRenderer(respond, config),
            Schedule = new EngineSync(config, time),
            Outbox = new SqliteOutboxPort(storePath),
        };
    }

    private static Task<CommandResult> WriteAsync(string name, LiveCommandRunner runner, LiveOptions options, CommandActor actor, CancellationToken cancellationToken)
    {
        var p = options.Positional;
        switch (name)
        {
            case "ack":
                return new AckHandler(runner).HandleAsync(new AckCommand(Id(options, 0), actor), cancellationToken);
            case "assign":
                return new AssignHandler(runner).HandleAsync(new AssignCommand(Id(options, 0), Required(options, "--role"), Text(p, 1, "assign <id> --role <role> <person>"), actor), cancellationToken);
            case "escalate":
                return new EscalateHandler(runner).HandleAsync(new EscalateCommand(Id(options, 0), Tier(options.Value("--tier")), Target(options.Value("--to")), Required(options, "--reason"), actor), cancellationToken);
            case "note":
                return new NoteHandler(runner).HandleAsync(new NoteCommand(Id(options, 0), Text(p, 1, "note <id> \"text\""), actor), cancellationToken);
            case "update":
                return new UpdateHandler(runner).HandleAsync(new UpdateCommand(Id(options, 0), Text(p, 1, "update <id> \"text\""), actor), cancellationToken);
            case "status":
                return new StatusHandler(runner).HandleAsync(new StatusCommand(Id(options, 0), State(Text(p, 1, "status <id> investigating|identified|mitigating|monitoring")), actor), cancellationToken);
            case "resolve":
                return new ResolveHandler(runner).HandleAsync(new ResolveCommand(Id(options, 0), Required(options, "--summary"), actor), cancellationToken);
            case "reopen":
                return new ReopenHandler(runner).HandleAsync(new ReopenCommand(Id(options, 0), options.Value("--reason"), actor), cancellationToken);
            case "review":
                var heldAt = LiveOptions.Moment("--held-at", Required(options, "--held-at"), out var problem) ?? throw new RequestRefusedException(problem);
                return new ReviewHandler(runner).HandleAsync(new ReviewCommand(Id(options, 0), heldAt, Required(options, "--attendees").Split(','), actor), cancellationToken);
            case "action" when p is ["add", ..]:
                var due = LiveOptions.Moment("--due", Required(options, "--due"), out var dueProblem) ?? throw new RequestRefusedException(dueProblem);
                return new ActionAddHandler(runner).HandleAsync(new ActionAddCommand(Id(options, 1), Text(p, 2, "action add <id> \"title\" --owner <person> --due <ISO>"), Required(options, "--owner"),
                    due, ActionKind(options.Value("--type")), ActionPriority(options.Value("--priority")), actor), cancellationToken);
            case "action" when p is ["done", ..]:
                return new ActionDoneHandler(runner).HandleAsync(new ActionDoneCommand(Id(options, 1), Text(p, 2, "action done <id> <action-id>"), actor), cancellationToken);
            default:
                throw new RequestRefusedException("action needs add, done or list: action add|done|list <id> ...");
        }
    }

    private static async Task<int> ListAsync(LiveCommandRunner runner, LiveOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var incidents = await new ReadHandlers(runner).ListAsync(cancellationToken).ConfigureAwait(false);
        if (options.Has("--json"))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(incidents.Select(i => new { i.Id, Status = WireNames.Of(i.Status), Priority = i.Priority?.ToString(), i.DetectedAt }), Json)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (incidents.Count == 0)
        {
            await output.WriteLineAsync("no incidents on record").ConfigureAwait(false);
        }

        foreach (var i in incidents)
        {
            await output.WriteLineAsync($"{i.Id,-24} {WireNames.Of(i.Status),-13} {i.Priority?.ToString() ?? "--",-3} detected {LiveCommandRunner.Iso(i.DetectedAt)}").ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> ShowAsync(LiveCommandRunner runner, IncidentId id, LiveOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var view = await new ReadHandlers(runner).ShowAsync(id, cancellationToken).ConfigureAwait(false);
        if (options.Has("--json"))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(view, Json)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        await output.WriteLineAsync($"""
            {view.Id}: {view.Status}{(view.WorkingStatus is null ? string.Empty : $" ({view.WorkingStatus})")}, {view.Priority ?? "unclassified"}, {view.Tier}
              detected      {LiveCommandRunner.Iso(view.DetectedAt)}
              acknowledged  {(view.AcknowledgedAt is { } a ? $"{LiveCommandRunner.Iso(a)} by {view.AcknowledgedBy}" : "not yet (firebreak ack)")}
              resolved      {(view.ResolvedAt is { } r ? LiveCommandRunner.Iso(r) : "not yet")}
              review        {(view.ReviewHeldAt is { } h ? $"held {LiveCommandRunner.Iso(h)}" : "not held")}
              roles         {(view.Roles.Count == 0 ? "none" : string.Join("; ", view.Roles.Select(kv => $"{kv.Key}: {kv.Value}")))}
              updates       {view.Updates}
              actions       {view.Actions.Count} ({view.Actions.Count(x => x.DoneAt is not null)} done)
            """).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static async Task<int> TimelineAsync(LiveCommandRunner runner, IncidentId id, LiveOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var entries = await new ReadHandlers(runner).TimelineAsync(id, cancellationToken).ConfigureAwait(false);
        if (options.Has("--json"))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(entries, Json)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        foreach (var e in entries)
        {
            await output.WriteLineAsync($"{LiveCommandRunner.Iso(e.At)}  {e.Type,-14} {e.Text}  ({e.Actor})").ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> ActionListAsync(LiveCommandRunner runner, IncidentId id, LiveOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var actions = await new ReadHandlers(runner).ActionsAsync(id, cancellationToken).ConfigureAwait(false);
        if (options.Has("--json"))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(actions, Json)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (actions.Count == 0)
        {
            await output.WriteLineAsync($"{id} has no tracked actions").ConfigureAwait(false);
        }

        foreach (var a in actions)
        {
            var state = a.DoneAt is { } done ? $"done {LiveCommandRunner.Iso(done)}" : a.Overdue ? "OVERDUE" : "open";
            await output.WriteLineAsync($"{a.Id,-4} {a.Priority} {a.Type,-8} {state,-22} due {LiveCommandRunner.Iso(a.Due)}  {a.Owner}: {a.Title}").ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    private static IncidentId Id(LiveOptions options, int index)
    {
        if (options.Positional.Count <= index)
        {
            throw new RequestRefusedException("an incident id is required");
        }

        return IncidentId.TryParse(options.Positional[index], out var id, out var reason) ? id.Value : throw new RequestRefusedException(reason);
    }

    private static string Text(IReadOnlyList<string> positional, int index, string usage) =>
        positional.Count > index ? string.Join(' ', positional.Skip(index)) : throw new RequestRefusedException($"usage: firebreak {usage}");

    private static string Required(LiveOptions options, string option) =>
        options.Value(option) ?? throw new RequestRefusedException($"{option} is required");

    private static Tier? Tier(string? text) => text switch
    {
        null => null,
        "1" => Core.Tier.Tier1,
        "2" => Core.Tier.Tier2,
        "3" => Core.Tier.Tier3,
        _ => throw new RequestRefusedException($"--tier '{text}' must be 2 or 3"),
    };

    private static EscalationTarget? Target(string? text) => text?.ToLowerInvariant() switch
    {
        null => null,
        "management" => EscalationTarget.Management,
        "executive" or "executives" => EscalationTarget.Executive,
        _ => throw new RequestRefusedException($"--to '{text}' must be management or executive"),
    };

    private static WorkingState State(string text) =>
        Enum.TryParse<WorkingState>(text.Trim(), ignoreCase: true, out var state) && !int.TryParse(text, out _)
            ? state
            : throw new RequestRefusedException($"status '{text}' must be investigating, identified, mitigating or monitoring");

    private static ActionType ActionKind(string? text) =>
        text is null ? ActionType.Prevent
        : Enum.TryParse<ActionType>(text.Trim(), ignoreCase: true, out var type) && !int.TryParse(text, out _) ? type
        : throw new RequestRefusedException($"--type '{text}' must be prevent, detect, mitigate or process");

    private static Priority ActionPriority(string? text) =>
        text is null ? Priority.P2
        : Enum.TryParse<Priority>(text.Trim(), ignoreCase: true, out var p) && !int.TryParse(text, out _) ? p
        : throw new RequestRefusedException($"--priority '{text}' must be P0, P1, P2 or P3");

    /// <summary>The help text of the live commands.</summary>
    public const string Help = """
        firebreak live commands: people drive an incident (run in the project directory, or give --project <dir>)

        Writing (each takes --as <person> from the firebreak.yaml roster and --at <ISO 8601>, not in the future):
          ack <id>                                  acknowledge (the acknowledge SLA and MTTA are measured from it)
          assign <id> --role <role> <person>        commander, tech-lead, communications, tier1, tier2, tier3, security...
          escalate <id> [--tier 2|3] [--to management|executive] --reason "why"
          note <id> "text"                          a timeline note
          update <id> "text"                        a stakeholder / status-page update (what was posted)
          status <id> investigating|identified|mitigating|monitoring
          resolve <id> --summary "what fixed it"
          reopen <id> [--reason "why"]
          review <id> --held-at <ISO> --attendees "A, B"   the PIR took place; the incident is CLOSED
          action add <id> "title" --owner <person> --due <ISO> [--type prevent|detect|mitigate|process] [--priority P0-P3]
          action done <id> <action-id>
        Reading (--json for machine output):
          list | show <id> | timeline <id> | action list <id>

        A transition the lifecycle does not allow (resolving a closed incident, acknowledging twice, an unknown action id,
        a person not in the roster) exits 2 with one line and changes nothing; the same command retried with the same --at
        changes nothing. Exit codes: 0 done, 2 bad input or refused, 1 internal error.
        """;
}

/// <summary>Re-plans an incident's scheduled work after a command (the engine's SyncIncidentAsync).</summary>
internal sealed class EngineSync(ProjectConfig config, TimeProvider time) : IScheduleSync
{
    /// <inheritdoc/>
    public async Task SyncAsync(string incidentId, CancellationToken cancellationToken)
    {
        var storePath = FlowRequest.StorePath(config.ProjectDirectory);
        using var database = LiveDatabase.Open(storePath);
        await using var store = SqliteIncidentStore.Open(storePath);
        var engine = new LiveEngine(store, database, config.Policy, new ApplicationDuePerformer(config), time, $"cli-{Environment.ProcessId}");
        await engine.SyncIncidentAsync(incidentId, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The incident lock of the live tables, held by a command around read-decide-append.</summary>
internal sealed class SqliteLockPort(string storePath, TimeProvider time) : IIncidentLockPort
{
    /// <summary>How long a command's lease lasts (it is released at once when the command ends).</summary>
    public static TimeSpan Lease { get; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a command waits for a tick holding the incident.</summary>
    public static TimeSpan Wait { get; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc/>
    public async Task<IAsyncDisposable> HoldAsync(string incidentId, CancellationToken cancellationToken)
    {
        var database = LiveDatabase.Open(storePath);
        var locks = new SqliteIncidentLocks(database);
        var holder = $"cli-{Environment.ProcessId}";
        var lease = await locks.AcquireAsync(incidentId, holder, time, Lease, Wait, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            database.Dispose();
            throw new RequestRefusedException($"{incidentId} is held by another command or engine for more than {Wait.TotalSeconds:0} s; try again");
        }

        return new Held(database, locks, lease);
    }

    private sealed class Held(LiveDatabase database, SqliteIncidentLocks locks, IncidentLease lease) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await locks.ReleaseAsync(lease).ConfigureAwait(false);
            }
            finally
            {
                database.Dispose();
            }
        }
    }
}
