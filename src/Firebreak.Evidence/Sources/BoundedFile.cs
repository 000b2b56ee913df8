using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace Firebreak.Evidence;

/// <summary>The one owner of "read an input file": only regular files are opened (a named pipe would block forever, a device never ends), and never more than a limit.</summary>
public static partial class BoundedFile
{
    /// <summary>Why <paramref name="fullPath"/> cannot be read as an input file ("does not exist", "is a directory", "is a named pipe (FIFO)", ...), or null when it is a regular file.</summary>
    public static string? Refusal(string fullPath)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        if (Directory.Exists(fullPath))
        {
            return "is a directory, not a file";
        }

        if (!File.Exists(fullPath))
        {
            return "does not exist";
        }

        return FileType(fullPath) switch
        {
            null or Kind.Regular => null,
            Kind.Fifo => "is a named pipe (FIFO), not a regular file: reading it could block forever",
            Kind.CharacterDevice or Kind.BlockDevice => "is a device, not a regular file: it may never end",
            Kind.Socket => "is a socket, not a regular file",
            _ => "is not a regular file",
        };
    }

    /// <summary>The file's text, or null with a warning naming the file and the reason when it is not a regular file, cannot be read or is larger than <paramref name="maxBytes"/>.</summary>
    public static string? ReadText(string fullPath, string displayName, long maxBytes, ICollection<EvidenceWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        if (Open(fullPath, displayName, warnings) is not { } stream)
        {
            return null;
        }

        using (stream)
        {
            if (stream.Length > maxBytes)
            {
                warnings.Add(new EvidenceWarning(displayName, $"not read: {Size(stream.Length)} is more than the {Size(maxBytes)} limit for this input"));
                return null;
            }

            var (text, truncated) = ReadAtMost(stream, maxBytes);
            if (truncated)
            {
                warnings.Add(new EvidenceWarning(displayName, $"not read: it grew past the {Size(maxBytes)} limit for this input while being read"));
                return null;
            }

            return text;
        }
    }

    /// <summary>At most <paramref name="maxBytes"/> of the file's text (a warning says when the rest was cut off), or null with a warning when it cannot be read.</summary>
    public static string? ReadPrefix(string fullPath, string displayName, long maxBytes, ICollection<EvidenceWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        if (Open(fullPath, displayName, warnings) is not { } stream)
        {
            return null;
        }

        using (stream)
        {
            var (text, truncated) = ReadAtMost(stream, maxBytes);
            if (truncated)
            {
                warnings.Add(new EvidenceWarning(displayName, $"only the first {Size(maxBytes)} read: the rest is past the limit for this input"));
            }

            return text;
        }
    }

    /// <summary>Opens a regular file for reading, or null with a warning saying why not.</summary>
    public static FileStream? Open(string fullPath, string displayName, ICollection<EvidenceWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        if (Refusal(fullPath) is { } reason)
        {
            warnings.Add(new EvidenceWarning(displayName, File.Exists(fullPath) || Directory.Exists(fullPath) ? $"skipped: it {reason}" : "not available: the file does not exist"));
            return null;
        }

        try
        {
            return new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warnings.Add(new EvidenceWarning(displayName, $"not available: {e.Message}"));
            return null;
        }
    }

    /// <summary>The lines of a stream, each cut to <paramref name="maxLineBytes"/> bytes before it is decoded, up to <paramref name="maxBytes"/> in all.</summary>
    public static IEnumerable<BoundedLine> ReadLines(Stream stream, int maxLineBytes, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BoundedLineReader(stream, maxLineBytes, maxBytes);
        while (reader.MoveNext())
        {
            yield return reader.LimitReached
                ? new BoundedLine(reader.Number, string.Empty, 0, LimitReached: true)
                : new BoundedLine(reader.Number, Encoding.UTF8.GetString(reader.Line), reader.CutFromBytes, LimitReached: false);
        }
    }

    /// <summary>A size in the unit a person reads ("64 MiB", "512 KiB", "300 bytes").</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 20 => $"{bytes / (1L << 20)} MiB",
        >= 1L << 10 => $"{bytes / (1L << 10)} KiB",
        _ => $"{bytes} bytes",
    };

    private static (string Text, bool Truncated) ReadAtMost(Stream stream, long maxBytes)
    {
        var bytes = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, maxBytes + 1 - bytes.Length))) > 0)
        {
            bytes.Write(buffer, 0, read);
            if (bytes.Length > maxBytes)
            {
                break;
            }
        }

        var truncated = bytes.Length > maxBytes;
        var length = (int)Math.Min(bytes.Length, maxBytes);
        // A cut may split a UTF-8 sequence: the decoder replaces the partial character, never throws.
        var text = Encoding.UTF8.GetString(bytes.GetBuffer(), 0, length);
        return (text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text, truncated);
    }

    private enum Kind
    {
        Other,
        Regular,
        Directory,
        Fifo,
        CharacterDevice,
        BlockDevice,
        Socket,
        Link,
    }

    /// <summary>The file type (after links), from statx(2) on Linux; null where it cannot be asked (the open then proceeds as before).</summary>
    private static Kind? FileType(string fullPath)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = new byte[256];
        try
        {
            if (Statx(AtCurrentDirectory, fullPath, 0, StatxType, buffer) != 0)
            {
                return null;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }

        // struct statx: stx_mode is the u16 at offset 28 on every Linux architecture.
        var mode = BitConverter.ToUInt16(buffer, 28) & 0xF000;
        return mode switch
        {
            0x8000 => Kind.Regular,
            0x4000 => Kind.Directory,
            0x1000 => Kind.Fifo,
            0x2000 => Kind.CharacterDevice,
            0x6000 => Kind.BlockDevice,
            0xC000 => Kind.Socket,
            0xA000 => Kind.Link,
            _ => Kind.Other,
        };
    }

    private const int AtCurrentDirectory = -100;
    private const uint StatxType = 0x1;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, [Out] byte[] buffer);
}

