using System.Globalization;
using System.Text;

namespace Firebreak.Evidence;

/// <summary>One mined event of a file: its template and how many lines it covers.</summary>
public sealed record MinedEvent(string EventId, string Template, long Count, long FirstLine);

/// <summary>What mining a whole file produced.</summary>
public sealed record MinedFile(IReadOnlyList<MinedEvent> Events, long Lines, long Records);

/// <summary>Mines the templates of one log file and optionally writes the per-line <c>LineId,EventId,EventTemplate</c> CSV of the Loghub benchmark.</summary>
public static class LogTemplateRun
{
    /// <summary>Mines <paramref name="path"/>; with a format each physical line is one record whose content field is mined, otherwise records are found by their timestamps and continuation lines fold into them.</summary>
    public static MinedFile Mine(string path, LogFormat? format, Stream? csv, CancellationToken cancellationToken = default)
    {
        var miner = new TemplateMiner();
        var idsPath = csv is null ? null : Path.GetTempFileName();
        try
        {
            long lines = 0;
            long records = 0;
            var firstLine = new List<long>();
            using (var ids = idsPath is null ? null : new BufferedStream(new FileStream(idsPath, FileMode.Create, FileAccess.Write, FileShare.None, 1), 1 << 16))
            using (var reader = LogLineReader.Open(path))
            {
                var folder = new RecordFolder();
                var cluster = -1;
                Span<byte> idBytes = stackalloc byte[4];
                while (reader.TryReadLine(out var line))
                {
                    if ((lines & 0xFFFF) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    lines++;
                    ReadOnlySpan<char> content;
                    var continuation = false;
                    if (format is not null)
                    {
                        content = format.TryMatch(line, out var range) ? line[range] : line;
                    }
                    else
                    {
                        continuation = folder.IsContinuation(line, out var header);
                        content = line[header.ContentStart..];
                    }

                    if (!continuation || cluster < 0)
                    {
                        cluster = miner.Add(content);
                        records++;
                        while (firstLine.Count <= cluster)
                        {
                            firstLine.Add(lines);
                        }
                    }

                    if (ids is not null)
                    {
                        BitConverter.TryWriteBytes(idBytes, cluster);
                        ids.Write(idBytes);
                    }
                }
            }

            var templates = miner.Events(out var eventOfCluster);
            var counts = new long[templates.Count];
            var first = new long[templates.Count];
            Array.Fill(first, long.MaxValue);
            for (var c = 0; c < eventOfCluster.Length; c++)
            {
                counts[eventOfCluster[c]] += miner.Count(c);
                first[eventOfCluster[c]] = Math.Min(first[eventOfCluster[c]], firstLine[c]);
            }

            var events = templates.Select((t, e) => new MinedEvent(EventId(e), t, counts[e], first[e])).ToList();
            if (csv is not null && idsPath is not null)
            {
                WriteCsv(idsPath, events, eventOfCluster, csv, cancellationToken);
            }

            return new MinedFile(events, lines, records);
        }
        finally
        {
            if (idsPath is not null)
            {
                File.Delete(idsPath);
            }
        }
    }

    /// <summary>The event id written for an event index.</summary>
    public static string EventId(int index) => "E" + (index + 1).ToString(CultureInfo.InvariantCulture);

    private static void WriteCsv(string idsPath, List<MinedEvent> events, int[] eventOfCluster, Stream csv, CancellationToken cancellationToken)
    {
        var rows = events.Select(e => Encoding.UTF8.GetBytes($",{e.EventId},{Quote(e.Template)}\n")).ToArray();
        using var output = new BufferedStream(csv, 1 << 20);
        output.Write("LineId,EventId,EventTemplate\n"u8);
        using var ids = new FileStream(idsPath, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16);
        var buffer = new byte[1 << 16];
        Span<byte> number = stackalloc byte[24];
        long lineId = 0;
        int read;
        while ((read = ids.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i + 4 <= read; i += 4)
            {
                lineId++;
                var cluster = BitConverter.ToInt32(buffer, i);
                lineId.TryFormat(number, out var written, default, CultureInfo.InvariantCulture);
                output.Write(number[..written]);
                output.Write(rows[eventOfCluster[cluster]]);
            }
        }

        output.Flush();
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
