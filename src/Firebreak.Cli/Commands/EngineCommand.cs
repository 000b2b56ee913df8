using System.CommandLine;
using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Notify;
using Firebreak.Response;
using Firebreak.Storage;

namespace Firebreak.Cli;

/// <summary>firebreak due, tick and watch: the escalation engine's work from the store, performed once per item.</summary>
public static class EngineCommand
{
    /// <summary>How long watch sleeps at most between ticks when nothing is scheduled.</summary>
    public static TimeSpan LongestSleep { get; } = TimeSpan.FromMinutes(1);

    private const string Notes = "Performing an item twice changes nothing. Exit codes: 0 done, 2 bad input (no store, bad configuration), 1 internal error.";

    /// <summary>due, tick and watch, their actions bound to <paramref name="context"/>.</summary>
    internal static IEnumerable<Command> Create(CliContext context, IDictionary<Command, string> notes, Func<string, bool> wanted)
    {
        if (wanted("due"))
        {
            yield return Define(context, notes, "due", "Re-plan every incident and list its scheduled work (escalations, notices, SLA warnings...) with when and why; with --at, the plan as of that moment, changing nothing.", withAt: true);
        }

        if (wanted("tick"))
        {
            yield return Define(context, notes, "tick", "Perform what is due, once, and deliver the outbox once through the configured channels.", withAt: true);
        }

        if (wanted("watch"))
        {
            yield return Define(context, notes, "watch", "Tick until Ctrl-C, sleeping until the next due item or delivery attempt.", withAt: false);
        }
    }

    private static Command Define(CliContext context, IDictionary<Command, string> notes, string name, string description, bool withAt)
    {
        var command = new FreeTextCommand(name, description);
        var at = withAt
            ? CliSymbols.Moment("--at", "ISO-8601", "Act as of that moment: a full ISO 8601 moment with an offset or Z, not in the future. Default: now.", LiveCommand.Moment)
            : null;
        var project = CliSymbols.Project();
        if (at is not null)
        {
            command.Options.Add(at);
        }

        command.Options.Add(project);
        command.SetAction((parsed, cancellationToken) =>
            RunAsync(name, at is null ? null : parsed.GetValue(at), parsed.GetValue(project), context, cancellationToken));
        notes[command] = Notes;
        return command;
    }

