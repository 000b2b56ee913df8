using System.Text;

namespace Firebreak.Evidence;

/// <summary>Short texts decoded from UTF-8 once and shared: a deploy log repeats its components, kinds, keys and values on every line (a bounded table: past its size, texts are decoded each time).</summary>
internal sealed class TextPool
{
    /// <summary>The most distinct texts kept; a few MB at most.</summary>
    public const int Capacity = 16_384;

    /// <summary>The longest text kept, in UTF-8 bytes; longer texts rarely repeat.</summary>
    private const int MaxBytes = 128;

    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>An empty pool.</summary>
    public TextPool() => _lookup = _texts.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The text of <paramref name="utf8"/> (valid UTF-8), the same instance each time it repeats.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        if (utf8.Length > MaxBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        // UTF-8 never takes fewer bytes than UTF-16 chars, so the text fits.
        Span<char> chars = stackalloc char[MaxBytes];
        var text = chars[..Encoding.UTF8.GetChars(utf8, chars)];
        if (_lookup.TryGetValue(text, out var known))
        {
            return known;
        }

        var made = text.ToString();
        if (_texts.Count < Capacity)
        {
            _texts[made] = made;
        }

        return made;
    }
}
