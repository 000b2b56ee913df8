namespace Firebreak.Evidence.Tests;

public sealed class LogFormatTests
{
    [Fact]
    public void TryMatch_HdfsFormat_FindsContent()
    {
        LogFormat.TryParse("<Date> <Time> <Pid> <Level> <Component>: <Content>", out var format, out _).ShouldBeTrue();
        var line = "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating";

        format!.TryMatch(line, out var content).ShouldBeTrue();

        line[content].ShouldBe("PacketResponder 1 for block blk_38865049064139660 terminating");
    }

    [Fact]
    public void TryMatch_EscapedBrackets_MatchLiterally()
    {
        LogFormat.TryParse(@"\[<Time>\] \[<Level>\] <Content>", out var format, out _).ShouldBeTrue();
        var line = "[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties";
        Span<Range> ranges = stackalloc Range[3];

        format!.TryMatch(line, ranges).ShouldBeTrue();

        line[ranges[0]].ShouldBe("Sun Dec 04 04:47:44 2005");
        line[ranges[1]].ShouldBe("notice");
        line[ranges[2]].ShouldBe("workerEnv.init() ok /etc/httpd/conf/workers2.properties");
    }

    [Fact]
    public void TryMatch_LineNotInFormat_ReturnsFalse()
    {
        LogFormat.TryParse(@"<Time>\|<Component>\|<Pid>\|<Content>", out var format, out _).ShouldBeTrue();

        format!.TryMatch("no separators here", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("<Date> <Time>", "no <Content>")]
    [InlineData("<Date <Content>", "must be a name")]
    [InlineData("<Date><Content>", "separator")]
    [InlineData("<Date> <Content", "no closing")]
    public void TryParse_BadFormat_ExplainsWhy(string text, string reason)
    {
        LogFormat.TryParse(text, out var format, out var error).ShouldBeFalse();

        format.ShouldBeNull();
        error.ShouldContain(reason);
    }
}
