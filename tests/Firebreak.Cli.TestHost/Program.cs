using Firebreak.Cli;
using Firebreak.Cli.TestHost;
using Firebreak.Response;
using Spectre.Console;

// The firebreak command line with a fault the tests own: "--hang-after-step N" (first) stops the run right after
// step N's events are stored; "--hang-after-artifact PATH" right after the artifact PATH is renamed into place (before the
// writer's manifest); either says so on stderr and waits to be killed. Production code has no such hook.
var rest = args;
var environment = RespondEnvironment.Default;
if (args is ["--hang-after-step", var number, .. var tail])
{
    environment = environment with { Observer = new HangAfterStep(int.Parse(number, System.Globalization.CultureInfo.InvariantCulture)) };
    rest = tail;
}
else if (args is ["--hang-after-artifact", var path, .. var others])
{
    var services = environment.Services;
    environment = environment with { Services = (config, time, reporter) => services(config, time, reporter) with { Artifacts = new ArtifactWriterSink(HangAfterArtifact.For(path)) } };
    rest = others;
}

return await FirebreakApp.RunAsync(rest, AnsiConsole.Console, Console.Error, Console.In, TimeProvider.System, environment, CancellationToken.None);
