namespace Firebreak.Core.Tests;

public sealed class ImpactEstimateTests
{
    [Theory]
    [InlineData(216_000L, 210_000L)]
    [InlineData(239_998L, 230_000L)]
    [InlineData(99L, 99L)]
    [InlineData(7L, 7L)]
    public void Down_TwoFigures_RoundsTowardZero(long value, long expected) => Significant.Down(value, 2).ShouldBe(expected);

    [Theory]
    [InlineData(239_998L, 240_000L)]
    [InlineData(216_000L, 220_000L)]
    [InlineData(1_001L, 1_100L)]
    [InlineData(99L, 99L)]
    public void Up_TwoFigures_RoundsAwayFromZero(long value, long expected) => Significant.Up(value, 2).ShouldBe(expected);

    [Fact]
    public void Users_FromErrorRatio_RangeRoundedOutwardWithItsBasis()
    {
        var range = ImpactEstimator.Users([], 240_000, 0.9, "metrics/checkout_error_ratio.json");

        range.Low.ShouldBe(210_000);
        range.High.ShouldBe(240_000);
        range.Basis.ShouldBe(EstimateBasis.Estimated);
        range.Text("users").ShouldStartWith("210,000–240,000 users (estimated from error ratio 90% of requests (metrics/checkout_error_ratio.json) over 240,000 users");
    }

    [Fact]
    public void Users_HighEndAboveUserBase_CappedAtTheBase()
    {
        var range = ImpactEstimator.Users([], 1_234, 0.99, "m.json");

        range.High.ShouldBe(1_234);
    }

    [Fact]
    public void Users_StatedShare_NearestTwoFigures()
    {
        var range = ImpactEstimator.Users([("about 5% of users cannot pay", "alerts/01.json")], 239_870, null, "m.json");

        range.Low.ShouldBe(12_000);
        range.High.ShouldBe(12_000);
        range.Basis.ShouldBe(EstimateBasis.Stated);
    }

    [Fact]
    public void Users_StatedCount_KeptExact()
    {
        var range = ImpactEstimator.Users([("1,234 customers saw errors", "alerts/01.json")], 240_000, 0.5, "m.json");

        range.Low.ShouldBe(1_234);
        range.Text("users").ShouldBe("1,234 users (stated: alerts/01.json: \"1,234 customers\")");
    }
}
