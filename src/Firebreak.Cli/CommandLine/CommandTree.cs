using System.CommandLine;

namespace Firebreak.Cli;

/// <summary>The firebreak command tree (System.CommandLine): every command, option and argument with its help, and the action that calls the application layer.</summary>
/// <remarks>Built per run from plain constructors (no reflection, no binding by name): a run pays for the objects only.</remarks>
internal static class CommandTree
{
    /// <summary>How the words are read: no response files (an argument may start with '@'), no bundling of short options.</summary>
    public static ParserConfiguration Parsing { get; } = new() { ResponseFileTokenReplacer = null, EnablePosixBundling = false };

    /// <summary>The help's width when the console does not say (never narrower, so each command stays one line in the root help).</summary>
    public const int MinimumHelpWidth = 100;

    /// <summary>The first words of the commands, in the order the root help lists them.</summary>
    public static IReadOnlyList<string> CommandNames { get; } =
    [
        "respond", "declare", "ack", "assign", "escalate", "note", "update", "status", "mitigate", "resolve", "reopen", "review", "action",
        "list", "show", "timeline", "due", "tick", "watch", "metrics", "oncall", "logs",
    ];

    /// <summary>The root command with every subcommand, their actions bound to <paramref name="context"/>.</summary>
    public static Command Build(CliContext context) => Build(context, only: null);

    /// <summary>The tree for one run: when the first word names a command only that command is built (a run pays for what it uses), otherwise all of them.</summary>
    public static Command For(CliContext context, IReadOnlyList<string> args) =>
        Build(context, args.Count > 0 && CommandNames.Contains(args[0], StringComparer.Ordinal) ? args[0] : null);

    private static Command Build(CliContext context, string? only)
    {
        ArgumentNullException.ThrowIfNull(context);
        var notes = new Dictionary<Command, string>();
        var root = new Command("firebreak", "Incident-response orchestrator: triage, evidence, root cause, mitigation and the full ITIL record.");
        var showHelp = new FirebreakHelp(Math.Max(context.Console.Profile.Width, MinimumHelpWidth), notes);
        var help = new Option<bool>("--help", "-h", "-?")
        {
            Description = "Show this help: the usage, arguments and options.",
            Arity = ArgumentArity.Zero,
            Recursive = true,
            Action = showHelp,
        };
        root.Options.Add(help);
        var version = CliSymbols.Flag("--version", "Print the version and exit.");
        root.Options.Add(version);
        root.SetAction(parsed => parsed.GetValue(version) ? Version(context) : showHelp.Invoke(parsed));

        bool Wants(string name) => only is null || only == name;
        if (Wants("respond"))
        {
            root.Subcommands.Add(RespondCommand.Create(context, notes));
        }

        if (Wants("declare"))
        {
            root.Subcommands.Add(DeclareCli.Create(context, notes));
        }

        foreach (var live in LiveCommand.Create(context, notes, Wants))
        {
            root.Subcommands.Add(live);
        }

        foreach (var engine in EngineCommand.Create(context, notes, Wants))
        {
            root.Subcommands.Add(engine);
        }

        if (Wants("mitigate"))
        {
            root.Subcommands.Add(MitigateCli.Create(context, notes));
        }

        if (Wants("metrics"))
        {
            root.Subcommands.Add(MetricsCli.Create(context, notes));
        }

        if (Wants("oncall"))
        {
            root.Subcommands.Add(OnCallCommand.Create(context));
        }

        if (Wants("logs"))
        {
            root.Subcommands.Add(LogsCommand.Create(context));
        }

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
}
