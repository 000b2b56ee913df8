using System.CommandLine;
using Spectre.Console;

namespace Firebreak.Cli;

/// <summary>Exit codes of the firebreak tool.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int InternalError = 1;
    public const int BadInput = 2;
}

/// <summary>The firebreak command line (System.CommandLine, see <see cref="CommandTree"/>); the console, error writer, input and clock are injected.</summary>
public static class FirebreakApp
{
    /// <summary>Runs the command line and returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error, TextReader input, TimeProvider time, CancellationToken cancellationToken) =>
        RunAsync(args, console, error, input, time, RespondEnvironment.Default, cancellationToken);

    /// <summary>Runs the command line with explicit respond collaborators (a test host injects faults through them).</summary>
    public static Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error, TextReader input, TimeProvider time, RespondEnvironment environment, CancellationToken cancellationToken) =>
        RunAsync(args, new CliContext(console, error, input, time, environment, Directory.GetCurrentDirectory()), cancellationToken);

    /// <summary>Parses the words with the command tree: help and version, one line and exit 2 on a malformed command line, otherwise the command's action.</summary>
    internal static async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var parsed = CommandTree.Build(context).Parse(args, CommandTree.Parsing);
            if (parsed.Action is not FirebreakHelp && ParseProblems.First(parsed) is { } problem)
            {
                return BadInput(context.Error, problem);
            }

            var invocation = new InvocationConfiguration
            {
                Output = context.Output,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            };
            return await parsed.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync("firebreak: cancelled").ConfigureAwait(false);
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
}
