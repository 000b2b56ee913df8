using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Firebreak.Cli.Tests.Prometheus;

/// <summary>A tiny Prometheus exporter on loopback whose error ratio drops when POST /rollback is called.</summary>
internal sealed class DemoExporter : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private double _errorRatio;

    public DemoExporter(double errorRatio)
    {
        _errorRatio = errorRatio;
        // Another test may take the free port between the probe and the bind: try a few.
        for (var attempt = 0; ; attempt++)
        {
            Port = FreePort();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                _listener.Prefixes.Clear();
            }
        }

        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public double ErrorRatio
    {
        get => Volatile.Read(ref _errorRatio);
        set => Volatile.Write(ref _errorRatio, value);
    }

    public int Rollbacks { get; private set; }

    public List<string> Errors { get; } = [];

    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().WaitAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            try
            {
                await RespondAsync(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or InvalidOperationException)
            {
                // A client that went away must not stop the exporter: Prometheus would see the target as down.
                Errors.Add(e.Message);
            }
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        string body;
        if (context.Request.HttpMethod == "POST" && context.Request.Url?.AbsolutePath == "/rollback")
        {
            Rollbacks++;
            ErrorRatio = 0.001;
            body = "rolled back\n";
        }
        else
        {
            body = string.Create(CultureInfo.InvariantCulture, $$"""
                # HELP demo_http_error_ratio Share of failed requests.
                # TYPE demo_http_error_ratio gauge
                demo_http_error_ratio{component="checkout-api"} {{ErrorRatio}}

                """);
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.ContentType = "text/plain; version=0.0.4";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }
}