/// <summary>Reads a stream line by line as bytes in one reused buffer (no allocation per line): each line cut to a limit before it is decoded, trailing carriage returns removed, and no more than a total limit read.</summary>
public sealed class BoundedLineReader : IDisposable
{
    /// <summary>How much is read from the stream at a time.</summary>
    private const int ChunkBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private readonly long _maxBytes;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _total;
    private bool _endOfStream;
    private bool _limitPending;
    private bool _done;
    private int _lineStart;
    private int _lineLength;

    /// <summary>Reads <paramref name="stream"/>, cutting each line to <paramref name="maxLineBytes"/> and stopping after the chunk that reaches <paramref name="maxBytes"/>.</summary>
    public BoundedLineReader(Stream stream, int maxLineBytes, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLineBytes);
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        _maxBytes = maxBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(maxLineBytes + ChunkBytes);
    }

    /// <summary>The current line's number (1-based); when <see cref="LimitReached"/>, the number of the last line read.</summary>
    public int Number { get; private set; }

    /// <summary>The current line's bytes (cut to the line limit, without its line break); valid until the next <see cref="MoveNext"/>.</summary>
    public ReadOnlySpan<byte> Line => _buffer.AsSpan(_lineStart, _lineLength);

    /// <summary>When the current line was longer than the limit, its full length in bytes; otherwise 0.</summary>
    public long CutFromBytes { get; private set; }

    /// <summary>True when the total limit was reached: there is no current line, and the rest of the stream is not read.</summary>
    public bool LimitReached { get; private set; }

    /// <summary>Moves to the next line (or to the limit); false at the end of the stream.</summary>
    public bool MoveNext()
    {
        if (_done)
        {
            return false;
        }

        var searchFrom = _start;
        while (true)
        {
            var newline = _buffer.AsSpan(searchFrom, _end - searchFrom).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = searchFrom + newline;
                Emit(_start, lineEnd - _start, lineEnd - _start);
                _start = lineEnd + 1;
                return true;
            }

            searchFrom = _end;
            if (_limitPending)
            {
                _done = true;
                LimitReached = true;
                CutFromBytes = 0;
                _lineLength = 0;
                return true;
            }

            if (_endOfStream)
            {
                _done = true;
                if (_end == _start)
                {
                    return false;
                }

                Emit(_start, _end - _start, _end - _start);
                _start = _end;
                return true;
            }

            if (_end - _start >= _maxLineBytes)
            {
                return ReadLongLine();
            }

            if (_buffer.Length - _end < ChunkBytes && _start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                searchFrom -= _start;
                _end -= _start;
                _start = 0;
            }

            Fill(_end);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    // A line longer than the limit: its first bytes are kept, the rest is read in chunks and only counted.
    private bool ReadLongLine()
    {
        Buffer.BlockCopy(_buffer, _start, _buffer, 0, _maxLineBytes);
        long lineBytes = _end - _start;
        _start = 0;
        _end = _maxLineBytes;
        while (true)
        {
            if (_limitPending)
            {
                _done = true;
                LimitReached = true;
                CutFromBytes = 0;
                _lineLength = 0;
                return true;
            }

            var read = Fill(_maxLineBytes);
            if (read == 0)
            {
                _done = true;
                Emit(0, _maxLineBytes, lineBytes);
                _start = _end = _maxLineBytes;
                return true;
            }

            var newline = _buffer.AsSpan(_maxLineBytes, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                Emit(0, _maxLineBytes, lineBytes + newline);
                _start = _maxLineBytes + newline + 1;
                _end = _maxLineBytes + read;
                return true;
            }

            lineBytes += read;
            _end = _maxLineBytes;
        }
    }

    private int Fill(int at)
    {
        var read = _stream.Read(_buffer, at, Math.Min(ChunkBytes, _buffer.Length - at));
        if (read == 0)
        {
            _endOfStream = true;
            return 0;
        }

        _end = at + read;
        _total += read;
        if (_total >= _maxBytes)
        {
            _limitPending = true;
        }

        return read;
    }

    private void Emit(int start, int kept, long lineBytes)
    {
        Number++;
        var length = Math.Min(kept, _maxLineBytes);
        while (length > 0 && _buffer[start + length - 1] == (byte)'\r')
        {
            length--;
        }

        _lineStart = start;
        _lineLength = length;
        CutFromBytes = lineBytes > _maxLineBytes ? lineBytes : 0;
    }
}

/// <summary>One line of a bounded read: its number, its text (cut to the line limit) and, when it was cut, its full length in bytes.</summary>
public sealed record BoundedLine(int Number, string Text, long CutFromBytes, bool LimitReached)
{
    /// <summary>True when the line was longer than the limit and only its start is in <see cref="Text"/>.</summary>
    public bool Truncated => CutFromBytes > 0;
}
