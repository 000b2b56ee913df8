using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Firebreak.Evidence;

/// <summary>One mined event of a file: its template, how many lines it covers and where it first occurred.</summary>
public sealed record MinedEvent(string EventId, string Template, long Count, long FirstLine)
{
    /// <summary>The first occurrence as file and line within that file.</summary>
    public SourceRef? First { get; init; }
}

/// <summary>What mining the inputs produced, with what could not be read and which lines did not fit the format.</summary>
public sealed record MinedFile(IReadOnlyList<MinedEvent> Events, long Lines, long Records)
{
    /// <summary>The inputs read (fully or in part), in the order read.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>Inputs skipped or read only in part, with the reason.</summary>
    public IReadOnlyList<EvidenceWarning> Problems { get; init; } = [];

    /// <summary>Lines that did not match the given format (their header was detected instead).</summary>
    public long Unmatched { get; init; }

    /// <summary>The first line that did not match the format.</summary>
    public SourceRef? FirstUnmatched { get; init; }

    /// <summary>Lines cut at the line-length cap.</summary>
    public long Truncated { get; init; }

    /// <summary>Records folded into the overflow template because the template table was full.</summary>
    public long Folded { get; init; }
}

/// <summary>Options of a mining run, each with its documented default.</summary>
/// <param name="Workers">Threads to mine with; null picks by input size (one for inputs under <see cref="LogTemplateRun.ParallelThreshold"/>).</param>
/// <param name="MaxTemplates">The bound on the template table (default <see cref="TemplateMiner.DefaultMaxClusters"/>); new shapes past it fold into one template.</param>
public sealed record MineOptions(int? Workers = null, int MaxTemplates = TemplateMiner.DefaultMaxClusters)
{
    /// <summary>The defaults.</summary>
    public static MineOptions Default { get; } = new();
}

/// <summary>Mines the templates of log files and optionally writes the per-line <c>LineId,EventId,EventTemplate</c> CSV of the Loghub benchmark.</summary>
/// <remarks>
/// Inputs are read as kept (plain, gzip, UTF-16, standard input). Large plain files are cut into chunks at line
/// breaks and mined in parallel, one miner per chunk; the merge step feeds every chunk's templates through one more
/// miner so equal templates from different chunks become one event. Per-line cluster ids go to a temporary file, so
/// memory does not grow with the input.
/// </remarks>
public static class LogTemplateRun
{
    /// <summary>Files smaller than this are mined on one thread, so small inputs give the sequential (deterministic) result.</summary>
    public const long ParallelThreshold = 64L * 1024 * 1024;

    private const long MinChunkBytes = 32L * 1024 * 1024;
    private const int MaxWorkers = 8;

    /// <summary>Mines one file; see <see cref="Mine(IReadOnlyList{string}, LogFormat?, Stream?, MineOptions?, CancellationToken)"/>.</summary>
    public static MinedFile Mine(string path, LogFormat? format, Stream? csv, CancellationToken cancellationToken = default, int? workers = null) =>
        Mine([path], format, csv, new MineOptions(workers), cancellationToken);

