using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Firebreak.Core;

/// <summary>Parses durations such as <c>90s</c>, <c>15m</c>, <c>2h</c>, <c>1d</c>, <c>1w</c>, <c>1h30m</c> or <c>1.5h</c>.</summary>
/// <remarks>
/// A duration is one or more number-unit pairs, optionally separated by spaces. Units: <c>ms</c>, <c>s</c>/<c>sec</c>/<c>seconds</c>,
/// <c>m</c>/<c>min</c>/<c>minutes</c>, <c>h</c>/<c>hr</c>/<c>hours</c>, <c>d</c>/<c>days</c>, <c>w</c>/<c>weeks</c>, case-insensitive.
/// A bare number is refused because its unit would be a guess; <c>0</c> alone is accepted as zero. The .NET form
/// <c>hh:mm:ss</c> (e.g. <c>00:15:00</c>) is accepted too.
/// </remarks>
public static partial class DurationParser
{
    /// <summary>Parses <paramref name="text"/>, returning false with a one-line reason when it is not a duration.</summary>
    public static bool TryParse(string? text, out TimeSpan duration, [NotNullWhen(false)] out string? error)
    {
        duration = TimeSpan.Zero;
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            error = "a duration is required, e.g. 15m, 2h or 1d";
            return false;
        }

        if (trimmed == "0")
        {
            error = null;
            return true;
        }

        if (trimmed.Length > 100)
        {
            error = $"'{trimmed[..40]}...' is too long to be a duration";
            return false;
        }

        if (trimmed.Contains(':', StringComparison.Ordinal))
        {
            // The .NET form hh:mm:ss (or d.hh:mm:ss), as TimeSpan prints it.
            if (TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero)
            {
                error = null;
                return true;
            }

            duration = TimeSpan.Zero;
            error = $"'{trimmed}' is not a duration; use hh:mm:ss or a number and a unit, e.g. 15m or 2h";
            return false;
        }

        var position = 0;
        var total = 0d;
        foreach (Match match in Part().Matches(trimmed))
        {
            if (match.Index != position)
            {
                break;
            }

            position = match.Index + match.Length;
            var amount = double.Parse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            total += amount * UnitMilliseconds(match.Groups["u"].Value);
        }

        if (position == 0 || position != trimmed.Length)
        {
            error = $"'{trimmed}' is not a duration; use a number and a unit, e.g. 90s, 15m, 2h, 1d, 1w or 1h30m";
            return false;
        }

        if (total > TimeSpan.MaxValue.TotalMilliseconds / 2)
        {
            error = $"'{trimmed}' is too long a duration";
            return false;
        }

        duration = TimeSpan.FromMilliseconds(Math.Round(total));
        error = null;
        return true;
    }

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/> with the reason.</summary>
    public static TimeSpan Parse(string? text) =>
        TryParse(text, out var duration, out var error) ? duration : throw new FormatException(error);

    /// <summary>Formats a duration compactly, e.g. <c>1h30m</c>, <c>2d</c>, <c>45s</c>; the inverse of <see cref="Parse"/>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0";
        }

        var sign = duration < TimeSpan.Zero ? "-" : string.Empty;
        duration = duration.Duration();
        var parts = new List<string>();
        if (duration.Days > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{duration.Days}d"));
        }

        if (duration.Hours > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{duration.Hours}h"));
        }

        if (duration.Minutes > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{duration.Minutes}m"));
        }

        if (duration.Seconds > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{duration.Seconds}s"));
        }

        if (duration.Milliseconds > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{duration.Milliseconds}ms"));
        }

        return sign + string.Concat(parts);
    }

    private static double UnitMilliseconds(string unit) => unit.ToLowerInvariant() switch
    {
        "ms" => 1,
        "s" or "sec" or "secs" or "second" or "seconds" => 1_000,
        "m" or "min" or "mins" or "minute" or "minutes" => 60_000,
        "h" or "hr" or "hrs" or "hour" or "hours" => 3_600_000,
        "d" or "day" or "days" => 86_400_000,
        _ => 604_800_000,
    };

    [GeneratedRegex(
        @"\s*(?<n>\d+(?:\.\d+)?)\s*(?<u>ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w)(?![a-z])\s*",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
