using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Response;
using Spectre.Console;

namespace Firebreak.Cli;

/// <summary>firebreak respond: runs the seven-step incident flow on a project directory.</summary>
public static class RespondCommand
{
    /// <summary>Parses the arguments and runs the flow.</summary>
    public static Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error, TextReader input, TimeProvider time, CancellationToken cancellationToken) =>
        RunAsync(args, console, error, input, time, RespondEnvironment.Default, Directory.GetCurrentDirectory(), cancellationToken);

    /// <summary>Runs with explicit collaborators and working directory (for tests).</summary>
    internal static async Task<int> RunAsync(
        string[] args, IAnsiConsole console, TextWriter error, TextReader input, TimeProvider time,
        RespondEnvironment environment, string currentDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(environment);

        if (args is ["--help"] or ["-h"])
        {
            console.WriteLine(Help);
            return ExitCodes.Ok;
        }

        // Everything is validated before anything is written.
        var parsed = RespondArgumentParser.Parse(args, currentDirectory, out var problem);
        if (parsed is null)
        {
            return FirebreakApp.BadInput(error, problem);
        }

        if (parsed.At is { } at && at > time.GetUtcNow())
        {
            return FirebreakApp.BadInput(error, $"--at {at:O} is in the future");
        }

        if (parsed.DetectedAt is { } detectedAt && detectedAt > (parsed.At ?? time.GetUtcNow()))
        {
            return FirebreakApp.BadInput(error, $"--detected-at {detectedAt:O} is in the future{(parsed.At is null ? string.Empty : " of --at")}");
        }

        ProjectConfig config;
        GuidanceProfile guidance;
        try
        {
            config = ProjectConfigLoader.Load(parsed.ProjectDirectory);
            guidance = GuidanceParser.Parse(parsed.Guidance);
        }
        catch (Exception ex) when (ex is ConfigException or PolicyException)
        {
            return FirebreakApp.BadInput(error, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return FirebreakApp.BadInput(error, $"cannot read the project configuration: {ex.Message}");
        }

        if (parsed.Interactive)
        {
            var prompts = parsed.Json ? error : console.Profile.Out.Writer;
            var answers = Interview.Ask(prompts, input);
            if (answers is null)
            {
                return FirebreakApp.BadInput(error, "--interactive needs answers, one per line, on standard input, and none could be read");
            }

            guidance = InteractiveInterview.ToGuidance(answers, parsed.At ?? time.GetUtcNow(), guidance);
        }

        var request = new FlowRequest(parsed.Id, config)
        {
            ReportedPriority = parsed.Severity ?? guidance.SuggestedPriority,
            Guidance = guidance,
            Description = parsed.Description,
            DetectedAt = parsed.DetectedAt ?? guidance.ReportedStart,
            At = parsed.At,
            Execute = parsed.Execute,
            RetryAction = parsed.RetryAction,
        };

        IFlowReporter reporter = parsed.Json ? SilentReporter.Instance : new ConsoleReporter(console, color: !parsed.NoColor && console.Profile.Capabilities.Ansi);
        try
        {
            var handler = new RespondHandler(environment.Services(config, time, reporter) with { Observer = environment.Observer }, environment.OpenStore);
            await handler.HandleAsync(request, cancellationToken).ConfigureAwait(false);
            if (parsed.Json)
            {
                var json = Path.Combine(request.IncidentDirectory, "incident.json");
                var text = File.Exists(json) ? await File.ReadAllTextAsync(json, cancellationToken).ConfigureAwait(false) : "{}";
                await console.Profile.Out.Writer.WriteLineAsync(text.TrimEnd()).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex) when (ex is ConfigException or PolicyException or RequestRefusedException)
        {
            return FirebreakApp.BadInput(error, ex.Message);
        }
        catch (Exception ex)
        {
            await error.WriteLineAsync($"firebreak: internal error: {OneLine(ex)}").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
    }

    private static string OneLine(Exception ex) => $"{ex.GetType().Name}: {ex.Message}".ReplaceLineEndings(" ");

    /// <summary>The help text of the command.</summary>
    public const string Help = $"""
        firebreak respond: triage, escalate, diagnose and mitigate an incident from a project's evidence

        Usage:
          {RespondArgumentParser.Usage}

        Arguments:
          incident-id          1-64 of A-Z a-z 0-9 . _ -, starting with a letter or digit
          P0-P3                the reporter's initial severity (triage confirms or changes it)
          project-directory    defaults to the current directory

        Options:
          --guidance "text"    tailor the response (security, performance, compliance, revenue, data-loss...)
          --interactive        answer 8 questions (read line by line from standard input)
          --description text   the reported symptoms (default: the firing alerts' summaries)
          --detected-at ISO    detection time when no alert fired
          --at ISO             evaluate as of that moment (evidence after it is ignored)
          --execute            run the configured mitigation command and validate it (one run per incident at a time)
          --retry-action       with --execute: run again a mitigation an interrupted run had started
          --json               print incident.json instead of progress
          --no-color           plain text output

        Writes .aiwg/incidents/<incident-id>/ in the project directory. Exit codes: 0 ran, 2 bad input, 1 internal error.
        """;
}
