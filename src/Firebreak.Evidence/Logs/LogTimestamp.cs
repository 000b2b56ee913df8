using System.Globalization;
using System.Runtime.CompilerServices;

namespace Firebreak.Evidence;

/// <summary>The one parser of log timestamps, used by the line header, the detected or given format's time fields and JSON lines.</summary>
/// <remarks>
/// Shapes: ISO 8601 (<c>T</c> or space, <c>-</c>, <c>/</c> or <c>.</c> dates, <c>,</c>/<c>.</c> fractions, zones),
/// <c>yy/MM/dd HH:mm:ss</c> (two-digit years are 20yy), <c>MM-dd HH:mm:ss.SSS</c>, syslog <c>Jun 14 15:16:01</c>
/// (with an optional weekday before and year after, as in Apache's <c>[Sun Dec 04 04:47:44 2005]</c>),
/// <c>yyMMdd HHmmss</c>, <c>yyyyMMdd-HH:mm:ss:SSS</c>, <c>yyyy-MM-dd-HH.mm.ss.ffffff</c>, access-log
/// <c>10/Oct/2000:13:55:36 -0700</c>, and epoch seconds or milliseconds (10 or 13 digits, optional fraction).
/// Brackets around the text and a trailing comma are ignored. Times without a zone are UTC.
/// A timestamp without a year takes the year of the moment of analysis, or the year before when that would put it
/// more than <see cref="FutureSlack"/> after that moment (a December log read in January).
/// </remarks>
public static class LogTimestamp
{
    /// <summary>How far after the moment of analysis a year-less timestamp may fall before it is taken as last year's.</summary>
    public static readonly TimeSpan FutureSlack = TimeSpan.FromDays(1);

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    private static readonly string[] Weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    /// <summary>Parses a text that is a timestamp as a whole (a format's time fields, a JSON time value); year-less shapes are placed relative to <paramref name="moment"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, DateTimeOffset moment, out DateTimeOffset time)
    {
        var s = text.Trim().Trim("[],\"").Trim();
        time = default;
        if (s.IsEmpty)
        {
            return false;
        }

        var pos = 0;
        var parsed = TryIso(s, ref pos) ?? TryEpoch(s, ref pos) ?? TryShortYear(s, ref pos) ?? TryMonthDay(s, ref pos, moment)
            ?? TryWeekdaySyslog(s, ref pos, moment) ?? TryCompact(s, ref pos) ?? TryAccess(s, ref pos);
        if (parsed is not { } value || (pos < s.Length && !Trailer(s[pos..])))
        {
            return false;
        }

        time = value;
        return true;
    }

    /// <summary>Parses a timestamp at the start of a line (ISO 8601 or syslog), moving <paramref name="pos"/> past it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static DateTimeOffset? TryLineStart(ReadOnlySpan<char> s, ref int pos, DateTimeOffset moment) =>
        TryIso(s, ref pos) ?? TrySyslog(s, ref pos, moment);

    /// <summary>The year-less date placed in the year of <paramref name="moment"/>, or the year before when that is more than <see cref="FutureSlack"/> after it.</summary>
    public static DateTimeOffset? InferYear(int month, int day, int hour, int minute, int second, long ticks, DateTimeOffset moment)
    {
        var year = moment.Year;
        var time = Make(year, month, day, hour, minute, second, ticks, TimeSpan.Zero);
        if (time is { } t && t > moment + FutureSlack)
        {
            time = Make(year - 1, month, day, hour, minute, second, ticks, TimeSpan.Zero);
        }
        else if (time is null && month == 2 && day == 29)
        {
            time = Make(year - 1, month, day, hour, minute, second, ticks, TimeSpan.Zero);
        }

        return time;
    }

    /// <summary>A zone, a level-free tail such as <c>Z</c>, or nothing may follow a timestamp.</summary>
    private static bool Trailer(ReadOnlySpan<char> rest) => rest.Trim().Trim("[],").IsEmpty;

    private static DateTimeOffset? Make(int year, int month, int day, int hour, int minute, int second, long ticks, TimeSpan offset)
    {
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
        {
            return null;
        }

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
    private static DateTimeOffset? TryIso(ReadOnlySpan<char> s, ref int pos)
    {
        var p = pos;
        if (!Digits(s, ref p, 4, out var year) || !Sep(s, ref p, '-', '/', '.') || !Digits(s, ref p, 2, out var month) || !Sep(s, ref p, '-', '/', '.')
            || !Digits(s, ref p, 2, out var day) || !Sep(s, ref p, 'T', ' ', '-') || !Digits(s, ref p, 2, out var hour) || !Sep(s, ref p, ':', '.', ':')
            || !Digits(s, ref p, 2, out var minute))
        {
            return null;
        }

        var second = 0;
        var ticks = 0L;
        if (Sep(s, ref p, ':', '.', ':'))
        {
            if (!Digits(s, ref p, 2, out second))
            {
                return null;
            }

            ticks = Fraction(s, ref p, '.', ',');
        }

        var offset = Zone(s, ref p);
        var time = Make(year, month, day, hour, minute, second, ticks, offset);
        if (time is not null)
        {
            pos = p;
        }

        return time;
    }

    private static long Fraction(ReadOnlySpan<char> s, ref int p, char a, char b)
    {
        var ticks = 0L;
        if (p + 1 < s.Length && (s[p] == a || s[p] == b) && char.IsAsciiDigit(s[p + 1]))
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

        return ticks;
    }

    private static TimeSpan Zone(ReadOnlySpan<char> s, ref int p)
    {
        var offset = TimeSpan.Zero;
        var q = p < s.Length && s[p] == ' ' && p + 1 < s.Length && s[p + 1] is '+' or '-' ? p + 1 : p;
        if (q < s.Length && s[q] is 'Z' or 'z' && p == q)
        {
            p++;
        }
        else if (q < s.Length && s[q] is '+' or '-' && q + 3 <= s.Length && char.IsAsciiDigit(s[q + 1]))
        {
            var sign = s[q] == '-' ? -1 : 1;
            q++;
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

                if (oh <= 14 && om <= 59)
                {
                    offset = sign * new TimeSpan(oh, om, 0);
                    p = q;
                }
            }
        }

        return offset;
    }

