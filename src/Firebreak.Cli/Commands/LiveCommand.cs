using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Response;
using Firebreak.Storage;
using Spectre.Console;

namespace Firebreak.Cli;

/// <summary>The live-incident commands: ack, assign, escalate, note, update, status, resolve, reopen, review, action, list, show, timeline.</summary>
/// <remarks>Each reads its words into a command record and calls its handler in the application layer; nothing else.</remarks>
public static class LiveCommand
{
    /// <summary>The read commands' JSON shape: indented, snake_case, enums as names.</summary>
    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>What the writing commands' help adds after the options.</summary>
    private const string WritingNotes = """
        Run in the project directory or give --project. A transition the lifecycle does not allow (resolving a closed incident,
        acknowledging twice, an unknown action id, a person not in the roster) exits 2 with one line and changes nothing; the
        same command retried with the same --at changes nothing. Exit codes: 0 done, 2 bad input or refused, 1 internal error.
        """;

    /// <summary>The live commands, their actions bound to <paramref name="context"/>.</summary>
    internal static IEnumerable<Command> Create(CliContext context, IDictionary<Command, string> notes, Func<string, bool> wanted)
    {
        if (wanted("ack"))
        {
            var ack = Writing(context, notes, "ack", "Acknowledge the incident: the acknowledge SLA and MTTA are measured from it.");
            ack.Command.SetAction(ack.Run((_, call, ct) => new AckHandler(call.Runner).HandleAsync(new AckCommand(call.Id, call.Actor), ct)));
            yield return ack.Command;
        }

        if (wanted("assign"))
        {
            var assign = Writing(context, notes, "assign", "Give a person a role (commander, tech-lead, communications, tier1, tier2, tier3, security...).");
            var role = CliSymbols.Value("--role", "role", "The role: commander, tech-lead, communications, tier1, tier2, tier3, security or another configured role.");
            role.Required = true;
            var person = CliSymbols.Words("person", "The person taking the role, a name from the firebreak.yaml roster.");
            assign.Command.Options.Add(role);
            assign.Command.Arguments.Add(person);
            assign.Command.SetAction(assign.Run((p, call, ct) => new AssignHandler(call.Runner).HandleAsync(
                new AssignCommand(call.Id, p.GetValue(role)!, CliSymbols.Joined(p, person)!, call.Actor), ct)));
            yield return assign.Command;
        }

        if (wanted("escalate"))
        {
            var escalate = Writing(context, notes, "escalate", "Escalate to a higher support tier and/or to management or the executives.");
            var tier = CliSymbols.Value("--tier", "2|3", "The support tier to bring in: 2 or 3. Default: none (give --tier, --to or both).");
            var to = CliSymbols.Value("--to", "management|executive", "Who to escalate to: management or executive. Default: none (give --tier, --to or both).");
            var reason = CliSymbols.Value("--reason", "text", "Why, in a sentence (recorded in the escalation log).");
            reason.Required = true;
            escalate.Command.Options.Add(tier);
            escalate.Command.Options.Add(to);
            escalate.Command.Options.Add(reason);
            escalate.Command.SetAction(escalate.Run((p, call, ct) => new EscalateHandler(call.Runner).HandleAsync(
                new EscalateCommand(call.Id, Tier(p.GetValue(tier)), Target(p.GetValue(to)), p.GetValue(reason)!, call.Actor), ct)));
            yield return escalate.Command;
        }

        if (wanted("note"))
        {
            var note = Writing(context, notes, "note", "Add a note to the incident's timeline.");
            var noteText = CliSymbols.Words("text", "The note (several words are joined by spaces).");
            note.Command.Arguments.Add(noteText);
            note.Command.SetAction(note.Run((p, call, ct) => new NoteHandler(call.Runner).HandleAsync(new NoteCommand(call.Id, CliSymbols.Joined(p, noteText)!, call.Actor), ct)));
            yield return note.Command;
        }

        if (wanted("update"))
        {
            var update = Writing(context, notes, "update", "Record a stakeholder or status-page update: what was posted.");
            var updateText = CliSymbols.Words("text", "The update as posted (several words are joined by spaces).");
            update.Command.Arguments.Add(updateText);
            update.Command.SetAction(update.Run((p, call, ct) => new UpdateHandler(call.Runner).HandleAsync(new UpdateCommand(call.Id, CliSymbols.Joined(p, updateText)!, call.Actor), ct)));
            yield return update.Command;
        }

        if (wanted("status"))
        {
            var status = Writing(context, notes, "status", "Set the working status: investigating, identified, mitigating or monitoring.");
            var state = CliSymbols.Word("state", "investigating, identified, mitigating or monitoring (monitoring follows a mitigation).");
            status.Command.Arguments.Add(state);
            status.Command.SetAction(status.Run((p, call, ct) => new StatusHandler(call.Runner).HandleAsync(new StatusCommand(call.Id, State(p.GetValue(state)!), call.Actor), ct)));
            yield return status.Command;
        }

        if (wanted("resolve"))
        {
            var resolve = Writing(context, notes, "resolve", "Resolve the incident: service is restored.");
            var summary = CliSymbols.Value("--summary", "text", "What fixed it, in a sentence.");
            summary.Required = true;
            resolve.Command.Options.Add(summary);
            resolve.Command.SetAction(resolve.Run((p, call, ct) => new ResolveHandler(call.Runner).HandleAsync(new ResolveCommand(call.Id, p.GetValue(summary)!, call.Actor), ct)));
            yield return resolve.Command;
        }

        if (wanted("reopen"))
        {
            var reopen = Writing(context, notes, "reopen", "Reopen a resolved incident.");
            var reopenReason = CliSymbols.Value("--reason", "text", "Why it is reopened. Default: none given.");
            reopen.Command.Options.Add(reopenReason);
            reopen.Command.SetAction(reopen.Run((p, call, ct) => new ReopenHandler(call.Runner).HandleAsync(new ReopenCommand(call.Id, p.GetValue(reopenReason), call.Actor), ct)));
            yield return reopen.Command;
        }

        if (wanted("review"))
        {
            var review = Writing(context, notes, "review", "Record that the post-incident review took place; the incident is CLOSED.");
            var heldAt = CliSymbols.Moment("--held-at", "ISO-8601", "When the review was held: a full ISO 8601 moment with an offset or Z.", Moment);
            heldAt.Required = true;
            var attendees = CliSymbols.Value("--attendees", "\"A, B\"", "Who attended, comma-separated names.");
            attendees.Required = true;
            review.Command.Options.Add(heldAt);
            review.Command.Options.Add(attendees);
            review.Command.SetAction(review.Run((p, call, ct) => new ReviewHandler(call.Runner).HandleAsync(
                new ReviewCommand(call.Id, p.GetValue(heldAt)!.Value, p.GetValue(attendees)!.Split(','), call.Actor), ct)));
            yield return review.Command;
        }

        if (wanted("action"))
        {
            yield return Action(context, notes);
        }

        if (wanted("list"))
        {
            var list = Reading(context, notes, "list", "List the incidents on record: id, status, priority, detection time.", withId: false);
            list.Command.SetAction(list.Run((p, _, runner, output, ct) => ListAsync(runner, p.GetValue(list.Json), output, ct)));
            yield return list.Command;
        }

        if (wanted("show"))
        {
            var show = Reading(context, notes, "show", "Show one incident: status, priority, tier, acknowledgement, roles, updates, actions.", withId: true);
            show.Command.SetAction(show.Run((p, id, runner, output, ct) => ShowAsync(runner, id!.Value, p.GetValue(show.Json), output, ct)));
            yield return show.Command;
        }

        if (wanted("timeline"))
        {
            var timeline = Reading(context, notes, "timeline", "Print the incident's timeline, oldest first.", withId: true);
            timeline.Command.SetAction(timeline.Run((p, id, runner, output, ct) => TimelineAsync(runner, id!.Value, p.GetValue(timeline.Json), output, ct)));
            yield return timeline.Command;
        }
    }

