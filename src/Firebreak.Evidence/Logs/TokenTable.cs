using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Firebreak.Evidence;

/// <summary>Interns tokens to dense integer ids, looked up by span so the hot path allocates only for tokens never seen before.</summary>
/// <remarks>Open hashing with a cheap non-cryptographic hash: tokens come from log files, not from an adversary worth a randomized hash, and lookups dominate mining time.</remarks>
internal sealed class TokenTable
{
    private readonly List<string> _texts = [];
    private int[] _buckets = new int[1024];
    private int[] _next = new int[1024];
    private uint[] _hashes = new uint[1024];

    /// <summary>Number of tokens.</summary>
    public int Count => _texts.Count;

    /// <summary>The text of a token.</summary>
    public string this[int id] => _texts[id];

    /// <summary>Finds a token's id; false when it was never added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGet(ReadOnlySpan<char> token, out int id)
    {
        var hash = Hash(token);
        for (var i = _buckets[(int)(hash & (uint)(_buckets.Length - 1))] - 1; i >= 0; i = _next[i] - 1)
        {
            if (_hashes[i] == hash && token.SequenceEqual(_texts[i]))
            {
                id = i;
                return true;
            }
        }

        id = -1;
        return false;
    }

    /// <summary>Adds a token that is not in the table yet and returns its id.</summary>
    public int Add(string text)
    {
        var id = _texts.Count;
        if (id == _next.Length)
        {
            Array.Resize(ref _next, id * 2);
            Array.Resize(ref _hashes, id * 2);
            _buckets = new int[_buckets.Length * 2];
            for (var i = 0; i < id; i++)
            {
                Link(i);
            }
        }

        _texts.Add(text);
        _hashes[id] = Hash(text);
        Link(id);
        return id;
    }

    private void Link(int id)
    {
        var bucket = (int)(_hashes[id] & (uint)(_buckets.Length - 1));
        _next[id] = _buckets[bucket];
        _buckets[bucket] = id + 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static uint Hash(ReadOnlySpan<char> text)
    {
        var h = 0x9E3779B97F4A7C15UL ^ (ulong)text.Length;
        var words = MemoryMarshal.Cast<char, ulong>(text);
        foreach (var w in words)
        {
            h = BitOperations.RotateLeft((h ^ w) * 0xFF51AFD7ED558CCDUL, 29);
        }

        for (var i = words.Length * 4; i < text.Length; i++)
        {
            h = BitOperations.RotateLeft((h ^ text[i]) * 0xC4CEB9FE1A85EC53UL, 23);
        }

        h ^= h >> 32;
        return (uint)h;
    }
}
