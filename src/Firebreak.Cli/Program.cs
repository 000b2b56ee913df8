using System.Runtime.InteropServices;
using Firebreak.Cli;
using Spectre.Console;

var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    // Piped or captured output is read by tools: one progress line stays one line.
    console.Profile.Width = 4096;
}

// Ctrl-C stops between writes: events already appended stay, and a re-run completes the incident.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

// SIGTERM (a service manager stopping firebreak watch) stops the same way, instead of killing the process mid-write.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});

return await FirebreakApp.RunAsync(args, console, Console.Error, Console.In, TimeProvider.System, cancel.Token);
