using System.CommandLine;
using System.CommandLine.Help;
using Spectre.Console.Testing;

namespace Firebreak.Cli.Tests;

/// <summary>Issue 7: help for every command and every option, each option saying its default and accepted values.</summary>
public sealed class HelpTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("fb-help-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Every command's words after "firebreak", e.g. ["logs", "templates"].</summary>
    public static TheoryData<string[]> CommandPaths()
    {
        var data = new TheoryData<string[]>();
        foreach (var path in Paths(Tree(), []))
        {
            data.Add(path);
        }

        return data;
    }

    [Fact]
    public async Task Help_Root_ListsEveryCommandWithOneLineEach()
    {
        var cli = new Cli(Now);

        (await cli.RunAsync(_dir, "--help")).ShouldBe(0);

        var lines = cli.Console.Output.Split('\n');
        string[] commands = ["respond", "declare", "ack", "assign", "escalate", "note", "update", "status", "resolve", "reopen", "review", "action",
            "list", "show", "timeline", "due", "tick", "watch", "oncall", "logs"];
        foreach (var command in commands)
        {
            var line = lines.SingleOrDefault(l => l.StartsWith($"  {command} ", StringComparison.Ordinal));
            line.ShouldNotBeNull($"no line for {command} in:\n{cli.Console.Output}");
            line.Trim().Length.ShouldBeGreaterThan(command.Length + 10);
        }

        cli.Console.Output.ShouldContain("Usage:");
        cli.Console.Output.ShouldContain("--version");
        cli.Error.ToString().ShouldBeEmpty();
    }

    [Fact]
    public async Task Help_NoArguments_PrintsTheRootHelpAndExitsZero()
    {
        var cli = new Cli(Now);

        (await cli.RunAsync(_dir)).ShouldBe(0);

        cli.Console.Output.ShouldContain("respond <incident-id>");
        cli.Console.Output.ShouldContain("Exit codes:");
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Help_EveryCommand_ShowsItsUsageArgumentsAndOptions(string[] path)
    {
        var cli = new Cli(Now);

        (await cli.RunAsync(_dir, [.. path, "--help"])).ShouldBe(0, cli.Error.ToString());

        var output = cli.Console.Output;
        output.ShouldContain("Usage:");
        output.ShouldContain($"firebreak {string.Join(' ', path)}");
        var command = Find(Tree(), path);
        foreach (var option in command.Options.Where(o => o is not HelpOption))
        {
            output.ShouldContain(option.Name);
        }

        foreach (var argument in command.Arguments)
        {
            output.ShouldContain($"<{argument.Name}>");
        }

        Directory.EnumerateFileSystemEntries(_dir).ShouldBeEmpty();
    }

    [Fact]
    public void Help_EveryOption_SaysItsDefaultOrIsRequired()
    {
        foreach (var path in Paths(Tree(), []))
        {
            foreach (var option in Find(Tree(), path).Options.Where(o => o is not HelpOption))
            {
                var said = option.Description ?? string.Empty;
                (option.Required || said.Contains("Default:", StringComparison.Ordinal) || said.Contains("Give ", StringComparison.Ordinal))
                    .ShouldBeTrue($"firebreak {string.Join(' ', path)} {option.Name}: '{said}'");
            }
        }
    }

    [Fact]
    public void Help_OptionsWithAFixedSetOfValues_NameThem()
    {
        Option Of(string[] path, string name) => Find(Tree(), path).Options.Single(o => o.Name == name);

        Of(["escalate"], "--tier").HelpName.ShouldBe("2|3");
        Of(["escalate"], "--to").HelpName.ShouldBe("management|executive");
        Of(["action", "add"], "--type").HelpName.ShouldBe("prevent|detect|mitigate|process");
        Of(["action", "add"], "--priority").HelpName.ShouldBe("P0-P3");
    }

    [Theory]
    [InlineData(new[] { "respond", "--help" }, "--acknowledged-at <ISO-8601>", "Default: unknown")]
    [InlineData(new[] { "respond", "-h" }, "<P0-P3>", "Exit codes: 0 ran, 2 bad input")]
    [InlineData(new[] { "logs", "templates", "--help" }, "--max-templates <N>", "Default: detected from the first lines")]
    [InlineData(new[] { "ack", "--help" }, "--as <person>", "changes nothing")]
    [InlineData(new[] { "escalate", "--help" }, "--tier <2|3>", "--to <management|executive>")]
    [InlineData(new[] { "status", "--help" }, "<state>", "investigating, identified, mitigating or monitoring")]
    [InlineData(new[] { "oncall", "--help" }, "--ics <rotation>", "Default: --from plus 7 days")]
    [InlineData(new[] { "due", "--help" }, "--at <ISO-8601>", "--project <dir>")]
    [InlineData(new[] { "respond", "INC-1", "--bogus", "--help" }, "--execute", "--retry-action")]
    public async Task Help_KeyLines_ArePrinted(string[] args, string first, string second)
    {
        var cli = new Cli(Now);

        (await cli.RunAsync(_dir, args)).ShouldBe(0, cli.Error.ToString());

        cli.Console.Output.ShouldContain(first);
        cli.Console.Output.ShouldContain(second);
    }

    [Fact]
    public async Task Version_PrintsTheToolVersion()
    {
        var cli = new Cli(Now);

        (await cli.RunAsync(_dir, "--version")).ShouldBe(0);

        cli.Console.Output.Trim().ShouldBe("0.1.0");
    }

    private static Command Tree() =>
        CommandTree.Build(new CliContext(new TestConsole(), TextWriter.Null, TextReader.Null, TimeProvider.System, RespondEnvironment.Default, Path.GetTempPath()));

    private static IEnumerable<string[]> Paths(Command command, string[] prefix)
    {
        foreach (var sub in command.Subcommands)
        {
            string[] path = [.. prefix, sub.Name];
            yield return path;
            foreach (var deeper in Paths(sub, path))
            {
                yield return deeper;
            }
        }
    }

    private static Command Find(Command root, string[] path) =>
        path.Aggregate(root, (command, name) => command.Subcommands.Single(c => c.Name == name));
}