    /// <summary>Runs due, tick or watch; 0 done, 2 bad input, 1 internal error.</summary>
    private static async Task<int> RunAsync(string name, DateTimeOffset? at, string? project, CliContext context, CancellationToken cancellationToken)
    {
        var (console, error, time) = (context.Console, context.Error, context.Time);
        if (at is { } moment && moment > time.GetUtcNow())
        {
            return FirebreakApp.BadInput(error, $"--at {LiveCommandRunner.Iso(moment)} is in the future");
        }

        var clock = at is { } fixedAt ? new FixedTime(fixedAt) : time;
        var output = console.Profile.Out.Writer;
        try
        {
            var config = ProjectConfigLoader.Load(project is null ? context.CurrentDirectory : context.FullPath(project));
            var storePath = FlowRequest.StorePath(config.ProjectDirectory);
            if (!File.Exists(storePath))
            {
                return FirebreakApp.BadInput(error, $"no incident store at {storePath}: run 'firebreak respond' or 'firebreak declare' first");
            }

            using var database = LiveDatabase.Open(storePath);
            await using var store = SqliteIncidentStore.Open(storePath);
            var engine = new LiveEngine(store, database, config.Policy, new ApplicationDuePerformer(config), clock, $"cli-{Environment.ProcessId}");
            var worker = new DeliveryWorker(new SqliteOutbox(database), NotifyChannels.Senders(config.Notify, SharedHttp.Client, Environment.GetEnvironmentVariable), clock,
                $"cli-{Environment.ProcessId}", NotifyChannels.Options(config.Notify));
            var delivery = new WorkerDelivery(worker, new SqliteOutbox(database));
            var handlers = new EngineHandlers(engine, database, store, delivery, clock);

            // The records of the incidents a tick touched show what it did (the events, each notice's delivery state);
            // one record that cannot be rendered is reported and never stops the others or the watch.
            async Task Record(TickReport tick, CancellationToken token)
            {
                var renderer = LiveCommand.Compose(config, time, context.Environment).Renderer;
                var touched = tick.Performed.Select(k => k.Split('/')[0]).Concat(delivery.Touched).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                delivery.Touched.Clear();
                foreach (var id in touched)
                {
                    try
                    {
                        await renderer.RenderAsync(new IncidentId(id), token).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        await error.WriteLineAsync($"{id}: the record was not re-rendered: {ex.Message}").ConfigureAwait(false);
                    }
                }
            }

            switch (name)
            {
                case "due":
                    var listing = await handlers.DueAsync(cancellationToken, readOnly: at is not null).ConfigureAwait(false);
                    await output.WriteLineAsync($"as of {LiveCommandRunner.Iso(listing.At)}: {listing.Items.Count(r => r.DueAt <= listing.At)} due now, {listing.Items.Count(r => r.DueAt > listing.At)} later").ConfigureAwait(false);
                    if (listing.Items.Count == 0)
                    {
                        await output.WriteLineAsync("nothing is scheduled").ConfigureAwait(false);
                    }

                    foreach (var row in listing.Items)
                    {
                        var when = row.State == WorkStates.Performing ? "DECIDED" : row.DueAt <= listing.At ? "DUE NOW" : "due";
                        var why = row.State == WorkStates.Performing
                            ? "decided by a tick that has not finished recording it; the next tick finishes it"
                            : listing.Why.TryGetValue($"{row.IncidentId}/{row.Key}", out var reason)
                            ? reason
                            : "unknown (the incident was held by a command or another engine while due re-planned it; run due again)";
                        await output.WriteLineAsync($"{row.IncidentId,-20} {when,-8} {LiveCommandRunner.Iso(row.DueAt)}  {row.Key} ({row.Kind}): {why}").ConfigureAwait(false);
                    }

                    foreach (var (id, problem) in listing.Failed)
                    {
                        await error.WriteLineAsync($"{id}: cannot be planned, its work is not listed: {problem}").ConfigureAwait(false);
                    }

                    return ExitCodes.Ok;
                case "tick":
                    var (tick, delivered) = await handlers.TickAsync(cancellationToken).ConfigureAwait(false);
                    await Report(output, error, tick, delivered).ConfigureAwait(false);
                    if (at is null)
                    {
                        await Record(tick, CancellationToken.None).ConfigureAwait(false);
                    }

                    return ExitCodes.Ok;
                default:
                    try
                    {
                        await output.WriteLineAsync($"watching {storePath} as engine cli-{Environment.ProcessId}; Ctrl-C or SIGTERM stops after the current tick").ConfigureAwait(false);
                        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                        await handlers.WatchAsync(async (t, d) =>
                        {
                            await Report(output, error, t, d).ConfigureAwait(false);
                            await Record(t, CancellationToken.None).ConfigureAwait(false);
                        }, LongestSleep, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        await output.WriteLineAsync("watch stopped").ConfigureAwait(false);
                    }

                    return ExitCodes.Ok;
            }
        }
        catch (Exception ex) when (ex is ConfigException or PolicyException or RequestRefusedException or IncidentStoreException)
        {
            return FirebreakApp.BadInput(error, ex.Message);
        }
    }

    private static async Task Report(TextWriter output, TextWriter error, TickReport tick, string delivered)
    {
        await output.WriteLineAsync($"{LiveCommandRunner.Iso(tick.At)} tick: {tick.Performed.Count} performed, {tick.Cancelled.Count} cancelled, {tick.Deferred.Count} deferred, {tick.Failed.Count} failed; {delivered}").ConfigureAwait(false);
        foreach (var (verb, names) in new[] { ("performed", tick.Performed), ("cancelled", tick.Cancelled), ("deferred", tick.Deferred) })
        {
            foreach (var name in names)
            {
                await output.WriteLineAsync($"  {verb} {name}: {Why(tick, name)}").ConfigureAwait(false);
            }
        }

        foreach (var name in tick.Failed)
        {
            await error.WriteLineAsync($"{name}: {Why(tick, name)}").ConfigureAwait(false);
        }

        await output.FlushAsync().ConfigureAwait(false);
    }

    private static string Why(TickReport tick, string name) => tick.Why.TryGetValue(name, out var why) ? why : "unknown (the engine gave no reason)";

    private sealed class FixedTime(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }

    private sealed class WorkerDelivery(DeliveryWorker worker, SqliteOutbox outbox) : IOutboxDelivery
    {
        /// <summary>The incidents whose messages the passes so far sent, retried or failed.</summary>
        public HashSet<string> Touched { get; } = new(StringComparer.Ordinal);

        public async Task<string> DeliverOnceAsync(CancellationToken cancellationToken)
        {
            var report = await worker.RunOnceAsync(cancellationToken).ConfigureAwait(false);
            Touched.UnionWith(report.Sent.Concat(report.Retrying).Concat(report.Failed).Select(key => key.Split(':')[0]));
            return $"outbox: {report.Sent.Count} sent, {report.Retrying.Count} retrying, {report.Failed.Count} failed";
        }

        public Task<DateTimeOffset?> NextAttemptAsync(CancellationToken cancellationToken) => outbox.NextAttemptAsync(cancellationToken);
    }
}
