using System.Globalization;

namespace Firebreak.Evidence;

/// <summary>Queries a live Prometheus server's range API; every failure becomes a warning.</summary>
/// <param name="http">The client the queries go through.</param>
/// <param name="limits">How much of each answer is read and kept; null: <see cref="PrometheusAnswerLimits.Default"/>.</param>
public sealed class PrometheusClient(HttpClient http, PrometheusAnswerLimits? limits = null)
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
        var source = new MetricSource(sourceName, query.Kind, query.Component, query.Name);
        try
        {
            // Parsed as it streams in (Utf8JsonReader over a small buffer), never more than the limits: a runaway answer must not exhaust memory.
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                // Prometheus explains a refused query in a JSON body (400, 422, 503); anything else is only an HTTP status.
                ICollection<EvidenceWarning> answerWarnings = response.IsSuccessStatusCode ? warnings : new List<EvidenceWarning>();
                var answer = await PrometheusAnswerReader.ReadAsync(stream, sourceName, source, answerWarnings, limits, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    if (!answer.IsJson)
                    {
                        warnings.Add(new EvidenceWarning(sourceName, $"not available: Prometheus answered HTTP {(int)response.StatusCode}"));
                        return [];
                    }

                    foreach (var warning in answerWarnings)
                    {
                        warnings.Add(warning);
                    }
                }

                return answer.Series;
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            warnings.Add(new EvidenceWarning(sourceName, $"not available: {e.Message}"));
            return [];
        }
    }

    private static string Seconds(DateTimeOffset at) =>
        (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}
