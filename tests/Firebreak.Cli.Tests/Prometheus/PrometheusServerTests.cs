using System.Text.Json;

namespace Firebreak.Cli.Tests.Prometheus;

public sealed class PrometheusServerTests
{
    [PrometheusFact]
    public async Task StartAsync_ScrapesExporter_QueryReturnsErrorRatio()
    {
        await using var exporter = new DemoExporter(errorRatio: 0.9);
        await using var prometheus = await PrometheusServer.StartAsync(exporter.Port, CancellationToken.None);
        using var http = new HttpClient();

        var value = await WaitForValueAsync(http, prometheus.Url, "demo_http_error_ratio");

        value.ShouldBe(0.9);
    }

    internal static async Task<double> WaitForValueAsync(HttpClient http, Uri prometheus, string query)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var json = await http.GetStringAsync(new Uri(prometheus, $"/api/v1/query?query={Uri.EscapeDataString(query)}"), timeout.Token);
            using var doc = JsonDocument.Parse(json);
            var result = doc.RootElement.GetProperty("data").GetProperty("result");
            if (result.GetArrayLength() > 0)
            {
                return double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token);
        }
    }
}
