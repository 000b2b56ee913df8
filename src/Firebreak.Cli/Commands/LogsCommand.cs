using Spectre.Console;

namespace Firebreak.Cli;

/// <summary>firebreak logs templates: mines log templates from a file.</summary>
public static class LogsCommand
{
    /// <summary>Parses the arguments and runs the miner.</summary>
    public static Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error, CancellationToken cancellationToken) =>
        throw new NotImplementedException($"{args}{console}{error}{cancellationToken}");
}
