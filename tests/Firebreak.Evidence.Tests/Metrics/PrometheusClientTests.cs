using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Firebreak.Evidence.Tests;

public sealed class PrometheusClientTests
{
    private static readonly DateTimeOffset End = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);
    private static readonly PrometheusQuery Query = new("checkout_errors", "sum(rate(http_errors_total{job=\"checkout\"}[5m]))", "error_rate", "checkout-api");

    [Fact]
    public async Task QueryRange_Matrix_ReturnsSeriesAndSendsTheQuery()
    {
        const string body = """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"checkout"},"values":[[1795637008,"0.9"],[1795637010,"0.8"]]}]}}""";
        await using var server = await StubServer.StartAsync(HttpStatusCode.OK, body);
        using var http = new HttpClient();
        var warnings = new List<EvidenceWarning>();

        var series = await new PrometheusClient(http).QueryRangeAsync(server.BaseUrl, Query, End.AddHours(-6), End, TimeSpan.FromSeconds(30), warnings);

        var one = series.ShouldHaveSingleItem();
        one.Name.ShouldBe("checkout_errors");
        one.Kind.ShouldBe("error_rate");
        one.Component.ShouldBe("checkout-api");
        one.Samples.Count.ShouldBe(2);
        warnings.ShouldBeEmpty();
        var request = server.Requests.ShouldHaveSingleItem();
        request.ShouldStartWith("/api/v1/query_range?query=");
        WebUtility.UrlDecode(request).ShouldContain("query=sum(rate(http_errors_total{job=\"checkout\"}[5m]))");
        request.ShouldContain($"start={End.AddHours(-6).ToUnixTimeSeconds()}");
        request.ShouldContain($"end={End.ToUnixTimeSeconds()}");
        request.ShouldContain("step=30");
    }

    [Fact]
    public async Task QueryRange_ErrorAnswer_Warns()
    {
        const string body = """{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:12: parse error: unclosed left parenthesis"}""";
        await using var server = await StubServer.StartAsync(HttpStatusCode.BadRequest, body);
        using var http = new HttpClient();
        var warnings = new List<EvidenceWarning>();

        var series = await new PrometheusClient(http).QueryRangeAsync(server.BaseUrl, Query, End.AddHours(-1), End, TimeSpan.FromSeconds(30), warnings);

        series.ShouldBeEmpty();
        warnings.ShouldHaveSingleItem().Message.ShouldContain("bad_data");
    }

    [Fact]
    public async Task QueryRange_ServerErrorWithoutJson_Warns()
    {
        await using var server = await StubServer.StartAsync(HttpStatusCode.BadGateway, "<html>bad gateway</html>");
        using var http = new HttpClient();
        var warnings = new List<EvidenceWarning>();

        var series = await new PrometheusClient(http).QueryRangeAsync(server.BaseUrl, Query, End.AddHours(-1), End, TimeSpan.FromSeconds(30), warnings);

        series.ShouldBeEmpty();
        warnings.ShouldHaveSingleItem().Message.ShouldContain("HTTP 502");
    }

    [Fact]
    public async Task QueryRange_NothingListening_Warns()
    {
        using var http = new HttpClient();
        var warnings = new List<EvidenceWarning>();
        // A port bound but not listening refuses connections, and no other test can take it meanwhile.
        using var reserved = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        reserved.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)reserved.LocalEndPoint!).Port;

        var series = await new PrometheusClient(http).QueryRangeAsync(new Uri($"http://127.0.0.1:{port}/"), Query, End.AddHours(-1), End, TimeSpan.FromSeconds(30), warnings);

        series.ShouldBeEmpty();
        warnings.ShouldHaveSingleItem().Message.ShouldStartWith("not available");
    }

    /// <summary>A tiny HTTP server on 127.0.0.1 answering every request with one canned response.</summary>
    /// <remarks>It listens on a port the system assigns at bind time, so no other test or process can take it meanwhile.</remarks>
    internal sealed class StubServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        private StubServer(HttpStatusCode status, string body)
        {
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
            _loop = Task.Run(() => ServeAsync(status, body));
        }

        public Uri BaseUrl { get; }

        public System.Collections.Concurrent.ConcurrentBag<string> Requests { get; } = [];

        public static Task<StubServer> StartAsync(HttpStatusCode status, string body) => Task.FromResult(new StubServer(status, body));

        private async Task ServeAsync(HttpStatusCode status, string body)
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
                    var stream = client.GetStream();
                    using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                    var requestLine = await reader.ReadLineAsync() ?? string.Empty;
                    while (!string.IsNullOrEmpty(await reader.ReadLineAsync()))
                    {
                        // Headers are not needed; the request has no body.
                    }

                    var parts = requestLine.Split(' ');
                    Requests.Add(parts.Length > 1 ? parts[1] : string.Empty);
                    var payload = Encoding.UTF8.GetBytes(body);
                    var head = Encoding.ASCII.GetBytes(
                        $"HTTP/1.1 {(int)status} {status}\r\nContent-Type: application/json\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n");
                    await stream.WriteAsync(head);
                    await stream.WriteAsync(payload);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop;
            _stop.Dispose();
        }
    }
}
