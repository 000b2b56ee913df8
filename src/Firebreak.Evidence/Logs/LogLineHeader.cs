using System.Runtime.CompilerServices;

namespace Firebreak.Evidence;

/// <summary>The parsed start of a log line: timestamp, level, component and where the message begins.</summary>
public readonly record struct LogLineHeader(DateTimeOffset? Timestamp, Range Level, Range Component, int ContentStart)
{
    /// <summary>True when the line started with a timestamp.</summary>
    public bool HasTimestamp => Timestamp is not null;

    /// <summary>Parses the header of a line; a syslog timestamp without a year takes <paramref name="defaultYear"/>.</summary>
    public static LogLineHeader Parse(ReadOnlySpan<char> line, int defaultYear) => Parse(line, EndOfYear(defaultYear));

    /// <summary>The last moment of a year: year-less timestamps placed relative to it take that year.</summary>
    public static DateTimeOffset EndOfYear(int year) => new(year, 12, 31, 23, 59, 59, TimeSpan.Zero);

    /// <summary>Parses the header of a line; a timestamp without a year is placed relative to <paramref name="moment"/> (see <see cref="LogTimestamp"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LogLineHeader Parse(ReadOnlySpan<char> line, DateTimeOffset moment)
    {
        var pos = 0;
        var bracket = line.Length > 0 && line[0] == '[';
        if (bracket)
        {
            pos = 1;
        }

        var timestamp = LogTimestamp.TryLineStart(line, ref pos, moment);
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
}

/// <summary>Decides which lines start a record and which continue the previous one (stack traces, wrapped messages).</summary>
public sealed class RecordFolder
{
    /// <summary>The year given to syslog timestamps when nothing better is known.</summary>
    public const int DefaultYear = 2000;

    private readonly DateTimeOffset _moment;
    private bool _sawTimestamp;

    /// <summary>Creates a folder; syslog timestamps without a year take <paramref name="defaultYear"/>.</summary>
    public RecordFolder(int defaultYear = DefaultYear) => _moment = LogLineHeader.EndOfYear(defaultYear);

    /// <summary>Creates a folder; timestamps without a year are placed relative to the moment of analysis (see <see cref="LogTimestamp"/>).</summary>
    public RecordFolder(DateTimeOffset moment) => _moment = moment;

    /// <summary>Notes that a record with a timestamp began (found by a format rather than the line header): lines without a header continue records from now on.</summary>
    public void SawRecord() => _sawTimestamp = true;

    /// <summary>True when the line continues the previous record: once the file has shown timestamps, a line without one (or an indented one) folds into the record before it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsContinuation(ReadOnlySpan<char> line, out LogLineHeader header)
    {
        header = LogLineHeader.Parse(line, _moment);
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