    /// <summary><c>1131566461</c>, <c>1131566461.123</c>, <c>1131566461123</c>, and microseconds or nanoseconds (journald's <c>__REALTIME_TIMESTAMP</c>, 16 digits).</summary>
    private static DateTimeOffset? TryEpoch(ReadOnlySpan<char> s, ref int pos)
    {
        var p = pos;
        while (p < s.Length && char.IsAsciiDigit(s[p]))
        {
            p++;
        }

        var digits = p - pos;
        if (digits is not (10 or 13 or 16 or 19) || (p < s.Length && s[p] != '.' && !char.IsWhiteSpace(s[p])))
        {
            return null;
        }

        if (!long.TryParse(s[pos..p], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        var ticks = Fraction(s, ref p, '.', '.');
        pos = p;
        return digits switch
        {
            10 => DateTimeOffset.FromUnixTimeSeconds(value).AddTicks(ticks),
            13 => DateTimeOffset.FromUnixTimeMilliseconds(value),
            16 => DateTimeOffset.UnixEpoch.AddTicks(value * (TimeSpan.TicksPerMillisecond / 1000)),
            _ => DateTimeOffset.UnixEpoch.AddTicks(value / 100),
        };
    }

    /// <summary><c>17/06/09 20:10:40</c> or <c>17-06-09 20:10:40.123</c>: two-digit years are 20yy.</summary>
    private static DateTimeOffset? TryShortYear(ReadOnlySpan<char> s, ref int pos)
    {
        var p = pos;
        if (!Digits(s, ref p, 2, out var year) || !Sep(s, ref p, '/', '-', '.') || !Digits(s, ref p, 2, out var month) || !Sep(s, ref p, '/', '-', '.')
            || !Digits(s, ref p, 2, out var day) || p >= s.Length || s[p] != ' ' || !Clock(s, ref p, out var hour, out var minute, out var second, out var ticks, skipSpace: true))
        {
            return null;
        }

        var time = Make(2000 + year, month, day, hour, minute, second, ticks, Zone(s, ref p));
        if (time is not null)
        {
            pos = p;
        }

        return time;
    }

    /// <summary><c>03-17 16:13:38.811</c> (Android): no year.</summary>
    private static DateTimeOffset? TryMonthDay(ReadOnlySpan<char> s, ref int pos, DateTimeOffset moment)
    {
        var p = pos;
        if (!Digits(s, ref p, 2, out var month) || !Sep(s, ref p, '-', '/', '-') || !Digits(s, ref p, 2, out var day)
            || p >= s.Length || s[p] != ' ' || !Clock(s, ref p, out var hour, out var minute, out var second, out var ticks, skipSpace: true))
        {
            return null;
        }

        var time = InferYear(month, day, hour, minute, second, ticks, moment);
        if (time is not null)
        {
            pos = p;
        }

        return time;
    }

    /// <summary><c>HH:mm[:ss[.fff]]</c>, after optional spaces.</summary>
    private static bool Clock(ReadOnlySpan<char> s, ref int pos, out int hour, out int minute, out int second, out long ticks, bool skipSpace)
    {
        var p = pos;
        while (skipSpace && p < s.Length && s[p] == ' ')
        {
            p++;
        }

        second = 0;
        ticks = 0;
        minute = 0;
        if (!Digits(s, ref p, 2, out hour) || !Sep(s, ref p, ':', ':', ':') || !Digits(s, ref p, 2, out minute))
        {
            return false;
        }

        if (Sep(s, ref p, ':', ':', ':'))
        {
            if (!Digits(s, ref p, 2, out second))
            {
                return false;
            }

            ticks = Fraction(s, ref p, '.', ',');
        }

        pos = p;
        return true;
    }

    /// <summary><c>Sun Dec 04 04:47:44 2005</c> or a plain syslog time with a weekday before it.</summary>
    private static DateTimeOffset? TryWeekdaySyslog(ReadOnlySpan<char> s, ref int pos, DateTimeOffset moment)
    {
        if (s.Length < pos + 4 || s[pos + 3] != ' ' || !Weekdays.Contains(s.Slice(pos, 3).ToString(), StringComparer.Ordinal))
        {
            return TrySyslog(s, ref pos, moment);
        }

        var p = pos + 4;
        var time = TrySyslog(s, ref p, moment);
        if (time is not null)
        {
            pos = p;
        }

        return time;
    }

    /// <summary><c>Jun 14 15:16:01</c>, optionally followed by a four-digit year; without one the year is inferred.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static DateTimeOffset? TrySyslog(ReadOnlySpan<char> s, ref int pos, DateTimeOffset moment)
    {
        if (s.Length < pos + 15)
        {
            return null;
        }

        var month = MonthOf(s.Slice(pos, 3));
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

        if (p - dayStart is < 1 or > 2 || !int.TryParse(s[dayStart..p], NumberStyles.None, CultureInfo.InvariantCulture, out var day) || p >= s.Length || s[p] != ' '
            || !Clock(s, ref p, out var hour, out var minute, out var second, out var ticks, skipSpace: true))
        {
            return null;
        }

        var q = p;
        DateTimeOffset? time;
        if (q + 5 <= s.Length && s[q] == ' ' && AllDigits(s.Slice(q + 1, 4)) && (q + 5 == s.Length || !char.IsAsciiDigit(s[q + 5])))
        {
            var year = int.Parse(s.Slice(q + 1, 4), NumberStyles.None, CultureInfo.InvariantCulture);
            time = Make(year, month, day, hour, minute, second, ticks, TimeSpan.Zero);
            p = q + 5;
        }
        else
        {
            time = InferYear(month, day, hour, minute, second, ticks, moment);
        }

        if (time is not null)
        {
            pos = p;
        }

        return time;
    }

    /// <summary><c>081109 203615</c> (yyMMdd HHmmss), <c>20171223-22:15:29:606</c> (yyyyMMdd-HH:mm:ss:SSS).</summary>
    private static DateTimeOffset? TryCompact(ReadOnlySpan<char> s, ref int pos)
    {
        var p = pos;
        if (s.Length >= p + 13 && AllDigits(s.Slice(p, 6)) && s[p + 6] == ' ' && AllDigits(s.Slice(p + 7, 6)))
        {
            var d = s.Slice(p, 6);
            var t = s.Slice(p + 7, 6);
            var time = Make(2000 + Two(d, 0), Two(d, 2), Two(d, 4), Two(t, 0), Two(t, 2), Two(t, 4), 0, TimeSpan.Zero);
            if (time is not null)
            {
                pos = p + 13;
            }

            return time;
        }

        if (s.Length >= p + 17 && AllDigits(s.Slice(p, 8)) && s[p + 8] is '-' or ' ')
        {
            var d = s.Slice(p, 8);
            var q = p + 9;
            if (!Clock(s, ref q, out var hour, out var minute, out var second, out var ticks, skipSpace: false))
            {
                return null;
            }

            if (ticks == 0 && q + 1 < s.Length && s[q] == ':' && char.IsAsciiDigit(s[q + 1]))
            {
                ticks = Fraction(s, ref q, ':', ':');
            }

            var time = Make((Two(d, 0) * 100) + Two(d, 2), Two(d, 4), Two(d, 6), hour, minute, second, ticks, TimeSpan.Zero);
            if (time is not null)
            {
                pos = q;
            }

            return time;
        }

        return null;
    }

    /// <summary><c>10/Oct/2000:13:55:36 -0700</c> (access logs).</summary>
    private static DateTimeOffset? TryAccess(ReadOnlySpan<char> s, ref int pos)
    {
        var p = pos;
        if (!Digits(s, ref p, 2, out var day) || !Sep(s, ref p, '/', '/', '/') || s.Length < p + 4)
        {
            return null;
        }

        var month = MonthOf(s.Slice(p, 3));
        p += 3;
        if (month == 0 || !Sep(s, ref p, '/', '/', '/') || !Digits(s, ref p, 4, out var year) || !Sep(s, ref p, ':', ':', ':')
            || !Clock(s, ref p, out var hour, out var minute, out var second, out var ticks, skipSpace: false))
        {
            return null;
        }

        var time = Make(year, month, day, hour, minute, second, ticks, Zone(s, ref p));
        if (time is not null)
        {
            pos = p;
        }

        return time;
    }

    private static int MonthOf(ReadOnlySpan<char> name)
    {
        for (var m = 0; m < Months.Length; m++)
        {
            if (name.Equals(Months[m], StringComparison.Ordinal))
            {
                return m + 1;
            }
        }

        return 0;
    }

    private static int Two(ReadOnlySpan<char> s, int at) => ((s[at] - '0') * 10) + (s[at + 1] - '0');

    private static bool AllDigits(ReadOnlySpan<char> s) => s.Length > 0 && !s.ContainsAnyExceptInRange('0', '9');

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

    private static bool Sep(ReadOnlySpan<char> s, ref int pos, char a, char b, char c)
    {
        if (pos < s.Length && (s[pos] == a || s[pos] == b || s[pos] == c))
        {
            pos++;
            return true;
        }

        return false;
    }
}
