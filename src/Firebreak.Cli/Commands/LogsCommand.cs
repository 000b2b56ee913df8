using System.Globalization;
using Firebreak.Evidence;
using Spectre.Console;

namespace Firebreak.Cli;

/// <summary>firebreak logs templates: mines log templates from files, directories, globs or standard input.</summary>
public static class LogsCommand
{
    private const int SummaryRows = 50;

    /// <summary>The share of lines not matching <c>--format</c> from which the first one is cited on stderr.</summary>
    public const double UnmatchedWarningShare = 0.01;

    private const string Usage = "firebreak logs templates <log-file|dir|glob|->... [--format F] [--out file.csv] [--max-templates N]";

    /// <summary>Parses the arguments and runs the miner.</summary>
    public static Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(error);
        if (args is not ["templates", .. var rest])
        {
            return Task.FromResult(FirebreakApp.BadInput(error, args.Length == 0
                ? $"logs needs a subcommand: {Usage}"
                : $"unknown logs subcommand '{args[0]}'; try '{Usage}'"));
        }

        var inputs = new List<string>();
        string? formatText = null;
        string? output = null;
        var maxTemplates = TemplateMiner.DefaultMaxClusters;
        for (var i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case "--format" or "--out" or "--max-templates" when i + 1 >= rest.Length:
                    return Task.FromResult(FirebreakApp.BadInput(error, $"{rest[i]} needs a value"));
                case "--format":
                    formatText = rest[++i];
                    break;
                case "--out":
                    output = rest[++i];
                    break;
                case "--max-templates":
                    if (!int.TryParse(rest[++i], NumberStyles.None, CultureInfo.InvariantCulture, out maxTemplates) || maxTemplates < 1)
                    {
                        return Task.FromResult(FirebreakApp.BadInput(error, $"--max-templates needs a positive whole number, not '{rest[i]}'"));
                    }

                    break;
                case var option when option.StartsWith('-') && option.Length > 1:
                    return Task.FromResult(FirebreakApp.BadInput(error, $"unknown option '{option}' for logs templates"));
                default:
                    inputs.Add(rest[i]);
                    break;
            }
        }

        if (inputs.Count == 0)
        {
            return Task.FromResult(FirebreakApp.BadInput(error, $"logs templates needs a log file: {Usage}"));
        }

        if (!ResolveInputs(inputs, out var files, out var problem))
        {
            return Task.FromResult(FirebreakApp.BadInput(error, problem));
        }

        LogFormat? format = null;
        if (formatText is not null && !LogFormat.TryParse(formatText, out format, out var formatProblem))
        {
            return Task.FromResult(FirebreakApp.BadInput(error, $"bad --format: {formatProblem}"));
        }

        if (output is not null && !CheckOutput(output, files, out problem))
        {
            return Task.FromResult(FirebreakApp.BadInput(error, problem));
        }

        return Task.FromResult(Run(files, format, output, new MineOptions(MaxTemplates: maxTemplates), console, error, cancellationToken));
    }

    /// <summary>Expands the arguments to files in reading order: <c>-</c> is standard input, a directory gives its log files (rotated ones oldest first), a pattern with <c>*</c> or <c>?</c> is expanded.</summary>
    internal static bool ResolveInputs(IReadOnlyList<string> arguments, out IReadOnlyList<string> files, out string problem)
    {
        var found = new List<string>();
        files = found;
        problem = string.Empty;
        foreach (var argument in arguments)
        {
            if (argument == LogInput.StandardInput)
            {
                found.Add(argument);
            }
            else if (Directory.Exists(argument))
            {
                var logs = LogFiles.InDirectory(argument);
                if (logs.Count == 0)
                {
                    problem = $"directory '{argument}' holds no log files (names ending {string.Join(", ", LogFiles.Extensions)}, rotated or .gz)";
                    return false;
                }

                found.AddRange(logs);
            }
            else if (argument.AsSpan().IndexOfAny('*', '?') >= 0)
            {
                var directory = Path.GetDirectoryName(argument) is { Length: > 0 } d ? d : ".";
                var pattern = Path.GetFileName(argument);
                var matches = Directory.Exists(directory) && pattern.Length > 0
                    ? Directory.EnumerateFiles(directory, pattern, new EnumerationOptions { IgnoreInaccessible = true, MatchCasing = MatchCasing.CaseSensitive }).ToList()
                    : [];
                if (matches.Count == 0)
                {
                    problem = $"'{argument}' matched no file";
                    return false;
                }

                found.AddRange(LogFiles.Order(matches));
            }
            else if (File.Exists(argument))
            {
                found.Add(argument);
            }
            else
            {
                problem = $"log file '{argument}' does not exist";
                return false;
            }
        }

        return true;
    }

    /// <summary>Refuses an output that is missing its folder, is a directory, or is one of the inputs (directly or through a link).</summary>
    private static bool CheckOutput(string output, IReadOnlyList<string> inputs, out string problem)
    {
        var full = Path.GetFullPath(output);
        if (Directory.Exists(full))
        {
            problem = $"--out '{output}' is a directory; give a file path";
            return false;
        }

        var folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
        {
            problem = $"--out '{output}': folder '{folder}' does not exist";
            return false;
        }

        var target = RealPath(full);
        if (inputs.Any(i => i != LogInput.StandardInput && string.Equals(RealPath(Path.GetFullPath(i)), target, StringComparison.Ordinal)))
        {
            problem = $"--out '{output}' is one of the input logs; writing it would destroy the log";
            return false;
        }

        problem = string.Empty;
        return true;
    }

    private static string RealPath(string full)
    {
        try
        {
            return File.Exists(full) && new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target ? Path.GetFullPath(target.FullName) : full;
        }
        catch (IOException)
        {
            return full;
        }
    }

    /// <summary>Binary garbage in a log must not drive the terminal: control characters print as U+FFFD.</summary>
    private static string Printable(string text) =>
        text.Any(char.IsControl) ? new string([.. text.Select(c => char.IsControl(c) ? '\uFFFD' : c)]) : text;

    private static int Run(IReadOnlyList<string> files, LogFormat? format, string? output, MineOptions options, IAnsiConsole console, TextWriter error, CancellationToken cancellationToken)
    {
        MinedFile mined;
        if (output is null)
        {
            mined = LogTemplateRun.Mine(files, format, null, options, cancellationToken);
        }
        else
        {
            // Written beside the target and renamed over it, so a failed run never leaves a half-written file.
            var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, $".{Path.GetFileName(output)}.{Environment.ProcessId}.tmp");
            try
            {
                using (var csv = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
                {
                    mined = LogTemplateRun.Mine(files, format, csv, options, cancellationToken);
                }

                if (mined.Files.Count > 0)
                {
                    File.Move(temporary, output, overwrite: true);
                }
            }
            finally
            {
                File.Delete(temporary);
            }
        }

        foreach (var problem in mined.Problems)
        {
            error.WriteLine($"warning: {Printable(problem.Source)}: {Printable(problem.Message)}");
        }

        if (mined.Files.Count == 0)
        {
            return FirebreakApp.BadInput(error, "no log could be read (see the warnings above)");
        }

        if (mined.Unmatched > 0 && mined.Unmatched >= UnmatchedWarningShare * mined.Lines)
        {
            error.WriteLine($"warning: {mined.Unmatched:N0} of {mined.Lines:N0} lines do not match --format (first: {mined.FirstUnmatched?.File}:{mined.FirstUnmatched?.Line}); their header was detected instead");
        }

        var notes = Notes(mined);
        if (output is not null)
        {
            console.MarkupLineInterpolated($"{mined.Lines:N0} lines, {mined.Events.Count:N0} templates written to {output}{notes}");
            return ExitCodes.Ok;
        }

        if (mined.Lines == 0)
        {
            console.MarkupLineInterpolated($"{string.Join(", ", mined.Files)}: empty, no templates");
            return ExitCodes.Ok;
        }

        var several = mined.Files.Count > 1;
        var table = new Table().AddColumn("Event").AddColumn(new TableColumn("Count").RightAligned()).AddColumn(new TableColumn("First line").RightAligned()).AddColumn("Template");
        foreach (var e in mined.Events.OrderByDescending(e => e.Count).ThenBy(e => e.FirstLine).Take(SummaryRows))
        {
            var first = several && e.First is { } source ? $"{source.File}:{source.Line}" : (e.First?.Line ?? e.FirstLine).ToString(CultureInfo.InvariantCulture);
            table.AddRow(
                Markup.Escape(e.EventId),
                e.Count.ToString("N0", CultureInfo.InvariantCulture),
                Markup.Escape(Printable(first)),
                Markup.Escape(Printable(e.Template)));
        }

        console.Write(table);
        var more = mined.Events.Count > SummaryRows ? $" (top {SummaryRows} shown)" : string.Empty;
        console.MarkupLineInterpolated($"{mined.Lines:N0} lines, {mined.Records:N0} records, {mined.Events.Count:N0} templates{more}{notes}");
        return ExitCodes.Ok;
    }

    private static string Notes(MinedFile mined)
    {
        var notes = new List<string>();
        if (mined.Files.Count > 1)
        {
            notes.Add($"{mined.Files.Count} files");
        }

        if (mined.Unmatched > 0)
        {
            notes.Add($"{mined.Unmatched:N0} lines not matching --format");
        }

        if (mined.Truncated > 0)
        {
            notes.Add($"{mined.Truncated:N0} lines cut at {LogLineReader.DefaultMaxLineChars / 1024} KiB");
        }

        if (mined.Folded > 0)
        {
            notes.Add($"template table full: {mined.Folded:N0} records of rarer shapes folded into one '<*>' template");
        }

        return notes.Count == 0 ? string.Empty : "; " + string.Join("; ", notes);
    }
}
