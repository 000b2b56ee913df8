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

    [Theory]
    [InlineData("2026-11-25T10:00:00+0000 web-1 sshd[123]: Accepted publickey for deploy", "<Time> <Host> <Component>\\[<Pid>\\]: <Content>", "Accepted publickey for deploy")]
    [InlineData("<34>Nov 25 10:00:00 mail-2 su: 'su root' failed for ops", "\\<<Priority>\\><Month> <Day> <Time> <Host> <Component>: <Content>", "'su root' failed for ops")]
    [InlineData("<165>1 2026-11-25T10:00:00.003Z edge-1.example.net evntslog 812 ID47 - disk 93% full", "\\<<Priority>\\><Version> <Time> <Host> <Component> <Pid> <MsgId> - <Content>", "disk 93% full")]
    [InlineData("<165>1 2026-11-25T10:00:00.003Z edge-1 app 812 ID47 [origin ip=\"10.0.0.1\"] disk full", "\\<<Priority>\\><Version> <Time> <Host> <Component> <Pid> <MsgId> \\[<Data>\\] <Content>", "disk full")]
    [InlineData("2026-11-25 10:00:00.123  INFO 4242 --- [           main] c.s.shop.ShopApplication                 : Started ShopApplication in 2.5 seconds", "<Date> <Time> <Level> <Pid> --- \\[<Thread>\\] <Component> : <Content>", "Started ShopApplication in 2.5 seconds")]
    [InlineData("I/ActivityManager( 1234): Start proc 4321:com.shop/u0a12", "<Level>/<Component>\\(<Pid>\\): <Content>", "Start proc 4321:com.shop/u0a12")]
    [InlineData("11-25 10:00:00.123 W/PackageManager: Failed to parse /data/app", "<Date> <Time> <Level>/<Component>: <Content>", "Failed to parse /data/app")]
    [InlineData("WARNING:shop.checkout:retrying payment 17", "<Level>:<Component>:<Content>", "retrying payment 17")]
    [InlineData("I1125 10:00:00.123456    1234 server.go:42] Starting server on :8080", "<Date> <Time> <Pid> <Component>\\] <Content>", "Starting server on :8080")]
    [InlineData("2026/11/25 10:00:00.123456 main.go:42: listening on :8080", "<Date> <Time> <Component>: <Content>", "listening on :8080")]
    [InlineData("2026-11-25 10:00:00.123 UTC [1234] ERROR:  relation \"orders\" does not exist", "<Date> <Time> <Zone> \\[<Pid>\\] <Level>: <Content>", "relation \"orders\" does not exist")]
    [InlineData("I, [2026-11-25T10:00:00.123456 #1234]  INFO -- : Started GET \"/\"", "<Label> \\[<Time>\\] <Level> -- : <Content>", "Started GET \"/\"")]
    [InlineData("2026-11-25 10:00:00.123 [main] ERROR c.s.Checkout - payment failed", "<Date> <Time> \\[<Field>\\] <Level> <Program> - <Content>", "payment failed")]
    [InlineData("2026/11/25 10:00:00 [error] 812#812: *1 connect() failed (111: Connection refused) while connecting to upstream", "<Date> <Time> \\[<Level>\\] <Pid>#<Tid>: <Content>", "*1 connect() failed (111: Connection refused) while connecting to upstream")]
    [InlineData("203.0.113.7 - - [25/Nov/2026:10:00:00 +0000] \"GET /cart HTTP/1.1\" 502 157 \"-\" \"curl/8.5.0\"", "<Label> <Field> <Field2> \\[<Time>\\] <Content>", "\"GET /cart HTTP/1.1\" 502 157 \"-\" \"curl/8.5.0\"")]
    [InlineData("[2026-11-25 10:00:00] [WARN] [checkout] cache cold", "\\[<Time>\\] \\[<Level>\\] \\[<Thread>\\] <Content>", "cache cold")]
    public void Detect_ApplicationAndSystemHeaders_GivesACopyableFormatAndTheMessage(string line, string format, string message)
    {
        var header = HeaderDetector.Detect(line);

        header.Format.ShouldBe(format);
        header.Content(line).ToString().ShouldBe(message);
        LogFormat.TryParse(format, out var parsed, out _).ShouldBeTrue();
        parsed!.TryMatch(line, out var content).ShouldBeTrue();
        line[content].ShouldBe(message);
    }

    [Fact]
    public void Detect_WindowsEventViewerTextExport_TakesItsColumnsAsHeader()
    {
        var line = "Information\t11/25/2026 10:00:00 AM\tService Control Manager\t7036\tNone\tThe Print Spooler service entered the running state.";

        var header = HeaderDetector.Detect(line);

        header.Format.ShouldBe(@"<Level>\t<Time>\t<Source>\t<Id>\t<Category>\t<Content>");
        header.Content(line).ToString().ShouldBe("The Print Spooler service entered the running state.");
    }

    [Fact]
    public void Detect_TabSeparatedGoConsoleLine_KeepsTheMessageAndItsFields()
    {
        var line = "2026-11-25T10:00:00.000Z\tINFO\tserver/main.go:42\tStarted server\t{\"port\": 8080}";

        HeaderDetector.Detect(line).Content(line).ToString().ShouldBe("Started server\t{\"port\": 8080}");
    }

    [Fact]
    public void DetectFormat_LogfmtLines_TakesTheMsgValue()
    {
        string[] sample =
        [
            """time="2026-11-25T10:00:00Z" level=info msg="Started server" port=8080""",
            """time="2026-11-25T10:00:01Z" level=error msg="upstream timed out" upstream=payments after=5s""",
        ];

        var detected = HeaderDetector.DetectFormat(sample);

        detected.Logfmt.ShouldBeTrue();
        detected.Explain().ShouldContain("\"msg\"");
        HeaderDetector.Detect(sample[1]).Content(sample[1]).ToString().ShouldBe("upstream timed out");
    }

    [Fact]
    public void Detect_JournaldJsonExport_TakesTheMessageField()
    {
        var line = """{"__REALTIME_TIMESTAMP":"1764064800000000","PRIORITY":"3","SYSLOG_IDENTIFIER":"nginx","_PID":"812","MESSAGE":"worker process 812 exited on signal 9"}""";

        HeaderDetector.Detect(line).Content(line).ToString().ShouldBe("worker process 812 exited on signal 9");
        JsonLogLine.TryParse(line, new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), out var json).ShouldBeTrue();
        json!.Level.ShouldBe("err");
        json.Component.ShouldBe("nginx");
        json.Time.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1764064800));
    }

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
    public void DetectFormat_SyslogTagsWithAFewOddLines_TakesTheTagAndPidAsHeader()
    {
        // Most lines carry the syslog tag `name[pid]:` after the host; one does not fit it (an address after the
        // pid). `<Host> <Content>` fits every line, but would leave every tag in the message.
        var sample = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            sample.Add($"Mar  {1 + (i % 9)} 10:{i % 60:00}:0{i % 10} build-host-{i % 3} {(i % 2 == 0 ? "indexd" : "com.example.sync")}[{100 + i}]: queue {i} drained in {i * 3} ms");
        }

        sample.Add("Mar  9 10:59:01 build-host-1 sandbox[129] ([4411]): deny file-read /private/tmp/x");
        sample.Add("Mar  9 10:59:02 build-host-1 Power Agent 2.1[94]: assertion released");

        var detected = HeaderDetector.DetectFormat(sample);

        detected.Format!.Text.ShouldBe(@"<Month> <Day> <Time> <Host> <Component>\[<Pid>\]: <Content>");
        detected.Format.TryMatch(sample[1], out var content).ShouldBeTrue();
        sample[1][content].ShouldBe("queue 1 drained in 3 ms");
        detected.Explain().ShouldContain("41 of 42 sampled lines fit");
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
