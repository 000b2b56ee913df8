using System.Globalization;
using Firebreak.Evidence;
using Spectre.Console;

namespace Firebreak.Cli;

/// <summary>firebreak logs templates: mines log templates from a file.</summary>
public static class LogsCommand
{
    private const int SummaryRows = 50;

    /// <summary>Parses the arguments and runs the miner.</summary>
    public static Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        if (args is not ["templates", .. var rest])
        {
            return Task.FromResult(FirebreakApp.BadInput(error, args.Length == 0
                ? "logs needs a subcommand: firebreak logs templates <log-file> [--format F] [--out file.csv]"
                : $"unknown logs subcommand '{args[0]}'; try 'firebreak logs templates <log-file>'"));
        }

        string? file = null;
        string? formatText = null;
        string? output = null;
        for (var i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case "--format" or "--out" when i + 1 >= rest.Length:
                    return Task.FromResult(FirebreakApp.BadInput(error, $"{rest[i]} needs a value"));
                case "--format":
                    formatText = rest[++i];
                    break;
                case "--out":
                    output = rest[++i];
                    break;
                case var option when option.StartsWith('-') && option.Length > 1:
                    return Task.FromResult(FirebreakApp.BadInput(error, $"unknown option '{option}' for logs templates"));
                case var path when file is null:
                    file = path;
                    break;
                default:
                    return Task.FromResult(FirebreakApp.BadInput(error, $"unexpected argument '{rest[i]}'; logs templates takes one log file"));
            }
        }

        if (file is null)
        {
            return Task.FromResult(FirebreakApp.BadInput(error, "logs templates needs a log file"));
        }

        if (BoundedFile.Refusal(file) is { } refusal)
        {
            return Task.FromResult(FirebreakApp.BadInput(error, $"log file '{file}' {refusal}"));
        }

        LogFormat? format = null;
        if (formatText is not null && !LogFormat.TryParse(formatText, out format, out var problem))
        {
            return Task.FromResult(FirebreakApp.BadInput(error, $"bad --format: {problem}"));
        }

        return Task.FromResult(Run(file, format, output, console, cancellationToken));
    }

    /// <summary>Binary garbage in a log must not drive the terminal: control characters print as U+FFFD.</summary>
    private static string Printable(string text) =>
        text.Any(char.IsControl) ? new string([.. text.Select(c => char.IsControl(c) ? '\uFFFD' : c)]) : text;

    private static int Run(string file, LogFormat? format, string? output, IAnsiConsole console, CancellationToken cancellationToken)
    {
        MinedFile mined;
        if (output is null)
        {
            mined = LogTemplateRun.Mine(file, format, null, cancellationToken);
        }
        else
        {
            using var csv = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1);
            mined = LogTemplateRun.Mine(file, format, csv, cancellationToken);
        }

        if (output is not null)
        {
            console.MarkupLineInterpolated($"{mined.Lines:N0} lines, {mined.Events.Count:N0} templates written to {output}");
            return ExitCodes.Ok;
        }

        var table = new Table().AddColumn("Event").AddColumn(new TableColumn("Count").RightAligned()).AddColumn(new TableColumn("First line").RightAligned()).AddColumn("Template");
        foreach (var e in mined.Events.OrderByDescending(e => e.Count).ThenBy(e => e.FirstLine).Take(SummaryRows))
        {
            table.AddRow(
                Markup.Escape(e.EventId),
                e.Count.ToString("N0", CultureInfo.InvariantCulture),
                e.FirstLine.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(Printable(e.Template)));
        }

        console.Write(table);
        var more = mined.Events.Count > SummaryRows ? $" (top {SummaryRows} shown)" : string.Empty;
        console.MarkupLineInterpolated($"{mined.Lines:N0} lines, {mined.Records:N0} records, {mined.Events.Count:N0} templates{more}");
        return ExitCodes.Ok;
    }
}
