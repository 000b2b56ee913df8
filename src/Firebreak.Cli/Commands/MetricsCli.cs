using System.Globalization;
using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Response;
using Firebreak.Storage;
using Spectre.Console;

namespace Firebreak.Cli;

/// <summary>firebreak metrics [--since T] [--until T] [--json|--csv] [--project dir]: the learning measures over the project's store.</summary>
public static class MetricsCli
{
    /// <summary>The help, with every measure's definition.</summary>
    public static string Help => $"""
        firebreak metrics [--since T] [--until T] [--json|--csv] [--project dir]
        The learning measures over the incidents of the project's store detected in [--since, --until) (ISO 8601 moments
        with an offset, or dates yyyy-MM-dd taken as 00:00 UTC). Each measure comes only from recorded events: an incident
        lacking the event a measure needs is counted as unknown, and the output says how many. Definitions:
        {MetricsOutput.DefinitionsText()}
        """;

    /// <summary>Parses the words and runs the metrics handler; 0 done, 2 bad input, 1 internal error.</summary>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error, TimeProvider time, RespondEnvironment environment, string currentDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(environment);
        if (args is ["--help"] or ["-h"])
        {
            console.Profile.Out.Writer.WriteLine(Help);
            return ExitCodes.Ok;
        }

        var options = LiveOptions.Parse(args, ["--since", "--until", "--json", "--csv"], out var problem);
        if (options is null)
        {
            return FirebreakApp.BadInput(error, $"metrics: {problem}");
        }

        if (options.Positional.Count > 0)
        {
            return FirebreakApp.BadInput(error, $"metrics: unexpected argument '{options.Positional[0]}'; the project is given with --project");
        }

        if (options.Has("--json") && options.Has("--csv"))
        {
            return FirebreakApp.BadInput(error, "metrics: give --json or --csv, not both");
        }

        var since = Bound("--since", options.Value("--since"), out problem);
        var until = problem.Length == 0 ? Bound("--until", options.Value("--until"), out problem) : null;
        if (problem.Length > 0)
        {
            return FirebreakApp.BadInput(error, problem);
        }

        try
        {
            var config = ProjectConfigLoader.Load(Path.GetFullPath(options.Value("--project") ?? currentDirectory));
            var services = new LiveServices(config, time, environment.OpenStore);
            var report = await new MetricsHandler(services).HandleAsync(new MetricsQuery(since, until), cancellationToken).ConfigureAwait(false);
            var text = options.Has("--json") ? MetricsOutput.Json(report) : options.Has("--csv") ? MetricsOutput.CsvText(report) : MetricsOutput.Text(report);
            await console.Profile.Out.Writer.WriteAsync(text).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is RequestRefusedException or ConfigException or PolicyException or IncidentStoreException)
        {
            return FirebreakApp.BadInput(error, ex.Message);
        }
    }

    /// <summary>A range bound: a full ISO 8601 moment, or a date taken as 00:00 UTC.</summary>
    internal static DateTimeOffset? Bound(string option, string? text, out string problem)
    {
        if (text is not null && DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            problem = string.Empty;
            return new DateTimeOffset(date, TimeSpan.Zero);
        }

        var moment = LiveOptions.Moment(option, text, out problem);
        if (problem.Length > 0)
        {
            problem += " or a date yyyy-MM-dd";
        }

        return moment;
    }
}
