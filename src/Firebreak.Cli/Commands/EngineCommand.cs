using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Notify;
using Firebreak.Response;
using Firebreak.Storage;
using Spectre.Console;

namespace Firebreak.Cli;

/// <summary>firebreak due, tick and watch: the escalation engine's work from the store, performed once per item.</summary>
public static class EngineCommand
{
    /// <summary>The command names this class dispatches.</summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal) { "due", "tick", "watch" };

    /// <summary>How long watch sleeps at most between ticks when nothing is scheduled.</summary>
    public static TimeSpan LongestSleep { get; } = TimeSpan.FromMinutes(1);

    /// <summary>Runs due, tick or watch; 0 done, 2 bad input, 1 internal error.</summary>
    public static async Task<int> RunAsync(string name, string[] args, IAnsiConsole console, TextWriter error, TimeProvider time, string currentDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (args is ["--help"] or ["-h"])
        {
            console.WriteLine(Help);
            return ExitCodes.Ok;
        }

        var options = LiveOptions.Parse(args, name == "watch" ? [] : ["--at"], out var problem);
        if (options is null)
        {
            return FirebreakApp.BadInput(error, $"{name}: {problem}");
        }

        var at = LiveOptions.Moment("--at", options.Value("--at"), out problem);
        if (problem.Length > 0)
        {
            return FirebreakApp.BadInput(error, problem);
        }

        if (at is { } moment && moment > time.GetUtcNow())
        {
            return FirebreakApp.BadInput(error, $"--at {LiveCommandRunner.Iso(moment)} is in the future");
        }

        var clock = at is { } fixedAt ? new FixedTime(fixedAt) : time;
        var output = console.Profile.Out.Writer;
        try
        {
            var config = ProjectConfigLoader.Load(Path.GetFullPath(options.Value("--project") ?? currentDirectory));
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
            switch (name)
            {
                case "due":
                    var listing = await handlers.DueAsync(cancellationToken).ConfigureAwait(false);
                    if (listing.Items.Count == 0)
                    {
                        await output.WriteLineAsync("nothing is scheduled").ConfigureAwait(false);
                    }

                    foreach (var row in listing.Items)
                    {
                        var when = row.DueAt <= listing.At ? "DUE NOW" : "due";
                        await output.WriteLineAsync($"{row.IncidentId,-20} {when,-8} {LiveCommandRunner.Iso(row.DueAt)}  {row.Key} ({row.Kind})").ConfigureAwait(false);
                    }

                    return ExitCodes.Ok;
                case "tick":
                    var (tick, delivered) = await handlers.TickAsync(cancellationToken).ConfigureAwait(false);
                    await Report(output, tick, delivered).ConfigureAwait(false);
                    if (at is null)
                    {
                        // The records of the incidents this tick touched show what it did (the events, each notice's delivery state).
                        var renderer = LiveCommand.Compose(config, time, RespondEnvironment.Default).Renderer;
                        foreach (var id in tick.Performed.Select(k => k.Split('/')[0]).Concat(delivery.Touched).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                        {
                            await renderer.RenderAsync(new IncidentId(id), cancellationToken).ConfigureAwait(false);
                        }
                    }

                    return ExitCodes.Ok;
                default:
                    try
                    {
                        await handlers.WatchAsync((t, d) => Report(output, t, d), LongestSleep, cancellationToken).ConfigureAwait(false);
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

    private static async Task Report(TextWriter output, TickReport tick, string delivered)
    {
        await output.WriteLineAsync($"{LiveCommandRunner.Iso(tick.At)} tick: {tick.Performed.Count} performed, {tick.Cancelled.Count} cancelled, {tick.Deferred.Count} deferred; {delivered}").ConfigureAwait(false);
        foreach (var key in tick.Performed)
        {
            await output.WriteLineAsync($"  performed {key}").ConfigureAwait(false);
        }
    }

    /// <summary>The help text.</summary>
    public const string Help = """
        firebreak due [--at ISO]     re-plan every incident and list its scheduled work (escalations, notices, SLA warnings...)
        firebreak tick [--at ISO]    perform what is due, once, and deliver the outbox once through the configured channels
        firebreak watch              tick until Ctrl-C, sleeping until the next due item or delivery attempt
        Each takes --project <dir> (default: the current directory). Performing an item twice changes nothing.
        """;

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
