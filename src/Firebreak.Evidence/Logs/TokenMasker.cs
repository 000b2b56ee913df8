using System.Runtime.CompilerServices;

namespace Firebreak.Evidence;

/// <summary>Replaces the variable parts of one whitespace-free token (numbers, IPs, hex, UUIDs, paths, ids) with <c>&lt;*&gt;</c>.</summary>
/// <remarks>
/// The rules follow the conventions of the corrected Loghub templates (Khan et al. 2022): a token is cut at
/// structural punctuation (<c>=:,;()[]{}"'|@!</c>); each piece that holds a digit becomes a variable, keeping a
/// leading plain word joined by <c>-</c>, <c>.</c> or <c>#</c> (<c>core.1234</c> to <c>core.&lt;*&gt;</c>); paths are
/// variables; booleans and a few default user names are variables; adjacent variables joined by <c>.:/@#</c> collapse.
/// </remarks>
public static class TokenMasker
{
    /// <summary>The variable marker used in templates.</summary>
    public const string Wildcard = "<*>";

    /// <summary>True when <paramref name="token"/> may hold a variable; false means <see cref="Mask"/> would return it unchanged.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool MayMask(ReadOnlySpan<char> token) =>
        CharClass.IndexOf(token, CharClass.Special) >= 0 || (token.Length is 4 or 5 && IsDefaultValue(token));

    /// <summary>Writes the masked form of <paramref name="token"/> into <paramref name="output"/> and returns its length.</summary>
    /// <remarks><paramref name="output"/> must hold at least <c>token.Length + 3</c> characters.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Mask(ReadOnlySpan<char> token, Span<char> output)
    {
        var url = token.IndexOf("://", StringComparison.Ordinal);
        if (url > 0 && UrlSpan(token, url) is { } span)
        {
            token[..span.Start].CopyTo(output);
            Wildcard.AsSpan().CopyTo(output[span.Start..]);
            token[span.End..].CopyTo(output[(span.Start + Wildcard.Length)..]);
            return span.Start + Wildcard.Length + token.Length - span.End;
        }

        if (QuerySpan(token) is { } query)
        {
            token[..query.Start].CopyTo(output);
            Wildcard.AsSpan().CopyTo(output[query.Start..]);
            token[query.End..].CopyTo(output[(query.Start + Wildcard.Length)..]);
            return query.Start + Wildcard.Length + token.Length - query.End;
        }

        var bare = token.TrimEnd(",;.");
        if (IsHostAndPort(bare) || IsDrivePath(bare))
        {
            Wildcard.AsSpan().CopyTo(output);
            token[bare.Length..].CopyTo(output[Wildcard.Length..]);
            return Wildcard.Length + token.Length - bare.Length;
        }

        var written = 0;
        var start = 0;
        for (var i = 0; i <= token.Length; i++)
        {
            if (i < token.Length && !IsStructural(token[i]))
            {
                continue;
            }

            if (i > start)
            {
                written = AppendPiece(token[start..i], output, written);
            }

            if (i < token.Length)
            {
                output[written++] = token[i];
            }

            start = i + 1;
        }

        var masked = output[..written];
        var first = masked.IndexOf(Wildcard, StringComparison.Ordinal);
        return first >= 0 && masked[(first + 3)..].Contains(Wildcard, StringComparison.Ordinal) ? Collapse(masked) : written;
    }

    /// <summary>True for punctuation that separates a key from its value inside a token: <c>=:,;()[]{}"'|@!&lt;&gt;#</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsStructural(char c) => CharClass.Is(c, CharClass.Structural);

    /// <summary>Collapses adjacent variables (<c>&lt;*&gt;&lt;*&gt;</c>, <c>&lt;*&gt;.&lt;*&gt;</c>, <c>&lt;*&gt;:&lt;*&gt;</c>...) in place and returns the new length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Collapse(Span<char> text)
    {
        var length = text.Length;
        var changed = true;
        while (changed)
        {
            changed = false;
            var at = text[..length].IndexOf(Wildcard, StringComparison.Ordinal);
            while (at >= 0 && at + 3 < length)
            {
                var next = at + 3;
                var skip = -1;
                if (text[..length][next..].StartsWith(Wildcard, StringComparison.Ordinal))
                {
                    skip = 3;
                }
                else if (next + 4 <= length && IsJoiner(text[next]) && text[..length][(next + 1)..].StartsWith(Wildcard, StringComparison.Ordinal))
                {
                    skip = 4;
                }
                else if (text[next] == '>' && (next + 1 == length || text[next + 1] is ' ' or ',' or ';'))
                {
                    // The corrected Loghub templates write <memory:<*>, vCores:<*>> as ...vCores:<*>.
                    skip = 1;
                }

                if (skip > 0)
                {
                    text[(next + skip)..length].CopyTo(text[next..]);
                    length -= skip;
                    changed = true;
                    continue;
                }

                var rel = text[(at + 1)..length].IndexOf(Wildcard, StringComparison.Ordinal);
                at = rel < 0 ? -1 : at + 1 + rel;
            }
        }

        return length;
    }

