using System.CommandLine;
using System.CommandLine.Help;

namespace Firebreak.Cli;

/// <summary>The firebreak command tree (System.CommandLine): every command, option and argument with its help, and the action that calls the application layer.</summary>
/// <remarks>Built per run from plain constructors (no reflection, no binding by name): a run pays for the objects only.</remarks>
internal static class CommandTree
{
    /// <summary>How the words are read: no response files (an argument may start with '@'), no bundling of short options.</summary>
    public static ParserConfiguration Parsing { get; } = new() { ResponseFileTokenReplacer = null, EnablePosixBundling = false };

    /// <summary>The help's width when the console does not say (never narrower, so each command stays one line in the root help).</summary>
    public const int MinimumHelpWidth = 100;

    /// <summary>The root command with every subcommand, their actions bound to <paramref name="context"/>.</summary>
    public static Command Build(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var notes = new Dictionary<Command, string>();
        var root = new Command("firebreak", "Incident-response orchestrator: triage, evidence, root cause, mitigation and the full ITIL record.");
        root.Options.Add(new HelpOption { Action = new FirebreakHelp(Math.Max(context.Console.Profile.Width, MinimumHelpWidth), notes) });
        var version = CliSymbols.Flag("--version", "Print the version and exit.");
        root.Options.Add(version);
        root.SetAction(parsed => parsed.GetValue(version) ? Version(context) : RootHelp(root, parsed));

        root.Subcommands.Add(RespondCommand.Create(context, notes));
        root.Subcommands.Add(DeclareCli.Create(context, notes));
        foreach (var live in LiveCommand.Create(context, notes))
        {
            root.Subcommands.Add(live);
        }

        foreach (var engine in EngineCommand.Create(context, notes))
        {
            root.Subcommands.Add(engine);
        }

        root.Subcommands.Add(MitigateCli.Create(context, notes));
        root.Subcommands.Add(OnCallCommand.Create(context));
        root.Subcommands.Add(LogsCommand.Create(context));
        notes[root] = """
            Run 'firebreak <command> --help' for a command's arguments and options.
            Exit codes: 0 done, 2 bad input or a refused transition (one line on stderr, nothing changed), 1 internal error.
            """;
        return root;
    }

    private static int Version(CliContext context)
    {
        context.Output.WriteLine(typeof(FirebreakApp).Assembly.GetName().Version?.ToString(3) ?? "unknown");
        return ExitCodes.Ok;
    }

    private static int RootHelp(Command root, ParseResult parsed) =>
        root.Options.OfType<HelpOption>().Single().Action is FirebreakHelp help ? help.Invoke(parsed) : ExitCodes.Ok;
}
