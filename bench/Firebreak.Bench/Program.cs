using Firebreak.Bench;

return args switch
{
    ["logs", .. var rest] => LogsBenchmark.Run(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project bench/Firebreak.Bench -- <benchmark> [arguments]

        benchmarks:
          logs <log-file> [--format "<Date> <Time> <Level>: <Content>"] [--csv]
              mines templates from the file; prints lines/s and peak memory
        """);
    return 2;
}
