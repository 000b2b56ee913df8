using System.Text;

namespace Firebreak.Response;

/// <summary>RFC 4180 CSV text whose cells are safe to open in a spreadsheet (no formula injection).</summary>
public static class Csv
{
    /// <summary>
    /// A cell: a value starting with '=', '+', '-', '@', a tab or a carriage return is prefixed with a single quote so a
    /// spreadsheet shows it as text instead of running it; a value holding a comma, a quote or a line break is quoted,
    /// with inner quotes doubled.
    /// </summary>
    public static string Cell(string? value)
    {
        var text = value ?? string.Empty;
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>One record: the cells joined by commas, ended by CRLF.</summary>
    public static string Row(IEnumerable<string?> cells) => string.Join(',', cells.Select(Cell)) + "\r\n";

    /// <summary>A header row and the records.</summary>
    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder(Row(header));
        foreach (var row in rows)
        {
            text.Append(Row(row));
        }

        return text.ToString();
    }
}
