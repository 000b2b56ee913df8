using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Response;
using Spectre.Console;

namespace Firebreak.Cli;

/// <summary>firebreak mitigate &lt;id&gt; --strategy &lt;s&gt; [--detail text] [--execute [--retry-action]] [--as person] [--at ISO]: parses the words and calls <see cref="MitigateHandler"/>.</summary>
public static class MitigateCli
{
    private static readonly string[] Flags = ["--execute", "--retry-action"];

    /// <summary>The help text.</summary>
    public const string Help = """
        firebreak mitigate <id> --strategy rollback|hotfix|config-change|workaround|scaling [--detail "text"] [--execute [--retry-action]]
                           [--as <person>] [--at <ISO 8601>] [--project <dir>]
        A person chooses (or changes) the mitigation strategy: the record says who chose it and when, and that it is decided,
        not done. With --execute the strategy's configured command (mitigation: in firebreak.yaml) runs now through the
        same runner as 'respond --execute' (intent stored before it starts, outcome after, one execution per incident, then
        the validation window); the lifecycle moves to MITIGATING. --retry-action runs it again after an interrupted attempt.
        Exit codes: 0 done, 2 bad input or refused (nothing changed), 1 internal error.
        """;

    /// <summary>Runs the command; 0 done, 2 bad input or a refused decision, 1 internal error.</summary>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error, TimeProvider time, RespondEnvironment environment, string currentDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(environment);
        if (args is ["--help"] or ["-h"] or [])
        {
            console.WriteLine(Help);
            return args.Length == 0 ? ExitCodes.BadInput : ExitCodes.Ok;
        }

        var execute = args.Contains("--execute", StringComparer.Ordinal);
        var retry = args.Contains("--retry-action", StringComparer.Ordinal);
        var options = LiveOptions.Parse([.. args.Where(a => !Flags.Contains(a, StringComparer.Ordinal))], ["--as", "--at", "--strategy", "--detail"], out var problem);
        if (options is null)
        {
            return FirebreakApp.BadInput(error, $"mitigate: {problem}");
        }

        var at = LiveOptions.Moment("--at", options.Value("--at"), out problem);
        if (problem.Length > 0)
        {
            return FirebreakApp.BadInput(error, problem);
        }

        try
        {
            if (options.Positional.Count != 1)
            {
                throw new RequestRefusedException("usage: firebreak mitigate <id> --strategy <strategy> [--detail \"text\"] [--execute]");
            }

            var id = IncidentId.TryParse(options.Positional[0], out var parsed, out var reason) ? parsed.Value : throw new RequestRefusedException(reason);
            var strategy = options.Value("--strategy") ?? throw new RequestRefusedException("--strategy is required (rollback, hotfix, config-change, workaround or scaling)");
            var config = ProjectConfigLoader.Load(Path.GetFullPath(options.Value("--project") ?? currentDirectory));
            var reporter = new ConsoleReporter(console, color: console.Profile.Capabilities.Ansi);
            var respond = new RespondHandler(environment.Services(config, time, reporter) with { Observer = environment.Observer }, environment.OpenStore);
            var services = LiveCommand.Compose(config, time, environment) with { Mitigation = new RespondMitigationExecutor(respond, config) };
            var result = await new MitigateHandler(new LiveCommandRunner(services))
                .HandleAsync(new MitigateCommand(id, strategy, options.Value("--detail"), execute, retry, new CommandActor(options.Value("--as"), at)), cancellationToken)
                .ConfigureAwait(false);
            var output = console.Profile.Out.Writer;
            await output.WriteLineAsync(result.Decision.Unchanged ? $"{id}: that strategy is already the decided one; nothing new recorded" : result.Decision.Message).ConfigureAwait(false);
            if (result.Execution is { } ran)
            {
                await output.WriteLineAsync($"{id}: {ran}").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex) when (ex is RequestRefusedException or ConfigException or PolicyException or Storage.IncidentStoreException)
        {
            return FirebreakApp.BadInput(error, ex.Message);
        }
    }
}
