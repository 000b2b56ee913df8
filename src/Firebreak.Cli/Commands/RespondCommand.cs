using System.CommandLine;
using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Response;
using Spectre.Console;

namespace Firebreak.Cli;

/// <summary>firebreak respond: runs the seven-step incident flow on a project directory.</summary>
public static class RespondCommand
{
    /// <summary>Parses the arguments after "respond" and runs the flow.</summary>
    public static Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error, TextReader input, TimeProvider time, CancellationToken cancellationToken) =>
        RunAsync(args, console, error, input, time, RespondEnvironment.Default, Directory.GetCurrentDirectory(), cancellationToken);

    /// <summary>Runs with explicit collaborators and working directory (for tests): the same command line as "firebreak respond ...".</summary>
    internal static Task<int> RunAsync(
        string[] args, IAnsiConsole console, TextWriter error, TextReader input, TimeProvider time,
        RespondEnvironment environment, string currentDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        return FirebreakApp.RunAsync(["respond", .. args], new CliContext(console, error, input, time, environment, currentDirectory), cancellationToken);
    }

    /// <summary>The respond command: its arguments and options, and the action that checks them and runs the handler.</summary>
    internal static Command Create(CliContext context, IDictionary<Command, string> notes)
    {
        var symbols = new RespondSymbols();
        symbols.Command.SetAction((parsed, cancellationToken) =>
        {
            // Everything is validated before anything is written.
            var arguments = RespondArgumentParser.Bind(parsed, symbols, context.CurrentDirectory, out var problem);
            return arguments is null
                ? Task.FromResult(FirebreakApp.BadInput(context.Error, problem))
                : RunAsync(arguments, context.Console, context.Error, context.Input, context.Time, context.Environment, cancellationToken);
        });
        notes[symbols.Command] = RespondSymbols.Notes;
        return symbols.Command;
    }

    /// <summary>Runs the flow for a checked command line.</summary>
    private static async Task<int> RunAsync(
        RespondArguments parsed, IAnsiConsole console, TextWriter error, TextReader input, TimeProvider time,
        RespondEnvironment environment, CancellationToken cancellationToken)
    {
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
        catch (Exception ex) when (ex is ConfigException or PolicyException or UnsafeArtifactPathException)
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
            AcknowledgedAt = parsed.AcknowledgedAt,
            At = parsed.At,
            Execute = parsed.Execute,
            RetryAction = parsed.RetryAction,
        };

        IFlowReporter reporter = parsed.Json ? SilentReporter.Instance : new ConsoleReporter(console, color: !parsed.NoColor && console.Profile.Capabilities.Ansi);
        try
        {
            // Never write through a symbolic link: refuse before the store or any folder is touched (the handler creates them).
            PrivateFiles.RefuseLinks(config.ProjectDirectory, request.IncidentDirectory);
            var handler = new RespondHandler(environment.Services(config, time, reporter) with { Observer = environment.Observer }, environment.OpenStore);
            await handler.HandleAsync(request, cancellationToken).ConfigureAwait(false);
            var store = FlowRequest.StorePath(config.ProjectDirectory);
            foreach (var file in new[] { store, store + "-wal", store + "-shm", store + "-journal" })
            {
                PrivateFiles.MakePrivate(file);
            }

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
        catch (Exception ex) when (ex is ConfigException or PolicyException or RequestRefusedException or UnsafeArtifactPathException)
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
}
