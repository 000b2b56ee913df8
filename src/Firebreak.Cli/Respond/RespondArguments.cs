using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Firebreak.Core;

namespace Firebreak.Cli;

/// <summary>The parsed command line of firebreak respond.</summary>
public sealed record RespondArguments(IncidentId Id, string ProjectDirectory)
{
    public Priority? Severity { get; init; }
    public string? Guidance { get; init; }
    public bool Interactive { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset? DetectedAt { get; init; }

    /// <summary>When a person acknowledged the incident (--acknowledged-at).</summary>
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public DateTimeOffset? At { get; init; }
    public bool Execute { get; init; }
    public bool RetryAction { get; init; }
    public bool Json { get; init; }
    public bool NoColor { get; init; }
}

/// <summary>The arguments and options of firebreak respond, with their help.</summary>
internal sealed class RespondSymbols
{
    public RespondSymbols()
    {
        Command = new Command("respond", "Triage, escalate, diagnose and mitigate an incident from a project's evidence; writes the record.")
        {
            Id, Severity, Project, Guidance, Interactive, Description, DetectedAt, AcknowledgedAt, At, Execute, RetryAction, Json, NoColor,
        };
    }

    public Command Command { get; }

    public Argument<string> Id { get; } = CliSymbols.Word("incident-id",
        "1-64 of A-Z a-z 0-9 . _ -, starting with a letter or digit; also the record's folder name under .aiwg/incidents/.");

    public Argument<string?> Severity { get; } = CliSymbols.OptionalWord("P0-P3",
        "The reporter's initial severity: P0 (highest), P1, P2 or P3; triage confirms or changes it. Default: none (triage decides).");

    public Argument<string?> Project { get; } = CliSymbols.OptionalWord("project-directory",
        "The project to read the evidence from and to write the record into. Default: the current directory.");

    public Option<string> Guidance { get; } = CliSymbols.Value("--guidance", "text",
        "Tailor the response in plain words: security, performance, compliance, revenue, data-loss... Default: none.");

    public Option<bool> Interactive { get; } = CliSymbols.Flag("--interactive",
        "Answer 8 questions, read line by line from standard input. Default: off.");

    public Option<string> Description { get; } = CliSymbols.Value("--description", "text",
        "The reported symptoms. Default: the firing alerts' summaries.");

    public Option<DateTimeOffset?> DetectedAt { get; } = CliSymbols.Moment("--detected-at", "ISO-8601", 
        "Detection time when no alert fired (a full ISO 8601 time from 1970 on; no offset means UTC). Default: the first firing alert, else the run's moment.", Moment);

    public Option<DateTimeOffset?> AcknowledgedAt { get; } = CliSymbols.Moment("--acknowledged-at", "ISO-8601",
        "When a person acknowledged the incident; the acknowledge and engage SLAs are measured to it. Default: unknown (no SLA verdict).", Moment);

    public Option<DateTimeOffset?> At { get; } = CliSymbols.Moment("--at", "ISO-8601",
        "Evaluate as of that moment, not in the future; evidence after it is ignored. Default: now.", Moment);

    public Option<bool> Execute { get; } = CliSymbols.Flag("--execute",
        "Run the configured mitigation command and validate it (one run per incident at a time). Default: off (the plan is written, not carried out).");

    public Option<bool> RetryAction { get; } = CliSymbols.Flag("--retry-action",
        "With --execute: run again a mitigation an interrupted run had started. Default: off.");

    public Option<bool> Json { get; } = CliSymbols.Flag("--json", "Print incident.json instead of the progress. Default: progress text.");

    public Option<bool> NoColor { get; } = CliSymbols.Flag("--no-color", "Plain text output. Default: colour when the terminal supports it.");

    /// <summary>What respond's help adds after the options.</summary>
    public const string Notes = """
        Writes .aiwg/incidents/<incident-id>/ in the project directory; a re-run continues the same record.
        Exit codes: 0 ran, 2 bad input (one line on stderr, nothing written), 1 internal error.
        """;

    private static DateTimeOffset? Moment(string option, string text, out string problem)
    {
        problem = string.Empty;
        if (RespondArgumentParser.TryParseTime(text, out var moment))
        {
            return moment;
        }

        problem = $"{option} '{CliText.Printable(text)}' is not an ISO 8601 time (a full timestamp from 1970 on, e.g. 2026-11-25T19:53:00Z)";
        return null;
    }
}

/// <summary>Reads firebreak respond's command line: the words are parsed by System.CommandLine (<see cref="RespondSymbols"/>), their meaning checked here; every problem is one clear line.</summary>
public static partial class RespondArgumentParser
{
    /// <summary>Parses the arguments after "respond"; on failure returns null with the reason.</summary>
    public static RespondArguments? Parse(IReadOnlyList<string> args, string currentDirectory, out string error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var symbols = new RespondSymbols();
        var root = new Command("firebreak") { symbols.Command };
        var parsed = root.Parse(["respond", .. args], CommandTree.Parsing);
        if (ParseProblems.First(parsed) is { } problem)
        {
            error = problem;
            return null;
        }

        return Bind(parsed, symbols, currentDirectory, out error);
    }

