namespace Firebreak.Cli.TestHost;

/// <summary>After the artifact at a relative path is renamed into place, prints "wrote PATH" on stderr and waits forever (the test kills the process).</summary>
internal static class HangAfterArtifact
{
    /// <summary>The writer's callback that stops the run after <paramref name="path"/> is written.</summary>
    public static Action<string> For(string path) => written =>
    {
        if (written != path)
        {
            return;
        }

        Console.Error.WriteLine($"wrote {written}");
        Console.Error.Flush();
        using var never = new ManualResetEventSlim();
        never.Wait();
    };
}
