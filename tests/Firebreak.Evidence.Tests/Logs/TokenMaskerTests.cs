namespace Firebreak.Evidence.Tests;

public sealed class TokenMaskerTests
{
    [Theory]
    [InlineData("12345", "<*>")]
    [InlineData("10.0.0.1", "<*>")]
    [InlineData("/10.0.0.1:50010", "<*>")]
    [InlineData("blk_-1234567890", "<*>")]
    [InlineData("0x1f", "<*>")]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301", "<*>")]
    [InlineData("/var/log/app/server.log", "<*>")]
    [InlineData("12ms", "<*>")]
    [InlineData("4.5KB", "<*>")]
    [InlineData("core.1234", "core.<*>")]
    [InlineData("uid=0", "uid=<*>")]
    [InlineData("(uid=0)", "(uid=<*>)")]
    [InlineData("[173.234.31.186]", "[<*>]")]
    [InlineData("123]", "<*>]")]
    [InlineData("PendingReds:0", "PendingReds:<*>")]
    [InlineData("appattempt_1445144423722_0020_000001", "<*>")]
    [InlineData("proxy.example.edu:5070", "<*>")]
    [InlineData("localhost:8080,", "<*>,")]
    [InlineData("#12", "#<*>")]
    [InlineData("enabled=true", "enabled=<*>")]
    [InlineData("Event@1a2b3c", "Event@<*>")]
    [InlineData("hdfs://namenode-1:9000/tmp/x", "<*>")]
    [InlineData("msra-sa-41:8030.", "<*>.")]
    [InlineData("job_1445144423722_0020.", "<*>.")]
    [InlineData("MININT-12AB.example.com", "MININT-<*>")]
    [InlineData("/v2/servers/detail?all_tenants=True&since=2017-05-16T14:00:00Z", "<*>")]
    [InlineData("\"/search?q=disk&page=2\",", "\"<*>\",")]
    [InlineData("jetty-6.1.26", "jetty-<*>")]
    [InlineData("C:/Users/app/file.txt", "<*>")]
    [InlineData("12##34##56", "<*>##<*>##<*>")]
    [InlineData(":[akka.tcp://system@worker-13:55904]", ":[<*>]")]
    [InlineData("processor.........0", "processor.........<*>")]
    public void Mask_Variable_BecomesWildcard(string token, string expected) => Mask(token).ShouldBe(expected);

    [Theory]
    [InlineData("ssh2")]
    [InlineData("SOCKS5")]
    [InlineData("jk2_init()")]
    [InlineData("terminating")]
    [InlineData("[preauth]")]
    [InlineData("http://wiki.apache.org/hadoop/NoRouteToHost")]
    [InlineData("user=")]
    [InlineData("org.apache.hadoop.mapreduce.v2.app.MRAppMaster")]
    [InlineData("HttpServer2$QuotingInputFilter")]
    [InlineData("hadoop-metrics2.properties")]
    public void Mask_Constant_Unchanged(string token) => Mask(token).ShouldBe(token);

    [Fact]
    public void Collapse_AdjacentVariables_BecomeOne()
    {
        var text = "<*>:<*> <*>.<*>.<*> a<*><*>".ToCharArray();

        new string(text, 0, TokenMasker.Collapse(text)).ShouldBe("<*> <*> a<*>");
    }

    private static string Mask(string token)
    {
        var buffer = new char[token.Length + 8];
        return new string(buffer, 0, TokenMasker.Mask(token, buffer));
    }

    [Fact]
    public void IsStructural_EveryAsciiCharacter_MatchesTheDocumentedSet()
    {
        for (var c = (char)0; c < 256; c++)
        {
            TokenMasker.IsStructural(c).ShouldBe("=:,;()[]{}\"'|@!<>#".Contains(c, StringComparison.Ordinal), $"character {(int)c}");
        }
    }

    [Theory]
    [InlineData("src:", true)]
    [InlineData("ok", false)]
    [InlineData("true", true)]
    [InlineData("a/b", true)]
    [InlineData("x9", true)]
    [InlineData("caf\u00e9", false)]
    public void MayMask_ByCharacterClass_FindsPossibleVariables(string token, bool expected)
    {
        TokenMasker.MayMask(token).ShouldBe(expected);
    }
}
