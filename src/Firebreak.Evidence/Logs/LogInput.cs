using System.IO.Compression;

namespace Firebreak.Evidence;

/// <summary>How a log file is stored: what <see cref="LogInput.Open"/> found and decoded.</summary>
public enum LogEncoding
{
    /// <summary>UTF-8 (or ASCII), with or without a byte-order mark.</summary>
    Utf8,

    /// <summary>UTF-16 little-endian, found by its byte-order mark or its zero high bytes.</summary>
    Utf16LittleEndian,

    /// <summary>UTF-16 big-endian.</summary>
    Utf16BigEndian,
}

/// <summary>A log that cannot be read as text: binary content, or a file that cannot be opened.</summary>
public sealed class LogInputException(string message) : IOException(message);

/// <summary>Opens a log as it is kept (plain, gzip-compressed, UTF-16 or UTF-8 with a mark, or standard input as <c>-</c>) as one UTF-8 byte stream.</summary>
public sealed class LogInput : IDisposable
{
    /// <summary>The name that reads standard input.</summary>
    public const string StandardInput = "-";

    /// <summary>How many leading bytes are looked at to tell text from binary and to find the encoding.</summary>
    public const int SniffBytes = 4096;

    private readonly TolerantStream _source;
    private readonly uint? _recordedSize;

    private LogInput(Stream stream, TolerantStream source, bool compressed, LogEncoding encoding, uint? recordedSize)
    {
        Stream = stream;
        _source = source;
        _recordedSize = recordedSize;
        Compressed = compressed;
        Encoding = encoding;
    }

    /// <summary>The decoded content as UTF-8 bytes.</summary>
    public Stream Stream { get; private set; }

    /// <summary>True when the file was gzip-compressed.</summary>
    public bool Compressed { get; }

    /// <summary>The encoding the file was written in.</summary>
    public LogEncoding Encoding { get; }

    /// <summary>Why reading stopped early (a truncated or damaged gzip stream), or null when the whole input was read.</summary>
    public string? Damage =>
        _source.Problem ?? (_source.Ended && _recordedSize is { } size && size != (uint)_source.Total
            ? $"truncated or damaged gzip data (decompressed {_source.Total:N0} bytes, its trailer records {size:N0})"
            : null);

