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
        var buffer = new byte[64 * 1024];
        var line = new MemoryStream();
        var lineBytes = 0L;
        var total = 0L;
        var number = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            int newline;
            while ((newline = Array.IndexOf(buffer, (byte)'\n', start, read - start)) >= 0)
            {
                Append(buffer, start, newline - start);
                yield return Emit();
                start = newline + 1;
            }

            Append(buffer, start, read - start);
            total += read;
            if (total >= maxBytes)
            {
                yield return new BoundedLine(0, string.Empty, 0, LimitReached: true);
                yield break;
            }
        }

        if (lineBytes > 0)
        {
            yield return Emit();
        }

        void Append(byte[] bytes, int offset, int count)
        {
            var room = (int)Math.Max(0, Math.Min(count, maxLineBytes - line.Length));
            line.Write(bytes, offset, room);
            lineBytes += count;
        }

        BoundedLine Emit()
        {
            number++;
            var text = Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length).TrimEnd('\r');
            var result = new BoundedLine(number, text, lineBytes > maxLineBytes ? lineBytes : 0, LimitReached: false);
            line.SetLength(0);
            lineBytes = 0;
            return result;
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

/// <summary>One line of a bounded read: its number, its text (cut to the line limit) and, when it was cut, its full length in bytes.</summary>
public sealed record BoundedLine(int Number, string Text, long CutFromBytes, bool LimitReached)
{
    /// <summary>True when the line was longer than the limit and only its start is in <see cref="Text"/>.</summary>
    public bool Truncated => CutFromBytes > 0;
}
