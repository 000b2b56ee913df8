using System.Net;
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
    internal sealed class StubServer : IAsyncDisposable
    {
        private readonly HttpListener _listener;
        private readonly Task _loop;

        private StubServer(HttpListener listener, Uri baseUrl, HttpStatusCode status, string body)
        {
            _listener = listener;
            BaseUrl = baseUrl;
            _loop = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                    {
                        return;
                    }

                    Requests.Add((context.Request.RawUrl ?? string.Empty).Replace(BaseUrl.AbsolutePath.TrimEnd('/'), string.Empty, StringComparison.Ordinal));
                    var bytes = Encoding.UTF8.GetBytes(body);
                    context.Response.StatusCode = (int)status;
                    context.Response.ContentType = "application/json";
                    await context.Response.OutputStream.WriteAsync(bytes);
                    context.Response.Close();
                }
            });
        }

        public Uri BaseUrl { get; }

        public System.Collections.Concurrent.ConcurrentBag<string> Requests { get; } = [];

        public static Task<StubServer> StartAsync(HttpStatusCode status, string body)
        {
            for (var attempt = 0; ; attempt++)
            {
                // A unique path per server: parallel tests that happen to share a port still get their own requests.
                var port = FreePort();
                var prefix = $"http://127.0.0.1:{port}/{Guid.NewGuid():N}/";
                var listener = new HttpListener();
                listener.Prefixes.Add(prefix);
                try
                {
                    listener.Start();
                    return Task.FromResult(new StubServer(listener, new Uri(prefix), status, body));
                }
                catch (HttpListenerException) when (attempt < 5)
                {
                    listener.Close();
                }
            }
        }

        public static int FreePort()
        {
            using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _loop;
        }
    }
}
