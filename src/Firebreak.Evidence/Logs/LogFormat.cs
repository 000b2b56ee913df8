using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Firebreak.Evidence;

/// <summary>A Loghub-style header format such as <c>&lt;Date&gt; &lt;Time&gt; &lt;Level&gt;: &lt;Content&gt;</c>.</summary>
/// <remarks>
/// As in the Loghub tools, the text between <c>&lt;Field&gt;</c> placeholders is a regular expression (escapes,
/// optional groups such as <c>&lt;Component&gt;(\[&lt;PID&gt;\])?:</c>, alternation), a run of spaces matches one or
/// more whitespace characters, each field matches lazily (<c>.*?</c>) and the whole line must match. Formats whose
/// separators are plain text (backslash escapes allowed) are matched by a hand-written scanner with the same
/// meaning, which is several times faster than the regular expression. The others are matched by .NET's
/// non-backtracking engine: its time is linear in the line's length, so no line can take long and there is no
/// timeout to trip on a loaded machine; constructs it cannot run (backreferences, lookarounds, atomic groups) are
/// refused when the format is parsed.
/// </remarks>
public sealed class LogFormat
{
    private const string Metacharacters = "()[]{}?*+|.^$";
    private static readonly string[] TimeFieldNames = ["Date", "Time", "Timestamp", "DateTime", "Month", "Day", "Year", "Weekday"];

    private readonly string[] _fields;
    private readonly string[] _literals;
    private readonly int _content;
    private readonly Regex? _regex;
    private readonly int[] _groups;
    private readonly int[] _timeFields;

    private LogFormat(string text, string[] fields, string[] literals, int content, Regex? regex)
    {
        Text = text;
        _fields = fields;
        _literals = literals;
        _content = content;
        _regex = regex;
        _groups = regex is null ? [] : [.. fields.Select(regex.GroupNumberFromName)];
        _timeFields = [.. fields.Select((f, i) => (f, i)).Where(p => TimeFieldNames.Contains(p.f, StringComparer.OrdinalIgnoreCase)).Select(p => p.i)];
        LevelField = Array.FindIndex(fields, f => f.Equals("Level", StringComparison.OrdinalIgnoreCase));
        ComponentField = Array.FindIndex(fields, f => f.Equals("Component", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The index of the level field, or -1.</summary>
    public int LevelField { get; }

    /// <summary>The index of the component field, or -1.</summary>
    public int ComponentField { get; }

    /// <summary>True when the format has time fields (<c>Date</c>, <c>Time</c>, <c>Timestamp</c>, <c>Month</c>, <c>Day</c>, <c>Year</c>, <c>Weekday</c>).</summary>
    public bool HasTime => _timeFields.Length > 0;

    /// <summary>The timestamp of a matched line, read by <see cref="LogTimestamp"/> from its time fields: their whole stretch first, then each alone.</summary>
    public DateTimeOffset? Timestamp(ReadOnlySpan<char> line, ReadOnlySpan<Range> ranges, DateTimeOffset moment)
    {
        if (_timeFields.Length == 0)
        {
            return null;
        }

        var start = int.MaxValue;
        var end = -1;
        foreach (var f in _timeFields)
        {
            var (offset, length) = ranges[f].GetOffsetAndLength(line.Length);
            if (length > 0)
            {
                start = Math.Min(start, offset);
                end = Math.Max(end, offset + length);
            }
        }

        if (end < 0)
        {
            return null;
        }

        if (LogTimestamp.TryParse(line[start..end], moment, out var time))
        {
            return time;
        }

        foreach (var f in _timeFields)
        {
            if (LogTimestamp.TryParse(line[ranges[f]], moment, out time))
            {
                return time;
            }
        }

        return null;
    }

    /// <summary>The format as written.</summary>
    public string Text { get; }

    /// <summary>True when the separators use regular-expression syntax, so lines are matched by a compiled regular expression.</summary>
    public bool UsesRegex => _regex is not null;

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
        var pattern = new StringBuilder("^");
        var regex = false;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '\\' && i + 1 < format.Length)
            {
                // An escaped letter or digit is a class such as \d or \s: only a regular expression can match it.
                regex |= char.IsAsciiLetterOrDigit(format[i + 1]);
                pattern.Append(c).Append(format[i + 1]);
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
                pattern.Append("(?<").Append(name).Append(">.*?)");
                i = end;
            }
            else if (c == ' ')
            {
                literal.Append(c);
                while (i + 1 < format.Length && format[i + 1] == ' ')
                {
                    i++;
                }

                pattern.Append(@"\s+");
            }
            else
            {
                regex |= Metacharacters.Contains(c, StringComparison.Ordinal);
                literal.Append(c);
                pattern.Append(c);
            }
        }

        pattern.Append('$');

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

        Regex? compiled = null;
        if (regex)
        {
            try
            {
                compiled = new Regex(pattern.ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            }
            catch (NotSupportedException e)
            {
                error = $"format uses a regular-expression construct that cannot be matched in linear time: {e.Message}";
                return false;
            }
            catch (ArgumentException e)
            {
                error = $"format is not a valid regular expression between its fields: {e.Message}";
                return false;
            }
        }

        error = string.Empty;
        result = new LogFormat(format, [.. fields], [.. literals], content, compiled);
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
        if (_regex is not null)
        {
            return TryMatchRegex(line, ranges);
        }

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
            var s = pos;
            while (s <= line.Length)
            {
                // Jump to the next place the separator can start (vectorized search), then try it there.
                if (next.Length > 0)
                {
                    var skip = next[0] == ' ' ? IndexOfWhiteSpace(line[s..]) : line[s..].IndexOf(next[0]);
                    if (skip < 0)
                    {
                        break;
                    }

                    s += skip;
                }

                var end = MatchAt(line, s, next);
                if (end >= 0 && (!last || end == line.Length))
                {
                    ranges[f] = new Range(pos, s);
                    pos = end;
                    found = true;
                    break;
                }

                s++;
            }

            if (!found)
            {
                return false;
            }
        }

        return pos == line.Length;
    }

    private bool TryMatchRegex(ReadOnlySpan<char> line, Span<Range> ranges)
    {
        var match = _regex!.Match(line.ToString());
        if (!match.Success)
        {
            return false;
        }

        for (var f = 0; f < _fields.Length; f++)
        {
            var group = match.Groups[_groups[f]];
            ranges[f] = group.Success ? new Range(group.Index, group.Index + group.Length) : new Range(0, 0);
        }

        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    /// <summary>The index of a field by name, or -1.</summary>
    public int IndexOf(string field) => Array.IndexOf(_fields, field);

    /// <summary>The index of the first character <see cref="char.IsWhiteSpace(char)"/> accepts (a space in a format matches a run of them), or -1; fields are short, so a scalar loop beats a vectorized search over every Unicode space.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IndexOfWhiteSpace(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ' ' || (c < 128 ? c is >= '\t' and <= '\r' : char.IsWhiteSpace(c)))
            {
                return i;
            }
        }

        return -1;
    }

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
