namespace Firebreak.Evidence.Tests;

public sealed class TemplateMinerTests
{
    [Fact]
    public void Add_LinesDifferingInVariables_ShareOneTemplate()
    {
        var miner = new TemplateMiner();

        var a = miner.Add("Invalid user webmaster from 173.234.31.186");
        var b = miner.Add("Invalid user test9 from 52.80.34.196");
        var c = miner.Add("Invalid user oracle from 10.0.0.1");

        b.ShouldBe(a);
        c.ShouldBe(a);
        miner.Template(a).ShouldBe("Invalid user <*> from <*>");
        miner.Count(a).ShouldBe(3);
    }

    [Fact]
    public void Add_DifferentStateWords_StaySeparate()
    {
        var miner = new TemplateMiner();

        var a = miner.Add("attempt_1 TaskAttempt Transitioned from NEW to UNASSIGNED");
        var b = miner.Add("attempt_2 TaskAttempt Transitioned from UNASSIGNED to ASSIGNED");

        b.ShouldNotBe(a);
        miner.Template(a).ShouldBe("<*> TaskAttempt Transitioned from NEW to UNASSIGNED");
    }

    [Fact]
    public void Add_DissimilarMessages_StaySeparate()
    {
        var miner = new TemplateMiner();

        var a = miner.Add("Received disconnect from 1.2.3.4: 11: Bye Bye [preauth]");
        var b = miner.Add("Received disconnect from 1.2.3.5: 11: disconnected by user");

        b.ShouldNotBe(a);
    }

    [Fact]
    public void Add_KeyValueWithWordValues_KeepsTheKey()
    {
        var miner = new TemplateMiner();

        var a = miner.Add("authentication failure; logname= uid=0 tty=ssh rhost=alpha.example.com");
        miner.Add("authentication failure; logname= uid=0 tty=ssh rhost=beta.example.org");

        miner.Template(a).ShouldBe("authentication failure; logname= uid=<*> tty=ssh rhost=<*>");
    }

    [Fact]
    public void Add_RestatedSizesAndBoundDurations_ShareOneTemplate()
    {
        var miner = new TemplateMiner();

        var a = miner.Add("10.0.0.1:443 close, 474 bytes sent, 4042 bytes (3.94 KB) received, lifetime <1 sec");
        var b = miner.Add("10.0.0.2:443 close, 89652 bytes (87.5 KB) sent, 599 bytes received, lifetime 00:04");

        b.ShouldBe(a);
        miner.Template(a).ShouldBe("<*> close, <*> bytes sent, <*> bytes received, lifetime <*>");
    }

    [Fact]
    public void Add_LongVariableList_IsOneVariable()
    {
        var miner = new TemplateMiner();

        var a = miner.Add("ask 10.0.0.1:50010 to delete blk_1 blk_2 blk_3 blk_4 blk_5");
        var b = miner.Add("ask 10.0.0.2:50010 to delete blk_1 blk_2 blk_3 blk_4 blk_5 blk_6 blk_7");

        b.ShouldBe(a);
        miner.Template(a).ShouldBe("ask <*> to delete <*>");
    }

    [Fact]
    public void Events_ClustersWithSameTemplate_ShareOneEvent()
    {
        var miner = new TemplateMiner();
        var a = miner.Add("Deleting block blk_1 file /data/a");
        var b = miner.Add("Served block blk_2 to /10.0.0.1");

        var events = miner.Events(out var eventOfCluster);

        events.Count.ShouldBe(2);
        eventOfCluster[a].ShouldNotBe(eventOfCluster[b]);
        events[eventOfCluster[a]].ShouldBe("Deleting block <*> file <*>");
    }

    [Fact]
    public void Add_ManyDistinctWordsAndSequences_KeepsIdsStable()
    {
        var miner = new TemplateMiner();
        var clusters = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < 20_000; i++)
        {
            var word = "w" + string.Concat((i % 5000).ToString(System.Globalization.CultureInfo.InvariantCulture).Select(c => (char)('a' + (c - '0'))));
            var cluster = miner.Add($"{word} started task {i}");
            if (clusters.TryGetValue(word, out var seen))
            {
                cluster.ShouldBe(seen);
            }

            clusters[word] = cluster;
        }

