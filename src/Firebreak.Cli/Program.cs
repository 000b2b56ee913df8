using Firebreak.Cli;
using Spectre.Console;

var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    // Piped or captured output is read by tools: one progress line stays one line.
    console.Profile.Width = 4096;
}

return await FirebreakApp.RunAsync(args, console, Console.Error, Console.In, TimeProvider.System, CancellationToken.None);
