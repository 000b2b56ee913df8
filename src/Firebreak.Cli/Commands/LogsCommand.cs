using System.CommandLine;
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

    /// <summary>Mines the arguments after "logs" (the same command line as "firebreak logs ...").</summary>
    public static Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var context = new CliContext(console, error, TextReader.Null, TimeProvider.System, RespondEnvironment.Default, Directory.GetCurrentDirectory());
        return FirebreakApp.RunAsync(["logs", .. args], context, cancellationToken);
    }

    /// <summary>logs templates and logs changes, their actions bound to <paramref name="context"/>.</summary>
    internal static Command Create(CliContext context)
    {
        var logs = new Command("logs", "Mine log templates, or list the templates that changed around an onset.");

        var templates = new Command("templates", "Mine the message templates of logs: a table of the most frequent, or every line's template as CSV.");
        var inputs = CliSymbols.Words("log",
            "Log files, directories (their log files, rotated ones oldest first, .gz too), globs with * or ?, or - for standard input.");
        var format = CliSymbols.Value("--format", "F", "The header of each line, e.g. \"<Date> <Time> <Level>: <Content>\". Default: detected from the first lines.");
        var output = CliSymbols.Value("--out", "file.csv", "Write every line's template as CSV (LineId,EventId,EventTemplate) to this file, replaced atomically. Default: a summary table on the console.");
        var maxTemplates = CliSymbols.Value("--max-templates", "N", $"The most templates kept (a positive whole number); rarer shapes fold into one '<*>'. Default: {TemplateMiner.DefaultMaxClusters}.");
        var explain = CliSymbols.Flag("--explain-format", "Print the header format detected in each file as a --format to copy, and mine nothing. Default: off.");
        templates.Arguments.Add(inputs);
        foreach (var option in new Option[] { format, output, maxTemplates, explain })
        {
            templates.Options.Add(option);
        }

        templates.SetAction((parsed, cancellationToken) => Task.FromResult(Templates(
            parsed.GetValue(inputs) ?? [], parsed.GetValue(format), parsed.GetValue(output), parsed.GetValue(maxTemplates), parsed.GetValue(explain),
            context.Console, context.Error, cancellationToken)));
        logs.Subcommands.Add(templates);

        var changes = new Command("changes", "List the templates new, surging or stopped around an onset, judged as respond judges them.");
        var changeInputs = CliSymbols.Words("log", "Log files, directories or globs with * or ? (not standard input).");
        var onset = CliSymbols.Value("--onset", "time", "When the incident began, a full ISO 8601 time such as 2026-11-25T10:00:00Z (no offset means UTC). Give --onset or --window.");
        var window = CliSymbols.Value("--window", "FROM..TO", "Compare before FROM with FROM to TO: two full ISO 8601 times in order. Give --onset or --window.");
        changes.Arguments.Add(changeInputs);
        changes.Options.Add(onset);
        changes.Options.Add(window);
        changes.SetAction((parsed, cancellationToken) => Task.FromResult(Changes(
            parsed.GetValue(changeInputs) ?? [], parsed.GetValue(onset), parsed.GetValue(window), context.Console, context.Error, cancellationToken)));
        logs.Subcommands.Add(changes);
        return logs;
    }

    /// <summary>logs templates: checks the inputs and options, then mines or explains.</summary>
    private static int Templates(
        IReadOnlyList<string> inputs, string? formatText, string? output, string? maxTemplatesText, bool explain,
        IAnsiConsole console, TextWriter error, CancellationToken cancellationToken)
    {
        var maxTemplates = TemplateMiner.DefaultMaxClusters;
        if (maxTemplatesText is not null
            && (!int.TryParse(maxTemplatesText, NumberStyles.None, CultureInfo.InvariantCulture, out maxTemplates) || maxTemplates < 1))
        {
            return FirebreakApp.BadInput(error, $"--max-templates needs a positive whole number, not '{maxTemplatesText}'");
        }

        if (!ResolveInputs(inputs, out var files, out var problem))
        {
            return FirebreakApp.BadInput(error, problem);
        }

        LogFormat? format = null;
        if (formatText is not null && !LogFormat.TryParse(formatText, out format, out var formatProblem))
        {
            return FirebreakApp.BadInput(error, $"bad --format: {formatProblem}");
        }

        if (explain)
        {
            return Explain(files, console, error);
        }

        if (output is not null && !CheckOutput(output, files, out problem))
        {
            return FirebreakApp.BadInput(error, problem);
        }

        return Run(files, format, output, new MineOptions(MaxTemplates: maxTemplates), console, error, cancellationToken);
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

    /// <summary>firebreak logs changes: the templates new, surging or stopped around an onset, judged as respond judges them.</summary>
    private static int Changes(IReadOnlyList<string> inputs, string? onsetText, string? windowText, IAnsiConsole console, TextWriter error, CancellationToken cancellationToken)
    {
        DateTimeOffset? onset = null;
        DateTimeOffset? until = null;
        if (onsetText is not null)
        {
            if (!TryTime(onsetText, out var at))
            {
                return FirebreakApp.BadInput(error, $"--onset needs a full ISO 8601 time such as 2026-11-25T10:00:00Z, not '{onsetText}'");
            }

            onset = at;
        }

        if (windowText is not null)
        {
            var parts = windowText.Split("..");
            if (parts.Length != 2 || !TryTime(parts[0], out var from) || !TryTime(parts[1], out var to) || to <= from)
            {
                return FirebreakApp.BadInput(error, $"--window needs FROM..TO, two full ISO 8601 times in order, not '{windowText}'");
            }

            (onset, until) = (from, to);
        }

        if (onset is null)
        {
            return FirebreakApp.BadInput(error, "logs changes needs an onset: --onset 2026-11-25T10:00:00Z or --window FROM..TO");
        }

        if (inputs.Contains(LogInput.StandardInput))
        {
            return FirebreakApp.BadInput(error, "logs changes reads files, not standard input");
        }

        if (!ResolveInputs(inputs, out var files, out var problem))
        {
            return FirebreakApp.BadInput(error, problem);
        }

        var analysis = new LogAnalyzer().Analyze(Directory.GetCurrentDirectory(), files, onset, until, cancellationToken);
        foreach (var warning in analysis.Problems)
        {
            error.WriteLine($"warning: {Printable(warning.Source)}: {Printable(warning.Message)}");
        }

        if (analysis.Files.Count == 0)
        {
            return FirebreakApp.BadInput(error, "no log could be read (see the warnings above)");
        }

        var changed = analysis.Templates.Where(t => t.IsNew || t.IsSurging || t.IsStopped)
            .OrderBy(t => t.IsNew ? 0 : t.IsSurging ? 1 : 2)
            .ThenByDescending(t => t.CountAfter + t.CountBefore)
            .ToList();
        var table = new Table().AddColumn("Change").AddColumn(new TableColumn("Before").RightAligned()).AddColumn(new TableColumn("After").RightAligned())
            .AddColumn("First seen").AddColumn("First at").AddColumn("Template");
        foreach (var t in changed.Take(SummaryRows))
        {
            table.AddRow(
                t.IsNew ? "NEW" : t.IsSurging ? "SURGING" : "STOPPED",
                t.CountBefore.ToString("N0", CultureInfo.InvariantCulture),
                t.CountAfter.ToString("N0", CultureInfo.InvariantCulture),
                t.FirstSeen?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "unknown",
                Markup.Escape(Printable(t.FirstOccurrence is { } f ? $"{f.File}:{f.Line}" : "unknown")),
                Markup.Escape(Printable(t.Template)));
        }

        if (changed.Count > 0)
        {
            console.Write(table);
        }

        var window = until is { } end ? $"{onset:yyyy-MM-dd HH:mm:ss}..{end:yyyy-MM-dd HH:mm:ss}" : $"onset {onset:yyyy-MM-dd HH:mm:ss}";
        var more = changed.Count > SummaryRows ? $" (top {SummaryRows} shown)" : string.Empty;
        console.MarkupLineInterpolated($"{changed.Count(t => t.IsNew):N0} new, {changed.Count(t => t.IsSurging):N0} surging, {changed.Count(t => t.IsStopped):N0} stopped of {analysis.Templates.Count:N0} templates around {window}{more}; {analysis.LinesRead:N0} lines in {analysis.Files.Count} files");
        if (analysis.RecordsRead > 0 && !analysis.Templates.Any(t => t.FirstSeen is not null))
        {
            error.WriteLine("warning: no timestamps were recognised in these logs, so nothing can be placed before or after the onset");
        }

        return ExitCodes.Ok;
    }

    private static bool TryTime(string text, out DateTimeOffset time) =>
        text.Length >= 19 && text[10] is 'T' or 't' or ' '
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time)
        || Fail(out time);

    private static bool Fail(out DateTimeOffset time)
    {
        time = default;
        return false;
    }

    /// <summary>Prints the header format detected in each file, as a <c>--format</c> a user can copy.</summary>
    private static int Explain(IReadOnlyList<string> files, IAnsiConsole console, TextWriter error)
    {
        var explained = 0;
        foreach (var file in files)
        {
            try
            {
                DetectedFormat detected;
                if (file == LogInput.StandardInput)
                {
                    using var input = LogInput.Open(file);
                    detected = HeaderDetector.DetectInput(input);
                }
                else
                {
                    detected = LogTemplateRun.Detect(file);
                }

                console.WriteLine($"{Printable(file)}: {Printable(detected.Explain())}");
                explained++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"warning: {Printable(file)}: not read: {Printable(e.Message)}");
            }
        }

        return explained > 0 ? ExitCodes.Ok : FirebreakApp.BadInput(error, "--explain-format needs at least one readable log");
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
