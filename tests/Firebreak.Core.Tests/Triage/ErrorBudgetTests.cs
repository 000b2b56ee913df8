namespace Firebreak.Core.Tests;

public sealed class ErrorBudgetTests
{
    [Fact]
    public void BurnRate_NinetyPercentAgainstThreeNines_Is900() =>
        ErrorBudget.BurnRate(0.9, 99.9)!.Value.ShouldBe(900, 0.001);

    [Fact]
    public void TimeToExhaustion_NinetyPercentErrors_Is48Minutes() =>
        ErrorBudget.TimeToExhaustion(0.9, 99.9)!.Value.TotalMinutes.ShouldBe(48, 0.01);

    [Fact]
    public void TimeToExhaustion_HalfBudgetLeft_IsHalfAsLong() =>
        ErrorBudget.TimeToExhaustion(0.21, 99.9, remainingBudget: 0.5)!.Value.TotalMinutes.ShouldBe(30 * 24 * 60 * 0.5 / 210, 0.01);

    [Theory]
    [InlineData(0, 99.9)]
    [InlineData(0.5, 100)]
    [InlineData(0.5, 0)]
    public void TimeToExhaustion_NoBurnOrBadObjective_IsNull(double ratio, double slo) =>
        ErrorBudget.TimeToExhaustion(ratio, slo).ShouldBeNull();

    [Fact]
    public void Consumed_TenMinutesAt900x_IsAFifthOfTheBudget() =>
        ErrorBudget.Consumed(0.9, 99.9, TimeSpan.FromMinutes(9.6))!.Value.ShouldBe(0.2, 0.0001);

    [Fact]
    public void Spent_TenMinutesAtNinetyPercent_IsTheFailedTimeOverTheAllowedTime()
    {
        var start = new DateTimeOffset(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);
        var samples = Enumerable.Range(0, 11).Select(i => (start.AddMinutes(i), i == 0 ? 0.0 : 0.9));

        // 10 minutes x 0.9 = 9 failed minutes, of 0.001 x 30 days = 43.2 allowed minutes.
        ErrorBudget.Spent(samples, 0.001).ShouldBe(9 / 43.2, 1e-9);
    }

    [Fact]
    public void Spent_OneSample_SpendsNothing() =>
        ErrorBudget.Spent([(DateTimeOffset.UnixEpoch, 0.9)], 0.001).ShouldBe(0);
}
