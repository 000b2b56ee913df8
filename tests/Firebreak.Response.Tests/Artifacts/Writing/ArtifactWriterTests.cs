using System.Text.Json;
using Firebreak.Core;

namespace Firebreak.Response.Tests;

public sealed class ArtifactWriterTests : IDisposable
{
    private readonly string _project = Path.Combine(Path.GetTempPath(), "firebreak-writer-" + Guid.NewGuid().ToString("N"));
    private static readonly IncidentId Id = new("INC-9");

    public ArtifactWriterTests() => Directory.CreateDirectory(_project);

    public void Dispose() => Directory.Delete(_project, recursive: true);

    private string Incident => ArtifactWriter.IncidentDirectory(_project, Id);

    private static RenderedArtifact[] Set(string record = "# Record\n", string alert = "# Alert\n") =>
    [
        new("incident-record.md", record),
        new("communications/initial-alert.md", alert),
        new("incident.json", "{}\n"),
    ];

    [Fact]
    public void Write_NewIncident_WritesFilesFoldersAndManifest()
    {
        var report = ArtifactWriter.Write(_project, Id, Set());

        report.Written.ShouldBe(["incident-record.md", "communications/initial-alert.md", "incident.json"]);
        report.Unchanged.ShouldBeEmpty();
        report.KeptBecauseEdited.ShouldBeEmpty();
        File.ReadAllText(Path.Combine(Incident, "communications", "initial-alert.md")).ShouldBe("# Alert\n");
        foreach (var folder in new[] { "logs", "actions", "diagnostics", "communications" })
        {
            Directory.Exists(Path.Combine(Incident, folder)).ShouldBeTrue(folder);
        }

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Incident, ".firebreak", "manifest.json")));
        manifest.RootElement.GetProperty("files").GetProperty("incident-record.md").GetString()!.Length.ShouldBe(64);
    }

    [Fact]
    public void Write_Always_LeavesNoTemporaryFiles()
    {
        ArtifactWriter.Write(_project, Id, Set());
        ArtifactWriter.Write(_project, Id, Set("# Record v2\n"));

        Directory.EnumerateFiles(Incident, "*.tmp", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public void Write_SameContentAgain_ReportsUnchangedAndDoesNotRewrite()
    {
        ArtifactWriter.Write(_project, Id, Set());
        var path = Path.Combine(Incident, "incident-record.md");
        var stamp = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, stamp);

        var report = ArtifactWriter.Write(_project, Id, Set());

        report.Unchanged.Count.ShouldBe(3);
        report.Written.ShouldBeEmpty();
        File.GetLastWriteTimeUtc(path).ShouldBe(stamp);
    }

    [Fact]
    public void Write_NewContentForUneditedFile_Overwrites()
    {
        ArtifactWriter.Write(_project, Id, Set());

        var report = ArtifactWriter.Write(_project, Id, Set("# Record v2\n"));

        report.Written.ShouldBe(["incident-record.md"]);
        File.ReadAllText(Path.Combine(Incident, "incident-record.md")).ShouldBe("# Record v2\n");
    }

    [Fact]
    public void Write_FileEditedByAPerson_IsKeptAndNewVersionGoesBeside()
    {
        ArtifactWriter.Write(_project, Id, Set());
        var path = Path.Combine(Incident, "incident-record.md");
        File.WriteAllText(path, "# Record\nNotes from the incident commander.\n");

        var report = ArtifactWriter.Write(_project, Id, Set("# Record v2\n"));

        File.ReadAllText(path).ShouldBe("# Record\nNotes from the incident commander.\n");
        report.KeptBecauseEdited["incident-record.md"].ShouldBe("incident-record.firebreak-new.md");
        File.ReadAllText(Path.Combine(Incident, "incident-record.firebreak-new.md")).ShouldBe("# Record v2\n");
        report.Written.ShouldNotContain("incident-record.md");
    }

    [Fact]
    public void Write_EditedFileOnLaterRuns_StaysProtected()
    {
        ArtifactWriter.Write(_project, Id, Set());
        var path = Path.Combine(Incident, "incident-record.md");
        File.WriteAllText(path, "edited\n");
        ArtifactWriter.Write(_project, Id, Set("# Record v2\n"));

        var report = ArtifactWriter.Write(_project, Id, Set("# Record v3\n"));

        File.ReadAllText(path).ShouldBe("edited\n");
        report.KeptBecauseEdited.ShouldContainKey("incident-record.md");
        File.ReadAllText(Path.Combine(Incident, "incident-record.firebreak-new.md")).ShouldBe("# Record v3\n");
    }

    [Fact]
    public void Write_ExistingFileNotInManifest_IsNeverOverwritten()
    {
        Directory.CreateDirectory(Path.Combine(Incident, "communications"));
        var path = Path.Combine(Incident, "communications", "initial-alert.md");
        File.WriteAllText(path, "written by hand\n");

        var report = ArtifactWriter.Write(_project, Id, Set());

        File.ReadAllText(path).ShouldBe("written by hand\n");
        report.KeptBecauseEdited["communications/initial-alert.md"].ShouldBe("communications/initial-alert.firebreak-new.md");
    }

    [Fact]
    public void Write_CorruptManifest_KeepsDifferingFilesAndWarns()
    {
        ArtifactWriter.Write(_project, Id, Set());
        File.WriteAllText(Path.Combine(Incident, ".firebreak", "manifest.json"), "{not json");

        var report = ArtifactWriter.Write(_project, Id, Set("# Record v2\n"));

        report.Warnings.ShouldHaveSingleItem().ShouldContain("manifest.json");
        report.KeptBecauseEdited.ShouldContainKey("incident-record.md");
        report.Unchanged.ShouldContain("incident.json");
    }

    [Theory]
    [InlineData("../escape.md")]
    [InlineData("diagnostics/../../escape.md")]
    [InlineData("/etc/escape.md")]
    [InlineData("")]
    [InlineData("a//b.md")]
    [InlineData(".firebreak/manifest.json")]
    public void Write_PathEscapingTheIncident_IsRefusedBeforeWritingAnything(string path)
    {
        var artifacts = Set().Append(new RenderedArtifact(path, "x")).ToList();

        Should.Throw<UnsafeArtifactPathException>(() => ArtifactWriter.Write(_project, Id, artifacts));

        Directory.Exists(Incident).ShouldBeFalse();
        File.Exists(Path.Combine(_project, ".aiwg", "incidents", "escape.md")).ShouldBeFalse();
    }

    [Fact]
    public void Write_LinkedFolderInsideIncident_IsRefused()
    {
        var outside = Path.Combine(_project, "outside");
        Directory.CreateDirectory(outside);
        Directory.CreateDirectory(Incident);
        Directory.CreateSymbolicLink(Path.Combine(Incident, "diagnostics"), outside);

        Should.Throw<UnsafeArtifactPathException>(() =>
            ArtifactWriter.Write(_project, Id, [new RenderedArtifact("diagnostics/tier1-data.md", "x")]));

        Directory.EnumerateFiles(outside).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("timeline.md", "timeline.firebreak-new.md")]
    [InlineData("communications/status-page-update.md", "communications/status-page-update.firebreak-new.md")]
    [InlineData("incident.json", "incident.firebreak-new.json")]
    [InlineData("NOTES", "NOTES.firebreak-new")]
    public void Beside_Path_InsertsSuffixBeforeExtension(string path, string expected) =>
        ArtifactWriter.Beside(path).ShouldBe(expected);

    [Fact]
    public async Task WriteAsync_Dossier_RendersAndWritesIntoTheGivenFolder()
    {
        var report = await ArtifactWriter.WriteAsync(DossierFixtures.MinorP3(), Incident);

        report.IncidentDirectory.ShouldBe(Incident);
        report.Written.ShouldContain("incident.json");
        report.Written.ShouldContain("logs/escalation-log.md");
        File.Exists(Path.Combine(Incident, "post-incident-review.md")).ShouldBeTrue();
    }

    [Fact]
    public async Task ArtifactSink_EditedArtifact_ReportsItAsKept()
    {
        var sink = new ArtifactSink();
        await sink.WriteAsync(DossierFixtures.MinorP3(), Incident, CancellationToken.None);
        File.AppendAllText(Path.Combine(Incident, "timeline.md"), "\nA note from the incident commander.\n");

        var report = await sink.WriteAsync(DossierFixtures.CapacityP1(), Incident, CancellationToken.None);

        report.Kept.ShouldContain(new KeptArtifact("timeline.md", "timeline.firebreak-new.md"));
        report.Written.ShouldContain("incident.json");
    }

    [Fact]
    public void Write_RenderedFixture_WritesEveryArtifact()
    {
        var artifacts = IncidentArtifacts.Render(DossierFixtures.DeployRegressionP0());

        var report = ArtifactWriter.Write(_project, new IncidentId("INC-42"), artifacts);

        report.Written.Count.ShouldBe(artifacts.Count);
        var dir = ArtifactWriter.IncidentDirectory(_project, new IncidentId("INC-42"));
        foreach (var artifact in artifacts)
        {
            File.ReadAllText(Path.Combine(dir, artifact.Path)).ShouldBe(artifact.Content);
        }
    }
}
