using System.Runtime.CompilerServices;

namespace Firebreak.Evidence;

/// <summary>Table-driven ASCII character classes for the tokenizer's inner loops (short tokens: a table beats vectorized search set-up).</summary>
internal static class CharClass
{
    /// <summary>Space, tab and other line-internal white space.</summary>
    public const byte Blank = 1;

    /// <summary>Characters that may start or make a variable: digits, slashes and structural punctuation.</summary>
    public const byte Special = 2;

    /// <summary>Characters of numbers, IPs and endpoints: digits, '.', ':' and '-'.</summary>
    public const byte Number = 4;

    /// <summary>Letters, digits and underscore.</summary>
    public const byte Identifier = 8;

    private static readonly byte[] Table = Build();

    /// <summary>True when <paramref name="c"/> is in any of the classes in <paramref name="classes"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Is(char c, byte classes) => c < 128 && (Table[c] & classes) != 0;

    /// <summary>Index of the first character in one of the classes, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IndexOf(ReadOnlySpan<char> text, byte classes)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (Is(text[i], classes))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Index of the first character in none of the classes, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IndexOfExcept(ReadOnlySpan<char> text, byte classes)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!Is(text[i], classes))
            {
                return i;
            }
        }

        return -1;
    }

    private static byte[] Build()
    {
        var table = new byte[128];
        foreach (var c in " \t\r\n\f\v")
        {
            table[c] |= Blank;
        }

        foreach (var c in "0123456789/=:,;()[]{}\"'|@!<>#")
        {
            table[c] |= Special;
        }

        foreach (var c in "0123456789.:-")
        {
            table[c] |= Number;
        }

        for (var c = 0; c < 128; c++)
        {
            if (char.IsAsciiLetterOrDigit((char)c) || c == '_')
            {
                table[c] |= Identifier;
            }
        }

        return table;
    }
}
