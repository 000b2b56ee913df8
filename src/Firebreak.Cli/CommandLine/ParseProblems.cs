using System.CommandLine;
using System.CommandLine.Parsing;

namespace Firebreak.Cli;

/// <summary>Turns what System.CommandLine found wrong into the one line firebreak prints (it would print several and the usage).</summary>
internal static class ParseProblems
{
    /// <summary>The first problem of <paramref name="parsed"/> as one line, or null when the command line is well formed.</summary>
    public static string? First(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var result = parsed.CommandResult;
        var command = result.Command;
        var loose = command is FreeTextCommand;

        // System.CommandLine gives an unknown option to a positional argument when one has room: refuse it here.
        var literal = AfterDoubleDash(parsed);
        foreach (var token in result.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens))
        {
            if (!literal.Contains(token) && LooksLikeOption(token.Value, loose))
            {
                return UnknownOption(result, token.Value);
            }
        }

        if (parsed.UnmatchedTokens.FirstOrDefault(t => LooksLikeOption(t, loose)) is { } option)
        {
            return UnknownOption(result, option);
        }

        if (parsed.Errors.Count == 0)
        {
            return null;
        }

        if (command.Options.FirstOrDefault(o => o.Required && parsed.GetResult(o) is not { IdentifierTokenCount: > 0 }) is { } required)
        {
            return $"{required.Name} is required; usage: {Usage(result)}";
        }

        var error = parsed.Errors[0];
        switch (error.SymbolResult)
        {
            case OptionResult { Tokens.Count: 0 } missing:
                return $"{missing.Option.Name} needs a value; see '{Help(result)}'";
            case OptionResult repeated when repeated.Tokens.Count > repeated.Option.Arity.MaximumNumberOfValues:
                return $"{repeated.Option.Name} is given more than once";
            case ArgumentResult argument when argument.Tokens.Count < argument.Argument.Arity.MinimumNumberOfValues:
                return $"missing {argument.Argument.Name.Replace('-', ' ')}; usage: {Usage(result)}";
        }

        if (parsed.UnmatchedTokens.Count > 0)
        {
            var word = CliText.Printable(parsed.UnmatchedTokens[0]);
            return command.Parents.Any() switch
            {
                false => $"unknown command '{word}'; try 'firebreak --help'",
                true when command.Subcommands.Count > 0 => $"unknown {Path(result)} subcommand '{word}'; try '{Help(result)}'",
                _ => $"unexpected argument '{word}'; usage: {Usage(result)}",
            };
        }

        if (command.Subcommands.Count > 0 && command.Action is null)
        {
            return $"{Path(result)} needs a subcommand: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}; try '{Help(result)}'";
        }

        return error.Message.ReplaceLineEndings(" ");
    }

    /// <summary>A word that would be an option here: "--x" anywhere, "-x" too unless the command takes free text.</summary>
    private static bool LooksLikeOption(string word, bool freeText) =>
        word.Length > 1 && word[0] == '-' && (!freeText || word.Length > 2 && word[1] == '-');

    private static string UnknownOption(CommandResult result, string word) =>
        $"unknown option '{CliText.Printable(word)}' for {Path(result)}; {Usage(result)} (see '{Help(result)}')";

    /// <summary>The tokens after a "--": taken literally, never as options.</summary>
    private static HashSet<Token> AfterDoubleDash(ParseResult parsed)
    {
        var literal = new HashSet<Token>(ReferenceEqualityComparer.Instance);
        var after = false;
        foreach (var token in parsed.Tokens)
        {
            if (after)
            {
                literal.Add(token);
            }

            after |= token.Type == TokenType.DoubleDash;
        }

        return literal;
    }

    /// <summary>The command's words after "firebreak", e.g. "logs templates".</summary>
    private static string Path(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? at = result; at is CommandResult { Parent: not null } c; at = c.Parent)
        {
            names.Insert(0, c.Command.Name);
        }

        return names.Count == 0 ? "firebreak" : string.Join(' ', names);
    }

    private static string Help(CommandResult result) => result.Parent is null ? "firebreak --help" : $"firebreak {Path(result)} --help";

    /// <summary>A one-line usage: the command, its arguments, then its options.</summary>
    internal static string Usage(CommandResult result)
    {
        var command = result.Command;
        var parts = new List<string> { result.Parent is null ? "firebreak" : $"firebreak {Path(result)}" };
        if (command.Subcommands.Count > 0)
        {
            parts.Add(string.Join('|', command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)));
        }

        foreach (var argument in command.Arguments)
        {
            var label = argument.Arity.MaximumNumberOfValues > 1 ? $"<{argument.Name}>..." : $"<{argument.Name}>";
            parts.Add(argument.Arity.MinimumNumberOfValues == 0 ? $"[{label}]" : label);
        }

        foreach (var option in command.Options.Where(o => !o.Hidden && o is not System.CommandLine.Help.HelpOption))
        {
            parts.Add(option.Arity.MaximumNumberOfValues == 0 ? $"[{option.Name}]" : $"[{option.Name} {option.HelpName ?? "value"}]");
        }

        return string.Join(' ', parts);
    }
}
