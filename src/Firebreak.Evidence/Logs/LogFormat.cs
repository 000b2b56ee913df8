using System.Runtime.CompilerServices;
using System.Text;

namespace Firebreak.Evidence;

/// <summary>A Loghub-style header format such as <c>&lt;Date&gt; &lt;Time&gt; &lt;Level&gt;: &lt;Content&gt;</c>, matched without regular expressions.</summary>
/// <remarks>
/// Each field matches lazily up to the next literal, like the <c>(?P&lt;Name&gt;.*?)</c> groups of the Loghub
/// benchmark; a space in a literal matches one or more whitespace characters and a backslash escapes the next character.
/// </remarks>
public sealed class LogFormat
{
    private readonly string[] _fields;
    private readonly string[] _literals;
    private readonly int _content;

    private LogFormat(string[] fields, string[] literals, int content)
    {
        _fields = fields;
        _literals = literals;
        _content = content;
    }

    /// <summary>The field names in order.</summary>
    public IReadOnlyList<string> Fields => _fields;

    /// <summary>Parses a format; returns false with a reason when it is malformed or has no <c>&lt;Content&gt;</c> field.</summary>
    public static bool TryParse(string format, out LogFormat? result, out string error)
    {
        ArgumentNullException.ThrowIfNull(format);
        result = null;
        var fields = new List<string>();
        var literals = new List<string>();
        var literal = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '\\' && i + 1 < format.Length)
            {
                literal.Append(format[++i]);
            }
            else if (c == '<')
            {
                var end = format.IndexOf('>', i + 1);
                if (end < 0)
                {
                    error = $"format field at position {i + 1} has no closing '>'";
                    return false;
                }

                var name = format[(i + 1)..end];
                if (name.Length == 0 || !name.All(char.IsAsciiLetterOrDigit))
                {
                    error = $"format field '<{name}>' must be a name of letters and digits";
                    return false;
                }

                if (fields.Count > 0 && literal.Length == 0)
                {
                    error = $"format fields '<{fields[^1]}>' and '<{name}>' need a separator between them";
                    return false;
                }

                literals.Add(literal.ToString());
                literal.Clear();
                fields.Add(name);
                i = end;
            }
            else
            {
                literal.Append(c);
            }
        }

        literals.Add(literal.ToString());
        var content = fields.IndexOf("Content");
        if (content < 0)
        {
            error = "format has no <Content> field";
            return false;
        }

        if (fields.Distinct(StringComparer.Ordinal).Count() != fields.Count)
        {
            error = "format names a field twice";
            return false;
        }

        error = string.Empty;
        result = new LogFormat([.. fields], [.. literals], content);
        return true;
    }

    /// <summary>Matches a line and returns the range of its content field, or false when the line does not fit the format.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryMatch(ReadOnlySpan<char> line, out Range content)
    {
        Span<Range> ranges = _fields.Length <= 32 ? stackalloc Range[_fields.Length] : new Range[_fields.Length];
        if (TryMatch(line, ranges))
        {
            content = ranges[_content];
            return true;
        }

        content = default;
        return false;
    }

    /// <summary>Matches a line and fills the range of each field; false when the line does not fit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryMatch(ReadOnlySpan<char> line, Span<Range> ranges)
    {
        var pos = MatchAt(line, 0, _literals[0]);
        if (pos < 0)
        {
            return false;
        }

        for (var f = 0; f < _fields.Length; f++)
        {
            var next = _literals[f + 1];
            var last = f == _fields.Length - 1;
            if (last && next.Length == 0)
            {
                ranges[f] = new Range(pos, line.Length);
                return true;
            }

            var found = false;
            for (var s = pos; s <= line.Length; s++)
            {
                var end = MatchAt(line, s, next);
                if (end < 0 || (last && end != line.Length))
                {
                    continue;
                }

                ranges[f] = new Range(pos, s);
                pos = end;
                found = true;
                break;
            }

            if (!found)
            {
                return false;
            }
        }

        return pos == line.Length;
    }

    /// <summary>The index of a field by name, or -1.</summary>
    public int IndexOf(string field) => Array.IndexOf(_fields, field);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int MatchAt(ReadOnlySpan<char> line, int at, string literal)
    {
        var pos = at;
        foreach (var c in literal)
        {
            if (c == ' ')
            {
                var start = pos;
                while (pos < line.Length && char.IsWhiteSpace(line[pos]))
                {
                    pos++;
                }

                if (pos == start)
                {
                    return -1;
                }
            }
            else if (pos < line.Length && line[pos] == c)
            {
                pos++;
            }
            else
            {
                return -1;
            }
        }

        return pos;
    }
}
