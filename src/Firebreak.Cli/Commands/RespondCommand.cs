using Spectre.Console;

namespace Firebreak.Cli;

/// <summary>firebreak respond: runs the seven-step incident flow on a project directory.</summary>
public static class RespondCommand
{
    /// <summary>Parses the arguments and runs the flow.</summary>
    public static Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error, TextReader input, TimeProvider time, CancellationToken cancellationToken) =>
        throw new NotImplementedException($"{args}{console}{error}{input}{time}{cancellationToken}");
}
