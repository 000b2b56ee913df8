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
            using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
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
