namespace Firebreak.Evidence.Tests;

public sealed class CommandLineSplitterTests
{
    [Theory]
    [InlineData("./ops/rollback.sh {component} {version}", new[] { "./ops/rollback.sh", "{component}", "{version}" })]
    [InlineData("  a   b  ", new[] { "a", "b" })]
    [InlineData("echo 'hello world' \"x y\"", new[] { "echo", "hello world", "x y" })]
    [InlineData("a\\ b c", new[] { "a b", "c" })]
    [InlineData("say \"she said \\\"hi\\\"\"", new[] { "say", "she said \"hi\"" })]
    [InlineData("x ''", new[] { "x", "" })]
    [InlineData("rm -rf / ; echo $(whoami) && `id`", new[] { "rm", "-rf", "/", ";", "echo", "$(whoami)", "&&", "`id`" })]
    public void Split_ShellStyleQuotes_GivesArguments(string command, string[] expected) =>
        CommandLineSplitter.Split(command).ShouldBe(expected);

    [Theory]
    [InlineData("a 'b")]
    [InlineData("a \"b")]
    [InlineData("a \\")]
    public void Split_Unbalanced_Throws(string command) =>
        Should.Throw<FormatException>(() => CommandLineSplitter.Split(command));
}
