namespace Firebreak.Cli.Tests;

/// <summary>Every bad input: exit code 2, one line on stderr, and nothing written anywhere.</summary>
public sealed class RespondBadInputTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("fb-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string[]> BadArguments => new()
    {
        new[] { "respond", "../x", "." },
        new[] { "respond", "a/b", "." },
        new[] { "respond", string.Empty, "." },
        new[] { "respond", new string('A', 65), "." },
        new[] { "respond", "INC\n1", "." },
        new[] { "respond", "INC-1", "P7", "." },
        new[] { "respond", "INC-1", "no-such-dir" },
        new[] { "respond", "INC-1", ".", "--frobnicate" },
        new[] { "respond", "INC-1", ".", "--at", "2099-01-01T00:00:00Z" },
        new[] { "respond", "INC-1", ".", "--execute", "--at", "2026-11-25T19:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task Respond_BadArguments_ExitTwoWithOneLineAndWriteNothing(string[] args)
    {
        var cli = new Cli(Now);

        var code = await cli.RunAsync(_dir, args);

        code.ShouldBe(2);
        cli.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("firebreak: ");
        Directory.EnumerateFileSystemEntries(_dir).ShouldBeEmpty();
    }

    [Fact]
    public async Task Respond_MalformedConfig_ExitTwoWithTheLine()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "firebreak.yaml"), "service: shop\ncomponents:\n  - {name: checkout-api, paths: [src/\n");
        var cli = new Cli(Now);

        var code = await cli.RunAsync(_dir, "respond", "INC-1", ".");

        code.ShouldBe(2);
        cli.ErrorLines.ShouldHaveSingleItem().ShouldContain("firebreak.yaml");
        Directory.Exists(Path.Combine(_dir, ".aiwg")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("surge_ratio: 0.5", "reasoning.surge_ratio must be a number of at least 1")]
    [InlineData("blame_threshold: 1.5", "reasoning.blame_threshold must be a number from 0 to 1")]
    [InlineData("onset_reach: soon", "reasoning.onset_reach must be a positive duration")]
    public async Task Respond_BadReasoningSetting_ExitTwoWithOneLineNamingTheKey(string setting, string message)
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "firebreak.yaml"), "service: shop\nreasoning:\n  " + setting + "\n");
        var cli = new Cli(Now);

        var code = await cli.RunAsync(_dir, "respond", "INC-1", ".");

        code.ShouldBe(2);
        var line = cli.ErrorLines.ShouldHaveSingleItem();
        line.ShouldContain(message);
        line.ShouldContain("line 3");
        Directory.Exists(Path.Combine(_dir, ".aiwg")).ShouldBeFalse();
    }

    [Fact]
    public async Task Respond_InteractiveWithEmptyInput_ExitTwoAndWriteNothing()
    {
        var cli = new Cli(Now) { Input = string.Empty };

        var code = await cli.RunAsync(_dir, "respond", "INC-1", ".", "--interactive");

        code.ShouldBe(2);
        cli.ErrorLines.ShouldHaveSingleItem().ShouldContain("--interactive");
        Directory.Exists(Path.Combine(_dir, ".aiwg")).ShouldBeFalse();
    }

    [Fact]
    public async Task Respond_UnknownCommand_ExitTwo()
    {
        var cli = new Cli(Now);

        (await cli.RunAsync(_dir, "respnd")).ShouldBe(2);
    }

    [Fact]
    public async Task Respond_Help_ListsTheOptions()
    {
        var cli = new Cli(Now);

        (await cli.RunAsync(_dir, "respond", "--help")).ShouldBe(0);

        cli.Console.Output.ShouldContain("--execute");
        cli.Console.Output.ShouldContain("--interactive");
    }
}
