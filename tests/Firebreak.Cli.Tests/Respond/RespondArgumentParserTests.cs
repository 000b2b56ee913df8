using Firebreak.Core;

namespace Firebreak.Cli.Tests;

public sealed class RespondArgumentParserTests : IDisposable
{
    private readonly string _cwd = Directory.CreateTempSubdirectory("fb-args-").FullName;

    public RespondArgumentParserTests() => Directory.CreateDirectory(Path.Combine(_cwd, "shop"));

    public void Dispose() => Directory.Delete(_cwd, recursive: true);

    [Fact]
    public void Parse_IdSeverityAndDirectory_ReadsAll()
    {
        var parsed = RespondArgumentParser.Parse(["INC-7", "p1", "shop", "--guidance", "revenue impact", "--execute", "--no-color"], _cwd, out var error);

        error.ShouldBeEmpty();
        parsed!.Id.Value.ShouldBe("INC-7");
        parsed.Severity.ShouldBe(Priority.P1);
        parsed.ProjectDirectory.ShouldBe(Path.Combine(_cwd, "shop"));
        parsed.Guidance.ShouldBe("revenue impact");
        parsed.Execute.ShouldBeTrue();
        parsed.NoColor.ShouldBeTrue();
    }

    [Fact]
    public void Parse_SecondPositionalNotASeverity_IsTheProjectDirectory()
    {
        var parsed = RespondArgumentParser.Parse(["INC-7", "shop"], _cwd, out _);

        parsed!.Severity.ShouldBeNull();
        parsed.ProjectDirectory.ShouldBe(Path.Combine(_cwd, "shop"));
    }

    [Fact]
    public void Parse_NoDirectory_UsesTheCurrentOne() =>
        RespondArgumentParser.Parse(["INC-7"], _cwd, out _)!.ProjectDirectory.ShouldBe(_cwd);

    [Fact]
    public void Parse_InlineValuesAndTimes_AreRead()
    {
        var parsed = RespondArgumentParser.Parse(["INC-7", "--description=checkout down", "--detected-at", "2026-11-25T19:40:00Z", "--at=2026-11-25T19:55:00"], _cwd, out _);

        parsed!.Description.ShouldBe("checkout down");
        parsed.DetectedAt.ShouldBe(new DateTimeOffset(2026, 11, 25, 19, 40, 0, TimeSpan.Zero));
        parsed.At.ShouldBe(new DateTimeOffset(2026, 11, 25, 19, 55, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("../x", "must be letters")]
    [InlineData("a/b", "must be letters")]
    [InlineData("", "empty")]
    [InlineData("INC\u00071", "\\x07")]
    public void Parse_BadIncidentId_SaysWhy(string id, string expected)
    {
        RespondArgumentParser.Parse([id], _cwd, out var error).ShouldBeNull();
        error.ShouldContain(expected);
    }

    [Fact]
    public void Parse_65CharacterId_IsRefused()
    {
        RespondArgumentParser.Parse([new string('a', 65)], _cwd, out var error).ShouldBeNull();
        error.ShouldContain("65 characters");
    }

    [Theory]
    [InlineData(new[] { "INC-1", "P7" }, "severity 'P7' is not one of P0, P1, P2, P3")]
    [InlineData(new[] { "INC-1", "missing-dir" }, "project directory 'missing-dir' does not exist")]
    [InlineData(new[] { "INC-1", "--bogus" }, "unknown option '--bogus'")]
    [InlineData(new[] { "INC-1", "--guidance" }, "--guidance needs a value")]
    [InlineData(new[] { "INC-1", "--at", "yesterday" }, "--at 'yesterday' is not an ISO 8601 time")]
    [InlineData(new[] { "INC-1", "P1", "shop", "extra" }, "unexpected argument 'extra'")]
    [InlineData(new[] { "INC-1", "--execute", "--at", "2026-11-25T19:00:00Z" }, "--execute cannot be combined with --at")]
    [InlineData(new string[0], "missing incident id")]
    public void Parse_BadArguments_GiveOneClearReason(string[] args, string expected)
    {
        RespondArgumentParser.Parse(args, _cwd, out var error).ShouldBeNull();
        error.ShouldContain(expected);
        error.ShouldNotContain("\n");
    }
}
