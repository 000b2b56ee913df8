using Firebreak.Response;

namespace Firebreak.Cli;

// Placeholders until the log miner, the artifact writer and the SQLite store are merged into main.
internal static class Interim
{
    public static IArtifactSink Artifacts() => throw new NotImplementedException("ArtifactWriter is not merged yet");
}
