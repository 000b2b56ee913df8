using Microsoft.Extensions.Time.Testing;
using Spectre.Console.Testing;

namespace Firebreak.Cli.Tests;

/// <summary>Runs the CLI in-process with a test console, a fake clock and captured stderr.</summary>
internal sealed class Cli
{
    public Cli(DateTimeOffset now) => Time = new FakeTimeProvider(now);

    public FakeTimeProvider Time { get; }
    public TestConsole Console { get; } = new();
    public StringWriter Error { get; } = new();
    public string Input { get; set; } = string.Empty;

    /// <summary>Runs firebreak with the arguments, from <paramref name="directory"/>.</summary>
    public async Task<int> RunAsync(string directory, params string[] args)
    {
        Console.Profile.Width = 400;
        using var input = new StringReader(Input);
        if (args is ["respond", .. var rest])
        {
            return await RespondCommand.RunAsync(rest, Console, Error, input, Time, RespondEnvironment.Default, directory, CancellationToken.None);
        }

        return await FirebreakApp.RunAsync(args, Console, Error, input, Time, CancellationToken.None);
    }

    public string[] ErrorLines => Error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
