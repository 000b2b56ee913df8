using System.CommandLine;
using System.Globalization;
using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Response;
using Firebreak.Storage;

namespace Firebreak.Cli;

/// <summary>firebreak metrics [--since T] [--until T] [--json|--csv] [--project dir]: the learning measures over the project's store.</summary>
public static class MetricsCli
{
    /// <summary>What the help adds below the options: how measures are read and every definition.</summary>
    public static string Notes => $"""
        The incidents of the project's store detected in [--since, --until). Each measure comes only from recorded
        events: an incident lacking the event a measure needs is counted as unknown, and the output says how many.
        Definitions:
        {MetricsOutput.DefinitionsText()}
        """;

    /// <summary>The metrics command, its action bound to <paramref name="context"/>.</summary>
    internal static Command Create(CliContext context, IDictionary<Command, string> notes)
    {
        var command = new Command("metrics", "MTTD, MTTA, MTTE, MTTR per priority, resolution by tier, recurrence, PIR completion, actions by due date, SLA per incident.");
        var since = CliSymbols.Moment("--since", "ISO-8601|yyyy-MM-dd", "Only incidents detected at or after this moment (a date is 00:00 UTC). Default: no lower bound.", Bound);
        var until = CliSymbols.Moment("--until", "ISO-8601|yyyy-MM-dd", "Only incidents detected before this moment (a date is 00:00 UTC). Default: no upper bound.", Bound);
        var json = CliSymbols.Json("the report with every definition");
        var csv = CliSymbols.Flag("--csv", "Print the report as CSV, one number per row (measure, group, value, unit, counted, unknown). Default: text.");
        var project = CliSymbols.Project();
        command.Options.Add(since);
        command.Options.Add(until);
        command.Options.Add(json);
        command.Options.Add(csv);
        command.Options.Add(project);
        command.SetAction((parsed, cancellationToken) => RunAsync(
            new MetricsQuery(parsed.GetValue(since), parsed.GetValue(until)), parsed.GetValue(json), parsed.GetValue(csv), parsed.GetValue(project), context, cancellationToken));
        notes[command] = Notes;
        return command;
    }

    /// <summary>Runs the metrics handler; 0 done, 2 bad input, 1 internal error.</summary>
    private static async Task<int> RunAsync(MetricsQuery query, bool json, bool csv, string? project, CliContext context, CancellationToken cancellationToken)
    {
        if (json && csv)
        {
            return FirebreakApp.BadInput(context.Error, "metrics: give --json or --csv, not both");
        }

        try
        {
            var config = ProjectConfigLoader.Load(project is null ? context.CurrentDirectory : context.FullPath(project));
            var services = new LiveServices(config, context.Time, context.Environment.OpenStore);
            var report = await new MetricsHandler(services).HandleAsync(query, cancellationToken).ConfigureAwait(false);
            var text = json ? MetricsOutput.Json(report) : csv ? MetricsOutput.CsvText(report) : MetricsOutput.Text(report);
            await context.Output.WriteAsync(text).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is RequestRefusedException or ConfigException or PolicyException or IncidentStoreException)
        {
            return FirebreakApp.BadInput(context.Error, ex.Message);
        }
    }

    /// <summary>A range bound: a full ISO 8601 moment, or a date taken as 00:00 UTC.</summary>
    internal static DateTimeOffset? Bound(string option, string text, out string problem)
    {
        if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            problem = string.Empty;
            return new DateTimeOffset(date, TimeSpan.Zero);
        }

        var moment = LiveCommand.Moment(option, text, out problem);
        if (moment is null)
        {
            problem += " or a date yyyy-MM-dd";
        }

        return moment;
    }
}
