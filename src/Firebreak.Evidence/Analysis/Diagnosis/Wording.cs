using System.Globalization;
using System.Text.RegularExpressions;
using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>Formatting and text matching shared by the reasoning rules.</summary>
internal static partial class Wording
{
    /// <summary>A number as written in artifacts: invariant, at most four significant decimals.</summary>
    public static string Num(double value) =>
        Math.Abs(value) >= 100 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.####", CultureInfo.InvariantCulture);

    public static string Num(double? value) => value is { } v ? Num(v) : "unknown";

    public static string Percent(double ratio) => PercentText.Of(ratio);

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? at) => at is { } t ? Time(t) : "unknown";

    public static string Span(TimeSpan span)
    {
        var abs = span.Duration();
        var text = abs.TotalMinutes < 1 ? $"{(int)abs.TotalSeconds} s"
            : abs.TotalHours < 2 ? $"{(int)Math.Round(abs.TotalMinutes)} min"
            : abs.TotalDays < 2 ? (abs.TotalHours).ToString("0.#", CultureInfo.InvariantCulture) + " h"
            : (abs.TotalDays).ToString("0.#", CultureInfo.InvariantCulture) + " d";
        return text;
    }

    /// <summary>The text with its first letter in upper case, to start a sentence.</summary>
    public static string Sentence(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    public static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static bool Has(string? text, string term) =>
        text is not null && text.Contains(term, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="term"/> occurs in <paramref name="text"/> as a whole word (not inside a longer name).</summary>
    public static bool HasWord(string? text, string term) =>
        text is not null && term.Length > 0
        && Regex.IsMatch(text, @"(?<![A-Za-z0-9_-])" + Regex.Escape(term) + @"(?![A-Za-z0-9_-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>The first of <paramref name="terms"/> found in <paramref name="text"/>, or null.</summary>
    public static string? FirstOf(string? text, IEnumerable<string> terms) =>
        text is null ? null : terms.FirstOrDefault(t => text.Contains(t, StringComparison.OrdinalIgnoreCase));

    /// <summary>Lower-case words of three letters or more (identifiers split on punctuation), for runbook matching.</summary>
    public static HashSet<string> Words(string? text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text))
        {
            return words;
        }

        foreach (Match m in WordPattern().Matches(SplitCamel(text)))
        {
            var w = m.Value.ToLowerInvariant();
            if (w.Length >= 3 && !StopWords.Contains(w))
            {
                words.Add(w);
            }
        }

        return words;
    }

    /// <summary>Public (routable) IPv4 addresses in the text: private, loopback and link-local ranges are ours.</summary>
    public static IReadOnlyList<string> PublicIps(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var found = new List<string>();
        foreach (Match m in Ipv4Pattern().Matches(text))
        {
            var parts = m.Value.Split('.').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            if (parts.Any(p => p > 255))
            {
                continue;
            }

            var isPrivate = parts[0] is 10 or 127 or 0 || parts[0] >= 224
                || (parts[0] == 172 && parts[1] is >= 16 and <= 31)
                || (parts[0] == 192 && parts[1] == 168)
                || (parts[0] == 169 && parts[1] == 254)
                || (parts[0] == 100 && parts[1] is >= 64 and <= 127);
            if (!isPrivate)
            {
                found.Add(m.Value);
            }
        }

        return found;
    }

    /// <summary>Host names of URLs in the text (e.g. api.card-provider.example).</summary>
    public static IReadOnlyList<string> UrlHosts(string? text) =>
        string.IsNullOrEmpty(text) ? [] : [.. UrlPattern().Matches(text).Select(m => m.Groups[1].Value.ToLowerInvariant())];

    private static string SplitCamel(string text) => CamelPattern().Replace(text, "$1 $2");

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "with", "from", "that", "this", "then", "than", "when", "into", "over", "are", "was",
        "not", "but", "all", "any", "can", "has", "have", "its", "our", "out", "per", "use", "via", "your", "you",
        "runbook", "step", "steps", "symptoms", "mitigation", "diagnosis", "escalation", "after", "before", "above",
        "below", "min", "minutes", "http", "https", "www", "com", "example", "invalid", "info", "warn", "debug",
    };

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9]*")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"([a-z0-9])([A-Z])")]
    private static partial Regex CamelPattern();

    [GeneratedRegex(@"(?<![\d.])(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?![\d.])")]
    private static partial Regex Ipv4Pattern();

    [GeneratedRegex(@"[a-z][a-z0-9+.-]*://([A-Za-z0-9.-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();
}

/// <summary>Words a ratio that no percentage can show (NaN, infinite, or garbage such as 1e308, which printed as "Infinity%"), for every percentage formatter.</summary>
public static class ImplausiblePercent
{
    /// <summary>The wording for such a ratio, or null when it is an ordinary number.</summary>
    public static string? Wording(double ratio) => PercentText.Implausible(ratio);
}