        miner.Template(clusters["wa"]).ShouldBe("wa started task <*>");
        miner.Count(clusters["wa"]).ShouldBe(4);
    }

    [Fact]
    public void Add_EmptyAndHugeMessages_DoNotThrow()
    {
        var miner = new TemplateMiner();

        var empty = miner.Add(string.Empty);
        var huge = miner.Add(string.Join(' ', Enumerable.Repeat("word", 10_000)));
        var long1 = miner.Add(new string('x', 100_000));

        miner.Template(empty).ShouldBe(string.Empty);
        miner.Template(huge).Split(' ').Length.ShouldBeLessThanOrEqualTo(256);
        miner.Template(long1).ShouldBe("<*>");
    }

    [Fact]
    public void Events_LongMessagesStartingWithAVariableWord_ShareOneTemplate()
    {
        var miner = new TemplateMiner();
        foreach (var name in new[] { "billing", "search", "ledger", "billing" })
        {
            miner.Add($"{name} is not responding to health checks and has been removed from the pool");
        }

        var events = miner.Events(out var eventOfCluster);

        events.ShouldBe(["<*> is not responding to health checks and has been removed from the pool"]);
        eventOfCluster.Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public void Events_TwoFirstWordsOnly_StayApart()
    {
        var miner = new TemplateMiner();
        miner.Add("accepted password for the user from the bastion host over ssh");
        miner.Add("failed password for the user from the bastion host over ssh");

        miner.Events(out _).Count.ShouldBe(2);
    }

    [Fact]
    public void Template_KeyValueNameConstantInEveryLine_IsShownAsWritten()
    {
        var miner = new TemplateMiner(keepConstantValues: true);
        var cluster = -1;
        for (var i = 0; i < TemplateMiner.MinConstantOccurrences; i++)
        {
            cluster = miner.Add($"metric name=latency_p99 value={100 + i}ms host=10.0.0.{i} mfa=true");
        }

        miner.Template(cluster).ShouldBe("metric name=latency_p99 value=<*> host=<*> mfa=true");
    }

    [Fact]
    public void Template_KeyValueNameThatVaries_StaysAVariable()
    {
        var miner = new TemplateMiner(keepConstantValues: true);
        var cluster = -1;
        for (var i = 0; i < TemplateMiner.MinConstantOccurrences * 2; i++)
        {
            cluster = miner.Add($"metric name={(i % 2 == 0 ? "latency_p99" : "latency_p50")} value={i} mfa=true");
        }

        miner.Template(cluster).ShouldBe("metric name=<*> value=<*> mfa=true");
    }

    [Theory]
    [InlineData("login uid=0 euid=0 tty=ssh", "login uid=<*> euid=<*> tty=ssh")]
    [InlineData("bind port=8080 id=8a2a501 done", "bind port=<*> id=<*> done")]
    public void Template_NumericOrIdValueConstantInEveryLine_StaysAVariable(string line, string template)
    {
        var miner = new TemplateMiner(keepConstantValues: true);
        var cluster = -1;
        for (var i = 0; i < TemplateMiner.MinConstantOccurrences * 2; i++)
        {
            cluster = miner.Add(line);
        }

        miner.Template(cluster).ShouldBe(template);
    }

    [Fact]
    public void Template_ConstantSeenTooFewTimes_StaysAVariable()
    {
        var miner = new TemplateMiner(keepConstantValues: true);
        var cluster = -1;
        for (var i = 0; i < TemplateMiner.MinConstantOccurrences - 1; i++)
        {
            cluster = miner.Add("audit action=login mfa=true");
        }

        miner.Template(cluster).ShouldBe("audit action=login mfa=<*>");
    }

    [Fact]
    public void Template_WithoutKeepConstantValues_MasksConstantNames()
    {
        var miner = new TemplateMiner();
        var cluster = -1;
        for (var i = 0; i < TemplateMiner.MinConstantOccurrences * 2; i++)
        {
            cluster = miner.Add("metric name=latency_p99 mfa=true");
        }

        miner.Template(cluster).ShouldBe("metric name=<*> mfa=<*>");
    }

    [Fact]
    public void Add_TemplateWithConstantsMinedElsewhere_KeepsThemWhenEveryChunkAgrees()
    {
        var final = new TemplateMiner(keepConstantValues: true);
        var a = final.Add("metric name=latency_p99 value=<*>", 40);
        final.Add("metric name=latency_p99 value=<*>", 60).ShouldBe(a);
        final.Template(a).ShouldBe("metric name=latency_p99 value=<*>");

        final.Add("metric name=<*> value=<*>", 10).ShouldBe(a);
        final.Template(a).ShouldBe("metric name=<*> value=<*>");
    }
}
