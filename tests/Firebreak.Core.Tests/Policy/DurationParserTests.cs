namespace Firebreak.Core.Tests;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 15 * 60)]
    [InlineData("2h", 2 * 3600)]
    [InlineData("1d", 86400)]
    [InlineData("1w", 7 * 86400)]
    [InlineData("1h30m", 5400)]
    [InlineData("1h 30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData(" 15 min ", 900)]
    [InlineData("20 minutes", 1200)]
    [InlineData("2 hours", 7200)]
    [InlineData("3 days", 3 * 86400)]
    [InlineData("2H", 7200)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("00:15:00", 900)]
    [InlineData("1.02:00:00", 93600)]
    public void TryParse_ValidText_ReturnsDuration(string text, int seconds)
    {
        DurationParser.TryParse(text, out var duration, out var error).ShouldBeTrue(error);
        duration.ShouldBe(TimeSpan.FromSeconds(seconds));
    }

    [Fact]
    public void Parse_Milliseconds_AreKept() => DurationParser.Parse("250ms").ShouldBe(TimeSpan.FromMilliseconds(250));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("15")]
    [InlineData("abc")]
    [InlineData("-5m")]
    [InlineData("5 months")]
    [InlineData("1h30")]
    [InlineData("m15")]
    [InlineData("15m and change")]
    [InlineData("99999999999w")]
    [InlineData("-00:15:00")]
    [InlineData("25:99")]
    public void TryParse_InvalidText_ReturnsFalseWithReason(string? text)
    {
        DurationParser.TryParse(text, out _, out var error).ShouldBeFalse();
        error.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Parse_InvalidText_ThrowsFormatExceptionNamingTheText() =>
        Should.Throw<FormatException>(() => DurationParser.Parse("soon")).Message.ShouldContain("'soon'");

    [Theory]
    [InlineData(5400, "1h30m")]
    [InlineData(86400 * 2, "2d")]
    [InlineData(45, "45s")]
    [InlineData(0, "0")]
    public void Format_Duration_IsCompactAndParsesBack(int seconds, string expected)
    {
        var formatted = DurationParser.Format(TimeSpan.FromSeconds(seconds));

        formatted.ShouldBe(expected);
        DurationParser.Parse(formatted).ShouldBe(TimeSpan.FromSeconds(seconds));
    }
}