    /// <summary>The meaning of a well-formed respond command line: the positional words sorted into id, severity and directory, the combinations checked.</summary>
    internal static RespondArguments? Bind(ParseResult parsed, RespondSymbols symbols, string currentDirectory, out string error)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(symbols);

        // The severity is optional, so the second word may be the directory: the words are sorted by their meaning, not their slot.
        var positionals = new[] { symbols.Id, (Argument)symbols.Severity, symbols.Project }
            .SelectMany(a => parsed.GetResult(a)?.Tokens ?? [])
            .Select(t => t.Value)
            .ToList();
        var guidance = parsed.GetValue(symbols.Guidance);
        var description = parsed.GetValue(symbols.Description);
        var detectedAt = parsed.GetValue(symbols.DetectedAt);
        var acknowledgedAt = parsed.GetValue(symbols.AcknowledgedAt);
        var at = parsed.GetValue(symbols.At);
        var interactive = parsed.GetValue(symbols.Interactive);
        var execute = parsed.GetValue(symbols.Execute);
        var retryAction = parsed.GetValue(symbols.RetryAction);
        var json = parsed.GetValue(symbols.Json);
        var noColor = parsed.GetValue(symbols.NoColor);

        if (positionals.Count == 0)
        {
            error = "missing incident id; usage: firebreak respond <incident-id> [P0-P3] [project-directory] [options]";
            return null;
        }

        if (!IncidentId.TryParse(positionals[0], out var id, out var reason))
        {
            error = reason;
            return null;
        }

        Priority? severity = null;
        string? project = null;
        foreach (var extra in positionals.Skip(1))
        {
            if (severity is null && project is null && TryParseSeverity(extra, out var given))
            {
                severity = given;
            }
            else if (project is null && severity is null && LooksLikeSeverity(extra) && !Directory.Exists(Path.Combine(currentDirectory, extra)))
            {
                error = $"severity '{Printable(extra)}' is not one of P0, P1, P2, P3";
                return null;
            }
            else if (project is null)
            {
                project = extra;
            }
            else
            {
                error = $"unexpected argument '{Printable(extra)}'; usage: firebreak respond <incident-id> [P0-P3] [project-directory] [options]";
                return null;
            }
        }

        if (retryAction && !execute)
        {
            error = "--retry-action needs --execute: it runs again a mitigation an interrupted run had started";
            return null;
        }

        if (execute && at is not null)
        {
            error = "--execute cannot be combined with --at: a past moment can be replayed, not changed";
            return null;
        }

        if (project is not null && string.IsNullOrWhiteSpace(project))
        {
            // An empty argument (an unset shell variable) must not silently mean "here".
            error = "the project directory argument is empty; give a path, or '.' for the current directory";
            return null;
        }

        var directory = Path.GetFullPath(Path.Combine(currentDirectory, project ?? "."));
        if (File.Exists(directory))
        {
            error = $"project directory '{Printable(project ?? directory)}' is a file, not a directory";
            return null;
        }

        if (!Directory.Exists(directory))
        {
            error = $"project directory '{Printable(project ?? directory)}' does not exist";
            return null;
        }

        error = string.Empty;
        return new RespondArguments(id.Value, directory)
        {
            Severity = severity,
            Guidance = guidance,
            Interactive = interactive,
            Description = description,
            DetectedAt = detectedAt,
            AcknowledgedAt = acknowledgedAt,
            At = at,
            Execute = execute,
            RetryAction = retryAction,
            Json = json,
            NoColor = noColor,
        };
    }

    /// <summary>P0..P3, case-insensitive.</summary>
    public static bool TryParseSeverity(string text, out Priority priority)
    {
        ArgumentNullException.ThrowIfNull(text);
        priority = default;
        if (text.Length == 2 && (text[0] is 'P' or 'p') && text[1] is >= '0' and <= '3')
        {
            priority = (Priority)(text[1] - '0');
            return true;
        }

        return false;
    }

    private static bool LooksLikeSeverity(string text) => SeverityLike().IsMatch(text);

    /// <summary>The earliest moment accepted: nothing before the Unix epoch can be evidence.</summary>
    public static readonly DateTimeOffset EarliestTime = DateTimeOffset.UnixEpoch;

    /// <summary>A full ISO 8601 timestamp (date, 'T', hours and minutes, optional seconds, fraction and offset; no offset is UTC), not before <see cref="EarliestTime"/>.</summary>
    public static bool TryParseTime(string text, out DateTimeOffset moment)
    {
        ArgumentNullException.ThrowIfNull(text);
        moment = default;
        return FullIso().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out moment)
            && moment >= EarliestTime;
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?([Zz]|[+-][0-9]{2}:[0-9]{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex FullIso();

    private static string Printable(string value) => CliText.Printable(value);

    [GeneratedRegex("^[Pp][0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SeverityLike();
}
