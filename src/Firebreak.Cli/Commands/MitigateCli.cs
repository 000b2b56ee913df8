using System.CommandLine;
using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Response;
using Firebreak.Storage;

namespace Firebreak.Cli;

/// <summary>firebreak mitigate &lt;id&gt; --strategy &lt;s&gt; [--detail text] [--execute [--retry-action]] [--as person] [--at ISO]: the words to <see cref="MitigateHandler"/>.</summary>
public static class MitigateCli
{
    /// <summary>The mitigate command, its action bound to <paramref name="context"/>.</summary>
    internal static Command Create(CliContext context, IDictionary<Command, string> notes)
    {
        var command = new FreeTextCommand("mitigate", "Choose (or change) the mitigation strategy; with --execute run its configured command.");
        var id = CliSymbols.Word("incident-id", "The incident, as respond or declare named it.");
        var strategy = CliSymbols.Value("--strategy", "strategy", "rollback, hotfix, config-change, workaround or scaling.");
        strategy.Required = true;
        var detail = CliSymbols.Value("--detail", "text", "What exactly is to be done. Default: none given.");
        var execute = CliSymbols.Flag("--execute", "Run the strategy's configured command now (mitigation: in firebreak.yaml) and validate it. Default: decided only.");
        var retry = CliSymbols.Flag("--retry-action", "With --execute: run it again after an interrupted attempt. Default: an interrupted attempt is not repeated.");
        var actor = CliSymbols.Value("--as", "person", "Who decided, a name from the firebreak.yaml roster. Default: recorded as an unnamed operator.");
        var at = CliSymbols.Moment("--at", "ISO-8601", "When it was decided: a full ISO 8601 moment with an offset or Z, not in the future. Default: now.", LiveCommand.Moment);
        var project = CliSymbols.Project();
        command.Arguments.Add(id);
        foreach (var option in new Option[] { strategy, detail, execute, retry, actor, at, project })
        {
            command.Options.Add(option);
        }

        command.SetAction((parsed, cancellationToken) => RunAsync(
            context, parsed.GetValue(id)!, new MitigateArguments(parsed.GetValue(strategy)!, parsed.GetValue(detail), parsed.GetValue(execute), parsed.GetValue(retry),
                new CommandActor(parsed.GetValue(actor), parsed.GetValue(at))), parsed.GetValue(project), cancellationToken));
        notes[command] = """
            The record says who chose the strategy and when, and that it is decided, not done. --execute runs the command through
            the same runner as 'respond --execute' (intent stored before it starts, outcome after, one execution per incident,
            then the validation window) and moves the lifecycle to MITIGATING.
            Exit codes: 0 done, 2 bad input or refused (one line, nothing changed), 1 internal error.
            """;
        return command;
    }

    private sealed record MitigateArguments(string Strategy, string? Detail, bool Execute, bool Retry, CommandActor Actor);

    private static async Task<int> RunAsync(CliContext context, string word, MitigateArguments given, string? projectOption, CancellationToken cancellationToken)
    {
        try
        {
            var id = IncidentId.TryParse(word, out var parsed, out var reason) ? parsed.Value : throw new RequestRefusedException(reason);
            var config = ProjectConfigLoader.Load(projectOption is null ? context.CurrentDirectory : context.FullPath(projectOption));
            var reporter = new ConsoleReporter(context.Console, color: context.Console.Profile.Capabilities.Ansi);
            var environment = context.Environment;
            var respond = new RespondHandler(environment.Services(config, context.Time, reporter) with { Observer = environment.Observer }, environment.OpenStore);
            var services = LiveCommand.Compose(config, context.Time, environment) with { Mitigation = new RespondMitigationExecutor(respond, config) };
            var result = await new MitigateHandler(new LiveCommandRunner(services))
                .HandleAsync(new MitigateCommand(id, given.Strategy, given.Detail, given.Execute, given.Retry, given.Actor), cancellationToken).ConfigureAwait(false);
            var output = context.Output;
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
        catch (Exception ex) when (ex is RequestRefusedException or ConfigException or PolicyException or IncidentStoreException)
        {
            return FirebreakApp.BadInput(context.Error, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return FirebreakApp.BadInput(context.Error, $"cannot read the project configuration: {ex.Message}");
        }
    }
}
