namespace Firebreak.Evidence.Tests;

public sealed class ConfigDurationTests
{
    [Theory]
    [InlineData("15m", 900)]
    [InlineData("2h", 7200)]
    [InlineData("1h30m", 5400)]
    [InlineData("90s", 90)]
    [InlineData("1d", 86400)]
    [InlineData("00:15:00", 900)]
    [InlineData("1.5h", 5400)]
    [InlineData("10 minutes", 600)]
    public void TryParse_Valid_ReturnsDuration(string text, int seconds)
    {
        ConfigDuration.TryParse(text, out var value).ShouldBeTrue();
        value.ShouldBe(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("15")]
    [InlineData("-5m")]
    [InlineData("0m")]
    [InlineData("99999999999999999999d")]
    public void TryParse_Invalid_ReturnsFalse(string text) => ConfigDuration.TryParse(text, out _).ShouldBeFalse();
}
