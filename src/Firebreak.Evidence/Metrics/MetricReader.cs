using System.Globalization;
using System.Text.Json;

namespace Firebreak.Evidence;

/// <summary>Reads metric series from Prometheus query answers (matrix or vector JSON) and from timestamp,value CSV files.</summary>
public static class MetricReader
{
    // Timestamps outside this range are garbage, not history.
    private static readonly long MinUnixSeconds = new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
    private static readonly long MaxUnixSeconds = new DateTimeOffset(2200, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    /// <summary>Reads one metric file (JSON or CSV, chosen by content); problems become warnings.</summary>
    public static IReadOnlyList<MetricSeries> ReadFile(string fullPath, string relativePath, MetricSource source, ICollection<EvidenceWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(warnings);
        if (BoundedFile.ReadText(fullPath, relativePath, InputLimits.DocumentBytes, warnings) is not { } text)
        {
            return [];
        }

        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return trimmed.StartsWith('{') || trimmed.StartsWith('[')
            ? ParsePrometheus(trimmed, relativePath, source, warnings)
            : ParseCsv(text, relativePath, source, warnings);
    }

    /// <summary>Parses a Prometheus /api/v1/query_range (matrix) or /api/v1/query (vector) answer.</summary>
    public static IReadOnlyList<MetricSeries> ParsePrometheus(string json, string sourceName, MetricSource source, ICollection<EvidenceWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(warnings);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            warnings.Add(new EvidenceWarning(sourceName, $"not a valid Prometheus answer: {e.Message}"));
            return [];
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                warnings.Add(new EvidenceWarning(sourceName, "not a Prometheus answer (expected an object with status and data)"));
                return [];
            }

            if (Text(root, "status") is { } status && !string.Equals(status, "success", StringComparison.OrdinalIgnoreCase))
            {
                warnings.Add(new EvidenceWarning(sourceName, $"Prometheus answered {status}: {Text(root, "errorType")} {Text(root, "error")}".TrimEnd()));
                return [];
            }

            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Array)
            {
                warnings.Add(new EvidenceWarning(sourceName, "no data.result in the Prometheus answer"));
                return [];
            }

            var resultType = Text(data, "resultType") ?? "matrix";
            var series = new List<MetricSeries>();
            var skipped = 0;
            var cutSeries = 0;
            var cutPoints = 0;
            foreach (var item in result.EnumerateArray())
            {
                if (series.Count >= InputLimits.SeriesPerAnswer)
                {
                    cutSeries++;
                    continue;
                }

                if (item.ValueKind != JsonValueKind.Object)
                {
                    skipped++;
                    continue;
                }

                var labels = new Dictionary<string, string>(StringComparer.Ordinal);
                if (item.TryGetProperty("metric", out var metric) && metric.ValueKind == JsonValueKind.Object)
                {
                    foreach (var label in metric.EnumerateObject())
                    {
                        labels[label.Name] = label.Value.ValueKind == JsonValueKind.String ? label.Value.GetString() ?? string.Empty : label.Value.GetRawText();
                    }
                }

                var samples = new List<MetricSample>();
                if (item.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array)
                {
                    foreach (var pair in values.EnumerateArray())
                    {
                        if (samples.Count >= InputLimits.PointsPerSeries)
                        {
                            cutPoints++;
                            continue;
                        }

                        if (ParsePair(pair) is { } sample)
                        {
                            samples.Add(sample);
                        }
                        else
                        {
                            skipped++;
                        }
                    }
                }
                else if (item.TryGetProperty("value", out var value))
                {
                    if (ParsePair(value) is { } sample)
                    {
                        samples.Add(sample);
                    }
                    else
                    {
                        skipped++;
                    }
                }

                series.Add(Build(labels, samples, sourceName, source));
            }

            if (skipped > 0)
            {
                warnings.Add(new EvidenceWarning(sourceName, $"{skipped} sample(s) skipped (NaN, infinite, malformed or out-of-range)"));
            }

            if (cutSeries > 0 || cutPoints > 0)
            {
                warnings.Add(new EvidenceWarning(sourceName, $"answer cut to the limits ({InputLimits.SeriesPerAnswer} series, {InputLimits.PointsPerSeries} points per series): {cutSeries} series and {cutPoints} points not read"));
            }

            if (series.Count == 0)
            {
                warnings.Add(new EvidenceWarning(sourceName, $"the {resultType} answer holds no series"));
            }

            return Name(series, source, sourceName);
        }
    }

    /// <summary>Parses CSV with a <c>timestamp,value</c> header; timestamps are ISO 8601 or epoch seconds.</summary>
    public static IReadOnlyList<MetricSeries> ParseCsv(string csv, string sourceName, MetricSource source, ICollection<EvidenceWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(warnings);
        var samples = new List<MetricSample>();
        var skipped = 0;
        var lineNumber = 0;
        foreach (var raw in csv.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim().TrimStart('\uFEFF');
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

    private static MetricSeries Build(Dictionary<string, string> labels, List<MetricSample> samples, string sourceName, MetricSource source)
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

    private static List<MetricSeries> Name(List<MetricSeries> series, MetricSource source, string sourceName)
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

    private static MetricSample? ParsePair(JsonElement pair)
    {
        if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() < 2)
        {
            return null;
        }

        var t = pair[0];
        double seconds;
        if (t.ValueKind == JsonValueKind.Number && t.TryGetDouble(out var d))
        {
            seconds = d;
        }
        else if (t.ValueKind == JsonValueKind.String && double.TryParse(t.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            seconds = parsed;
        }
        else
        {
            return null;
        }

        var v = pair[1];
        var value = v.ValueKind switch
        {
            JsonValueKind.String => ParseValue(v.GetString() ?? string.Empty),
            JsonValueKind.Number when v.TryGetDouble(out var n) && double.IsFinite(n) => n,
            _ => null,
        };
        return FromUnix(seconds) is { } at && value is { } val ? new MetricSample(at, val) : null;
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

    private static DateTimeOffset? FromUnix(double seconds) =>
        double.IsFinite(seconds) && seconds >= MinUnixSeconds && seconds <= MaxUnixSeconds
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000))
            : null;

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
