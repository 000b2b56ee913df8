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
    public DateTimeOffset? At { get; init; }
    public bool Execute { get; init; }
    public bool RetryAction { get; init; }
    public bool Json { get; init; }
    public bool NoColor { get; init; }
}

/// <summary>Parses firebreak respond's arguments; every problem is one clear line.</summary>
public static partial class RespondArgumentParser
{
    /// <summary>The usage line of the command.</summary>
    public const string Usage =
        "firebreak respond <incident-id> [P0-P3] [project-directory] [--guidance \"text\"] [--interactive] " +
        "[--description text] [--detected-at ISO] [--at ISO] [--execute [--retry-action]] [--json] [--no-color]";

    /// <summary>Parses the arguments after "respond"; on failure returns null with the reason.</summary>
    public static RespondArguments? Parse(IReadOnlyList<string> args, string currentDirectory, out string error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var positionals = new List<string>();
        string? guidance = null, description = null;
        DateTimeOffset? detectedAt = null, at = null;
        bool interactive = false, execute = false, retryAction = false, json = false, noColor = false;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 2)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            string? Value(out string problem)
            {
                problem = string.Empty;
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 < args.Count)
                {
                    return args[++i];
                }

                problem = $"{arg} needs a value";
                return null;
            }

            switch (arg)
            {
                case "--guidance":
                    guidance = Value(out error);
                    if (guidance is null)
                    {
                        return null;
                    }

                    break;
                case "--description":
                    description = Value(out error);
                    if (description is null)
                    {
                        return null;
                    }

                    break;
                case "--detected-at":
                case "--at":
                    var text = Value(out error);
                    if (text is null)
                    {
                        return null;
                    }

                    if (!TryParseTime(text, out var moment))
                    {
                        error = $"{arg} '{Printable(text)}' is not an ISO 8601 time (a full timestamp from 1970 on, e.g. 2026-11-25T19:53:00Z)";
                        return null;
                    }

                    if (arg == "--at")
                    {
                        at = moment;
                    }
                    else
                    {
                        detectedAt = moment;
                    }

                    break;
                case "--interactive" when inline is null:
                    interactive = true;
                    break;
                case "--execute" when inline is null:
                    execute = true;
                    break;
                case "--retry-action" when inline is null:
                    retryAction = true;
                    break;
                case "--json" when inline is null:
                    json = true;
                    break;
                case "--no-color" when inline is null:
                    noColor = true;
                    break;
                default:
                    if (arg.StartsWith('-') && arg.Length > 1)
                    {
                        error = $"unknown option '{Printable(args[i])}'; usage: {Usage}";
                        return null;
                    }

                    positionals.Add(args[i]);
                    break;
            }
        }

        if (positionals.Count == 0)
        {
            error = $"missing incident id; usage: {Usage}";
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
            if (severity is null && project is null && TryParseSeverity(extra, out var parsed))
            {
                severity = parsed;
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
                error = $"unexpected argument '{Printable(extra)}'; usage: {Usage}";
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

    private static string Printable(string value) =>
        string.Concat(value.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));

    [GeneratedRegex("^[Pp][0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SeverityLike();
}
