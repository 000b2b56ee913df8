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
        var d = miner.Add("Invalid user guest from 10.0.0.2");

        var events = miner.Events(out var eventOf);
        events.ShouldBe(["Invalid user <*> from <*>"]);
        new[] { a, b, c, d }.Select(x => eventOf[x]).Distinct().Count().ShouldBe(1);
        miner.Template(a).ShouldBe("Invalid user <*> from <*>");
        d.ShouldBe(c);
    }

    [Fact]
    public void Add_TwoWordsInOnePosition_StaySiblingTemplates()
    {
        var miner = new TemplateMiner();
        for (var i = 0; i < 10; i++)
        {
            miner.Add($"[vm: 5f0c{i}a2e-91b4-4c55-8d6e-0a1b2c3d4e5f] Took {i}.{i + 3} seconds to spawn the guest on the host.");
            miner.Add($"[vm: 7a1d{i}b3f-02c5-4d66-9e7f-1b2c3d4e5f60] Took {i}.{i + 1} seconds to destroy the guest on the host.");
            miner.Add($"job {i} finished, client updater.");
        }

        miner.Add("job 11 finished, client scheduler.");

        miner.Events(out _).ShouldBe(
        [
            "[vm: <*>] Took <*> seconds to spawn the guest on the host.",
            "[vm: <*>] Took <*> seconds to destroy the guest on the host.",
            "job <*> finished, client updater.",
            "job <*> finished, client scheduler.",
        ]);
    }

    [Fact]
    public void Add_ThirdWordInOnePosition_MakesItAVariableForEverySibling()
    {
        var miner = new TemplateMiner();
        var clusters = new[] { "news", "games", "backup", "mail" }.Select(user => miner.Add($"session opened for user {user} by (uid=0)")).ToList();

        var events = miner.Events(out var eventOf);

        events.ShouldBe(["session opened for user <*> by (uid=<*>)"]);
        clusters.Select(c => eventOf[c]).Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public void Add_WordAndPatternThatDoesNotCoverIt_StayApart()
    {
        var miner = new TemplateMiner();
        for (var i = 0; i < 5; i++)
        {
            miner.Add($"session opened for user alice by (uid={i})");
            miner.Add($"session opened for user alice by LOGIN(uid={i})");
        }

        miner.Events(out _).ShouldBe(["session opened for user alice by (uid=<*>)", "session opened for user alice by LOGIN(uid=<*>)"]);
    }

    [Fact]
    public void Add_QuotedRequestMethods_StayApartAndTheProtocolJoinsTheTarget()
    {
        var miner = new TemplateMiner();
        miner.Add("10.0.0.1 \"GET /v1/items/42 HTTP/1.1\" status: 200 len: 10 time: 0.1");
        miner.Add("10.0.0.2 \"GET /v1/items?page=2&since=2024-01-01T10:00:00Z HTTP/1.1\" status: 200 len: 12 time: 0.2");
        miner.Add("10.0.0.1 \"POST /v1/items HTTP/2\" status: 201 len: 3 time: 0.3");
        miner.Add("10.0.0.1 \"DELETE /v1/items/42 HTTP/1.0\" status: 204 len: 0 time: 0.1");

        miner.Events(out _).ShouldBe(
        [
            "<*> \"GET <*>\" status: <*> len: <*> time: <*>",
            "<*> \"POST <*>\" status: <*> len: <*> time: <*>",
            "<*> \"DELETE <*>\" status: <*> len: <*> time: <*>",
        ]);
    }

    [Theory]
    [InlineData("connection from 10.1.2.3 at Fri Jun 17 07:07:00 2005", "connection from <*> at <*>")]
    [InlineData("probe status=M Thu Aug 04 15:29:45 PDT 2005 done", "probe status=M <*> done")]
    [InlineData("built on May 8 2004 by the farm", "built on May <*> <*> by the farm")]
    public void Add_DateInsideAMessage_IsOneVariable(string line, string template)
    {
        var miner = new TemplateMiner();

        var cluster = miner.Add(line);

        miner.Template(cluster).ShouldBe(template);
    }

    [Fact]
    public void Events_LongMessagesStartingWithDottedNames_KeepTheSharedPrefix()
    {
        var miner = new TemplateMiner();
        foreach (var job in new[] { "org.example.cache.refresh:", "org.example.Mail.Digest:", "org.example.audit.daily:" })
        {
            miner.Add($"{job} the scheduler asked to run this job but its start time is {job.Length} seconds away");
        }

        miner.Events(out _).ShouldBe(["org.example.<*>: the scheduler asked to run this job but its start time is <*> seconds away"]);
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
