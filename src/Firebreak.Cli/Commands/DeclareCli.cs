using System.CommandLine;
using System.Text.Json;
using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Response;

namespace Firebreak.Cli;

/// <summary>firebreak declare "&lt;what is happening&gt;" [P0-P3] [--project dir]: opens an incident from a person's words.</summary>
public static class DeclareCli
{
    /// <summary>The declare command, its action bound to <paramref name="context"/>.</summary>
    internal static Command Create(CliContext context, IDictionary<Command, string> notes)
    {
        var command = new FreeTextCommand("declare", "Open an incident from a person's words (INC-YYYYMMDD-N) and run the respond flow on it.");
        var words = CliSymbols.Words("what-is-happening",
            "The reported symptoms, quoted or as several words. A word P0-P3 among them is the severity.");
        var json = CliSymbols.Flag("--json", "No progress: print the declared id, the reported and triaged severity, the components named and what was inferred as one JSON object. Default: progress text.");
        var project = CliSymbols.Project();
        command.Arguments.Add(words);
        command.Options.Add(json);
        command.Options.Add(project);
        command.SetAction((parsed, cancellationToken) =>
            RunAsync(parsed.GetValue(words) ?? [], parsed.GetValue(json), parsed.GetValue(project), context, cancellationToken));
        notes[command] = """
            N is the next number of the day in the store. Without a severity word one is read from the symptoms (p0,
            "production is down", "outage" -> P0; "most users", "fails for" -> P1; "some users", "slow" -> P2; "minor" -> P3),
            and the catalog components they name are noted; firebreak says what it inferred.
            Exit codes: 0 declared and responded, 2 bad input, 1 internal error.
            """;
        return command;
    }

    /// <summary>Runs the declare handler on the words.</summary>
    private static async Task<int> RunAsync(string[] given, bool json, string? projectOption, CliContext context, CancellationToken cancellationToken)
    {
        var (console, error, time, environment) = (context.Console, context.Error, context.Time, context.Environment);
        Priority? priority = null;
        var words = new List<string>();
        foreach (var word in given)
        {
            if (word.Length == 2 && char.ToUpperInvariant(word[0]) == 'P' && char.IsAsciiDigit(word[1]))
            {
                if (!Enum.TryParse<Priority>(word, ignoreCase: true, out var p) || !Enum.IsDefined(p))
                {
                    return FirebreakApp.BadInput(error, $"severity '{word}' is not one of P0, P1, P2, P3");
                }

                if (priority is { } earlier && earlier != p)
                {
                    return FirebreakApp.BadInput(error, $"two severities given ({earlier} and {p.ToString()}): give one of P0-P3");
                }

                priority = p;
            }
            else
            {
                words.Add(word);
            }
        }

        try
        {
            var config = ProjectConfigLoader.Load(projectOption is null ? context.CurrentDirectory : context.FullPath(projectOption));
            var reporter = json ? (IFlowReporter)SilentReporter.Instance : new ConsoleReporter(console, color: console.Profile.Capabilities.Ansi);
            var respond = new RespondHandler(environment.Services(config, time, reporter) with { Observer = environment.Observer }, environment.OpenStore);
            var result = await new DeclareHandler(respond, config, time, environment.OpenStore)
                .HandleAsync(new DeclareCommand(string.Join(' ', words), priority), cancellationToken).ConfigureAwait(false);
            var output = console.Profile.Out.Writer;
            if (json)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(
                    new DeclaredJson(result.Id.Value, result.ReportedPriority?.ToString(), result.Flow.Dossier.State.Priority?.ToString(), result.Components, result.Inferences),
                    DeclaredJson.Options)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

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

/// <summary>What declare --json prints.</summary>
internal sealed record DeclaredJson(string Id, string? ReportedPriority, string? Priority, IReadOnlyList<string> Components, IReadOnlyList<string> Inferences)
{
    /// <summary>Snake-case names, indented.</summary>
    public static JsonSerializerOptions Options { get; } = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