    /// <summary>Mines <paramref name="inputs"/> in order (<c>-</c> is standard input); with a format each physical line is one record whose content field is mined (lines that do not match have their header detected and are counted), otherwise records are found by their timestamps and continuation lines fold into them.</summary>
    public static MinedFile Mine(IReadOnlyList<string> inputs, LogFormat? format, Stream? csv, MineOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        options ??= MineOptions.Default;
        var problems = new List<EvidenceWarning>();
        var chunks = new List<Chunk>();
        foreach (var input in inputs)
        {
            try
            {
                if (LogInput.IsPlainFile(input))
                {
                    var length = new FileInfo(input).Length;
                    var count = options.Workers ?? (length < ParallelThreshold ? 1 : (int)Math.Clamp(length / MinChunkBytes, 1, Math.Min(Environment.ProcessorCount, MaxWorkers)));
                    var detected = format is null ? Detect(input) : null;
                    chunks.AddRange(Split(input, length, Math.Max(1, count)).Select(c => new Chunk(input, c.Offset, c.Length, Plain: true, detected)));
                }
                else
                {
                    // Standard input cannot be opened twice: its header is detected from its first lines when it is read.
                    chunks.Add(new Chunk(input, 0, 0, Plain: false, format is null && input != LogInput.StandardInput ? Detect(input) : null));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(new EvidenceWarning(input, $"not read: {e.Message}"));
            }
        }

        var results = new ChunkResult?[chunks.Count];
        try
        {
            if (chunks.Count == 1 || options.Workers == 1)
            {
                for (var i = 0; i < chunks.Count; i++)
                {
                    results[i] = MineChunk(chunks[i], format, csv is not null, options.MaxTemplates, cancellationToken);
                }
            }
            else
            {
                Parallel.For(0, chunks.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Math.Min(Environment.ProcessorCount, MaxWorkers) },
                    i => results[i] = MineChunk(chunks[i], format, csv is not null, options.MaxTemplates, cancellationToken));
            }

            foreach (var result in results)
            {
                if (result?.Problem is { } problem)
                {
                    problems.Add(new EvidenceWarning(result.Chunk.Path, problem));
                }
            }

            var read = results.Where(r => r?.Miner is not null).Select(r => r!).ToArray();
            return Merge(read, csv, options.MaxTemplates, cancellationToken) with
            {
                Files = [.. read.Select(r => r.Chunk.Path).Distinct(StringComparer.Ordinal)],
                Problems = problems,
            };
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

    /// <summary>Detects the header format of a file from its first <see cref="HeaderDetector.SampleLines"/> lines.</summary>
    public static DetectedFormat Detect(string path) => HeaderDetector.DetectFile(path);

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
    private static ChunkResult MineChunk(Chunk chunk, LogFormat? format, bool keepIds, int maxTemplates, CancellationToken cancellationToken)
    {
        var result = new ChunkResult(chunk);
        LogInput? input = null;
        LogLineReader reader;
        try
        {
            if (chunk.Plain)
            {
                reader = LogLineReader.Open(chunk.Path, chunk.Offset, chunk.Length);
            }
            else
            {
                input = LogInput.Open(chunk.Path);
                if (format is null && chunk.Detected is null)
                {
                    chunk = chunk with { Detected = HeaderDetector.DetectInput(input) };
                }

                reader = new LogLineReader(input.Stream);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            result.Problem = $"not read: {e.Message}";
            return result;
        }

        var miner = new TemplateMiner(maxClusters: maxTemplates, keepConstantValues: true);
        result.Miner = miner;
        result.IdsPath = keepIds ? Path.GetTempFileName() : null;
        using (input)
        using (reader)
        using (var ids = result.IdsPath is null ? null : new BufferedStream(new FileStream(result.IdsPath, FileMode.Create, FileAccess.Write, FileShare.None, 1), 1 << 16))
        {
            ReadLines(reader, format, chunk.Detected?.Format, miner, result, ids, cancellationToken);
        }

        if (input?.Damage is { } damage)
        {
            result.Problem = $"read only up to line {result.Lines:N0}: {damage}";
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadLines(LogLineReader reader, LogFormat? format, LogFormat? detected, TemplateMiner miner, ChunkResult result, Stream? ids, CancellationToken cancellationToken)
    {
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
            if (reader.Truncated)
            {
                result.Truncated++;
            }

            ReadOnlySpan<char> content;
            var continuation = false;
            if (format is not null)
            {
                if (format.TryMatch(line, out var range))
                {
                    content = line[range];
                }
                else
                {
                    // Never mine a whole line silently: its header is detected, and the line is counted and cited.
                    content = HeaderDetector.Detect(line).Content(line);
                    if (result.Unmatched++ == 0)
                    {
                        result.FirstUnmatched = result.Lines;
                    }
                }
            }
            else if (detected is not null)
            {
                // The file's detected format first; a line that does not fit has its own header detected, and a
                // line with no header at all continues the record before it (stack traces, wrapped messages).
                if (detected.TryMatch(line, out var range))
                {
                    content = line[range];
                }
                else
                {
                    var header = HeaderDetector.Detect(line);
                    continuation = header.Format == HeaderDetector.NoHeader;
                    content = header.Content(line);
                }
            }
            else
            {
                var header = HeaderDetector.Detect(line);
                continuation = folder.IsContinuation(line, out _);
                content = header.Content(line);
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
    }

    private static MinedFile Merge(ChunkResult[] results, Stream? csv, int maxTemplates, CancellationToken cancellationToken)
    {
        // Each chunk's clusters map to events of one final miner: a single chunk maps to itself.
        var final = results.Length == 1 ? results[0].Miner! : new TemplateMiner(maxClusters: maxTemplates, keepConstantValues: true);
        var clusterOf = new int[results.Length][];
        for (var r = 0; r < results.Length; r++)
        {
            var miner = results[r].Miner!;
            clusterOf[r] = new int[miner.ClusterCount];
            for (var c = 0; c < miner.ClusterCount; c++)
            {
                clusterOf[r][c] = results.Length == 1 ? c : final.Add(miner.Template(c), miner.Count(c));
            }
        }

        var templates = final.Events(out var eventOfCluster);
        var counts = new long[templates.Count];
        var first = new long[templates.Count];
        var firstSource = new SourceRef?[templates.Count];
        Array.Fill(first, long.MaxValue);
        long lineBase = 0;
        long records = 0;
        long unmatched = 0;
        SourceRef? firstUnmatched = null;
        var eventOf = new int[results.Length][];
        var fileLineBase = 0L;
        for (var r = 0; r < results.Length; r++)
        {
            var result = results[r];
            if (r > 0 && results[r - 1].Chunk.Path != result.Chunk.Path)
            {
                fileLineBase = 0;
            }

            var miner = result.Miner!;
            eventOf[r] = new int[miner.ClusterCount];
            for (var c = 0; c < miner.ClusterCount; c++)
            {
                var e = eventOfCluster[clusterOf[r][c]];
                eventOf[r][c] = e;
                counts[e] += miner.Count(c);
                if (lineBase + result.FirstLine[c] < first[e])
                {
                    first[e] = lineBase + result.FirstLine[c];
                    firstSource[e] = new SourceRef(result.Chunk.Path, (int)Math.Min(fileLineBase + result.FirstLine[c], int.MaxValue));
                }
            }

            if (result.Unmatched > 0 && firstUnmatched is null)
            {
                firstUnmatched = new SourceRef(result.Chunk.Path, (int)Math.Min(fileLineBase + result.FirstUnmatched, int.MaxValue));
            }

            unmatched += result.Unmatched;
            lineBase += result.Lines;
            fileLineBase += result.Lines;
            records += result.Records;
        }

        var events = templates.Select((t, e) => new MinedEvent(EventId(e), t, counts[e], first[e]) { First = firstSource[e] }).Where(e => e.Count > 0).ToList();
        if (csv is not null)
        {
            WriteCsv(results, eventOf, templates, csv, cancellationToken);
        }

        return new MinedFile(events, lineBase, records)
        {
            Unmatched = unmatched,
            FirstUnmatched = firstUnmatched,
            Truncated = results.Sum(r => r.Truncated),
            Folded = results.Sum(r => r.Miner!.Folded) + (results.Length == 1 ? 0 : final.Folded),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteCsv(ChunkResult[] results, int[][] eventOf, IReadOnlyList<string> templates, Stream csv, CancellationToken cancellationToken)
    {
        var rows = templates.Select((t, e) => Encoding.UTF8.GetBytes($",{EventId(e)},{Quote(t)}\n")).ToArray();
        csv.Write("LineId,EventId,EventTemplate\n"u8);

        // Rows are assembled in one large buffer that goes to the stream when full: two copies per row, no call per field.
        var output = new byte[1 << 20];
        var used = 0;
        var buffer = new byte[1 << 16];
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
                    var row = rows[eventOf[r][BitConverter.ToInt32(buffer, i)]];
                    if (used + row.Length + 20 > output.Length)
                    {
                        csv.Write(output, 0, used);
                        used = 0;
                    }

                    lineId.TryFormat(output.AsSpan(used), out var written, default, CultureInfo.InvariantCulture);
                    used += written;
                    if (row.Length > output.Length - used)
                    {
                        // A template longer than the buffer goes straight to the stream.
                        csv.Write(output, 0, used);
                        csv.Write(row);
                        used = 0;
                    }
                    else
                    {
                        row.CopyTo(output, used);
                        used += row.Length;
                    }
                }
            }
        }

        csv.Write(output, 0, used);
        csv.Flush();
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed record Chunk(string Path, long Offset, long Length, bool Plain, DetectedFormat? Detected);

    private sealed class ChunkResult(Chunk chunk)
    {
        public Chunk Chunk { get; } = chunk;

        public TemplateMiner? Miner { get; set; }

        public string? IdsPath { get; set; }

        public string? Problem { get; set; }

        public long Lines { get; set; }

        public long Records { get; set; }

        public long Unmatched { get; set; }

        public long FirstUnmatched { get; set; }

        public long Truncated { get; set; }

        public List<long> FirstLine { get; } = [];
    }
}