    /// <summary>Opens <paramref name="path"/> (or standard input for <c>-</c>); throws <see cref="LogInputException"/> when it is binary.</summary>
    public static LogInput Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Stream raw = path == StandardInput
            ? Console.OpenStandardInput()
            : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        try
        {
            var prefix = ReadPrefix(raw);
            var compressed = prefix.Length >= 2 && prefix[0] == 0x1F && prefix[1] == 0x8B;
            var recordedSize = compressed && raw.CanSeek ? TrailerSize(path) : null;
            var tolerant = new TolerantStream(new PrefixedStream(prefix, raw));
            Stream content = tolerant;
            if (compressed)
            {
                tolerant = new TolerantStream(new GZipStream(tolerant, CompressionMode.Decompress));
                prefix = ReadPrefix(tolerant);
                content = tolerant;
            }

            var (encoding, skip) = Detect(prefix);
            if (encoding is null)
            {
                throw new LogInputException($"binary content (control bytes in the first {SniffBytes / 1024} KiB{(compressed ? " after decompression" : string.Empty)}), not a text log");
            }

            Stream text = compressed ? new PrefixedStream(prefix[skip..], content) : Skip(content, skip);
            text = encoding switch
            {
                LogEncoding.Utf16LittleEndian => System.Text.Encoding.CreateTranscodingStream(text, System.Text.Encoding.Unicode, System.Text.Encoding.UTF8),
                LogEncoding.Utf16BigEndian => System.Text.Encoding.CreateTranscodingStream(text, System.Text.Encoding.BigEndianUnicode, System.Text.Encoding.UTF8),
                _ => text,
            };
            return new LogInput(text, tolerant, compressed, encoding.Value, recordedSize);
        }
        catch
        {
            raw.Dispose();
            throw;
        }
    }

    /// <summary>The first <paramref name="lines"/> lines (at most <paramref name="maxBytes"/> bytes of them) without consuming them: <see cref="Stream"/> still starts at the first line, so a stream that cannot seek (standard input) can have its header detected before it is read.</summary>
    public IReadOnlyList<string> Peek(int lines, int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lines);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        var buffer = new byte[maxBytes];
        var used = 0;
        var newlines = 0;
        int read;
        while (newlines < lines && used < buffer.Length && (read = Stream.Read(buffer, used, buffer.Length - used)) > 0)
        {
            newlines += buffer.AsSpan(used, read).Count((byte)'\n');
            used += read;
        }

        var head = buffer[..used];
        Stream = new PrefixedStream(head, Stream);
        var sample = new List<string>();
        using var reader = new LogLineReader(new MemoryStream(head, writable: false));
        while (sample.Count < lines && reader.TryReadLine(out var line))
        {
            sample.Add(line.ToString());
        }

        return sample;
    }

    /// <summary>True for a plain UTF-8 file that can be cut into byte ranges and read in parallel.</summary>
    public static bool IsPlainFile(string path)
    {
        if (path == StandardInput)
        {
            return false;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        var prefix = ReadPrefix(stream);
        var compressed = prefix.Length >= 2 && prefix[0] == 0x1F && prefix[1] == 0x8B;
        return !compressed && Detect(prefix) is (LogEncoding.Utf8, 0);
    }

    /// <inheritdoc/>
    public void Dispose() => Stream.Dispose();

    /// <summary>The uncompressed size (modulo 2^32) a gzip file records in its last four bytes; a truncated file records something else.</summary>
    private static uint? TrailerSize(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        if (file.Length < 18)
        {
            return null;
        }

        Span<byte> trailer = stackalloc byte[4];
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(trailer);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer);
    }

    private static byte[] ReadPrefix(Stream stream)
    {
        var buffer = new byte[SniffBytes];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return buffer[..read];
    }

    private static Stream Skip(Stream stream, int bytes)
    {
        if (bytes > 0)
        {
            stream.ReadExactly(new byte[bytes]);
        }

        return stream;
    }

    /// <summary>The encoding of a file from its first bytes and how many mark bytes to skip; a null encoding means binary.</summary>
    private static (LogEncoding? Encoding, int Skip) Detect(ReadOnlySpan<byte> prefix)
    {
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (LogEncoding.Utf8, 3);
        }

        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (LogEncoding.Utf16LittleEndian, 2);
        }

        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (LogEncoding.Utf16BigEndian, 2);
        }

        if (prefix.IndexOf((byte)0) < 0 && !MostlyControl(prefix))
        {
            return (LogEncoding.Utf8, 0);
        }

        // UTF-16 without a mark: text whose every other byte is zero.
        var pairs = prefix.Length / 2;
        int zeroEven = 0, zeroOdd = 0;
        for (var i = 0; i + 1 < prefix.Length; i += 2)
        {
            zeroEven += prefix[i] == 0 ? 1 : 0;
            zeroOdd += prefix[i + 1] == 0 ? 1 : 0;
        }

        return pairs >= 4 && zeroOdd * 10 >= pairs * 9 && zeroEven * 10 < pairs ? (LogEncoding.Utf16LittleEndian, 0)
            : pairs >= 4 && zeroEven * 10 >= pairs * 9 && zeroOdd * 10 < pairs ? (LogEncoding.Utf16BigEndian, 0)
            : MostlyControl(prefix) ? (null, 0) : (LogEncoding.Utf8, 0);
    }

    /// <summary>Binary data: more than one byte in ten is a control character other than tab, line breaks and form feed.</summary>
    private static bool MostlyControl(ReadOnlySpan<byte> prefix)
    {
        var control = 0;
        foreach (var b in prefix)
        {
            control += b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C) ? 1 : 0;
        }

        return control * 10 > prefix.Length;
    }

    /// <summary>A forward-only, read-only stream: the wrappers below implement only <see cref="Stream.Read(Span{byte})"/> and disposal.</summary>
    private abstract class ReadOnlyStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public abstract override int Read(Span<byte> buffer);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Bytes already read, then the rest of a stream.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream rest) : ReadOnlyStream
    {
        private int _at;

        public override int Read(Span<byte> buffer)
        {
            if (_at < prefix.Length)
            {
                var n = Math.Min(buffer.Length, prefix.Length - _at);
                prefix.AsSpan(_at, n).CopyTo(buffer);
                _at += n;
                return n;
            }

            return rest.Read(buffer);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                rest.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>Ends the stream instead of throwing when compressed data is truncated or damaged, and remembers why.</summary>
    private sealed class TolerantStream(Stream inner) : ReadOnlyStream
    {
        public string? Problem { get; private set; }

        public long Total { get; private set; }

        public bool Ended { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            if (Problem is not null)
            {
                return 0;
            }

            try
            {
                var read = inner.Read(buffer);
                Total += read;
                Ended |= read == 0 && buffer.Length > 0;
                return read;
            }
            catch (InvalidDataException e)
            {
                Problem = $"damaged compressed data ({e.Message})";
                return 0;
            }
            catch (EndOfStreamException)
            {
                Problem = "truncated compressed data";
                return 0;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
