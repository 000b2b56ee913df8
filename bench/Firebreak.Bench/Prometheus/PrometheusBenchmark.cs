using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Firebreak.Evidence;

namespace Firebreak.Bench;

/// <summary>Two live Prometheus answers of N MiB each, generated as they are sent, read at once (issue 11, item 17): memory must stay bounded by what is kept, not by the answers' size.</summary>
internal static class PrometheusBenchmark
{
    private static readonly DateTimeOffset End = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    /// <summary>Serves two answers of <c>mebibytes</c> each (default 1024) from a local listener and queries both concurrently.</summary>
    public static int Run(string[] args)
    {
        var mebibytes = args.Length == 0 ? 1024 : int.Parse(args[0], CultureInfo.InvariantCulture);
        var points = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50_000;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        using var stop = new CancellationTokenSource();
        var served = new long[1];
        var server = Task.Run(() => ServeAsync(listener, (long)mebibytes << 20, points, served, stop.Token));

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var client = new PrometheusClient(http);
        var warnings = new System.Collections.Concurrent.ConcurrentBag<EvidenceWarning>();
        var sink = new Sink(warnings);
        using var self = Process.GetCurrentProcess();
        var cpuStart = self.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var queries = new[] { "errors", "latency" }.Select(name =>
            client.QueryRangeAsync(url, new PrometheusQuery(name, $"{name}_total", "error_rate", "shop"), End.AddHours(-6), End, TimeSpan.FromSeconds(15), sink)).ToArray();
        var results = Task.WhenAll(queries).GetAwaiter().GetResult();
        var wall = watch.Elapsed;
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuStart;
        stop.Cancel();
        listener.Stop();
        try
        {
            server.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }

        Console.WriteLine("answers,answer_mib,sent_mib,series_kept,points_kept,wall_s,cpu_s,peak_working_set_mb");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"2,{mebibytes},{Interlocked.Read(ref served[0]) >> 20},{results.Sum(r => r.Count)},{results.Sum(r => r.Sum(s => s.Samples.Count))},{wall.TotalSeconds:F1},{cpu.TotalSeconds:F1},{self.PeakWorkingSet64 / (1024 * 1024)}"));
        foreach (var warning in warnings.OrderBy(w => w.Source, StringComparer.Ordinal))
        {
            Console.WriteLine($"warning: {warning.Source}: {warning.Message}");
        }

        return 0;
    }

    /// <summary>Answers every request with a matrix of series of <paramref name="points"/> points each until <paramref name="bytes"/> are sent, written as it goes.</summary>
    private static async Task ServeAsync(TcpListener listener, long bytes, int points, long[] served, CancellationToken cancellationToken)
    {
        var connections = new List<Task>();
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                break;
            }

            connections.Add(Task.Run(() => AnswerAsync(client, bytes, points, served, cancellationToken), cancellationToken));
        }

        await Task.WhenAll(connections.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    private static async Task AnswerAsync(TcpClient client, long bytes, int points, long[] served, CancellationToken cancellationToken)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(cancellationToken)))
                {
                }

                var sent = 0L;
                var chunk = new StringBuilder();
                async Task FlushAsync()
                {
                    var data = Encoding.UTF8.GetBytes(chunk.ToString());
                    chunk.Clear();
                    await stream.WriteAsync(data, cancellationToken);
                    sent += data.Length;
                    Interlocked.Add(ref served[0], data.Length);
                }

                chunk.Append("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n");
                chunk.Append("""{"status":"success","data":{"resultType":"matrix","result":[""");
                var start = End.ToUnixTimeSeconds() - (points * 15L);
                for (var series = 0; sent < bytes; series++)
                {
                    chunk.Append(series == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $$"""{"metric":{"__name__":"m","pod":"pod-{{series}}"},"values":[""");
                    for (var p = 0; p < points && sent < bytes; p++)
                    {
                        chunk.Append(p == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"[{start + (p * 15L)},\"{(p % 1000) / 1000.0:0.###}\"]");
                        if (chunk.Length >= 64 * 1024)
                        {
                            await FlushAsync();
                        }
                    }

                    chunk.Append("]}");
                }

                chunk.Append("]}}");
                await FlushAsync();
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The reader stopped at its limit and closed the connection.
            }
        }
    }

    private sealed class Sink(System.Collections.Concurrent.ConcurrentBag<EvidenceWarning> bag) : ICollection<EvidenceWarning>
    {
        public int Count => bag.Count;

        public bool IsReadOnly => false;

        public void Add(EvidenceWarning item) => bag.Add(item);

        public void Clear() => bag.Clear();

        public bool Contains(EvidenceWarning item) => bag.Contains(item);

        public void CopyTo(EvidenceWarning[] array, int arrayIndex) => bag.CopyTo(array, arrayIndex);

        public bool Remove(EvidenceWarning item) => throw new NotSupportedException();

        public IEnumerator<EvidenceWarning> GetEnumerator() => bag.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
