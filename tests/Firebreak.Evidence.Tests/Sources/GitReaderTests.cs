namespace Firebreak.Evidence.Tests;

public sealed class GitReaderTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Commits_WithinWindow_AreReadWithFilesAndAuthor()
    {
        using var project = new TempProject();
        project.InitGit();
        project.Commit(AsOf.AddDays(-30), "Initial import", ("README.md", "# shop\n"));
        project.Commit(AsOf.AddHours(-4), "search: add synonyms", ("src/search/Synonyms.cs", "class S {}\n"));
        var culprit = project.Commit(AsOf.AddMinutes(-30), "checkout: apply loyalty discount before tax", ("src/checkout/PriceCalculator.cs", "class P {}\n"), ("src/checkout/Cart.cs", "class C {}\n"));
        project.Commit(AsOf.AddMinutes(10), "after the incident", ("late.txt", "x"));
        var git = new GitReader(project.Root);
        var warnings = new List<EvidenceWarning>();

        (await git.IsAvailableAsync(warnings)).ShouldBeTrue();
        var commits = await git.CommitsAsync(AsOf.AddHours(-48), AsOf, warnings);

        warnings.ShouldBeEmpty();
        commits.Select(c => c.Description).ShouldBe(["checkout: apply loyalty discount before tax", "search: add synonyms"]);
        var first = commits[0];
        first.Ref.ShouldBe(culprit);
        first.Ref.Length.ShouldBe(40);
        first.Commit.ShouldBe(culprit);
        first.Kind.ShouldBe(Firebreak.Core.ChangeKind.Commit);
        first.Author.ShouldBe("Dana Wu <dana@example.invalid>");
        first.At.ShouldBe(AsOf.AddMinutes(-30));
        first.Files.ShouldBe(["src/checkout/Cart.cs", "src/checkout/PriceCalculator.cs"], ignoreOrder: true);
        first.Source.ShouldBe(new SourceRef("git", null, culprit[..12]));
    }

    [Fact]
    public async Task Shipped_BetweenDeploys_ListsEveryCommit()
    {
        using var project = new TempProject();
        project.InitGit();
        var previous = project.Commit(AsOf.AddHours(-5), "one", ("a.txt", "1"));
        project.Commit(AsOf.AddHours(-4), "two", ("b.txt", "2"));
        var shipped = project.Commit(AsOf.AddHours(-3), "three", ("c.txt", "3"));
        var git = new GitReader(project.Root);

        var between = await git.ShippedAsync(shipped, previous, []);
        var single = await git.ShippedAsync(shipped, null, []);

        between.Select(c => c.Description).ShouldBe(["three", "two"]);
        single.ShouldHaveSingleItem().Files.ShouldBe(["c.txt"]);
    }

    [Fact]
    public async Task Hunks_ChangedMethod_GivesFileLineAndAddedText()
    {
        using var project = new TempProject();
        project.InitGit();
        var previous = project.Commit(AsOf.AddHours(-5), "one", ("src/checkout/PriceCalculator.cs", "class PriceCalculator\n{\n    decimal Apply(Cart c) => c.Total;\n}\n"));
        var shipped = project.Commit(AsOf.AddHours(-3), "two", ("src/checkout/PriceCalculator.cs", "class PriceCalculator\n{\n    decimal Apply(Cart c) => c.Total - c.Loyalty.Discount;\n}\n"));
        var git = new GitReader(project.Root);

        var hunks = await git.HunksAsync(shipped, previous, []);

        var hunk = hunks.ShouldHaveSingleItem();
        hunk.File.ShouldBe("src/checkout/PriceCalculator.cs");
        hunk.Line.ShouldBe(3);
        hunk.Added.ShouldBe(["decimal Apply(Cart c) => c.Total - c.Loyalty.Discount;"]);
    }

    [Fact]
    public void ParseHunks_DeletionOnlyAndNewFile_KeepsOnlyAddedLines()
    {
        const string Diff = "diff --git a/x.cs b/x.cs\n--- a/x.cs\n+++ b/x.cs\n@@ -4,2 +3,0 @@ void Run()\n-a\n-b\ndiff --git a/y.cs b/y.cs\n--- /dev/null\n+++ b/y.cs\n@@ -0,0 +1,2 @@\n+line one\n+line two\n";

        var hunks = GitReader.ParseHunks(Diff);

        var hunk = hunks.ShouldHaveSingleItem();
        hunk.File.ShouldBe("y.cs");
        hunk.Line.ShouldBe(1);
        hunk.Count.ShouldBe(2);
    }

    [Fact]
    public void ParseHunks_HeaderContext_IsTheEnclosingSymbol()
    {
        var hunks = GitReader.ParseHunks("+++ b/a.cs\n@@ -10 +10 @@ decimal Apply(Cart c)\n+return x;\n");

        hunks.ShouldHaveSingleItem().Context.ShouldBe("decimal Apply(Cart c)");
    }

    [Fact]
    public async Task Shipped_UnknownOrHostileCommit_ReturnsNothing()
    {
        using var project = new TempProject();
        project.InitGit();
        project.Commit(AsOf, "one", ("a.txt", "1"));
        var git = new GitReader(project.Root);
        var warnings = new List<EvidenceWarning>();

        (await git.ShippedAsync("--output=/tmp/x", null, warnings)).ShouldBeEmpty();
        (await git.ShippedAsync("deadbeefdeadbeef", null, warnings)).ShouldBeEmpty();

        warnings.ShouldHaveSingleItem().Message.ShouldStartWith("git log failed");
    }

    [Fact]
    public async Task IsAvailable_NotARepository_WarnsAndIsFalse()
    {
        using var project = new TempProject();
        var warnings = new List<EvidenceWarning>();

        (await new GitReader(project.Root).IsAvailableAsync(warnings)).ShouldBeFalse();

        warnings.ShouldHaveSingleItem().Message.ShouldContain("not a git repository");
    }

    [Fact]
    public void Parse_MalformedOutput_SkipsBadRecords()
    {
        var sha = new string('a', 40);
        var output = $"\u001e{sha}\u001fDana <d@x>\u001f2026-11-25T19:30:00+00:00\u001fsubject with \u001f separator\n\nsrc/a.cs\n\u001enot-a-sha\u001fx\u001fy\u001fz\n\u001e{sha}\u001fDana\u001fnot a date\u001fs\n";

        var commit = GitReader.Parse(output).ShouldHaveSingleItem();

        // A control character in a subject is made visible, never passed to the terminal or the Markdown (issue 11, item 15).
        commit.Description.ShouldBe("subject with \u241f separator");
        commit.Files.ShouldBe(["src/a.cs"]);
    }
}
