using System.Runtime.CompilerServices;
using System.Text;

namespace Firebreak.Evidence;

/// <summary>Reads a stream line by line into a reused buffer: no allocation per line, invalid UTF-8 becomes U+FFFD, and lines longer than the cap are cut.</summary>
public sealed class LogLineReader : IDisposable
{
    /// <summary>The longest line kept; the rest of a longer line is dropped.</summary>
    public const int DefaultMaxLineChars = 64 * 1024;

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();
    private readonly byte[] _bytes = new byte[1 << 20];
    private readonly char[] _chars;
    private readonly int _maxLineBytes;
    private int _start;
    private int _end;
    private bool _eof;
    private long _remaining = long.MaxValue;

    /// <summary>Reads from a stream.</summary>
    public LogLineReader(Stream stream, bool ownsStream = true, int maxLineChars = DefaultMaxLineChars)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineChars, 16);
        _stream = stream;
        _ownsStream = ownsStream;
        _maxLineBytes = Math.Min(maxLineChars, _bytes.Length / 2);
        _chars = new char[_maxLineBytes + 4];
    }

    /// <summary>The 1-based number of the line last read.</summary>
    public long LineNumber { get; private set; }

    /// <summary>True when the line last read was cut at the cap.</summary>
    public bool Truncated { get; private set; }

    /// <summary>Opens a file for sequential reading.</summary>
    public static LogLineReader Open(string path, int maxLineChars = DefaultMaxLineChars) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan), true, maxLineChars);

    /// <summary>Opens <paramref name="length"/> bytes of a file from <paramref name="offset"/>, for reading one chunk of a file in parallel with others.</summary>
    public static LogLineReader Open(string path, long offset, long length, int maxLineChars = DefaultMaxLineChars)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        stream.Seek(offset, SeekOrigin.Begin);
        return new LogLineReader(stream, true, maxLineChars) { _remaining = length };
    }

    /// <summary>Reads the next line (without its line break); false at the end of the stream.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadLine(out ReadOnlySpan<char> line)
    {
        Truncated = false;
        while (true)
        {
            var available = _bytes.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                // The cap applies to the bytes before decoding: a line longer than the buffer is cut and marked.
                Truncated = newline > _maxLineBytes;
                line = Decode(available[..Math.Min(newline, _maxLineBytes)]);
                _start += newline + 1;
                LineNumber++;
                return true;
            }

            if (available.Length >= _maxLineBytes)
            {
                line = Decode(available[.._maxLineBytes]);
                Truncated = true;
                SkipRestOfLine();
                LineNumber++;
                return true;
            }

            if (_eof)
            {
                if (available.Length == 0)
                {
                    line = default;
                    return false;
                }

                line = Decode(available);
                _start = _end;
                LineNumber++;
                return true;
            }

            Fill();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_bytes, _start, _bytes, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        var want = (int)Math.Min(_bytes.Length - _end, _remaining);
        var read = want == 0 ? 0 : _stream.Read(_bytes, _end, want);
        if (read == 0)
        {
            _eof = true;
        }

        _remaining -= read;
        _end += read;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SkipRestOfLine()
    {
        _start += _maxLineBytes;
        while (true)
        {
            var newline = _bytes.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start += newline + 1;
                return;
            }

            _start = _end = 0;
            if (_eof)
            {
                return;
            }

            Fill();
            if (_eof && _end == 0)
            {
                return;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ReadOnlySpan<char> Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        if (!Ascii.IsValid(bytes))
        {
            _decoder.Reset();
            var n = _decoder.GetChars(bytes, _chars, flush: true);
            return _chars.AsSpan(0, n);
        }

        var count = Encoding.ASCII.GetChars(bytes, _chars);
        return _chars.AsSpan(0, count);
    }
}
