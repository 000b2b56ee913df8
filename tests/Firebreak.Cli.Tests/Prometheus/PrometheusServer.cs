using System.Diagnostics;

namespace Firebreak.Cli.Tests.Prometheus;

/// <summary>A real Prometheus (Debian's package) started on loopback for one test, scraping one target every second.</summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private PrometheusServer(Process process, string directory, Uri url)
    {
        _process = process;
        _directory = directory;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>The prometheus binary, or null when it is not installed (.ci/run installs it).</summary>
    public static string? Binary { get; } = FindBinary();

    public static async Task<PrometheusServer> StartAsync(int targetPort, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("fb-prom-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: demo-app
                static_configs:
                  - targets: ['127.0.0.1:{targetPort}']
            """, cancellationToken);
        // The port is probed free, then bound by Prometheus: if another process took it meanwhile, start again.
        for (var attempt = 0; ; attempt++)
        {
            var port = DemoExporter.FreePort();
            var server = new PrometheusServer(Launch(config, directory, port), directory, new Uri($"http://127.0.0.1:{port}"));
            if (await server.WaitReadyAsync(cancellationToken) || attempt == 2)
            {
                return server;
            }

            server.KillProcess();
        }
    }

    private static Process Launch(string config, string directory, int port)
    {
        var info = new ProcessStartInfo(Binary ?? throw new InvalidOperationException("prometheus is not installed"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            $"--config.file={config}",
            $"--storage.tsdb.path={Path.Combine(directory, $"data-{port}")}",
            $"--web.listen-address=127.0.0.1:{port}",
            $"--web.external-url=http://127.0.0.1:{port}",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("prometheus did not start");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    /// <summary>Waits until /-/ready answers; false when the process exited first (its port was taken).</summary>
    private async Task<bool> WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!_process.HasExited)
        {
            try
            {
                using var ready = await http.GetAsync(new Uri(Url, "/-/ready"), timeout.Token);
                if (ready.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
        }

        return false;
    }

    private void KillProcess()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static string? FindBinary() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "prometheus"))
            .FirstOrDefault(File.Exists);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A fact that needs a real Prometheus; skipped with the reason when the binary is not installed.</summary>
internal sealed class PrometheusFactAttribute : FactAttribute
{
    public PrometheusFactAttribute()
    {
        if (PrometheusServer.Binary is null)
        {
            Skip = "prometheus is not installed (apt-get install prometheus; .ci/run does this)";
        }
    }
}
