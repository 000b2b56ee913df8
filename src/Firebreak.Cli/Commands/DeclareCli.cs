using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Response;
using Spectre.Console;

namespace Firebreak.Cli;

/// <summary>firebreak declare "&lt;what is happening&gt;" [P0-P3] [--project dir]: opens an incident from a person's words.</summary>
public static class DeclareCli
{
    /// <summary>Parses the words and runs the declare handler.</summary>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error, TimeProvider time, RespondEnvironment environment, string currentDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(environment);
        if (args is ["--help"] or ["-h"] or [])
        {
            console.WriteLine("""
                firebreak declare "<what is happening>" [P0-P3] [--project dir]
                Opens INC-YYYYMMDD-N (N: the next number of the day in the store), takes the words as the reported symptoms,
                reads a severity from them when none is given (p0, "production is down", "outage" -> P0; "most users",
                "fails for" -> P1; "some users", "slow" -> P2; "minor" -> P3) and the catalog components they name, says
                what it inferred, and runs the respond flow.
                """);
            return args.Length == 0 ? ExitCodes.BadInput : ExitCodes.Ok;
        }

        var options = LiveOptions.Parse(args, ["--json"], out var problem);
        if (options is null)
        {
            return FirebreakApp.BadInput(error, $"declare: {problem}");
        }

        Priority? priority = null;
        var words = new List<string>();
        foreach (var word in options.Positional)
        {
            if (word.Length == 2 && Enum.TryParse<Priority>(word, ignoreCase: true, out var p) && char.IsDigit(word[1]))
            {
                priority = p;
            }
            else
            {
                words.Add(word);
            }
        }

        try
        {
            var config = ProjectConfigLoader.Load(Path.GetFullPath(options.Value("--project") ?? currentDirectory));
            var reporter = options.Has("--json") ? (IFlowReporter)SilentReporter.Instance : new ConsoleReporter(console, color: console.Profile.Capabilities.Ansi);
            var respond = new RespondHandler(environment.Services(config, time, reporter) with { Observer = environment.Observer }, environment.OpenStore);
            var result = await new DeclareHandler(respond, config, time, environment.OpenStore)
                .HandleAsync(new DeclareCommand(string.Join(' ', words), priority), cancellationToken).ConfigureAwait(false);
            var output = console.Profile.Out.Writer;
            await output.WriteLineAsync($"declared {result.Id}").ConfigureAwait(false);
            foreach (var inference in result.Inferences)
            {
                await output.WriteLineAsync($"  inferred: {inference}").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is ConfigException or PolicyException or RequestRefusedException)
        {
            return FirebreakApp.BadInput(error, ex.Message);
        }
    }
}
