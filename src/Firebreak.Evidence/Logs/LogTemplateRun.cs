using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Firebreak.Evidence;

/// <summary>One mined event of a file: its template and how many lines it covers.</summary>
public sealed record MinedEvent(string EventId, string Template, long Count, long FirstLine);

/// <summary>What mining a whole file produced.</summary>
public sealed record MinedFile(IReadOnlyList<MinedEvent> Events, long Lines, long Records);

/// <summary>Mines the templates of one log file and optionally writes the per-line <c>LineId,EventId,EventTemplate</c> CSV of the Loghub benchmark.</summary>
/// <remarks>
/// Large files are cut into chunks at line breaks and mined in parallel, one miner per chunk; the merge step feeds
/// every chunk's templates through one more miner so equal templates from different chunks become one event.
/// Per-line cluster ids go to a temporary file, so memory does not grow with the file.
/// </remarks>
public static class LogTemplateRun
{
    /// <summary>Files smaller than this are mined on one thread, so small inputs give the sequential (deterministic) result.</summary>
    public const long ParallelThreshold = 64L * 1024 * 1024;

    private const long MinChunkBytes = 32L * 1024 * 1024;

    /// <summary>Mines <paramref name="path"/>; with a format each physical line is one record whose content field is mined, otherwise records are found by their timestamps and continuation lines fold into them.</summary>
    public static MinedFile Mine(string path, LogFormat? format, Stream? csv, CancellationToken cancellationToken = default, int? workers = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var length = new FileInfo(path).Length;
        var count = workers ?? (length < ParallelThreshold ? 1 : (int)Math.Clamp(length / MinChunkBytes, 1, Math.Min(Environment.ProcessorCount, 8)));
        var chunks = Split(path, length, Math.Max(1, count));
        var results = new ChunkResult[chunks.Count];
        try
        {
            if (chunks.Count == 1)
            {
                results[0] = MineChunk(path, chunks[0], format, csv is not null, cancellationToken);
            }
            else
            {
                Parallel.For(0, chunks.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = chunks.Count },
                    i => results[i] = MineChunk(path, chunks[i], format, csv is not null, cancellationToken));
            }

            return Merge(results, csv, cancellationToken);
        }
        finally
        {
            foreach (var result in results)
            {
                if (result?.IdsPath is { } ids)
                {
                    File.Delete(ids);
                }
            }
        }
    }

    /// <summary>The event id written for an event index.</summary>
    public static string EventId(int index) => "E" + (index + 1).ToString(CultureInfo.InvariantCulture);

    private static List<(long Offset, long Length)> Split(string path, long length, int count)
    {
        var bounds = new List<long> { 0 };
        if (count > 1)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            var buffer = new byte[64 * 1024];
            for (var i = 1; i < count; i++)
            {
                var at = Math.Max(length * i / count, bounds[^1]);
                stream.Seek(at, SeekOrigin.Begin);
                var found = false;
                int read;
                while (!found && (read = stream.Read(buffer)) > 0)
                {
                    var newline = buffer.AsSpan(0, read).IndexOf((byte)'\n');
                    if (newline >= 0)
                    {
                        at += newline + 1;
                        found = true;
                    }
                    else
                    {
                        at += read;
                    }
                }

                if (found && at < length && at > bounds[^1])
                {
                    bounds.Add(at);
                }
            }
        }

        bounds.Add(length);
        return [.. bounds.Zip(bounds.Skip(1), (a, b) => (a, b - a))];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ChunkResult MineChunk(string path, (long Offset, long Length) chunk, LogFormat? format, bool keepIds, CancellationToken cancellationToken)
    {
        var miner = new TemplateMiner();
        var idsPath = keepIds ? Path.GetTempFileName() : null;
        var result = new ChunkResult(miner, idsPath);
        using var ids = idsPath is null ? null : new BufferedStream(new FileStream(idsPath, FileMode.Create, FileAccess.Write, FileShare.None, 1), 1 << 16);
        using var reader = LogLineReader.Open(path, chunk.Offset, chunk.Length);
        var folder = new RecordFolder();
        var cluster = -1;
        Span<byte> idBytes = stackalloc byte[4];
        while (reader.TryReadLine(out var line))
        {
            if ((result.Lines & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            result.Lines++;
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
                result.Records++;
                while (result.FirstLine.Count <= cluster)
                {
                    result.FirstLine.Add(result.Lines);
                }
            }

            if (ids is not null)
            {
                BitConverter.TryWriteBytes(idBytes, cluster);
                ids.Write(idBytes);
            }
        }

        return result;
    }

    private static MinedFile Merge(ChunkResult[] results, Stream? csv, CancellationToken cancellationToken)
    {
        // Each chunk's clusters map to events of one final miner: a single chunk maps to itself.
        var final = results.Length == 1 ? results[0].Miner : new TemplateMiner();
        var clusterOf = new int[results.Length][];
        for (var r = 0; r < results.Length; r++)
        {
            var miner = results[r].Miner;
            clusterOf[r] = new int[miner.ClusterCount];
            for (var c = 0; c < miner.ClusterCount; c++)
            {
                clusterOf[r][c] = results.Length == 1 ? c : final.Add(miner.Template(c), miner.Count(c));
            }
        }

        var templates = final.Events(out var eventOfCluster);
        var counts = new long[templates.Count];
        var first = new long[templates.Count];
        Array.Fill(first, long.MaxValue);
        long lineBase = 0;
        long records = 0;
        var eventOf = new int[results.Length][];
        for (var r = 0; r < results.Length; r++)
        {
            var miner = results[r].Miner;
            eventOf[r] = new int[miner.ClusterCount];
            for (var c = 0; c < miner.ClusterCount; c++)
            {
                var e = eventOfCluster[clusterOf[r][c]];
                eventOf[r][c] = e;
                counts[e] += miner.Count(c);
                first[e] = Math.Min(first[e], lineBase + results[r].FirstLine[c]);
            }

            lineBase += results[r].Lines;
            records += results[r].Records;
        }

        var events = templates.Select((t, e) => new MinedEvent(EventId(e), t, counts[e], first[e])).Where(e => e.Count > 0).ToList();
        if (csv is not null)
        {
            WriteCsv(results, eventOf, templates, csv, cancellationToken);
        }

        return new MinedFile(events, lineBase, records);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteCsv(ChunkResult[] results, int[][] eventOf, IReadOnlyList<string> templates, Stream csv, CancellationToken cancellationToken)
    {
        var rows = templates.Select((t, e) => Encoding.UTF8.GetBytes($",{EventId(e)},{Quote(t)}\n")).ToArray();
        using var output = new BufferedStream(csv, 1 << 20);
        output.Write("LineId,EventId,EventTemplate\n"u8);
        var buffer = new byte[1 << 16];
        Span<byte> number = stackalloc byte[24];
        long lineId = 0;
        for (var r = 0; r < results.Length; r++)
        {
            using var ids = new FileStream(results[r].IdsPath!, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16);
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
                    output.Write(rows[eventOf[r][cluster]]);
                }
            }
        }

        output.Flush();
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed class ChunkResult(TemplateMiner miner, string? idsPath)
    {
        public TemplateMiner Miner { get; } = miner;

        public string? IdsPath { get; } = idsPath;

        public long Lines { get; set; }

        public long Records { get; set; }

        public List<long> FirstLine { get; } = [];
    }
}
