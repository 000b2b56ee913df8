namespace Firebreak.Evidence.Tests;

public sealed class TemplateChangeTests
{
    private static readonly DateTimeOffset LogStart = new(2026, 11, 25, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AsOf = LogStart.AddHours(2);

    [Fact]
    public void IsNewWithoutOnset_FirstSeenWellAfterTheLogsBegin_IsNew() =>
        TemplateChange.IsNewWithoutOnset(LogStart + TemplateChange.NewWithoutOnsetAfter, LogStart, AsOf).ShouldBeTrue();

    [Fact]
    public void IsNewWithoutOnset_FirstSeenEarly_IsNotNew() =>
        TemplateChange.IsNewWithoutOnset(LogStart.AddMinutes(29), LogStart, AsOf).ShouldBeFalse();

    [Fact]
    public void IsNewWithoutOnset_FirstSeenAfterTheMomentOfAnalysis_IsNotNew() =>
        TemplateChange.IsNewWithoutOnset(AsOf.AddSeconds(1), LogStart, AsOf).ShouldBeFalse();

    [Fact]
    public void IsNewWithoutOnset_NeverTimed_IsNotNew() =>
        TemplateChange.IsNewWithoutOnset(null, LogStart, AsOf).ShouldBeFalse();
}
