using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>Formatting helpers shared by the renderers: invariant times, durations, numbers, citations and safe Markdown text.</summary>
public static partial class Md
{
    /// <summary>A UTC time as <c>yyyy-MM-dd HH:mm UTC</c>.</summary>
    public static string Time(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>A UTC time with seconds, <c>yyyy-MM-dd HH:mm:ss UTC</c>.</summary>
    public static string TimeWithSeconds(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>A UTC clock time, <c>HH:mm UTC</c>.</summary>
    public static string Clock(DateTimeOffset at) =>
        at.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>A UTC date, <c>yyyy-MM-dd</c>.</summary>
    public static string Date(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A duration as <c>HH:MM</c> (hours may exceed 24; negative durations get a minus sign).</summary>
    public static string Duration(TimeSpan span)
    {
        var sign = span < TimeSpan.Zero ? "-" : string.Empty;
        var abs = span.Duration();
        var hours = (long)abs.TotalHours;
        return sign + hours.ToString("00", CultureInfo.InvariantCulture) + ":" + abs.Minutes.ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>A duration in words for prose, e.g. <c>4 min</c> or <c>2 h 5 min</c>.</summary>
    public static string Minutes(TimeSpan span)
    {
        var total = (long)Math.Round(span.TotalMinutes, MidpointRounding.AwayFromZero);
        if (Math.Abs(total) < 60)
        {
            return Num(total) + " min";
        }

        var hours = total / 60;
        var minutes = Math.Abs(total % 60);
        if (minutes == 0 && Math.Abs(hours) >= 48 && hours % 24 == 0)
        {
            return Num(hours / 24) + " days";
        }

        return minutes == 0 ? Num(hours) + " h" : Num(hours) + " h " + Num(minutes) + " min";
    }

    /// <summary>A number with up to <paramref name="decimals"/> decimals, invariant.</summary>
    public static string Num(double value, int decimals = 2) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("0." + new string('#', Math.Max(decimals, 1)), CultureInfo.InvariantCulture);

    /// <summary>An integer, invariant, without grouping.</summary>
    public static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A ratio 0..1 as a percentage, e.g. <c>35.2%</c>.</summary>
    public static string Percent(double ratio, int decimals = 2) => PercentText.Of(ratio, decimals);

    /// <summary>An unknown value with what would make it known.</summary>
    public static string Unknown(string wouldNeed) => $"unknown ({wouldNeed})";

    /// <summary>A sentence: trimmed, ending with a full stop unless it already ends with punctuation.</summary>
    public static string Sentence(string? text)
    {
        var value = (text ?? string.Empty).TrimEnd();
        return value.Length == 0 || value[^1] is '.' or '!' or '?' ? value : value + ".";
    }

    /// <summary>A citation of a source, e.g. <c>[logs/app.log:42]</c>.</summary>
    public static string Cite(SourceRef source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return "[" + Safe(source.ToString()) + "]";
    }

    /// <summary>A claim followed by its citation.</summary>
    public static string Cited(EvidenceItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Quote(item.Text) + " " + Cite(item.Source);
    }

    /// <summary>Text quoted from evidence: secrets redacted, then made safe for Markdown prose.</summary>
    public static string Quote(string? text) => Safe(Redactor.Redact(text ?? string.Empty));

    /// <summary>Text made safe for Markdown prose: newlines folded, tag starts escaped and template-placeholder look-alikes neutralised (<see cref="PlaceholderGuard"/>).</summary>
    public static string Safe(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var folded = text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');
        // Markdown needs no escape for braces; only a token that reads as an unfilled template placeholder ({user-id}) is
        // neutralised, by the one guard that owns it (it also makes the last pass over every artifact).
        var braces = PlaceholderGuard.Neutralize(folded);
        // <previous> would be swallowed by GitHub as an HTML tag.
        return TagStart().Replace(braces, "&lt;");
    }

    /// <summary>A table cell: safe text with pipes escaped.</summary>
    public static string Cell(string? text)
    {
        var safe = Safe(text);
        return safe.Length == 0 ? " " : safe.Replace("|", "\\|", StringComparison.Ordinal);
    }

    /// <summary>Inline code for a short identifier (file, command); falls back to plain safe text when it holds a backtick or brace token.</summary>
    public static string Code(string? text)
    {
        var value = text ?? string.Empty;
        if (value.Contains('`', StringComparison.Ordinal) || PlaceholderGuard.HasPlaceholder(value) || value.Contains('\n', StringComparison.Ordinal))
        {
            return Safe(value);
        }

        return "`" + value + "`";
    }

    /// <summary>A GitHub-flavoured Markdown table; every cell is escaped.</summary>
    public static string Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder();
        sb.Append("| ").Append(string.Join(" | ", headers.Select(Cell))).Append(" |\n");
        sb.Append('|').Append(string.Join('|', headers.Select(_ => "---"))).Append("|\n");
        foreach (var row in rows)
        {
            var cells = Enumerable.Range(0, headers.Count).Select(i => i < row.Count ? Cell(row[i]) : " ");
            sb.Append("| ").Append(string.Join(" | ", cells)).Append(" |\n");
        }

        return sb.ToString();
    }

    /// <summary>A checklist item.</summary>
    public static string Check(bool done, string text) => (done ? "- [x] " : "- [ ] ") + text;

    /// <summary>Text for a Mermaid label: no characters that Mermaid treats as syntax.</summary>
    public static string Mermaid(string? text, int max = 60)
    {
        var decoded = (text ?? string.Empty).Replace("&lt;", "<", StringComparison.Ordinal)
            .Replace("&#123;", "{", StringComparison.Ordinal).Replace("&#125;", "}", StringComparison.Ordinal);
        var cleaned = new string(Redactor.Redact(decoded)
            .Select(c => c is ':' or ';' or '#' or '"' or '[' or ']' or '{' or '}' or '(' or ')' or '<' or '>' or '|' or '`' or '\n' or '\r' ? ' ' : c)
            .ToArray());
        cleaned = Spaces().Replace(cleaned, " ").Trim();
        return cleaned.Length <= max ? cleaned : cleaned[..(max - 1)].TrimEnd() + "…";
    }

    /// <summary>Shortens long text for a table cell or list item.</summary>
    public static string Clip(string? text, int max = 160)
    {
        var value = text ?? string.Empty;
        return value.Length <= max ? value : value[..(max - 1)].TrimEnd() + "…";
    }

    [GeneratedRegex(@"<(?=[A-Za-z/!?])", RegexOptions.CultureInvariant)]
    private static partial Regex TagStart();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
