using System.Globalization;

namespace Firebreak.Evidence.Tests;

public sealed class LogTimestampTests
{
    private static readonly DateTimeOffset Moment = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-11-25T19:13:59.800Z", 2026, 11, 25, 19, 13, 59)]
    [InlineData("2026-11-25 19:13:59,123", 2026, 11, 25, 19, 13, 59)]
    [InlineData("2026/11/25 19:13:59", 2026, 11, 25, 19, 13, 59)]
    [InlineData("17/06/09 20:10:40", 2017, 6, 9, 20, 10, 40)]
    [InlineData("03-17 16:13:38.811", 2026, 3, 17, 16, 13, 38)]
    [InlineData("1131566461", 2005, 11, 9, 20, 1, 1)]
    [InlineData("1131566461123", 2005, 11, 9, 20, 1, 1)]
    [InlineData("1131566461123456", 2005, 11, 9, 20, 1, 1)]
    [InlineData("[Sun Dec 04 04:47:44 2005]", 2005, 12, 4, 4, 47, 44)]
    [InlineData("2016-09-28 04:30:30,", 2016, 9, 28, 4, 30, 30)]
    [InlineData("Jun 14 15:16:01", 2026, 6, 14, 15, 16, 1)]
    [InlineData("081109 203615", 2008, 11, 9, 20, 36, 15)]
    [InlineData("20171223-22:15:29:606", 2017, 12, 23, 22, 15, 29)]
    [InlineData("2005-06-03-15.42.50.675872", 2005, 6, 3, 15, 42, 50)]
    [InlineData("10/Oct/2000:13:55:36 -0700", 2000, 10, 10, 20, 55, 36)]
    public void TryParse_CommonShapes_AreRead(string text, int y, int mo, int d, int h, int mi, int s)
    {
        LogTimestamp.TryParse(text, Moment, out var time).ShouldBeTrue();

        time.UtcDateTime.ShouldBe(new DateTime(y, mo, d, h, mi, s, DateTimeKind.Utc), TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("12345")]
    [InlineData("2026-13-45 99:99:99")]
    [InlineData("17/06/09 20:10:40 payment failed")]
    public void TryParse_NotATimestamp_IsRejected(string text) => LogTimestamp.TryParse(text, Moment, out _).ShouldBeFalse();

    [Fact]
    public void TryParse_YearlessDecemberReadInJanuary_IsLastYear()
    {
        var january = new DateTimeOffset(2027, 1, 2, 8, 0, 0, TimeSpan.Zero);

        LogTimestamp.TryParse("Dec 31 23:59:00", january, out var syslog).ShouldBeTrue();
        LogTimestamp.TryParse("12-31 23:59:00.000", january, out var android).ShouldBeTrue();
        LogTimestamp.TryParse("Jan 02 07:00:00", january, out var today).ShouldBeTrue();

        syslog.Year.ShouldBe(2026);
        android.Year.ShouldBe(2026);
        today.Year.ShouldBe(2027);
    }
}

public sealed class LogAnalyzerTimestampShapeTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Onset = Start.AddMinutes(60);
    private static readonly DateTimeOffset AsOf = Start.AddMinutes(90);

