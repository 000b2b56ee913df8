namespace Firebreak.Cli.Tests;

/// <summary>What respond prints (Spectre's TestConsole): the guidance echoed, what a re-run found new, each line once and in order, the next step last.</summary>
public sealed class RespondConsoleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    private static async Task<string> RespondAsync(Kit kit, DateTimeOffset at, params string[] options)
    {
        var cli = new Cli(at);
        var code = await cli.RunAsync(kit.Path, ["respond", "INC-42", kit.Path, "--no-color", .. options]);
        code.ShouldBe(0, cli.Error.ToString());
        return cli.Console.Output;
    }

    private static string[] Lines(string output) => output.Split('\n').Select(l => l.TrimEnd()).ToArray();

    [Fact]
    public async Task Respond_WithGuidance_EchoesItWithWhatItChangedAndWhatChangedNothing()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();

        var output = await RespondAsync(kit, Now, "--guidance", "security, executive visibility");

        output.ShouldContain("- Guidance: \"security, executive visibility\"");
        var lines = Lines(output);
        var echo = Array.IndexOf(lines, "Guidance: \"security, executive visibility\"");
        echo.ShouldBeGreaterThan(0, output);
        lines[echo + 1].ShouldStartWith("- changed: security: security-architect joins the response for a security review");
        lines[echo + 2].ShouldBe("- changed nothing: \"executive visibility\" (no keyword Firebreak acts on)");
    }

    [Fact]
    public async Task Respond_GuidanceWithNoKeyword_SaysItChangedNothing()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();

        var output = await RespondAsync(kit, Now, "--guidance", "please be careful");

        var lines = Lines(output);
        var echo = Array.IndexOf(lines, "Guidance: \"please be careful\"");
        echo.ShouldBeGreaterThan(0, output);
        lines[echo + 1].ShouldBe("- changed nothing: it matched no keyword Firebreak acts on");
    }

    [Fact]
    public async Task Respond_RerunWithNothingNew_SaysNothingNewSinceTheStoredAnalysis()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var first = await RespondAsync(kit, Now);

        var second = await RespondAsync(kit, Now.AddMinutes(1));

        first.ShouldNotContain("Since the last run");
        second.ShouldContain("Since the last run: nothing new since 2026-11-25 20:00 UTC (the evidence and decisions match v1 of the analysis, 2026-11-25 20:00 UTC).");
        second.ShouldContain("✓ Continuing incident INC-42");
        second.ShouldNotContain("Incident INC-42 logged");
        second.ShouldNotContain("Initial record created");
    }

    [Fact]
    public async Task Respond_RerunAfterANewAlert_SaysTheAlertIsNew()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        await RespondAsync(kit, Now);
        var alert = Directory.EnumerateFiles(Path.Combine(kit.Path, "alerts")).Single();
        await File.WriteAllTextAsync(Path.Combine(kit.Path, "alerts", "02-CheckoutLatencyHigh.json"),
            (await File.ReadAllTextAsync(alert)).Replace("CheckoutHighErrorRate", "CheckoutLatencyHigh", StringComparison.Ordinal)
                .Replace("0000000000000001", "00000000000000ff", StringComparison.Ordinal));

        var second = await RespondAsync(kit, Now.AddMinutes(2));

        var lines = Lines(second);
        var since = Array.FindIndex(lines, l => l.StartsWith("Since the last run (v1 of the analysis, 2026-11-25 20:00 UTC):", StringComparison.Ordinal));
        since.ShouldBeGreaterThan(0, second);
        lines.Skip(since).ShouldContain(l => l.StartsWith("- New alerts: CheckoutLatencyHigh (started ", StringComparison.Ordinal), second);
    }

    [Fact]
    public async Task Respond_AnyRun_EachProgressLineOnceInOrderAndTheNextStepLast()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();

        var output = await RespondAsync(kit, Now);

        var progress = Lines(output).Select(l => l.Trim()).Where(l => l.StartsWith('✓') || l.StartsWith('⏳')).Where(l => l.Length > 15).ToList();
        progress.GroupBy(l => l).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty();
        progress.ShouldNotContain("⏳ Implementing mitigation strategy...");
        progress.ShouldNotContain("✓ PIR document generated");
        progress.IndexOf("✓ Hierarchical escalation complete").ShouldBeLessThan(progress.IndexOf("⏳ Conducting root cause analysis..."));
        progress.IndexOf("⏳ Conducting root cause analysis...").ShouldBeLessThan(progress.IndexOf("⏳ Implementing mitigation strategy: rollback..."));
        output.TrimEnd().Split('\n')[^1].ShouldStartWith("Next: firebreak ack INC-42");
    }
}
