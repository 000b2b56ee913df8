using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Firebreak.Notify.Tests;

/// <summary>A tiny HTTP/1.1 receiver on loopback (a system-assigned port) that answers with scripted statuses and records every request.</summary>
internal sealed class HttpReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Queue<int> _script;
    private readonly int _then;
    private readonly Func<ReceivedRequest, string>? _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Lock _gate = new();
    private readonly List<ReceivedRequest> _requests = [];

    /// <summary>Answers the scripted statuses in order, then <paramref name="then"/> for ever, with <paramref name="answer"/>'s body when given.</summary>
    public HttpReceiver(IEnumerable<int>? script = null, int then = 200, Func<ReceivedRequest, string>? answer = null)
    {
        _script = new Queue<int>(script ?? []);
        _then = then;
        _answer = answer;
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hooks/incident";
        _loop = Task.Run(AcceptAsync);
    }

    public string Url { get; }

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            using (client)
            {
                await ServeAsync(client.GetStream());
            }
        }
    }

    private async Task ServeAsync(NetworkStream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        var requestLine = await reader.ReadLineAsync() ?? string.Empty;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? line;
        while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync()))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var length = headers.TryGetValue("Content-Length", out var l) ? int.Parse(l, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var body = new char[length];
        var read = 0;
        while (read < length)
        {
            var n = await reader.ReadAsync(body.AsMemory(read, length - read));
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        ReceivedRequest received;
        lock (_gate)
        {
            var status = _script.Count > 0 ? _script.Dequeue() : _then;
            received = new ReceivedRequest(requestLine, headers, new string(body, 0, read), status);
            _requests.Add(received);
        }

        var answer = _answer?.Invoke(received) ?? (received.AnsweredWith == 200 ? "ok" : "receiver says no");
        var bytes = Encoding.UTF8.GetBytes(answer);
        var response = Encoding.UTF8.GetBytes($"HTTP/1.1 {received.AnsweredWith} Scripted\r\nContent-Type: text/plain\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n{answer}");
        await stream.WriteAsync(response);
        await stream.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}

internal sealed record ReceivedRequest(string RequestLine, IReadOnlyDictionary<string, string> Headers, string Body, int AnsweredWith);
