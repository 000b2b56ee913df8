namespace Firebreak.Evidence;

/// <summary>Reads the one timestamp shape machines write (<c>2026-11-25T19:13:59.800Z</c>, <c>...+02:00</c>) straight from UTF-8, as UTC; any other shape is left to <see cref="DateTimeOffset.TryParse(string, IFormatProvider, System.Globalization.DateTimeStyles, out DateTimeOffset)"/>.</summary>
internal static class IsoTime
{
    /// <summary>The largest offset from UTC a time may carry (as <see cref="DateTimeOffset"/> allows).</summary>
    private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    /// <summary>True, with the instant in UTC, when <paramref name="text"/> is <c>yyyy-MM-ddTHH:mm:ss</c>, an optional fraction of 1 to 7 digits, and <c>Z</c> or <c>±HH:mm</c>; false for any other shape (not necessarily an invalid time).</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset at)
    {
        at = default;
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':'
            || !Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)
            || !Digits(text.Slice(11, 2), out var hour) || !Digits(text.Slice(14, 2), out var minute) || !Digits(text.Slice(17, 2), out var second))
        {
            return false;
        }

        var rest = text[19..];
        long fraction = 0;
        if (rest[0] == '.')
        {
            var digits = 1;
            while (digits < rest.Length && char.IsAsciiDigit((char)rest[digits]))
            {
                digits++;
            }

            // 1 to 7 digits: ticks are 100 ns.
            if (digits is 1 or > 8 || !Digits(rest[1..digits], out var value))
            {
                return false;
            }

            fraction = value;
            for (var i = digits - 1; i < 7; i++)
            {
                fraction *= 10;
            }

            rest = rest[digits..];
        }

        TimeSpan offset;
        if (rest.Length == 1 && rest[0] == 'Z')
        {
            offset = TimeSpan.Zero;
        }
        else if (rest.Length == 6 && rest[0] is (byte)'+' or (byte)'-' && rest[3] == ':'
            && Digits(rest.Slice(1, 2), out var offsetHours) && Digits(rest.Slice(4, 2), out var offsetMinutes) && offsetMinutes < 60)
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (rest[0] == '-')
            {
                offset = -offset;
            }

            if (offset > MaxOffset || offset < -MaxOffset)
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        // Years at the ends of the calendar, a 24th hour or a leap second: the general parser decides.
        if (year is < 2 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fraction);
        at = new DateTimeOffset(local - offset, TimeSpan.Zero);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}
