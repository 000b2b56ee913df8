using System.Globalization;
using System.Text.RegularExpressions;

namespace Firebreak.Evidence;

/// <summary>Parses durations such as <c>15m</c>, <c>2h</c>, <c>1h30m</c>, <c>90s</c>, <c>1d</c> or <c>00:15:00</c>.</summary>
/// <remarks>A stand-in until Firebreak.Core's DurationParser is merged; the two accept the same forms.</remarks>
internal static partial class ConfigDuration
{
    [GeneratedRegex(@"^\s*(?:(?<n>\d+(?:\.\d+)?)\s*(?<u>ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|weeks?)\s*)+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 100)]
    private static partial Regex Parts();

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value > TimeSpan.Zero;
        }

        Match match;
        try
        {
            match = Parts().Match(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }

        if (!match.Success)
        {
            return false;
        }

        double seconds = 0;
        for (var i = 0; i < match.Groups["n"].Captures.Count; i++)
        {
            var n = double.Parse(match.Groups["n"].Captures[i].Value, CultureInfo.InvariantCulture);
            seconds += match.Groups["u"].Captures[i].Value.ToLowerInvariant() switch
            {
                "ms" => n / 1000,
                var u when u.StartsWith('s') => n,
                var u when u.StartsWith('m') => n * 60,
                var u when u.StartsWith('h') => n * 3600,
                var u when u.StartsWith('d') => n * 86400,
                _ => n * 604800,
            };
        }

        if (seconds <= 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
