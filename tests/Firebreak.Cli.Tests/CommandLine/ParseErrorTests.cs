using Spectre.Console.Testing;

namespace Firebreak.Cli.Tests;

/// <summary>Issue 7: a malformed command line is one line on stderr and exit 2 (System.CommandLine alone prints several and exits 1); nothing is written.</summary>
public sealed class ParseErrorTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("fb-parse-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(new[] { "respnd" }, "unknown command 'respnd'; try 'firebreak --help'")]
    [InlineData(new[] { "--bogus" }, "unknown option '--bogus'")]
    [InlineData(new[] { "respond" }, "missing incident id")]
    [InlineData(new[] { "respond", "INC-1", "--bogus" }, "unknown option '--bogus' for respond")]
    [InlineData(new[] { "respond", "INC-1", "-x" }, "unknown option '-x' for respond")]
    [InlineData(new[] { "respond", "INC-1", "--guidance" }, "--guidance needs a value")]
    [InlineData(new[] { "respond", "INC-1", "--at", "yesterday" }, "--at 'yesterday' is not an ISO 8601 time")]
    [InlineData(new[] { "respond", "INC-1", "--at", "2026-11-25T19:00:00Z", "--at", "2026-11-25T19:01:00Z" }, "--at is given more than once")]
    [InlineData(new[] { "respond", "INC-1", "--execute=yes" }, "project directory 'yes' does not exist")]
    [InlineData(new[] { "respond", "INC-1", "@args.txt" }, "project directory '@args.txt' does not exist")]
    [InlineData(new[] { "ack" }, "missing incident id")]
    [InlineData(new[] { "ack", "INC-1", "--bogus" }, "unknown option '--bogus' for ack")]
    [InlineData(new[] { "ack", "INC-1", "--at", "yesterday" }, "--at 'yesterday' is not a full ISO 8601 moment")]
    [InlineData(new[] { "ack", "INC-1", "--at" }, "--at needs a value")]
    [InlineData(new[] { "ack", "INC-1", "extra" }, "unexpected argument 'extra'")]
    [InlineData(new[] { "note", "INC-1" }, "missing text")]
    [InlineData(new[] { "resolve", "INC-1" }, "--summary is required")]
    [InlineData(new[] { "review", "INC-1", "--attendees", "A", "--held-at", "noon" }, "--held-at 'noon' is not a full ISO 8601 moment")]
    [InlineData(new[] { "action" }, "action needs a subcommand: add, done, list")]
    [InlineData(new[] { "action", "close", "INC-1" }, "unknown action subcommand 'close'")]
    [InlineData(new[] { "action", "add", "INC-1", "title", "--owner", "A" }, "--due is required")]
    [InlineData(new[] { "logs" }, "logs needs a subcommand: templates, changes")]
    [InlineData(new[] { "logs", "stats" }, "unknown logs subcommand 'stats'")]
    [InlineData(new[] { "logs", "templates" }, "missing log")]
    [InlineData(new[] { "logs", "templates", "app.log", "--max-templates" }, "--max-templates needs a value")]
    [InlineData(new[] { "oncall", "--from", "tomorrow" }, "--from needs a moment with an offset")]
    [InlineData(new[] { "oncall", "a", "b" }, "unexpected argument 'b'")]
    [InlineData(new[] { "tick", "--at", "now" }, "--at 'now' is not a full ISO 8601 moment")]
    [InlineData(new[] { "watch", "--at", "2026-11-25T19:00:00Z" }, "unknown option '--at' for watch")]
    [InlineData(new[] { "declare" }, "missing what is happening")]
    public async Task Parse_MalformedCommandLine_OneLineOnStderrExitTwoNothingWritten(string[] args, string expected)
    {
        var cli = new Cli(Now);

        var code = await cli.RunAsync(_dir, args);

        code.ShouldBe(ExitCodes.BadInput, cli.Error.ToString());
        var line = cli.ErrorLines.ShouldHaveSingleItem();
        line.ShouldStartWith("firebreak: ");
        line.ShouldContain(expected);
        cli.Console.Output.ShouldBeEmpty();
        Directory.EnumerateFileSystemEntries(_dir).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("note", "INC-1", "-5", "degrees", "at", "the", "edge")]
    [InlineData("note", "INC-1", "--", "--not-an-option")]
    [InlineData("logs", "templates", "-")]
    [InlineData("update", "INC-1", "rolled back; errors at -3% of baseline")]
    public void Parse_WordsThatOnlyLookLikeOptions_AreWords(params string[] args)
    {
        var tree = CommandTree.Build(new CliContext(new TestConsole(), TextWriter.Null, TextReader.Null, TimeProvider.System, RespondEnvironment.Default, _dir));

        ParseProblems.First(tree.Parse(args, CommandTree.Parsing)).ShouldBeNull();
    }
}