    /// <summary>action add|done|list: the post-incident actions.</summary>
    private static Command Action(CliContext context, IDictionary<Command, string> notes)
    {
        var action = new Command("action", "Track the post-incident actions: add, done, list.");

        var add = Writing(context, notes, "add", "Add a tracked action with an owner and a due date.");
        var title = CliSymbols.Words("title", "What is to be done (several words are joined by spaces).");
        var owner = CliSymbols.Value("--owner", "person", "Who owns it, a name from the firebreak.yaml roster.");
        owner.Required = true;
        var due = CliSymbols.Moment("--due", "ISO-8601", "When it is due: a full ISO 8601 moment with an offset or Z.", Moment);
        due.Required = true;
        var type = CliSymbols.Value("--type", "prevent|detect|mitigate|process", "The kind of action: prevent, detect, mitigate or process. Default: prevent.");
        var priority = CliSymbols.Value("--priority", "P0-P3", "Its priority: P0, P1, P2 or P3. Default: P2.");
        add.Command.Arguments.Add(title);
        add.Command.Options.Add(owner);
        add.Command.Options.Add(due);
        add.Command.Options.Add(type);
        add.Command.Options.Add(priority);
        add.Command.SetAction(add.Run((p, call, ct) => new ActionAddHandler(call.Runner).HandleAsync(new ActionAddCommand(call.Id, CliSymbols.Joined(p, title)!, p.GetValue(owner)!,
            p.GetValue(due)!.Value, ActionKind(p.GetValue(type)), ActionPriority(p.GetValue(priority)), call.Actor), ct)));
        action.Subcommands.Add(add.Command);

        var done = Writing(context, notes, "done", "Mark a tracked action done.");
        var actionId = CliSymbols.Word("action-id", "The action's id as 'action list' prints it, e.g. A1.");
        done.Command.Arguments.Add(actionId);
        done.Command.SetAction(done.Run((p, call, ct) => new ActionDoneHandler(call.Runner).HandleAsync(new ActionDoneCommand(call.Id, p.GetValue(actionId)!, call.Actor), ct)));
        action.Subcommands.Add(done.Command);

        var list = Reading(context, notes, "list", "List the incident's tracked actions: state, due date, owner.", withId: true);
        list.Command.SetAction(list.Run((p, id, runner, output, ct) => ActionListAsync(runner, id!.Value, p.GetValue(list.Json), output, ct)));
        action.Subcommands.Add(list.Command);
        action.Subcommands.Add(ActionExportCli.Create(context, notes));
        return action;
    }

