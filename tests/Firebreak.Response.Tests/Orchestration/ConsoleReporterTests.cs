using Spectre.Console.Testing;

namespace Firebreak.Response.Tests;

public sealed class ConsoleReporterTests
{
    [Fact]
    public void Report_Marks_UseTheSeedsSymbolsAndIndent()
    {
        var console = new TestConsole();
        var reporter = new ConsoleReporter(console, color: false);

        reporter.Report(ProgressMark.Done, "Impact: HIGH", 1);
        reporter.Report(ProgressMark.Working, "Assessing impact and urgency...");
        reporter.Report(ProgressMark.Warning, "Escalating to Tier 2 (reason: x)", 1);
        reporter.Report(ProgressMark.Failed, "SECURITY INCIDENT or DATA LOSS detected");
        reporter.Report(ProgressMark.Skipped, "Executive notification not required", 1);

        console.Output.ShouldBe(
            "  ✓ Impact: HIGH\n⏳ Assessing impact and urgency...\n  ⚠️ Escalating to Tier 2 (reason: x)\n❌ SECURITY INCIDENT or DATA LOSS detected\n  ⊘ Executive notification not required\n");
    }

    [Fact]
    public void Report_TextWithMarkupCharacters_IsWrittenLiterally()
    {
        var console = new TestConsole();

        new ConsoleReporter(console, color: true).Report(ProgressMark.Done, "[red]not markup[/] {component}");

        console.Output.ShouldContain("[red]not markup[/] {component}");
    }
}
