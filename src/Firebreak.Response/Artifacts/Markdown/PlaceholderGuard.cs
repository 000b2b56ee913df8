using System.Text.RegularExpressions;

namespace Firebreak.Response;

/// <summary>The last line of defence against text that reads as an unfilled template placeholder, e.g. <c>{incident-id}</c>.</summary>
public static partial class PlaceholderGuard
{
    /// <summary>True when <paramref name="text"/> holds something that looks like an unfilled placeholder.</summary>
    public static bool HasPlaceholder(string text) => Pattern().IsMatch(text ?? string.Empty);

    /// <summary>Rewrites the braces of placeholder look-alikes as HTML entities (GitHub renders them as braces), so quoted evidence never reads as a hole.</summary>
    public static string Neutralize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Pattern().Replace(text, m => "&#123;" + m.Value[1..^1] + "&#125;");
    }

    // The acceptance check's pattern: {incident-id}, {P0/P1/P2/P3}, {YYYY-MM-DD...}, {HH:MM...}, {TBD...} and any {kebab-case} word.
    [GeneratedRegex(@"\{(incident-id|P0/P1/P2/P3|YYYY-MM-DD[^}]*|HH:MM[^}]*|TBD[^}]*|[a-z]+(-[a-z]+)+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
