using Firebreak.Bench;

return args switch
{
    ["logs", .. var rest] => LogsBenchmark.Run(rest),
    ["deploys", .. var rest] => DeploysBenchmark.Run(rest),
    ["prometheus", .. var rest] => PrometheusBenchmark.Run(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project bench/Firebreak.Bench -- <benchmark> [arguments]

        benchmarks:
          logs <log-file> [--format "<Date> <Time> <Level>: <Content>"] [--csv]
              mines templates from the file; prints lines/s and peak memory
          deploys [records ...]
              writes that many change records in the 24-hour window (default 100000 1000000),
              then collects and diagnoses them; prints seconds (wall and CPU) per phase and peak memory
          prometheus [mebibytes [points-per-series]]
              serves two live Prometheus answers of that size each (default 1024), generated as they
              are sent, and reads both at once; prints what was kept, seconds and peak memory
        """);
    return 2;
}
