using System.Globalization;
using System.Runtime.CompilerServices;

namespace Firebreak.Evidence;

/// <summary>The parsed start of a log line: timestamp, level, component and where the message begins.</summary>
public readonly record struct LogLineHeader(DateTimeOffset? Timestamp, Range Level, Range Component, int ContentStart)
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>True when the line started with a timestamp.</summary>
    public bool HasTimestamp => Timestamp is not null;

    /// <summary>Parses the header of a line; a syslog timestamp without a year takes <paramref name="defaultYear"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LogLineHeader Parse(ReadOnlySpan<char> line, int defaultYear)
    {
        var pos = 0;
        var bracket = line.Length > 0 && line[0] == '[';
        if (bracket)
        {
            pos = 1;
        }

        var timestamp = TryIso(line, ref pos) ?? TrySyslog(line, ref pos, defaultYear);
        if (timestamp is null)
        {
            pos = 0;
        }
        else if (bracket && pos < line.Length && line[pos] == ']')
        {
            pos++;
        }

        SkipSpace(line, ref pos);
        var level = default(Range);
        var levelEnd = Word(line, pos, out var levelStart, out var levelStop);
        if (levelEnd > pos && IsLevel(line[levelStart..levelStop]))
        {
            level = new Range(levelStart, levelStop);
            pos = levelEnd;
            SkipSpace(line, ref pos);
        }

        var component = default(Range);
        if (pos < line.Length && line[pos] == '[')
        {
            var close = line[pos..].IndexOf(']');
            if (close > 1 && close < 100 && line[(pos + 1)..(pos + close)].IndexOf(' ') < 0)
            {
                component = new Range(pos + 1, pos + close);
                pos += close + 1;
                if (pos < line.Length && line[pos] == ':')
                {
                    pos++;
                }

                SkipSpace(line, ref pos);
            }
        }

        return new LogLineHeader(timestamp, level, component, pos);
    }

    /// <summary>True for a severity word such as ERROR, warn or Information.</summary>
    public static bool IsLevel(ReadOnlySpan<char> word)
    {
        if (word.Length is < 3 or > 11)
        {
            return false;
        }

        Span<char> upper = stackalloc char[word.Length];
        word.ToUpperInvariant(upper);
        return upper switch
        {
            "TRACE" or "DEBUG" or "DBG" or "INFO" or "INF" or "INFORMATION" or "NOTICE" or "WARN" or "WARNING" or "WRN"
                or "ERROR" or "ERR" or "ERRO" or "FATAL" or "CRITICAL" or "CRIT" or "SEVERE" or "ALERT" or "EMERG" or "PANIC" => true,
            _ => false,
        };
    }

    private static int Word(ReadOnlySpan<char> line, int pos, out int start, out int stop)
    {
        var i = pos;
        var open = i < line.Length && line[i] == '[';
        if (open)
        {
            i++;
        }

        start = i;
        while (i < line.Length && char.IsAsciiLetter(line[i]))
        {
            i++;
        }

        stop = i;
        if (open)
        {
            if (i >= line.Length || line[i] != ']')
            {
                return pos;
            }

            i++;
        }

        if (i < line.Length && line[i] == ':')
        {
            i++;
        }

        return i < line.Length && !char.IsWhiteSpace(line[i]) ? pos : i;
    }

    private static void SkipSpace(ReadOnlySpan<char> line, ref int pos)
    {
        while (pos < line.Length && line[pos] is ' ' or '\t')
        {
            pos++;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static DateTimeOffset? TryIso(ReadOnlySpan<char> s, ref int pos)
    {
        var p = pos;
        if (!Digits(s, ref p, 4, out var year) || !Sep(s, ref p, '-', '/') || !Digits(s, ref p, 2, out var month) || !Sep(s, ref p, '-', '/')
            || !Digits(s, ref p, 2, out var day) || !Sep(s, ref p, 'T', ' ') || !Digits(s, ref p, 2, out var hour) || !Sep(s, ref p, ':', ':')
            || !Digits(s, ref p, 2, out var minute))
        {
            return null;
        }

        var second = 0;
        var ticks = 0L;
        if (Sep(s, ref p, ':', ':'))
        {
            if (!Digits(s, ref p, 2, out second))
            {
                return null;
            }

            if (p < s.Length && s[p] is '.' or ',')
            {
                p++;
                var scale = TimeSpan.TicksPerSecond;
                while (p < s.Length && char.IsAsciiDigit(s[p]))
                {
                    scale /= 10;
                    ticks += (s[p] - '0') * scale;
                    p++;
                }
            }
        }

        var offset = TimeSpan.Zero;
        if (p < s.Length && s[p] is 'Z' or 'z')
        {
            p++;
        }
        else if (p < s.Length && s[p] is '+' or '-' && p + 3 <= s.Length && char.IsAsciiDigit(s[p + 1]))
        {
            var sign = s[p] == '-' ? -1 : 1;
            var q = p + 1;
            if (Digits(s, ref q, 2, out var oh))
            {
                var om = 0;
                if (q < s.Length && s[q] == ':')
                {
                    q++;
                }

                if (q + 2 <= s.Length && char.IsAsciiDigit(s[q]))
                {
                    _ = Digits(s, ref q, 2, out om);
                }

                offset = sign * new TimeSpan(oh, om, 0);
                p = q;
            }
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
        {
            return null;
        }

        pos = p;
        try
        {
            return new DateTimeOffset(year, month, day, hour, minute, Math.Min(second, 59), offset).AddTicks(ticks);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static DateTimeOffset? TrySyslog(ReadOnlySpan<char> s, ref int pos, int year)
    {
        if (s.Length < pos + 15)
        {
            return null;
        }

        var name = s.Slice(pos, 3);
        var month = 0;
        for (var m = 0; m < Months.Length && month == 0; m++)
        {
            if (name.Equals(Months[m], StringComparison.Ordinal))
            {
                month = m + 1;
            }
        }

        if (month == 0 || s[pos + 3] != ' ')
        {
            return null;
        }

        var p = pos + 4;
        if (s[p] == ' ')
        {
            p++;
        }

        var dayStart = p;
        while (p < s.Length && char.IsAsciiDigit(s[p]))
        {
            p++;
        }

        if (p - dayStart is < 1 or > 2 || !int.TryParse(s[dayStart..p], NumberStyles.None, CultureInfo.InvariantCulture, out var day) || !Sep(s, ref p, ' ', ' ')
            || !Digits(s, ref p, 2, out var hour) || !Sep(s, ref p, ':', ':') || !Digits(s, ref p, 2, out var minute)
            || !Sep(s, ref p, ':', ':') || !Digits(s, ref p, 2, out var second))
        {
            return null;
        }

        if (day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }

        pos = p;
        return new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
    }

    private static bool Digits(ReadOnlySpan<char> s, ref int pos, int count, out int value)
    {
        value = 0;
        if (pos + count > s.Length)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            var c = s[pos + i];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        pos += count;
        return true;
    }

    private static bool Sep(ReadOnlySpan<char> s, ref int pos, char a, char b)
    {
        if (pos < s.Length && (s[pos] == a || s[pos] == b))
        {
            pos++;
            return true;
        }

        return false;
    }
}

/// <summary>Decides which lines start a record and which continue the previous one (stack traces, wrapped messages).</summary>
public sealed class RecordFolder
{
    /// <summary>The year given to syslog timestamps when nothing better is known.</summary>
    public const int DefaultYear = 2000;

    private readonly int _defaultYear;
    private bool _sawTimestamp;

    /// <summary>Creates a folder; syslog timestamps without a year take <paramref name="defaultYear"/>.</summary>
    public RecordFolder(int defaultYear = DefaultYear) => _defaultYear = defaultYear;

    /// <summary>True when the line continues the previous record: once the file has shown timestamps, a line without one (or an indented one) folds into the record before it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsContinuation(ReadOnlySpan<char> line, out LogLineHeader header)
    {
        header = LogLineHeader.Parse(line, _defaultYear);
        if (header.HasTimestamp)
        {
            _sawTimestamp = true;
            return false;
        }

        return _sawTimestamp || (line.Length > 0 && line[0] is ' ' or '\t' && LooksLikeFrame(line));
    }

    /// <summary>True for a stack frame or trace line such as <c>at Foo.Bar(...)</c>, <c>File "x.py", line 3</c> or <c>Caused by:</c>.</summary>
    public static bool LooksLikeFrame(ReadOnlySpan<char> line)
    {
        var t = line.TrimStart();
        return t.StartsWith("at ", StringComparison.Ordinal) || t.StartsWith("File \"", StringComparison.Ordinal)
            || t.StartsWith("Caused by", StringComparison.Ordinal) || t.StartsWith("...", StringComparison.Ordinal)
            || t.StartsWith("---", StringComparison.Ordinal);
    }
}
