using System.CommandLine;
using System.CommandLine.Parsing;

namespace Firebreak.Cli;

/// <summary>Reads one option's text as a moment; null with a one-line problem when it is not one.</summary>
internal delegate DateTimeOffset? MomentParser(string option, string text, out string problem);

/// <summary>The kinds of option and argument the commands are made of; every description says the default and the accepted values.</summary>
internal static class CliSymbols
{
    /// <summary>An option that takes one value.</summary>
    public static Option<string> Value(string name, string helpName, string description) =>
        new(name) { HelpName = helpName, Description = description, Arity = ArgumentArity.ExactlyOne };

    /// <summary>An option that takes no value: present or not.</summary>
    public static Option<bool> Flag(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>An option holding a moment, read by <paramref name="parse"/> (its problem is the one line the user sees).</summary>
    public static Option<DateTimeOffset?> Moment(string name, string helpName, string description, MomentParser parse) =>
        new(name)
        {
            HelpName = helpName,
            Description = description,
            Arity = ArgumentArity.ExactlyOne,
            CustomParser = result => ParseMoment(name, result, parse),
        };

    /// <summary>A required positional word.</summary>
    public static Argument<string> Word(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.ExactlyOne };

    /// <summary>An optional positional word.</summary>
    public static Argument<string?> OptionalWord(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.ZeroOrOne };

    /// <summary>One or more words, joined by spaces (quoting is optional).</summary>
    public static Argument<string[]> Words(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.OneOrMore };

    /// <summary>--project, taken by the live, engine and declare commands.</summary>
    public static Option<string> Project() =>
        Value("--project", "dir", "The project directory holding firebreak.yaml and .aiwg/incidents/. Default: the current directory.");

    /// <summary>--json: machine output instead of text.</summary>
    public static Option<bool> Json(string what) => Flag("--json", $"Print {what} as JSON instead of text. Default: text.");

    /// <summary>The words of a positional argument joined by spaces, or null when none were given.</summary>
    public static string? Joined(ParseResult parsed, Argument<string[]> words) =>
        parsed.GetValue(words) is { Length: > 0 } given ? string.Join(' ', given) : null;

    private static DateTimeOffset? ParseMoment(string name, ArgumentResult result, MomentParser parse)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var moment = parse(name, result.Tokens[0].Value, out var problem);
        if (moment is null)
        {
            result.AddError(problem);
        }

        return moment;
    }
}
