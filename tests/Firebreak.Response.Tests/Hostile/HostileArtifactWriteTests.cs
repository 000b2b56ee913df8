using Firebreak.Core;

namespace Firebreak.Response.Tests;

/// <summary>Issue 11 items 8, 13 and 14 at the artifact writer: a run stopped mid-write, private modes, and links inside the incident folder.</summary>
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

    [Fact]
    public void WriteTo_NewIncident_FoldersAndFilesArePrivate()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        ArtifactWriter.WriteTo(Incident, Set("v1"));

        File.GetUnixFileMode(Incident).ShouldBe(PrivateFiles.FolderMode);
        File.GetUnixFileMode(Path.Combine(_project, ".aiwg", "incidents")).ShouldBe(PrivateFiles.FolderMode);
        File.GetUnixFileMode(Path.Combine(Incident, "incident.json")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(Path.Combine(Incident, ".firebreak", "manifest.json")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public void WriteTo_ArtifactIsALinkToAFileOutside_RefusedAndTheTargetUntouched()
    {
        ArtifactWriter.WriteTo(Incident, Set("v1"));
        var outside = Path.Combine(_project, "outside.md");
        File.WriteAllText(outside, "not Firebreak's\n");
        var timeline = Path.Combine(Incident, "timeline.md");
        File.Delete(timeline);
        File.CreateSymbolicLink(timeline, outside);

        Should.Throw<UnsafeArtifactPathException>(() => ArtifactWriter.WriteTo(Incident, Set("v2")));

        File.ReadAllText(outside).ShouldBe("not Firebreak's\n");
    }

    [Fact]
    public void WriteTo_IncidentFolderIsALink_RefusedBeforeWritingThroughIt()
    {
        var elsewhere = Path.Combine(_project, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        Directory.CreateDirectory(Path.GetDirectoryName(Incident)!);
        Directory.CreateSymbolicLink(Incident, elsewhere);

        Should.Throw<UnsafeArtifactPathException>(() => ArtifactWriter.WriteTo(Incident, Set("v1")));

        Directory.EnumerateFileSystemEntries(elsewhere).ShouldBeEmpty();
    }

    [Fact]
    public void Acquire_HeldByAnotherHandle_RefusesUntilReleased()
    {
        var folder = Path.Combine(Incident, ".firebreak");
        var once = new IncidentWriteLockOptions { Attempts = 1 };
        using (IncidentWriteLock.Acquire(folder, _project))
        {
            Should.Throw<IOException>(() => IncidentWriteLock.Acquire(folder, _project, once)).Message.ShouldContain("another Firebreak run");
        }

        using var after = IncidentWriteLock.Acquire(folder, _project, once);
        after.ShouldNotBeNull();
    }

    [Fact]
    public async Task WriteTo_ConcurrentRunStartsWhileOneIsWriting_WaitsAndKeepsNothingAsAPersonsEdit()
    {
        ArtifactWriter.Write(_project, Id, Set("v1"));
        Task<WriteReport>? second = null;

        // The second run starts while the first holds the lock (right after its first file is replaced) and must wait for it.
        ArtifactWriter.WriteTo(Incident, Set("v2"), path =>
        {
            if (second is null)
            {
                second = Task.Run(() => ArtifactWriter.WriteTo(Incident, Set("v3")));
                second.IsCompleted.ShouldBeFalse();
            }
        });

        var report = await second!;
        report.KeptBecauseEdited.ShouldBeEmpty();
        File.ReadAllText(Path.Combine(Incident, "incident-record.md")).ShouldBe("# Record v3\n");
        Directory.EnumerateFiles(Incident, "*" + ArtifactWriter.NewVersionSuffix + "*", SearchOption.AllDirectories).ShouldBeEmpty();
    }
}