    /// <summary>A writing command: &lt;incident-id&gt;, --as, --at and --project; its action appends through a handler and prints what it did.</summary>
    private static LiveWriting Writing(CliContext context, IDictionary<Command, string> notes, string name, string description)
    {
        var command = new FreeTextCommand(name, description);
        var id = CliSymbols.Word("incident-id", "The incident, as respond or declare named it.");
        var actor = CliSymbols.Value("--as", "person", "Who did it, a name from the firebreak.yaml roster. Default: recorded as an unnamed operator.");
        var at = CliSymbols.Moment("--at", "ISO-8601", "When it happened: a full ISO 8601 moment with an offset or Z, not in the future. Default: now.", Moment);
        var project = CliSymbols.Project();
        command.Arguments.Add(id);
        command.Options.Add(actor);
        command.Options.Add(at);
        command.Options.Add(project);
        notes[command] = WritingNotes;
        return new LiveWriting(command, context, id, actor, at, project);
    }

    /// <summary>A reading command: [&lt;incident-id&gt;], --json and --project.</summary>
    private static LiveReading Reading(CliContext context, IDictionary<Command, string> notes, string name, string description, bool withId)
    {
        var command = new FreeTextCommand(name, description);
        var id = withId ? CliSymbols.Word("incident-id", "The incident, as respond or declare named it.") : null;
        var json = CliSymbols.Json("the answer");
        var project = CliSymbols.Project();
        if (id is not null)
        {
            command.Arguments.Add(id);
        }

        command.Options.Add(json);
        command.Options.Add(project);
        notes[command] = "Run in the project directory or give --project. Exit codes: 0 done, 2 bad input (an unknown incident), 1 internal error.";
        return new LiveReading(command, context, id, json, project);
    }

    /// <summary>The incident, person and moment of a writing command, and the runner of its project.</summary>
    private sealed record LiveCall(LiveCommandRunner Runner, IncidentId Id, CommandActor Actor);

