using System.Diagnostics;
using System.Globalization;
using Firebreak.Evidence;

namespace Firebreak.Bench;

/// <summary>Times the log template miner on one file: lines per second and peak memory.</summary>
internal static class LogsBenchmark
{
    /// <summary>Runs the benchmark; with --csv the per-line CSV is written to a temporary file as the CLI does; with --repeat N the file is mined N times and each run's CPU time is printed too (the first includes the JIT).</summary>
    public static int Run(string[] args)
    {
        string? file = null;
        string? formatText = null;
        var csv = false;
        var repeat = 1;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--format" when i + 1 < args.Length:
                    formatText = args[++i];
                    break;
                case "--csv":
                    csv = true;
                    break;
                case "--repeat" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n > 0:
                    repeat = n;
                    i++;
                    break;
                default:
                    file = args[i];
                    break;
            }
        }

        if (file is null || !File.Exists(file))
        {
            Console.Error.WriteLine("logs benchmark needs an existing log file");
            return 2;
        }

        LogFormat? format = null;
        if (formatText is not null && !LogFormat.TryParse(formatText, out format, out var error))
        {
            Console.Error.WriteLine($"bad --format: {error}");
            return 2;
        }

        var output = csv ? Path.GetTempFileName() : null;
        try
        {
            using var process = Process.GetCurrentProcess();
            var watch = Stopwatch.StartNew();
            MinedFile mined = null!;
            for (var run = 1; run <= repeat; run++)
            {
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var runWatch = Stopwatch.StartNew();
                using (var stream = output is null ? null : new FileStream(output, FileMode.Create))
                {
                    mined = LogTemplateRun.Mine(file, format, stream);
                }

                process.Refresh();
                var runCpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
                if (repeat > 1)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"run {run}: {runWatch.Elapsed.TotalSeconds:F2} s wall, {runCpu:F2} s CPU = {mined.Lines / runCpu:N0} lines per CPU second"));
                }
            }

            watch.Stop();
            process.Refresh();
            var rate = mined.Lines * (double)repeat / watch.Elapsed.TotalSeconds;
            var cpu = process.TotalProcessorTime.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"logs: {mined.Lines * repeat:N0} lines, {mined.Events.Count:N0} templates in {watch.Elapsed.TotalSeconds:F2} s = {rate:N0} lines/s " +
                $"(process CPU {cpu:F2} s = {mined.Lines * repeat / cpu:N0} lines per CPU second, start-up included); " +
                $"peak working set {process.PeakWorkingSet64 / 1048576.0:F0} MiB, managed heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:F0} MiB, " +
                $"total allocated {GC.GetTotalAllocatedBytes() / 1048576.0:F0} MiB, gen0 collections {GC.CollectionCount(0)}"));
            return 0;
        }
        finally
        {
            if (output is not null)
            {
                File.Delete(output);
            }
        }
    }
}
