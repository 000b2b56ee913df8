using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Response;

namespace Firebreak.Cli;

// Placeholders until the log miner, the artifact writer and the SQLite store are merged into main.
internal static class Interim
{
    public static ILogAnalyzer LogAnalyzer() => throw new NotImplementedException("LogAnalyzer is not merged yet");

    public static IArtifactSink Artifacts() => throw new NotImplementedException("ArtifactWriter is not merged yet");

    public static IIncidentStore OpenStore(string path) => throw new NotImplementedException($"SqliteIncidentStore is not merged yet ({path})");
}
