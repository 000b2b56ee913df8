using System.Globalization;
using System.Text;

namespace Firebreak.Evidence;

/// <summary>Reads metric series from Prometheus query answers (matrix or vector JSON) and from timestamp,value CSV files.</summary>
public static class MetricReader
{
    // Timestamps outside this range are garbage, not history.
    private static readonly long MinUnixSeconds = new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
    private static readonly long MaxUnixSeconds = new DateTimeOffset(2200, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    /// <summary>Reads one metric file (JSON or CSV, chosen by content) as a stream, never more than <see cref="InputLimits.PrometheusAnswerBytes"/>; problems become warnings.</summary>
    public static IReadOnlyList<MetricSeries> ReadFile(string fullPath, string relativePath, MetricSource source, ICollection<EvidenceWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(warnings);
        if (BoundedFile.Open(fullPath, relativePath, warnings) is not { } stream)
        {
            return [];
        }

        try
        {
            using (stream)
            {
                var start = SkipByteOrderMark(stream);
                stream.Position = start;
                var json = FirstSignificantByte(stream) is (byte)'{' or (byte)'[';
                stream.Position = start;
                return json
                    ? PrometheusAnswerReader.Read(stream, relativePath, source, warnings)
                    : ParseCsv(BoundedFile.ReadLines(stream, InputLimits.CsvLineBytes, InputLimits.PrometheusAnswerBytes), relativePath, source, warnings);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warnings.Add(new EvidenceWarning(relativePath, $"not available: {e.Message}"));
            return [];
        }
    }

    /// <summary>Parses a Prometheus /api/v1/query_range (matrix) or /api/v1/query (vector) answer held in memory (the same streaming reader as for files and live answers).</summary>
    public static IReadOnlyList<MetricSeries> ParsePrometheus(string json, string sourceName, MetricSource source, ICollection<EvidenceWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json), writable: false);
        return PrometheusAnswerReader.Read(stream, sourceName, source, warnings);
    }

    /// <summary>Parses CSV with a <c>timestamp,value</c> header; timestamps are ISO 8601 or epoch seconds.</summary>
    public static IReadOnlyList<MetricSeries> ParseCsv(string csv, string sourceName, MetricSource source, ICollection<EvidenceWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(csv);
        return ParseCsv(csv.Split('\n').Select((line, i) => new BoundedLine(i + 1, line, 0, LimitReached: false)), sourceName, source, warnings);
    }

    /// <summary>Parses CSV lines (each already cut to a byte limit) with a <c>timestamp,value</c> header.</summary>
    public static IReadOnlyList<MetricSeries> ParseCsv(IEnumerable<BoundedLine> lines, string sourceName, MetricSource source, ICollection<EvidenceWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(warnings);
        var samples = new List<MetricSample>();
        var skipped = 0;
        foreach (var bounded in lines)
        {
            if (bounded.LimitReached)
            {
                warnings.Add(new EvidenceWarning(sourceName, $"only the first {BoundedFile.Size(InputLimits.PrometheusAnswerBytes)} read: the lines after line {bounded.Number} are past the limit for this input"));
                break;
            }

            if (bounded.Truncated)
            {
                skipped++;
                continue;
            }

            var lineNumber = bounded.Number;
            var line = bounded.Text.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(',', ';', '\t');
            if (parts.Length < 2)
            {
                skipped++;
                continue;
            }

            if (lineNumber == 1 && !char.IsAsciiDigit(parts[0].Trim().Trim('"').FirstOrDefault()))
            {
                continue; // header
            }

            if (ParseTime(parts[0].Trim().Trim('"')) is { } at && ParseValue(parts[1].Trim().Trim('"')) is { } value)
            {
                samples.Add(new MetricSample(at, value));
            }
            else
            {
                skipped++;
            }
        }

        if (skipped > 0)
        {
            warnings.Add(new EvidenceWarning(sourceName, $"{skipped} CSV line(s) skipped (not timestamp,value or not finite)"));
        }

        if (samples.Count == 0)
        {
            warnings.Add(new EvidenceWarning(sourceName, "no samples"));
            return [];
        }

        return [Build(new Dictionary<string, string>(), samples, sourceName, source)];
    }

    /// <summary>One series from its labels and samples: sorted by time, a duplicate timestamp keeping the last value given.</summary>
    internal static MetricSeries Build(Dictionary<string, string> labels, List<MetricSample> samples, string sourceName, MetricSource source)
    {
        samples.Sort((a, b) => a.At.CompareTo(b.At));
        // Duplicate timestamps keep the last value given.
        var distinct = new List<MetricSample>(samples.Count);
        foreach (var s in samples)
        {
            if (distinct.Count > 0 && distinct[^1].At == s.At)
            {
                distinct[^1] = s;
            }
            else
            {
                distinct.Add(s);
            }
        }

        var component = source.Component ?? (labels.TryGetValue("component", out var c) ? c : null);
        return new MetricSeries(source.Name ?? string.Empty, source.Kind, component, labels, distinct, new SourceRef(sourceName));
    }

    /// <summary>Names each series: the source's name, else __name__, else the file stem, with the distinguishing labels when there are several.</summary>
    internal static List<MetricSeries> Named(List<MetricSeries> series, MetricSource source, string sourceName)
    {
        var stem = Path.GetFileNameWithoutExtension(sourceName);
        return series.Select(s =>
        {
            var baseName = source.Name ?? (s.Labels.TryGetValue("__name__", out var n) && n.Length > 0 ? n : stem);
            if (series.Count == 1)
            {
                return s with { Name = baseName };
            }

            var distinguishing = s.Labels.Where(l => l.Key != "__name__").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"");
            return s with { Name = $"{baseName}{{{string.Join(',', distinguishing)}}}" };
        }).ToList();
    }

    private static long SkipByteOrderMark(FileStream stream)
    {
        Span<byte> bom = stackalloc byte[3];
        var read = stream.ReadAtLeast(bom, 3, throwOnEndOfStream: false);
        return read == 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF ? 3 : 0;
    }

    private static int FirstSignificantByte(FileStream stream)
    {
        int b;
        while ((b = stream.ReadByte()) is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
        }

        return b;
    }

    private static double? ParseValue(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;

    private static DateTimeOffset? ParseTime(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch))
        {
            // Epoch milliseconds are accepted too: no plausible epoch-second value is that large.
            return FromUnix(epoch > 1e11 ? epoch / 1000 : epoch);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;
    }

    /// <summary>A Unix time in seconds, or null when it is not finite or outside 1990–2200 (garbage, not history).</summary>
    internal static DateTimeOffset? FromUnix(double seconds) =>
        double.IsFinite(seconds) && seconds >= MinUnixSeconds && seconds <= MaxUnixSeconds
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000))
            : null;
}
