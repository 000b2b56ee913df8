namespace Firebreak.Evidence.Tests;

public sealed class ProjectFilesTests
{
    [Fact]
    public void Expand_Globs_MatchSortedRelativePaths()
    {
        using var project = new TempProject();
        project.Write("logs/b.log", "x");
        project.Write("logs/a.log", "x");
        project.Write("logs/a.txt", "x");
        project.Write("logs/2026/11/deep.log", "x");
        project.Write(".git/logs/HEAD.log", "x");
        project.Write(".aiwg/incidents/INC-1/logs/out.log", "x");

        ProjectFiles.Expand(project.Root, "logs/*.log", []).ShouldBe(["logs/a.log", "logs/b.log"]);
        ProjectFiles.Expand(project.Root, "logs/**/*.log", []).ShouldBe(["logs/2026/11/deep.log", "logs/a.log", "logs/b.log"]);
        ProjectFiles.Expand(project.Root, "**/*.log", []).ShouldBe(["logs/2026/11/deep.log", "logs/a.log", "logs/b.log"]);
        ProjectFiles.Expand(project.Root, "logs/?.log", []).ShouldBe(["logs/a.log", "logs/b.log"]);
        ProjectFiles.Expand(project.Root, "logs/a.txt", []).ShouldBe(["logs/a.txt"]);
        ProjectFiles.Expand(project.Root, "./logs/*/11/*.log", []).ShouldBe(["logs/2026/11/deep.log"]);
        ProjectFiles.Expand(project.Root, "nothing/*.log", []).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("../*.log")]
    [InlineData("logs/../../etc/*")]
    [InlineData("/etc/passwd")]
    [InlineData("/etc/*")]
    public void Expand_EscapingGlob_IsRejectedWithWarning(string glob)
    {
        using var project = new TempProject();
        project.Write("../outside.log", "secret");
        var warnings = new List<EvidenceWarning>();

        ProjectFiles.Expand(project.Root, glob, warnings).ShouldBeEmpty();

        warnings.ShouldHaveSingleItem().Message.ShouldContain("inside the project directory");
    }

    [Fact]
    public void Resolve_EscapingPath_IsRejected()
    {
        using var project = new TempProject();
        var warnings = new List<EvidenceWarning>();

        ProjectFiles.Resolve(project.Root, "../deploys.jsonl", warnings).ShouldBeNull();
        ProjectFiles.Resolve(project.Root, "deploys.jsonl", warnings).ShouldBe(Path.Combine(project.Root, "deploys.jsonl"));

        warnings.ShouldHaveSingleItem();
    }

    [Fact]
    public void Expand_SymlinkOutside_IsNotFollowed()
    {
        using var project = new TempProject();
        var outside = Path.Combine(Path.GetDirectoryName(project.Root)!, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "secret.log"), "x");
        Directory.CreateDirectory(Path.Combine(project.Root, "logs"));
        Directory.CreateSymbolicLink(Path.Combine(project.Root, "logs", "linked"), outside);

        ProjectFiles.Expand(project.Root, "logs/**/*.log", []).ShouldBeEmpty();
    }

    [Fact]
    public void ResolveAndExpand_FileSymlinkOutside_AreRejected()
    {
        using var project = new TempProject();
        var outside = Path.Combine(Path.GetDirectoryName(project.Root)!, "secret.json");
        File.WriteAllText(outside, "{}");
        Directory.CreateDirectory(Path.Combine(project.Root, "metrics"));
        File.CreateSymbolicLink(Path.Combine(project.Root, "metrics", "m.json"), outside);
        var warnings = new List<EvidenceWarning>();

        ProjectFiles.Resolve(project.Root, "metrics/m.json", warnings).ShouldBeNull();
        ProjectFiles.Expand(project.Root, "metrics/*.json", warnings).ShouldBeEmpty();
        ProjectFiles.Expand(project.Root, "metrics/m.json", warnings).ShouldBeEmpty();

        warnings.ShouldHaveSingleItem().Message.ShouldContain("outside the project");
    }
}
