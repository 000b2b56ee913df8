using System.Globalization;

namespace Firebreak.Evidence;

/// <summary>Queries a live Prometheus server's range API; every failure becomes a warning.</summary>
public sealed class PrometheusClient(HttpClient http)
{
    /// <summary>Runs <c>GET {url}/api/v1/query_range</c> for one query over [start, end].</summary>
    public async Task<IReadOnlyList<MetricSeries>> QueryRangeAsync(
        Uri baseUrl, PrometheusQuery query, DateTimeOffset start, DateTimeOffset end, TimeSpan step,
        ICollection<EvidenceWarning> warnings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(warnings);
        var sourceName = $"prometheus:{query.Name}";
        var url = new Uri(
            baseUrl.AbsoluteUri.TrimEnd('/') + "/api/v1/query_range"
            + "?query=" + Uri.EscapeDataString(query.Query)
            + "&start=" + Seconds(start)
            + "&end=" + Seconds(end)
            + "&step=" + Math.Max(1, (int)step.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        string body;
        try
        {
            // Read as it streams in, never more than the limit: a runaway answer must not exhaust memory.
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.Content.Headers.ContentLength is > InputLimits.PrometheusAnswerBytes)
            {
                warnings.Add(new EvidenceWarning(sourceName, $"not read: the answer ({BoundedFile.Size(response.Content.Headers.ContentLength.Value)}) is more than the {BoundedFile.Size(InputLimits.PrometheusAnswerBytes)} limit"));
                return [];
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var bytes = new MemoryStream();
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    bytes.Write(buffer, 0, read);
                    if (bytes.Length > InputLimits.PrometheusAnswerBytes)
                    {
                        warnings.Add(new EvidenceWarning(sourceName, $"not read: the answer is more than the {BoundedFile.Size(InputLimits.PrometheusAnswerBytes)} limit"));
                        return [];
                    }
                }

                body = System.Text.Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
            }

            if (!response.IsSuccessStatusCode && !body.TrimStart().StartsWith('{'))
            {
                warnings.Add(new EvidenceWarning(sourceName, $"not available: Prometheus answered HTTP {(int)response.StatusCode}"));
                return [];
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            warnings.Add(new EvidenceWarning(sourceName, $"not available: {e.Message}"));
            return [];
        }

        var source = new MetricSource(sourceName, query.Kind, query.Component, query.Name);
        return MetricReader.ParsePrometheus(body, sourceName, source, warnings);
    }

    private static string Seconds(DateTimeOffset at) =>
        (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}
