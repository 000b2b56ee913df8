using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Firebreak.Notify.Tests;

/// <summary>A real SMTP server process (Debian's python3-aiosmtpd, debugging handler) on loopback; it prints every message it accepts.</summary>
internal sealed class SmtpServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    // A handler that answers every message with a temporary refusal (451), for the receiver that never recovers.
    private const string Refusing = """
        class Refuse:
            async def handle_DATA(self, server, session, envelope):
                return "451 4.3.0 mailbox busy, try again later"
        """;

    private readonly string? _handlerFolder;

    private SmtpServer(int port, bool refuse)
    {
        Port = port;
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var handler = new List<string>();
        if (refuse)
        {
            _handlerFolder = Directory.CreateTempSubdirectory("firebreak-smtp-").FullName;
            File.WriteAllText(System.IO.Path.Combine(_handlerFolder, "fb_refuse.py"), Refusing);
            info.Environment["PYTHONPATH"] = _handlerFolder;
            handler.AddRange(["-c", "fb_refuse.Refuse"]);
        }

        foreach (var argument in new[] { "-u", "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}" }.Concat(handler))
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("python3 did not start");
        _process.OutputDataReceived += (_, e) =>
        {
            lock (_gate)
            {
                _output.AppendLine(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>Null when aiosmtpd is installed; else why the test is skipped.</summary>
    public static string? Missing { get; } = File.Exists(Python) && Directory.Exists("/usr/lib/python3/dist-packages/aiosmtpd")
        ? null
        : "python3-aiosmtpd is not installed (apt-get install python3-aiosmtpd; .ci/run does this)";

    /// <summary>A port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Starts the server on <paramref name="port"/> (a free one when null) and waits until it accepts connections; with <paramref name="refuse"/> it answers every message 451.</summary>
    public static async Task<SmtpServer> StartAsync(int? port = null, bool refuse = false)
    {
        for (var attempt = 0; ; attempt++)
        {
            var server = new SmtpServer(port ?? FreePort(), refuse);
            if (await server.WaitReadyAsync() || attempt == 2)
            {
                return server;
            }

            await server.DisposeAsync();
        }
    }

    /// <summary>The messages printed so far, one text per message.</summary>
    public IReadOnlyList<string> Messages
    {
        get
        {
            string text;
            lock (_gate)
            {
                text = _output.ToString();
            }

            return [.. text.Split("---------- MESSAGE FOLLOWS ----------", StringSplitOptions.None).Skip(1)
                .Select(m => m.Split("------------ END MESSAGE ------------")[0])];
        }
    }

    /// <summary>Waits (real time, the server is another process) until at least <paramref name="count"/> messages arrived.</summary>
    public async Task<IReadOnlyList<string>> WaitForMessagesAsync(int count)
    {
        var deadline = Stopwatch.StartNew();
        while (Messages.Count < count && deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50);
        }

        return Messages;
    }

    private async Task<bool> WaitReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (!_process.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_handlerFolder is not null)
        {
            Directory.Delete(_handlerFolder, recursive: true);
        }
    }
}

internal sealed class SmtpFactAttribute : FactAttribute
{
    public SmtpFactAttribute()
    {
        if (SmtpServer.Missing is { } why)
        {
            Skip = why;
        }
    }
}
