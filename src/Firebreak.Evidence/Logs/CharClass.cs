using System.Runtime.CompilerServices;

namespace Firebreak.Evidence;

/// <summary>Table-driven ASCII character classes for the tokenizer's inner loops (short tokens: a table beats vectorized search set-up).</summary>
/// <remarks>
/// The table is a constant in the assembly's data (a <see cref="ReadOnlySpan{T}"/> over a literal), so the hot loops
/// index it without a static-field load or a bounds check; <c>CharClassTests</c> checks it against the definitions.
/// </remarks>
internal static class CharClass
{
    /// <summary>Space, tab and other line-internal white space: <c>" \t\r\n\f\v"</c>.</summary>
    public const byte Blank = 1;

    /// <summary>Characters that may start or make a variable: digits, slashes and structural punctuation.</summary>
    public const byte Special = 2;

    /// <summary>Characters of numbers, IPs and endpoints: digits, '.', ':' and '-'.</summary>
    public const byte Number = 4;

    /// <summary>Letters, digits and underscore.</summary>
    public const byte Identifier = 8;

    /// <summary>Punctuation that separates a key from its value inside a token: <c>=:,;()[]{}"'|@!&lt;&gt;#</c>.</summary>
    public const byte Structural = 16;

    /// <summary>ASCII digits.</summary>
    public const byte Digit = 32;

    /// <summary>The classes of each ASCII character (index = code point).</summary>
    private static ReadOnlySpan<byte> Table =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 18, 18, 18, 0, 0, 0, 18, 18, 18, 0, 0, 18, 4, 4, 2,
        46, 46, 46, 46, 46, 46, 46, 46, 46, 46, 22, 18, 18, 18, 18, 0,
        18, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
        8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 18, 0, 18, 0, 8,
        0, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
        8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 18, 18, 18, 0, 0,
    ];

    /// <summary>True when <paramref name="c"/> is in any of the classes in <paramref name="classes"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Is(char c, byte classes) => c < 128 && (Table[c] & classes) != 0;

    /// <summary>Finds the end of the token starting at <paramref name="start"/> (the next blank or the end of <paramref name="text"/>) and returns the union of its characters' classes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte ScanToBlank(ReadOnlySpan<char> text, int start, out int end)
    {
        var table = Table;
        var classes = 0;
        var i = start;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 128)
            {
                var k = table[c];
                if ((k & Blank) != 0)
                {
                    break;
                }

                classes |= k;
            }
        }

        end = i;
        return (byte)classes;
    }

    /// <summary>Index of the first character in one of the classes, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int IndexOf(ReadOnlySpan<char> text, byte classes)
    {
        var table = Table;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 128 && (table[c] & classes) != 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Index of the first character in none of the classes, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int IndexOfExcept(ReadOnlySpan<char> text, byte classes)
    {
        var table = Table;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= 128 || (table[c] & classes) == 0)
            {
                return i;
            }
        }

        return -1;
    }
}
