using Firebreak.Cli;
using Spectre.Console;

return await FirebreakApp.RunAsync(args, AnsiConsole.Console, Console.Error, Console.In, TimeProvider.System, CancellationToken.None);