    private sealed record LiveWriting(Command Command, CliContext Context, Argument<string> Id, Option<string> Actor, Option<DateTimeOffset?> At, Option<string> Project)
    {
        /// <summary>The action: loads the project, runs the handler, prints its one line and any edit it kept.</summary>
        public Func<ParseResult, CancellationToken, Task<int>> Run(Func<ParseResult, LiveCall, CancellationToken, Task<CommandResult>> handle) => (parsed, cancellationToken) =>
            Guard(Context, parsed.GetValue(Project), async (runner, output) =>
            {
                var call = new LiveCall(runner, ParseId(parsed.GetValue(Id)!), new CommandActor(parsed.GetValue(Actor), parsed.GetValue(At)));
                var result = await handle(parsed, call, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync(result.Message).ConfigureAwait(false);
                foreach (var kept in result.Artifacts?.Kept ?? [])
                {
                    await output.WriteLineAsync($"kept your edit of {kept.Path}; the new version is {kept.NewVersionPath}").ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            });
    }

    private sealed record LiveReading(Command Command, CliContext Context, Argument<string>? Id, Option<bool> Json, Option<string> Project)
    {
        /// <summary>The action: loads the project and prints what <paramref name="read"/> reads.</summary>
        public Func<ParseResult, CancellationToken, Task<int>> Run(Func<ParseResult, IncidentId?, LiveCommandRunner, TextWriter, CancellationToken, Task<int>> read) => (parsed, cancellationToken) =>
            Guard(Context, parsed.GetValue(Project), (runner, output) =>
                read(parsed, Id is null ? null : ParseId(parsed.GetValue(Id)!), runner, output, cancellationToken));
    }

    /// <summary>Loads the project's configuration and runs <paramref name="run"/>; a refusal or bad configuration is one line and exit 2.</summary>
    private static async Task<int> Guard(CliContext context, string? project, Func<LiveCommandRunner, TextWriter, Task<int>> run)
    {
        ProjectConfig config;
        try
        {
            config = ProjectConfigLoader.Load(project is null ? context.CurrentDirectory : context.FullPath(project));
        }
        catch (Exception ex) when (ex is ConfigException or PolicyException)
        {
            return FirebreakApp.BadInput(context.Error, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return FirebreakApp.BadInput(context.Error, $"cannot read the project configuration: {ex.Message}");
        }

        try
        {
            var runner = new LiveCommandRunner(Compose(config, context.Time, context.Environment));
            return await run(runner, context.Output).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex) when (ex is RequestRefusedException or ConfigException or PolicyException or IncidentStoreException)
        {
            return FirebreakApp.BadInput(context.Error, ex.Message);
        }
        catch (Exception ex)
        {
            await context.Error.WriteLineAsync($"firebreak: internal error: {$"{ex.GetType().Name}: {ex.Message}".ReplaceLineEndings(" ")}").ConfigureAwait(false);
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

    private static async Task<int> ListAsync(LiveCommandRunner runner, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        var incidents = await new ReadHandlers(runner).ListAsync(cancellationToken).ConfigureAwait(false);
        if (json)
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

    private static async Task<int> ShowAsync(LiveCommandRunner runner, IncidentId id, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        var view = await new ReadHandlers(runner).ShowAsync(id, cancellationToken).ConfigureAwait(false);
        if (json)
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

    private static async Task<int> TimelineAsync(LiveCommandRunner runner, IncidentId id, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        var entries = await new ReadHandlers(runner).TimelineAsync(id, cancellationToken).ConfigureAwait(false);
        if (json)
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

    private static async Task<int> ActionListAsync(LiveCommandRunner runner, IncidentId id, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        var actions = await new ReadHandlers(runner).ActionsAsync(id, cancellationToken).ConfigureAwait(false);
        if (json)
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

    private static IncidentId ParseId(string text) =>
        IncidentId.TryParse(text, out var id, out var reason) ? id.Value : throw new RequestRefusedException(reason);

    /// <summary>A full ISO 8601 moment with an offset or Z (the live commands' --at, --held-at and --due).</summary>
    internal static DateTimeOffset? Moment(string option, string text, out string problem)
    {
        string[] formats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];
        if (DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            && (text.EndsWith('Z') || text.EndsWith("z", StringComparison.Ordinal) || text.Length > 6 && text[^6] is '+' or '-'))
        {
            problem = string.Empty;
            return at;
        }

        problem = $"{option} '{CliText.Printable(text)}' is not a full ISO 8601 moment with an offset (e.g. 2026-11-29T14:05:00Z)";
        return null;
    }

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
