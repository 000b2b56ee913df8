using System.Globalization;

namespace Firebreak.Cli;

/// <summary>The parsed words of a live command: positional arguments and --options (each option takes one value except --json).</summary>
internal sealed class LiveOptions
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--json", "--csv", "--gaps", "--ics", "--once" };

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private LiveOptions(IReadOnlyList<string> positional) => Positional = positional;

    /// <summary>The arguments that are not options, in order.</summary>
    public IReadOnlyList<string> Positional { get; }

    /// <summary>Parses <paramref name="args"/>, accepting only the options in <paramref name="allowed"/> (besides --project); null with a problem otherwise.</summary>
    public static LiveOptions? Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> allowed, out string problem)
    {
        var positional = new List<string>();
        var options = new LiveOptions(positional);
        for (var i = 0; i < args.Count; i++)
        {
            var word = args[i];
            if (!word.StartsWith("--", StringComparison.Ordinal) || word == "--")
            {
                positional.Add(word);
                continue;
            }

            var name = word;
            string? inline = null;
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                name = word[..eq];
                inline = word[(eq + 1)..];
            }

            if (name != "--project" && !allowed.Contains(name))
            {
                problem = $"unknown option {name}" + (allowed.Count == 0 ? string.Empty : $"; this command takes {string.Join(", ", allowed.Order(StringComparer.Ordinal))}, --project");
                return null;
            }

            if (Flags.Contains(name))
            {
                options._flags.Add(name);
                continue;
            }

            if (inline is null)
            {
                if (i + 1 >= args.Count)
                {
                    problem = $"{name} needs a value";
                    return null;
                }

                inline = args[++i];
            }

            if (!options._values.TryAdd(name, inline))
            {
                problem = $"{name} is given twice";
                return null;
            }
        }

        problem = string.Empty;
        return options;
    }

    /// <summary>The value of an option, or null.</summary>
    public string? Value(string name) => _values.TryGetValue(name, out var value) ? value : null;

    /// <summary>True when a flag was given.</summary>
    public bool Has(string flag) => _flags.Contains(flag);

    /// <summary>Parses a full ISO 8601 moment with an offset or Z; null with a problem otherwise.</summary>
    public static DateTimeOffset? Moment(string option, string? text, out string problem)
    {
        problem = string.Empty;
        if (text is null)
        {
            return null;
        }

        string[] formats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];
        if (DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            && (text.EndsWith('Z') || text.EndsWith("z", StringComparison.Ordinal) || text.Length > 6 && text[^6] is '+' or '-'))
        {
            return at;
        }

        problem = $"{option} '{text}' is not a full ISO 8601 moment with an offset (e.g. 2026-11-29T14:05:00Z)";
        return null;
    }
}
