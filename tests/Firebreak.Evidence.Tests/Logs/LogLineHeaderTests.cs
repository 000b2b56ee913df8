namespace Firebreak.Evidence.Tests;

public sealed class LogLineHeaderTests
{
    [Fact]
    public void Parse_KitFormat_FindsTimestampLevelComponentAndMessage()
    {
        var line = "2026-11-25T19:13:59.800Z ERROR [checkout-api] payment failed for order 42";

        var header = LogLineHeader.Parse(line, 2026);

        header.Timestamp.ShouldBe(new DateTimeOffset(2026, 11, 25, 19, 13, 59, 800, TimeSpan.Zero));
        line[header.Level].ShouldBe("ERROR");
        line[header.Component].ShouldBe("checkout-api");
        line[header.ContentStart..].ShouldBe("payment failed for order 42");
    }

    [Theory]
    [InlineData("2026-11-25 19:13:59,123 WARN something", 2026, 11, 25, 19, 13, 59)]
    [InlineData("2026-11-25T19:13:59+02:00 info x", 2026, 11, 25, 17, 13, 59)]
    [InlineData("[2026-11-25 19:13] x", 2026, 11, 25, 19, 13, 0)]
    [InlineData("Nov 25 19:03:12 host sshd[12]: x", 2026, 11, 25, 19, 3, 12)]
    [InlineData("Nov  5 19:03:12 host x", 2026, 11, 5, 19, 3, 12)]
    public void Parse_TimestampStyles_AreUnderstood(string line, int y, int mo, int d, int h, int mi, int s)
    {
        var header = LogLineHeader.Parse(line, 2026);

        header.Timestamp.ShouldNotBeNull();
        header.Timestamp.Value.UtcDateTime.ShouldBe(new DateTime(y, mo, d, h, mi, s, DateTimeKind.Utc), TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData("\tat com.shop.Checkout.pay(Checkout.java:42)")]
    [InlineData("just some text")]
    [InlineData("2026-13-45T99:99:99Z not a date")]
    public void Parse_NoTimestamp_HasNone(string line) => LogLineHeader.Parse(line, 2026).HasTimestamp.ShouldBeFalse();
}
