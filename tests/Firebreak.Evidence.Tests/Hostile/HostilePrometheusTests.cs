using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Firebreak.Evidence.Tests;

/// <summary>Issue 11 item 17: Prometheus answers are read as a stream with bounded memory, and every cut is said.</summary>
public sealed class HostilePrometheusTests
{
    private static readonly DateTimeOffset End = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);
    private static readonly PrometheusQuery Query = new("checkout_errors", "sum(rate(errors[5m]))", "error_rate", "checkout-api");
    private static readonly PrometheusAnswerLimits Small = new(MaxBytes: 2L << 20, MaxSeries: 5, MaxPoints: 100, MaxLabels: 4, MaxTokenBytes: 64 << 10);

    [Fact]
    public async Task QueryRange_AnswerThatNeverEnds_StopsAtTheByteLimitKeepsWhatWasReadAndSaysSo()
    {
        // An endless stream of one-point series, generated as it is sent: it has no end to wait for.
        await using var server = StreamingServer.Start(async (stream, token) =>
        {
            await WriteAsync(stream, """{"status":"success","data":{"resultType":"matrix","result":[""", token);
            for (var i = 0; ; i++)
            {
                await WriteAsync(stream, $$"""{{(i == 0 ? "" : ",")}}{"metric":{"pod":"p{{i}}"},"values":[[{{End.ToUnixTimeSeconds()}},"0.5"]]}""", token);
            }
        });
        using var http = new HttpClient();
        var warnings = new List<EvidenceWarning>();

        var series = await new PrometheusClient(http, Small with { MaxSeries = 1_000_000 }).QueryRangeAsync(server.BaseUrl, Query, End.AddHours(-1), End, TimeSpan.FromSeconds(30), warnings);

        series.Count.ShouldBeGreaterThan(1000);
        warnings.ShouldContain(w => w.Source == "prometheus:checkout_errors" && w.Message.Contains("answer cut: only the first 2 MiB read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QueryRange_SeriesLongerThanThePointLimit_KeepsItsFirstPointsAndSaysItWasTruncated()
    {
        await using var server = StreamingServer.Start(async (stream, token) =>
            await WriteAsync(stream, Answer(series: 8, points: 250), token));
        using var http = new HttpClient();
        var warnings = new List<EvidenceWarning>();

        var series = await new PrometheusClient(http, Small).QueryRangeAsync(server.BaseUrl, Query, End.AddHours(-1), End, TimeSpan.FromSeconds(30), warnings);

        series.Count.ShouldBe(5);
        series.ShouldAllBe(s => s.Samples.Count == 100);
        warnings.ShouldContain(w => w.Message.Contains("3 series and 750 points not read (5 series truncated)", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_OneValueLongerThanTheValueLimit_StopsThereAndSaysSo()
    {
        var json = """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"pod":"a"},"values":[[1795637008,"1"]]},{"metric":{"pod":""" + "\""
            + new string('x', 200_000) + "\"" + """},"values":[[1795637008,"1"]]}]}}""";
        var warnings = new List<EvidenceWarning>();

        var series = PrometheusAnswerReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "metrics/x.json", new MetricSource("metrics/x.json", "error_rate", null), warnings, Small);

        series.ShouldHaveSingleItem().Labels["pod"].ShouldBe("a");
        warnings.ShouldContain(w => w.Message.Contains("one JSON value there is longer than the 64 KiB", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_ManyLabels_KeepsTheLimitAndSaysSo()
    {
        var labels = string.Join(',', Enumerable.Range(0, 10).Select(i => $"\"l{i}\":\"v\""));
        var json = """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{""" + labels + """},"values":[[1795637008,"1"]]}]}}""";
        var warnings = new List<EvidenceWarning>();

        var series = PrometheusAnswerReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "m.json", new MetricSource("m.json", "error_rate", null), warnings, Small);

        series.ShouldHaveSingleItem().Labels.Count.ShouldBe(4);
        warnings.ShouldContain(w => w.Message.Contains("6 label(s) not kept", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_DataBeforeStatusAndUnknownFields_AreReadInAnyOrder()
    {
        const string json = """{"data":{"extra":[1,{"a":[2]}],"result":[{"values":[[1795637008,"1"],[1795637010,2]],"metric":{"job":"x"},"histogram":{"a":1}}],"resultType":"matrix"},"warnings":["w"],"status":"success"}""";
        var warnings = new List<EvidenceWarning>();

        var series = PrometheusAnswerReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "m.json", new MetricSource("m.json", "error_rate", null), warnings);

        series.ShouldHaveSingleItem().Samples.Select(s => s.Value).ShouldBe([1, 2]);
        warnings.ShouldBeEmpty();
    }

    [Fact]
    public void ReadFile_MetricFileLargerThanTheOldWholeFileLimit_IsStreamed()
    {
        // Before, a metric file was read whole into memory (and refused above 64 MiB); now it streams like a live answer.
        using var project = new TempProject();
        var path = project.Write("metrics/err.json", Answer(series: 2, points: 300));
        var warnings = new List<EvidenceWarning>();

        var series = MetricReader.ReadFile(path, "metrics/err.json", new MetricSource("metrics/err.json", "error_rate", null), warnings);

        series.Count.ShouldBe(2);
        series.ShouldAllBe(s => s.Samples.Count == 300);
        warnings.ShouldBeEmpty();
    }

    [Fact]
    public void ReadFile_CsvWithAHugeLine_SkipsThatLineOnly()
    {
        using var project = new TempProject();
        var path = project.Write("metrics/err.csv", $"timestamp,value\n1795637008,0.1\n1795637010,{new string('9', 100_000)}\n1795637012,0.3\n");
        var warnings = new List<EvidenceWarning>();

        var series = MetricReader.ReadFile(path, "metrics/err.csv", new MetricSource("metrics/err.csv", "error_rate", null), warnings).ShouldHaveSingleItem();

        series.Samples.Select(s => s.Value).ShouldBe([0.1, 0.3]);
        warnings.ShouldHaveSingleItem().Message.ShouldContain("1 CSV line(s) skipped");
    }

    private static string Answer(int series, int points)
    {
        var builder = new StringBuilder("""{"status":"success","data":{"resultType":"matrix","result":[""");
        for (var i = 0; i < series; i++)
        {
            builder.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $$"""{"metric":{"pod":"p{{i}}"},"values":[""");
            for (var p = 0; p < points; p++)
            {
                builder.Append(p == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"[{End.ToUnixTimeSeconds() - ((points - p) * 15)},\"0.{p}\"]");
            }

            builder.Append("]}");
        }

        return builder.Append("]}}").ToString();
    }

    private static Task WriteAsync(Stream stream, string text, CancellationToken token) =>
        stream.WriteAsync(Encoding.UTF8.GetBytes(text), token).AsTask();

    /// <summary>An HTTP server on 127.0.0.1 that generates its answer as it sends it (no Content-Length, the connection closes at the end).</summary>
    private sealed class StreamingServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        private StreamingServer(Func<Stream, CancellationToken, Task> body)
        {
            _listener.Start();
            BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
            _loop = Task.Run(() => ServeAsync(body));
        }

        public Uri BaseUrl { get; }

        public static StreamingServer Start(Func<Stream, CancellationToken, Task> body) => new(body);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop;
            _stop.Dispose();
        }

        private async Task ServeAsync(Func<Stream, CancellationToken, Task> body)
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                using (client)
                {
                    try
                    {
                        var stream = client.GetStream();
                        using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                        while (!string.IsNullOrEmpty(await reader.ReadLineAsync(_stop.Token)))
                        {
                        }

                        await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n", _stop.Token);
                        await body(stream, _stop.Token);
                    }
                    catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                    {
                        // The client stopped reading (a limit was reached) and closed the connection.
                    }
                }
            }
        }
    }
}