    /// <summary>True for <c>host.example.com:8080</c> or <c>localhost:80</c>: an endpoint is one variable even when the host has no digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsHostAndPort(ReadOnlySpan<char> token)
    {
        var colon = token.LastIndexOf(':');
        if (colon <= 0 || colon == token.Length - 1 || token.Length - colon > 6)
        {
            return false;
        }

        foreach (var c in token[(colon + 1)..])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        var host = token[..colon];
        var dots = 0;
        foreach (var c in host)
        {
            if (c == '.')
            {
                dots++;
            }
            else if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        var dashedWithDigit = host.Contains('-') && host.IndexOfAnyInRange('0', '9') >= 0;
        return ((dots > 0 || dashedWithDigit) && host[0] != '.' && host[^1] != '.') || host.Equals("localhost", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The span of a URL with a digit in it (<c>hdfs://nn-1:9000/x</c>, <c>akka.tcp://sys@host-1:80</c>) inside a token; URLs of words stay, like documentation links.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Start, int End)? UrlSpan(ReadOnlySpan<char> token, int scheme)
    {
        var start = scheme;
        while (start > 0 && (char.IsAsciiLetterOrDigit(token[start - 1]) || token[start - 1] is '.' or '+' or '-'))
        {
            start--;
        }

        var end = token.Length;
        while (end > scheme + 3 && token[end - 1] is ',' or ';' or '.' or ')' or ']' or '}' or '"' or '\'' or '>')
        {
            end--;
        }

        if (start == scheme || !char.IsAsciiLetter(token[start]) || token[(scheme + 3)..end].IndexOfAnyInRange('0', '9') < 0)
        {
            return null;
        }

        return (start, end);
    }

    /// <summary>The span of a path with a query string (<c>/v2/servers?all=True&amp;since=2017-05-16</c>) inside a token: the path and its parameters are one request target, not key=value pairs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Start, int End)? QuerySpan(ReadOnlySpan<char> token)
    {
        var start = 0;
        while (start < token.Length && token[start] is '"' or '\'' or '(' or '[')
        {
            start++;
        }

        if (start + 1 >= token.Length || token[start] != '/' || token[start + 1] == '/')
        {
            return null;
        }

        var query = token[start..].IndexOf('?');
        if (query < 2)
        {
            return null;
        }

        var end = token.Length;
        while (end > start + query + 1 && token[end - 1] is ',' or ';' or '.' or ')' or ']' or '"' or '\'')
        {
            end--;
        }

        return (start, end);
    }

    /// <summary>True for a Windows path such as <c>C:\x</c>.</summary>
    private static bool IsDrivePath(ReadOnlySpan<char> token) =>
        token.Length > 3 && char.IsAsciiLetter(token[0]) && token[1] == ':' && token[2] is '/' or '\\';

    private static bool IsJoiner(char c) => c is '.' or ':' or '/' or '@' or '#';

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AppendPiece(ReadOnlySpan<char> piece, Span<char> output, int written)
    {
        // A sentence's full stop is not part of the value before it.
        var period = piece.Length > 1 && piece[^1] == '.' && piece[^2] != '.' && piece[0] != '/' ? 1 : 0;
        if (IsVariablePiece(piece[..^period], out var keep))
        {
            piece[..keep].CopyTo(output[written..]);
            written += keep;
            Wildcard.AsSpan().CopyTo(output[written..]);
            written += Wildcard.Length;
            if (period == 1)
            {
                output[written++] = '.';
            }

            return written;
        }

        piece.CopyTo(output[written..]);
        return written + piece.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsVariablePiece(ReadOnlySpan<char> piece, out int keep)
    {
        keep = 0;
        if (piece.Length > 1 && piece[0] == '/' && piece[1] != '/')
        {
            return true;
        }

        if (piece.IndexOfAnyInRange('0', '9') < 0)
        {
            return IsDefaultValue(piece);
        }

        if (IsName(piece))
        {
            return false;
        }

        // Keep a leading word such as MININT-, BP-, jetty-6.1 or core.1234 before the variable part.
        var word = 0;
        while (word < piece.Length && char.IsAsciiLetter(piece[word]))
        {
            word++;
        }

        var run = word;
        while (run < piece.Length && piece[run] is '-' or '.')
        {
            run++;
        }

        if (word >= 2 && run > word && run < piece.Length && !IsHex(piece[..word])
            && (char.IsAsciiDigit(piece[run]) || IsUpper(piece[..word])))
        {
            keep = run;
        }

        return true;
    }

    /// <summary>True for names that merely contain a digit: ssh2, SOCKS5, jk2_init, log4j.properties, org.apache.hadoop.mapreduce.v2.app.MRAppMaster, HttpServer2$Connector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsName(ReadOnlySpan<char> piece)
    {
        if (piece.IsEmpty)
        {
            return false;
        }

        foreach (var range in piece.SplitAny(".-"))
        {
            var part = piece[range];
            if (part.IsEmpty || !char.IsAsciiLetter(part[0]))
            {
                return false;
            }

            var digits = 0;
            var letters = 0;
            var digitAt = -1;
            foreach (var c in part)
            {
                if (char.IsAsciiDigit(c))
                {
                    digits++;
                    digitAt = digitAt < 0 ? letters : digitAt;
                }
                else if (char.IsAsciiLetter(c))
                {
                    letters++;
                }
                else if (c is not '_' and not '$')
                {
                    return false;
                }
            }

            if (digits > 1 || (digits == 1 && (letters < 1 || IsHex(part) || part[part.IndexOfAnyInRange('0', '9') - 1] == '_')))
            {
                return false;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsUpper(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (!char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return text.Length >= 4;
    }

    private static bool IsDefaultValue(ReadOnlySpan<char> piece) =>
        piece.Equals("true", StringComparison.OrdinalIgnoreCase)
        || piece.Equals("false", StringComparison.OrdinalIgnoreCase)
        || piece.Equals("null", StringComparison.OrdinalIgnoreCase)
        || piece.Equals("root", StringComparison.OrdinalIgnoreCase)
        || piece.Equals("admin", StringComparison.OrdinalIgnoreCase);
}
