namespace Firebreak.Evidence.Tests;

/// <summary>The sixteen published Loghub header formats, each against a realistic line of its system.</summary>
public sealed class LoghubFormatTests
{
    /// <summary>Format, a line of that system, and the content Loghub's format gives it.</summary>
    public static TheoryData<string, string, string> Published => new()
    {
        { "<Date> <Time> <Pid> <Level> <Component>: <Content>",
            "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating",
            "PacketResponder 1 for block blk_38865049064139660 terminating" },
        { @"<Date> <Time> <Level> \[<Process>\] <Component>: <Content>",
            "2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_1445144423722_0020_000001",
            "Created MRAppMaster for application appattempt_1445144423722_0020_000001" },
        { @"<Time>\|<Component>\|<Pid>\|<Content>", "20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579", "onStandStepChanged 3579" },
        { @"\[<Time>\] \[<Level>\] <Content>", "[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties",
            "workerEnv.init() ok /etc/httpd/conf/workers2.properties" },
        { @"\[<Time>\] <Program> - <Content>", "[10.30 16:49:06] chrome.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS",
            "proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS" },
        { @"<Date> <Day> <Time> <Component> sshd\[<Pid>\]: <Content>", "Dec 10 06:55:46 LabSZ sshd[24200]: reverse mapping checking getaddrinfo for ns.example.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!",
            "reverse mapping checking getaddrinfo for ns.example.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!" },
        { "<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>",
            "03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogsopening app wtoken = AppWindowToken{9f4ef63 token=Token{a64f992}}, allDrawn= false",
            "printFreezingDisplayLogsopening app wtoken = AppWindowToken{9f4ef63 token=Token{a64f992}}, allDrawn= false" },
        { "<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>",
            "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected",
            "instruction cache parity error corrected" },
        { "<LogId> <Node> <Component> <State> <Time> <Flag> <Content>",
            "134681 node-246 unix.hw state_change.unavailable 1077804742 1 Component State Change: Component \\042alt0\\042 is in the unavailable state (HWID=1973)",
            "Component State Change: Component \\042alt0\\042 is in the unavailable state (HWID=1973)" },
        { @"<Month> <Date> <Time> <Level> <Component>(\[<PID>\])?: <Content>",
            "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4",
            "authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4" },
        { @"<Month> <Date> <Time> <Level> <Component>(\[<PID>\])?: <Content>",
            "Jul 27 14:41:57 combo kernel: Linux version 2.6.5-1.358 (bhcompile@bugs.build.redhat.com)",
            "Linux version 2.6.5-1.358 (bhcompile@bugs.build.redhat.com)" },
        { @"<Month>  <Date> <Time> <User> <Component>\[<PID>\]( \(<Address>\))?: <Content>",
            "Jul  1 09:00:55 calvisitor-10-105-160-95 kernel[0]: IOThunderboltSwitch<0>(0x0)::listenerCallback - Thunderbolt HPD packet for route = 0x0 port = 11 unplug = 0",
            "IOThunderboltSwitch<0>(0x0)::listenerCallback - Thunderbolt HPD packet for route = 0x0 port = 11 unplug = 0" },
        { @"<Month>  <Date> <Time> <User> <Component>\[<PID>\]( \(<Address>\))?: <Content>",
            "Jul 12 00:29:33 authorMacBook-Pro com.apple.xpc.launchd[1] (com.apple.preference.displays.MirrorDisplays): Service only ran for 0 seconds. Pushing respawn out by 10 seconds.",
            "Service only ran for 0 seconds. Pushing respawn out by 10 seconds." },
        { @"<Logrecord> <Date> <Time> <Pid> <Level> <Component> \[<ADDR>\] <Content>",
            "nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-38101a0b-2096-447d-96ea-a692162415ae 113d3a99c3da401fbd62cc2caa5b96d2 - - -] 10.11.10.1 \"GET /v2/servers/detail HTTP/1.1\" status: 200 len: 1893 time: 0.2477829",
            "10.11.10.1 \"GET /v2/servers/detail HTTP/1.1\" status: 200 len: 1893 time: 0.2477829" },
        { "<Date> <Time> <Level> <Component>: <Content>",
            "17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers for [TERM, HUP, INT]",
            "Registered signal handlers for [TERM, HUP, INT]" },
        { @"<Label> <Timestamp> <Date> <User> <Month> <Day> <Time> <Location> <Component>(\[<PID>\])?: <Content>",
            "- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root",
            "session closed for user root" },
        { "<Date> <Time>, <Level>                  <Component>    <Content>",
            @"2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack v6.1.7601.23505 with Core: C:\Windows\winsxs\cbscore.dll",
            @"Loaded Servicing Stack v6.1.7601.23505 with Core: C:\Windows\winsxs\cbscore.dll" },
        { @"<Date> <Time> - <Level>  \[<Node>:<Component>@<Id>\] - <Content>",
            "2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200",
            "Notification time out: 3200" },
    };

    [Theory]
    [MemberData(nameof(Published))]
    public void TryMatch_PublishedFormat_FindsContent(string formatText, string line, string expected)
    {
        LogFormat.TryParse(formatText, out var format, out var error).ShouldBeTrue(error);

        format!.TryMatch(line, out var content).ShouldBeTrue();

        line[content].ShouldBe(expected);
    }

    [Fact]
    public void TryMatch_OptionalGroup_FillsFieldWhenPresentAndEmptyWhenAbsent()
    {
        LogFormat.TryParse(@"<Month> <Date> <Time> <Level> <Component>(\[<PID>\])?: <Content>", out var format, out _).ShouldBeTrue();
        Span<Range> ranges = stackalloc Range[7];
        var with = "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: session opened";
        var without = "Jul 27 14:41:57 combo kernel: Linux version 2.6.5";

        format!.TryMatch(with, ranges).ShouldBeTrue();
        with[ranges[format.IndexOf("Component")]].ShouldBe("sshd(pam_unix)");
        with[ranges[format.IndexOf("PID")]].ShouldBe("19939");
        format.TryMatch(without, ranges).ShouldBeTrue();

        format.UsesRegex.ShouldBeTrue();
        without[ranges[format.IndexOf("PID")]].ShouldBe(string.Empty);
    }

    [Fact]
    public void TryMatch_Alternation_MatchesEitherSeparator()
    {
        LogFormat.TryParse("<Time> (-|=>) <Content>", out var format, out _).ShouldBeTrue();

        format!.TryMatch("12:00 => started", out var a).ShouldBeTrue();
        format.TryMatch("12:00 - stopped", out var b).ShouldBeTrue();

        "12:00 => started"[a].ShouldBe("started");
        "12:00 - stopped"[b].ShouldBe("stopped");
    }

    [Fact]
    public void TryParse_UncompilableRegex_GivesTheReason()
    {
        LogFormat.TryParse("<Date> (<Level> <Content>", out var format, out var error).ShouldBeFalse();

        format.ShouldBeNull();
        error.ShouldContain("not a valid regular expression");
    }

    [Fact]
    public void TryMatch_RunOfSpacesInPlainFormat_MatchesAnyWhitespaceRun()
    {
        LogFormat.TryParse("<Date> <Time>, <Level>                  <Component>    <Content>", out var format, out _).ShouldBeTrue();

        format!.UsesRegex.ShouldBeFalse();
        format.TryMatch("2016-09-28 04:30:30, Error  CSI  failed to open", out var content).ShouldBeTrue();
    }
}