    public static TheoryData<string> Shapes => ["yy/MM/dd", "MM-dd", "epoch-s", "epoch-ms", "apache", "windows", "json", "syslog", "iso"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Analyze_TimestampShape_GivesATimelineAndTheNewTemplate(string shape)
    {
        using var dir = new TempLogDirectory();
        var file = dir.Write("logs/app.log", Lines(shape));

        var analysis = new LogAnalyzer().Analyze(dir.Path, [file], Onset, until: AsOf);

        var failure = analysis.Templates.Single(t => t.Template.Contains("payment failed", StringComparison.Ordinal));
        failure.FirstSeen.ShouldBe(Onset.AddSeconds(30));
        failure.IsNew.ShouldBeTrue();
        failure.Level.ShouldBe("ERROR");
        var steady = analysis.Templates.Single(t => t.Template.Contains("heartbeat", StringComparison.Ordinal));
        steady.FirstSeen.ShouldBe(Start);
        steady.IsNew.ShouldBeFalse();
        steady.IsSurging.ShouldBeFalse();
    }

    [Fact]
    public void Analyze_JsonLines_KeepsOtherFieldsAsFieldsNotMinedText()
    {
        using var dir = new TempLogDirectory();
        var file = dir.Write("logs/app.jsonl", Lines("json"));

        var analysis = new LogAnalyzer().Analyze(dir.Path, [file], Onset, until: AsOf);

        var failure = analysis.Templates.Single(t => t.Template.Contains("payment failed", StringComparison.Ordinal));
        failure.Template.ShouldBe("payment failed for order <*> after <*> ms");
        failure.Component.ShouldBe("checkout");
        failure.ExampleFields.ShouldNotBeNull();
        failure.ExampleFields["region"].ShouldBe("eu-west-1");
        failure.ExampleFields.ShouldNotContainKey("msg");
        failure.ExampleFields.ShouldNotContainKey("level");
    }

    [Fact]
    public void Analyze_YearlessLogsReadInJanuary_PlaceDecemberLinesInTheYearBefore()
    {
        using var dir = new TempLogDirectory();
        var file = dir.Write("logs/app.log", ["Dec 31 23:58:00 web1 app[12]: heartbeat ok from node 7", "Jan  1 00:01:00 web1 app[12]: heartbeat ok from node 8"]);
        var asOf = new DateTimeOffset(2027, 1, 1, 0, 30, 0, TimeSpan.Zero);

        var analysis = new LogAnalyzer().Analyze(dir.Path, [file], null, until: asOf);

        var steady = analysis.Templates.Single();
        steady.FirstSeen.ShouldBe(new DateTimeOffset(2026, 12, 31, 23, 58, 0, TimeSpan.Zero));
        steady.LastSeen.ShouldBe(new DateTimeOffset(2027, 1, 1, 0, 1, 0, TimeSpan.Zero));
    }

    private static IEnumerable<string> Lines(string shape)
    {
        var lines = new List<(DateTimeOffset At, string Line)>();
        for (var m = 0; m < 90; m++)
        {
            var at = Start.AddMinutes(m);
            lines.Add((at, Line(shape, at, "INFO", $"heartbeat ok from node {m % 7}")));
        }

        for (var s = 30; s < 30 * 60; s += 30)
        {
            var at = Onset.AddSeconds(s);
            lines.Add((at, Line(shape, at, "ERROR", $"payment failed for order {1000 + s} after {3000 + s} ms")));
        }

        return lines.OrderBy(l => l.At).Select(l => l.Line);
    }

    private static string Line(string shape, DateTimeOffset at, string level, string message)
    {
        var c = CultureInfo.InvariantCulture;
        var u = at.UtcDateTime;
        return shape switch
        {
            "yy/MM/dd" => $"{u.ToString("yy/MM/dd HH:mm:ss", c)} {level} executor.Worker: {message}",
            "MM-dd" => $"{u.ToString("MM-dd HH:mm:ss.fff", c)}  1702  2395 {level[0]} PaymentService: {message}",
            "epoch-s" => $"{at.ToUnixTimeSeconds()} {level} worker: {message}",
            "epoch-ms" => $"{at.ToUnixTimeMilliseconds()} {level} worker: {message}",
            "apache" => $"[{u.ToString("ddd MMM dd HH:mm:ss yyyy", c)}] [{level.ToLowerInvariant()}] {message}",
            "windows" => $"{u.ToString("yyyy-MM-dd HH:mm:ss", c)}, {(level == "INFO" ? "Info" : "Error"),-22}CBS    {message}",
            "json" => $"{{\"time\":\"{u.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", c)}\",\"level\":\"{level.ToLowerInvariant()}\",\"logger\":\"checkout\",\"msg\":\"{message}\",\"region\":\"eu-west-1\"}}",
            "syslog" => $"{u.ToString("MMM dd HH:mm:ss", c)} web1 app[12]: {level}: {message}",
            _ => $"{u.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", c)} {level} [checkout] {message}",
        };
    }
}
