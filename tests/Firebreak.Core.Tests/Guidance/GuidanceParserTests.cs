namespace Firebreak.Core.Tests;

public sealed class GuidanceParserTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_Empty_IsNone(string? text) => GuidanceParser.Parse(text).ShouldBe(GuidanceProfile.None);

    [Theory]
    [InlineData("Security incident suspected", "security")]
    [InlineData("possible BREACH of customer accounts", "security")]
    [InlineData("forensic analysis needed", "security")]
    [InlineData("intrusion detected on db host", "security")]
    [InlineData("credentials leak in logs", "security")]
    [InlineData("Performance degradation, focus on database query optimization", "performance")]
    [InlineData("latency is high", "performance")]
    [InlineData("checkout is slow", "performance")]
    [InlineData("GDPR exposure", "compliance")]
    [InlineData("hipaa!", "compliance")]
    [InlineData("regulatory reporting may apply", "compliance")]
    [InlineData("audit trail missing", "compliance")]
    [InlineData("Payment processing down, revenue impact critical", "revenue")]
    [InlineData("checkout failing", "revenue")]
    [InlineData("sales are dropping", "revenue")]
    [InlineData("losing money", "revenue")]
    [InlineData("data-loss suspected", "data-loss")]
    [InlineData("Data loss in orders table", "data-loss")]
    [InlineData("row corruption after migration", "data-loss")]
    public void Parse_Keyword_SetsTopic(string text, string topic)
    {
        var profile = GuidanceParser.Parse(text);

        Flag(profile, topic).ShouldBeTrue();
        profile.Effects.ShouldContain(e => e.StartsWith(topic + ":", StringComparison.Ordinal));
        profile.Text.ShouldBe(text.Trim());
    }

    [Theory]
    [InlineData("memory leak in the worker")]
    [InlineData("connection leak after deploy")]
    [InlineData("SLA breach imminent")]
    [InlineData("we breached the SLA")]
    [InlineData("not security related")]
    [InlineData("no security issue here")]
    [InlineData("non-security incident")]
    public void Parse_LookalikeOrNegated_IsNotSecurity(string text) =>
        GuidanceParser.Parse(text).Security.ShouldBeFalse();

    [Fact]
    public void Parse_NegatedDataLoss_IsNotDataLoss()
    {
        var profile = GuidanceParser.Parse("No data loss, but payments are failing");

        profile.DataLoss.ShouldBeFalse();
        profile.Revenue.ShouldBeTrue();
    }

    [Theory]
    [InlineData("Tight SLA window, prioritize fast rollback over investigation")]
    [InlineData("fast rollback please")]
    [InlineData("prioritise rollback")]
    [InlineData("tight sla")]
    public void Parse_RollbackPhrases_PreferFastRollback(string text) =>
        GuidanceParser.Parse(text).PreferFastRollback.ShouldBeTrue();

    [Theory]
    [InlineData("Security incident suspected, preserve forensics before mitigation")]
    [InlineData("preserve evidence")]
    [InlineData("forensic copy first")]
    public void Parse_ForensicsPhrases_PreserveForensics(string text) =>
        GuidanceParser.Parse(text).PreserveForensics.ShouldBeTrue();

    [Theory]
    [InlineData("First P0 for new team, need extra documentation and communication")]
    [InlineData("extra documentation")]
    [InlineData("new team")]
    [InlineData("first p0")]
    [InlineData("Comprehensive PIR please")]
    public void Parse_DocumentationPhrases_Comprehensive(string text) =>
        GuidanceParser.Parse(text).ComprehensiveDocumentation.ShouldBeTrue();

    [Fact]
    public void Parse_SecurityGuidance_AlsoPreservesForensicsAndExplains()
    {
        var profile = GuidanceParser.Parse("Security incident suspected, preserve forensics before mitigation");

        profile.Security.ShouldBeTrue();
        profile.PreserveForensics.ShouldBeTrue();
        profile.Performance.ShouldBeFalse();
        profile.Revenue.ShouldBeFalse();
        profile.Effects.ShouldContain(e => e.Contains("security-architect joins the response", StringComparison.Ordinal));
        profile.Effects.ShouldContain(e => e.Contains("evidence is preserved before mitigation", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_RevenueGuidance_SaysExecutivesAreNotified() =>
        GuidanceParser.Parse("Payment processing down, revenue impact critical").Effects
            .ShouldContain("revenue: executives are notified immediately; urgency is at least MEDIUM");

    [Fact]
    public void Parse_SeveralKeywords_OneEffectEach()
    {
        var profile = GuidanceParser.Parse("security, SECURITY; security... payments!!");

        profile.Effects.Count(e => e.StartsWith("security:", StringComparison.Ordinal)).ShouldBe(1);
        profile.Effects.Count(e => e.StartsWith("revenue:", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public void Parse_Cadence_SetsUpdateCadence()
    {
        var profile = GuidanceParser.Parse("send updates every 10 minutes");

        profile.UpdateCadence.ShouldBe(TimeSpan.FromMinutes(10));
        profile.Effects.ShouldContain("cadence: stakeholder updates every 10m");
    }

    [Fact]
    public void Parse_NothingRecognised_KeepsTextWithoutEffects()
    {
        var profile = GuidanceParser.Parse("be careful");

        profile.Text.ShouldBe("be careful");
        profile.Effects.ShouldBeEmpty();
    }

    private static bool Flag(GuidanceProfile profile, string topic) => topic switch
    {
        "security" => profile.Security,
        "performance" => profile.Performance,
        "compliance" => profile.Compliance,
        "revenue" => profile.Revenue,
        "data-loss" => profile.DataLoss,
        _ => throw new ArgumentOutOfRangeException(nameof(topic)),
    };
}
