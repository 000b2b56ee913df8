namespace Firebreak.Core.Tests;

public sealed class PriorityMatrixTests
{
    [Theory]
    [InlineData(Impact.High, Urgency.High, Priority.P0)]
    [InlineData(Impact.High, Urgency.Medium, Priority.P1)]
    [InlineData(Impact.High, Urgency.Low, Priority.P2)]
    [InlineData(Impact.Medium, Urgency.High, Priority.P1)]
    [InlineData(Impact.Medium, Urgency.Medium, Priority.P2)]
    [InlineData(Impact.Medium, Urgency.Low, Priority.P3)]
    [InlineData(Impact.Low, Urgency.High, Priority.P2)]
    [InlineData(Impact.Low, Urgency.Medium, Priority.P3)]
    [InlineData(Impact.Low, Urgency.Low, Priority.P3)]
    public void Classify_EveryCell_MatchesSeedMatrix(Impact impact, Urgency urgency, Priority expected) =>
        PriorityMatrix.Classify(impact, urgency).ShouldBe(expected);
}

public sealed class SloTargetsTests
{
    [Theory]
    [InlineData(99.9, 0.001)]
    [InlineData(99.95, 0.0005)]
    [InlineData(99.0, 0.01)]
    [InlineData(100.0, 0.0)]
    public void AllowedErrorRatio_CommonTargets_IsExact(double target, double expected) =>
        new SloTargets(target, null).AllowedErrorRatio.ShouldBe(expected);

    [Fact]
    public void AllowedErrorRatio_NoTarget_IsNull() => SloTargets.None.AllowedErrorRatio.ShouldBeNull();
}
