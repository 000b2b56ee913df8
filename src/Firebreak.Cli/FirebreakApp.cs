using Spectre.Console;

namespace Firebreak.Cli;

/// <summary>Exit codes of the firebreak tool.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int InternalError = 1;
    public const int BadInput = 2;
}

/// <summary>The firebreak command line: dispatches to a command; the console, error writer, input and clock are injected.</summary>
public static class FirebreakApp
{
    /// <summary>Runs the command line and returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error, TextReader input, TimeProvider time, CancellationToken cancellationToken) =>
        RunAsync(args, console, error, input, time, RespondEnvironment.Default, cancellationToken);

    /// <summary>Runs the command line with explicit respond collaborators (a test host injects faults through them).</summary>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error, TextReader input, TimeProvider time, RespondEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            return args switch
            {
                ["respond", .. var rest] => await RespondCommand.RunAsync(rest, console, error, input, time, environment, Directory.GetCurrentDirectory(), cancellationToken),
                ["logs", .. var rest] => await LogsCommand.RunAsync(rest, console, error, cancellationToken),
                ["declare", .. var rest] => await DeclareCli.RunAsync(rest, console, error, time, environment, Directory.GetCurrentDirectory(), cancellationToken),
                ["oncall", .. var rest] => OnCallCommand.Run(rest, console, error, time),
                ["mitigate", .. var rest] => await MitigateCli.RunAsync(rest, console, error, time, environment, Directory.GetCurrentDirectory(), cancellationToken),
                [var name, .. var rest] when EngineCommand.Names.Contains(name) =>
                    await EngineCommand.RunAsync(name, rest, console, error, time, Directory.GetCurrentDirectory(), cancellationToken),
                [var name, .. var rest] when LiveCommand.Names.Contains(name) =>
                    await LiveCommand.RunAsync(name, rest, console, error, time, environment, Directory.GetCurrentDirectory(), cancellationToken),
                ["--version"] => Version(console),
                [] or ["--help"] or ["-h"] or ["help"] => Help(console),
                _ => BadInput(error, $"unknown command '{args[0]}'; try 'firebreak --help'"),
            };
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("firebreak: cancelled");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>Writes one clear line to stderr and returns exit code 2.</summary>
    public static int BadInput(TextWriter error, string message)
    {
        ArgumentNullException.ThrowIfNull(error);
        error.WriteLine($"firebreak: {message}");
        return ExitCodes.BadInput;
    }

    private static int Version(IAnsiConsole console)
    {
        console.WriteLine(typeof(FirebreakApp).Assembly.GetName().Version?.ToString(3) ?? "unknown");
        return ExitCodes.Ok;
    }

    private static int Help(IAnsiConsole console)
    {
        console.WriteLine("""
            firebreak: incident-response orchestrator

            Usage:
              firebreak respond <incident-id> [P0-P3] [project-directory] [options]
              firebreak logs templates <log-file> [--format "<Date> <Time> <Level>: <Content>"] [--out file.csv]
              firebreak oncall [project-directory] [--at T] [--role R] [--component C] [--gaps --from T --to T] [--ics ROTATION] [--json]
              firebreak ack|assign|escalate|note|update|status|resolve|reopen|review|action <id> ... [--as person] [--at ISO]
              firebreak mitigate <id> --strategy <s> [--detail "text"] [--execute] [--as person]
              firebreak list | show <id> | timeline <id> | action list <id> [--json]
              firebreak due [--at ISO] | tick [--at ISO] | watch
              firebreak declare "<what is happening>" [P0-P3] [--project dir]

            Run 'firebreak respond --help' for the respond options, 'firebreak ack --help' for the live commands.
            """);
        return ExitCodes.Ok;
    }
}
