using System.Diagnostics;
using System.Globalization;
using System.Text;
using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Bench;

/// <summary>Times reading and reasoning over N change records in the 24-hour window (issue 11, item 18): the cost must grow near-linearly.</summary>
internal static class DeploysBenchmark
{
    /// <summary>Writes a project with <c>records</c> deploy, config, flag and migration records in the last 24 hours, then collects and diagnoses it.</summary>
    public static int Run(string[] args)
    {
        var counts = args.Length == 0 ? [100_000, 1_000_000] : args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        var asOf = new DateTimeOffset(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);
        Console.WriteLine("records,file_mb,read_s,diagnose_s,total_s,read_cpu_s,diagnose_cpu_s,total_cpu_s,peak_working_set_mb,read_allocated_mb,read_gcs");
        foreach (var count in counts)
        {
            var root = Directory.CreateTempSubdirectory("fb-bench-deploys-").FullName;
            try
            {
                File.WriteAllText(Path.Combine(root, "firebreak.yaml"), "service: shop\ncomponents:\n  - {name: checkout-api, paths: [src/checkout/]}\n  - {name: search, paths: [src/search/]}\n  - {name: cart, paths: [src/cart/]}\n");
                WriteRecords(Path.Combine(root, "deploys.jsonl"), count, asOf);
                var config = ProjectConfigLoader.Load(root);
                var collector = new EvidenceCollector(new LogAnalyzer(), TimeProvider.System);

                // CPU time as well as wall time: on a shared machine the wall clock measures the neighbours too.
                using var self = Process.GetCurrentProcess();
                var cpuStart = self.TotalProcessorTime;
                var allocatedStart = GC.GetTotalAllocatedBytes(precise: true);
                var gcStart = GC.CollectionCount(0);
                var watch = Stopwatch.StartNew();
                var evidence = collector.CollectAsync(config, asOf).GetAwaiter().GetResult();
                var read = watch.Elapsed;
                var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedStart) / (1024.0 * 1024);
                var gcs = GC.CollectionCount(0) - gcStart;
                self.Refresh();
                var readCpu = self.TotalProcessorTime - cpuStart;
                var diagnosis = Analyst.Diagnose(evidence, GuidanceProfile.None, asOf);
                var total = watch.Elapsed;
                self.Refresh();
                var totalCpu = self.TotalProcessorTime - cpuStart;
                GC.KeepAlive(diagnosis);
                var size = new FileInfo(Path.Combine(root, "deploys.jsonl")).Length / (1024.0 * 1024);
                using var process = Process.GetCurrentProcess();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{count},{size:F0},{read.TotalSeconds:F1},{(total - read).TotalSeconds:F1},{total.TotalSeconds:F1},{readCpu.TotalSeconds:F1},{(totalCpu - readCpu).TotalSeconds:F1},{totalCpu.TotalSeconds:F1},{process.PeakWorkingSet64 / (1024 * 1024)},{allocated:F0},{gcs}"));
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }

        return 0;
    }

    private static void WriteRecords(string path, int count, DateTimeOffset asOf)
    {
        string[] components = ["checkout-api", "search", "cart", "web"];
        string[] kinds = ["deploy", "config", "feature-flag", "migration"];
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        for (var i = 0; i < count; i++)
        {
            // Spread over the 24-hour window before the moment of analysis, oldest first.
            var at = asOf - TimeSpan.FromSeconds(86_000.0 * (count - i) / count) - TimeSpan.FromSeconds(60);
            var commit = Convert.ToHexStringLower(BitConverter.GetBytes((long)i * 2_654_435_761L)).PadRight(40, 'a');
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $$"""{"at": "{{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}", "component": "{{components[i % 4]}}", "kind": "{{kinds[i % 4]}}", "version": "1.{{i}}.0", "key": "key_{{i % 50}}", "commit": "{{commit}}", "old": "a", "new": "b"}"""));
            writer.Write('\n');
        }
    }
}
