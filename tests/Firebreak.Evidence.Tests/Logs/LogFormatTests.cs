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

    [Fact]
    public void TryMatch_PathologicalLineForRegexFormat_AnswersInLinearTime()
    {
        // A nested quantifier that takes a backtracking engine exponential time on a run of x without a y.
        LogFormat.TryParse("<Level> (x+x+)+y<Content>", out var format, out var error).ShouldBeTrue(error);
        format!.UsesRegex.ShouldBeTrue();
        var line = "INFO " + new string('x', 20_000);

        format.TryMatch(line, out _).ShouldBeFalse();
        format.TryMatch("INFO xxy done", out var content).ShouldBeTrue();
        "INFO xxy done"[content].ShouldBe(" done");
    }

    [Fact]
    public void TryParse_LookaroundInFormat_IsRefusedWithTheReason()
    {
        LogFormat.TryParse("<Level> (?=x)<Content>", out var format, out var error).ShouldBeFalse();

        format.ShouldBeNull();
        error.ShouldContain("linear time");
    }

    [Theory]
    [InlineData("081109 203615 148 INFO dfs.DataNode$PacketResponder: a: b", "a: b")]
    [InlineData("081109 203615 148 INFO dfs.DataNode: x:y: tail", "x:y: tail")]
    [InlineData("081109\t203615 148 INFO c:  spaced", "spaced")]
    public void TryMatch_SeparatorsRepeatedInLine_TakesTheFirstFit(string line, string expected)
    {
        LogFormat.TryParse("<Date> <Time> <Pid> <Level> <Component>: <Content>", out var format, out _).ShouldBeTrue();

        format!.TryMatch(line, out var content).ShouldBeTrue();

        line[content].ShouldBe(expected);
    }

    [Fact]
    public void TryMatch_LastFieldBeforeClosingLiteral_MustEndTheLine()
    {
        LogFormat.TryParse(@"<Time> \[<Content>\]", out var format, out _).ShouldBeTrue();
        const string line = "12:00 [a] b [c]";

        format!.TryMatch(line, out var content).ShouldBeTrue();

        line[content].ShouldBe("a] b [c");
        format.TryMatch("12:00 [a] b", out _).ShouldBeFalse();
    }
}
