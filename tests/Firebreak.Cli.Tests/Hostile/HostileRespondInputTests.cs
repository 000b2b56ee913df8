using System.Security.Cryptography;

namespace Firebreak.Cli.Tests;

/// <summary>Issue 11 items 11 and 16: ids that collide with the store, and time travel.</summary>
public sealed class HostileRespondInputTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("firebreak.db")]
    [InlineData("firebreak.db-wal")]
    [InlineData("firebreak.db-shm")]
    [InlineData("firebreak.db-journal")]
    [InlineData("FIREBREAK.DB-journal")]
    public async Task Respond_IdNamedLikeTheStore_ExitTwoAndWriteNothing(string id)
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);

        var code = await cli.RunAsync(kit.Path, "respond", id, kit.Path);

        code.ShouldBe(2);
        cli.ErrorLines.ShouldHaveSingleItem().ShouldContain("reserved");
        Directory.Exists(Path.Combine(kit.Path, ".aiwg")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("--at", "1-1")]
    [InlineData("--at", "0001-01-02")]
    [InlineData("--at", "0001-01-02T00:00:00Z")]
    [InlineData("--at", "2026-11-25")]
    [InlineData("--at", "1970-01-01T00:00:00Z")]
    [InlineData("--detected-at", "2099-01-01T00:00:00Z")]
    [InlineData("--detected-at", "1-1")]
    public async Task Respond_TimeBeforeTheEvidenceInTheFutureOrNotFullIso_ExitTwoAndWriteNothing(string option, string value)
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);

        var code = await cli.RunAsync(kit.Path, "respond", "INC-1", kit.Path, option, value);

        code.ShouldBe(2, cli.Error.ToString());
        cli.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("firebreak: ");
        Directory.Exists(Path.Combine(kit.Path, ".aiwg")).ShouldBeFalse();
    }

    [Fact]
    public async Task Respond_ReplayAfterALiveRun_IsRefusedAndTheRecordStaysAsItWas()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        (await new Cli(Now).RunAsync(kit.Path, "respond", "INC-1", kit.Path)).ShouldBe(0);
        var before = Hashes(Path.Combine(kit.Path, ".aiwg"));
        var cli = new Cli(Now);

        var code = await cli.RunAsync(kit.Path, "respond", "INC-1", kit.Path, "--at", KitBuilder.Iso(Now.AddMinutes(-5)));

        code.ShouldBe(2);
        cli.ErrorLines.ShouldHaveSingleItem().ShouldContain("replay");
        Hashes(Path.Combine(kit.Path, ".aiwg")).ShouldBe(before);
    }

    private static Dictionary<string, string> Hashes(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("firebreak.db-", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal);
}
