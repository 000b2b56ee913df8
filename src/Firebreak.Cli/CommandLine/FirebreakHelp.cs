using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Firebreak.Cli;

/// <summary>System.CommandLine's help, followed by the command's notes (what it writes, its exit codes) when it has some.</summary>
internal sealed class FirebreakHelp(int width, IReadOnlyDictionary<Command, string> notes) : SynchronousCommandLineAction
{
    private readonly HelpAction _help = new() { MaxWidth = width };

    /// <inheritdoc/>
    public override bool ClearsParseErrors => true;

    /// <inheritdoc/>
    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        _help.Invoke(parseResult);
        if (notes.TryGetValue(parseResult.CommandResult.Command, out var note))
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine(note.TrimEnd());
            output.WriteLine();
        }

        return ExitCodes.Ok;
    }
}
