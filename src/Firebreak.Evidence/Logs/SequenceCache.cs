using System.Runtime.CompilerServices;

namespace Firebreak.Evidence;

/// <summary>Remembers which cluster a masked token sequence (by its 64-bit hash) joined: open addressing, bounded, cleared when full.</summary>
internal sealed class SequenceCache
{
    private const int MaxCapacity = 1 << 22;

    private ulong[] _keys = new ulong[1 << 12];
    private int[] _values = new int[1 << 12];
    private int _count;

    /// <summary>Finds the cluster of a sequence hash.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGet(ulong key, out int value)
    {
        var mask = _keys.Length - 1;
        for (var i = (int)(key & (ulong)mask); ; i = (i + 1) & mask)
        {
            var stored = _values[i];
            if (stored == 0)
            {
                value = -1;
                return false;
            }

            if (_keys[i] == key)
            {
                value = stored - 1;
                return true;
            }
        }
    }

    /// <summary>Records the cluster of a sequence hash.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Set(ulong key, int value)
    {
        if ((_count + 1) * 2 > _keys.Length)
        {
            Grow();
        }

        var mask = _keys.Length - 1;
        for (var i = (int)(key & (ulong)mask); ; i = (i + 1) & mask)
        {
            if (_values[i] == 0)
            {
                _keys[i] = key;
                _values[i] = value + 1;
                _count++;
                return;
            }

            if (_keys[i] == key)
            {
                _values[i] = value + 1;
                return;
            }
        }
    }

    private void Grow()
    {
        var keys = _keys;
        var values = _values;
        if (keys.Length >= MaxCapacity)
        {
            // Bounded memory: forget everything; sequences are re-matched by similarity and cached again.
            Array.Clear(_values);
            _count = 0;
            return;
        }

        _keys = new ulong[keys.Length * 2];
        _values = new int[keys.Length * 2];
        _count = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            if (values[i] != 0)
            {
                Set(keys[i], values[i] - 1);
            }
        }
    }
}
