using System.Text;

namespace Firebreak.Evidence;

/// <summary>Prepares evidence text for quoting in the record, the store or the terminal: secrets masked, control characters made visible, long fields cut.</summary>
public static class Quoted
{
    /// <summary>Redacted and sanitized text of any length (line breaks and tabs kept).</summary>
    public static string Text(string? text) => Sanitize(Redactor.Redact(text ?? string.Empty));

    /// <summary>Redacted and sanitized text cut to <paramref name="max"/> characters, the cut said in the text.</summary>
    public static string Field(string? text, int max = InputLimits.FieldChars) => InputLimits.Truncate(Text(text), max);

    /// <summary>
    /// Replaces control characters (ESC, BEL, backspace, carriage returns that are not line ends, C1 controls, DEL) and
    /// bidirectional overrides with visible symbols (ESC becomes ␛), so quoted evidence cannot drive a terminal or hide text in Markdown.
    /// </summary>
    public static string Sanitize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var first = IndexOfUnsafe(text);
        if (first < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        result.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                continue;
            }

            result.Append(IsUnsafe(c) ? Visible(c) : c);
        }

        return result.ToString();
    }

    /// <summary>True when <paramref name="text"/> holds a character <see cref="Sanitize"/> would replace.</summary>
    public static bool HasUnsafe(string? text) => text is not null && IndexOfUnsafe(text) >= 0;

    private static int IndexOfUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsUnsafe(char c) =>
        (c < ' ' && c is not '\n' and not '\t')
        || c is '\u007f' or (>= '\u0080' and <= '\u009f')
        || c is (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069') or '\u200e' or '\u200f' or '\u061c';

    // C0 controls have their own visible "control pictures" (U+2400..U+241F); DEL is U+2421; the rest become U+FFFD.
    private static char Visible(char c) => c switch
    {
        < ' ' => (char)('\u2400' + c),
        '\u007f' => '\u2421',
        _ => '\uFFFD',
    };
}
