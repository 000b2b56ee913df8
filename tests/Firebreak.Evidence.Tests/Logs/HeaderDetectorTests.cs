namespace Firebreak.Evidence.Tests;

public sealed class HeaderDetectorTests
{
    public static TheoryData<string, string, string> Published => LoghubFormatTests.Published;

    [Theory]
    [MemberData(nameof(Published))]
    public void Detect_LineOfAPublishedSystem_FindsTheSameContentAsItsFormat(string format, string line, string expected)
    {
        _ = format;

        var header = HeaderDetector.Detect(line);

        header.Content(line).ToString().ShouldBe(expected);
    }

    [Theory]
    [InlineData("2026-11-25T10:00:00.123Z ERROR [checkout] payment failed for order 17", "payment failed for order 17")]
    [InlineData("2026-11-25 10:00:00,123 WARN  c.s.Checkout: retrying in 5s", "retrying in 5s")]
    [InlineData("1732528800 INFO cache warmed", "cache warmed")]
    [InlineData("1732528800123 ERROR upstream timed out", "upstream timed out")]
    [InlineData("Nov 25 10:00:00 web-1 nginx[812]: worker process exited", "worker process exited")]
    [InlineData("just a sentence with no header at all", "just a sentence with no header at all")]
    [InlineData("    at com.shop.Checkout.pay(Checkout.java:42)", "    at com.shop.Checkout.pay(Checkout.java:42)")]
    public void Detect_CommonShapes_FindsTheMessage(string line, string expected) =>
        HeaderDetector.Detect(line).Content(line).ToString().ShouldBe(expected);

    [Fact]
    public void Detect_JsonLine_TakesTheMessageField()
    {
        var line = """{"ts":"2026-11-25T10:00:00Z","level":"error","msg":"payment failed for order 17","order":17}""";

        var header = HeaderDetector.Detect(line);

        header.Content(line).ToString().ShouldBe("payment failed for order 17");
        header.Format.ShouldBe("json:msg");
    }

    [Fact]
    public void DetectFormat_MixedSyslogComponents_ChoosesAFormatFittingAll()
    {
        string[] sample =
        [
            "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; uid=0",
            "Jun 14 15:16:02 combo kernel: Linux version 2.6.5",
            "Jun 14 15:16:03 combo sshd(pam_unix)[19940]: session opened for user root",
        ];

        var detected = HeaderDetector.DetectFormat(sample);

        detected.Matched.ShouldBe(3);
        detected.Format!.TryMatch(sample[0], out var content).ShouldBeTrue();
        sample[0][content].ShouldBe("authentication failure; uid=0");
        detected.Explain().ShouldContain("--format '");
    }

    [Fact]
    public void DetectFormat_JsonLines_SaysSo()
    {
        var detected = HeaderDetector.DetectFormat(["""{"message":"a"}""", """{"message":"b"}"""]);

        detected.JsonLines.ShouldBeTrue();
        detected.Explain().ShouldContain("\"message\"");
    }

    [Fact]
    public void DetectFormat_NoHeader_HasNoFormat()
    {
        var detected = HeaderDetector.DetectFormat(["hello world", "another plain line"]);

        detected.Format.ShouldBeNull();
    }
}
