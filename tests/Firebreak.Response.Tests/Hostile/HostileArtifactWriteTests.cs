using Firebreak.Core;

namespace Firebreak.Response.Tests;

/// <summary>Issue 11 item 8: a run stopped between replacing files and writing the manifest leaves files the next run knows as its own.</summary>
public sealed class HostileArtifactWriteTests : IDisposable
{
    private readonly string _project = Directory.CreateTempSubdirectory("firebreak-hostile-writer-").FullName;
    private static readonly IncidentId Id = new("INC-8");

    public void Dispose() => Directory.Delete(_project, recursive: true);

    private string Incident => ArtifactWriter.IncidentDirectory(_project, Id);

    private static RenderedArtifact[] Set(string version) =>
    [
        new("incident-record.md", $"# Record {version}\n"),
        new("timeline.md", $"# Timeline {version}\n"),
        new("incident.json", $"{{\"v\": \"{version}\"}}\n"),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WriteTo_StoppedAfterAFileWasReplaced_NextRunRewritesItInsteadOfKeepingIt(bool firstRun)
    {
        if (!firstRun)
        {
            ArtifactWriter.Write(_project, Id, Set("v1"));
        }

        // The process dies (here: the seam throws) right after timeline.md is renamed into place, before the manifest is written.
        Should.Throw<InvalidOperationException>(() => ArtifactWriter.WriteTo(Incident, Set("v2"), path =>
        {
            if (path == "timeline.md")
            {
                throw new InvalidOperationException("killed");
            }
        }));
        File.ReadAllText(Path.Combine(Incident, "timeline.md")).ShouldBe("# Timeline v2\n");

        var report = ArtifactWriter.WriteTo(Incident, Set("v3"));

        report.KeptBecauseEdited.ShouldBeEmpty();
        File.ReadAllText(Path.Combine(Incident, "timeline.md")).ShouldBe("# Timeline v3\n");
        File.ReadAllText(Path.Combine(Incident, "incident.json")).ShouldBe("{\"v\": \"v3\"}\n");
        Directory.EnumerateFiles(Incident, "*firebreak-new*", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public void WriteTo_PersonEditsAfterAStoppedRun_AreStillKept()
    {
        ArtifactWriter.Write(_project, Id, Set("v1"));
        Should.Throw<InvalidOperationException>(() => ArtifactWriter.WriteTo(Incident, Set("v2"), _ => throw new InvalidOperationException("killed")));
        var path = Path.Combine(Incident, "incident-record.md");
        File.WriteAllText(path, "# Record\nNotes from the incident commander.\n");

        var report = ArtifactWriter.WriteTo(Incident, Set("v3"));

        report.KeptBecauseEdited.Keys.ShouldBe(["incident-record.md"]);
        File.ReadAllText(path).ShouldBe("# Record\nNotes from the incident commander.\n");
    }
}
