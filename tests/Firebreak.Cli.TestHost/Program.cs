using Firebreak.Cli;
using Firebreak.Cli.TestHost;
using Firebreak.Response;
using Spectre.Console;

// The firebreak command line with a fault the tests own: "--hang-after-step N" (first) stops the run right after
// step N's events are stored, says so on stderr and waits to be killed. Production code has no such hook.
var rest = args;
IStepObserver observer = NoStepObserver.Instance;
if (args is ["--hang-after-step", var number, .. var tail])
{
    observer = new HangAfterStep(int.Parse(number, System.Globalization.CultureInfo.InvariantCulture));
    rest = tail;
}

var environment = RespondEnvironment.Default with { Observer = observer };
return await FirebreakApp.RunAsync(rest, AnsiConsole.Console, Console.Error, Console.In, TimeProvider.System, environment, CancellationToken.None);
