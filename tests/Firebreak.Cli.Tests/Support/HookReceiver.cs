using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Firebreak.Cli.Tests;

/// <summary>
/// A loopback HTTP receiver for webhook deliveries: answers each POST with 200 and keeps each Idempotency-Key it saw;
/// made holding, it leaves requests unanswered (signalling the first) until <see cref="Answer"/> is set.
/// </summary>
internal sealed class HookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;
    private volatile bool _answer;

    public HookReceiver(bool holding = false)
    {
        _answer = !holding;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    /// <summary>Completes when a holding receiver got its first request.</summary>
    public Task FirstRequest => _first.Task;

    /// <summary>Whether requests are answered from now on.</summary>
    public bool Answer
    {
        get => _answer;
        set => _answer = value;
    }

    public ConcurrentBag<string> Keys { get; } = [];

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            if (!_answer)
            {
                // Held unanswered: the sender waits here until it gives up or is killed.
                _first.TrySetResult();
                continue;
            }

            Keys.Add(context.Request.Headers["Idempotency-Key"] ?? "(none)");
            context.Response.StatusCode = 200;
            await context.Response.OutputStream.WriteAsync("ok"u8.ToArray());
            context.Response.Close();
        }
    }
}
