using Spectre.Console;

namespace Firebreak.Cli;

/// <summary>What every command runs with: the injected console, error writer, input, clock, respond collaborators and working directory.</summary>
internal sealed record CliContext(IAnsiConsole Console, TextWriter Error, TextReader Input, TimeProvider Time, RespondEnvironment Environment, string CurrentDirectory)
{
    /// <summary>Where a command's normal output goes (the console's writer, so tests capture it).</summary>
    public TextWriter Output => Console.Profile.Out.Writer;

    /// <summary>A path given on the command line, resolved against the working directory.</summary>
    public string FullPath(string path) => Path.GetFullPath(Path.Combine(CurrentDirectory, path));
}
