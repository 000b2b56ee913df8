namespace Firebreak.Cli.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Assembly_Loads() => typeof(SmokeTests).Assembly.ShouldNotBeNull();
}
