namespace Firebreak.Evidence.Tests;

public sealed class LogTemplateRunTests
{
    private static readonly string[] HdfsSample =
    [
        "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating",
        "081109 203807 222 INFO dfs.DataNode$PacketResponder: PacketResponder 0 for block blk_-6952295868487656571 terminating",
        "081109 204005 35 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.73.220:50010 is added to blk_7128370237687728475 size 67108864",
        "081109 204015 308 INFO dfs.DataNode$PacketResponder: PacketResponder 2 for block blk_8229193803249955061 terminating",
        "081109 204106 329 INFO dfs.DataNode$PacketResponder: PacketResponder 2 for block blk_-6670958622368987959 terminating",
        "081109 204132 26 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.43.115:50010 is added to blk_3050920587428079149 size 67108864",
        "081109 204324 34 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.203.80:50010 is added to blk_7888946331804732825 size 67108864",
        "081109 204453 34 INFO dfs.FSNamesystem: BLOCK* NameSystem.allocateBlock: /user/root/rand/_temporary/_task_200811092030_0001_m_000590_0/part-00590. blk_-1727475099218615100",
        "081109 204525 512 INFO dfs.DataNode$PacketResponder: Received block blk_5017373558217225674 of size 67108864 from /10.251.199.225",
        "081109 204655 556 INFO dfs.DataNode$PacketResponder: Received block blk_9212264480425680329 of size 67108864 from /10.251.123.1",
        "081109 204722 567 INFO dfs.DataNode$DataXceiver: Receiving block blk_-5140072410813878235 src: /10.251.74.134:60094 dest: /10.251.74.134:50010",
        "081109 204815 653 INFO dfs.DataNode$DataXceiver: Receiving block blk_-5861637861051063536 src: /10.251.199.19:57093 dest: /10.251.199.19:50010",
        "081109 204842 663 INFO dfs.DataNode$DataXceiver: 10.251.111.130:50010 Served block blk_-3544583377289625738 to /10.251.111.130",
        "081109 204908 31 INFO dfs.FSNamesystem: BLOCK* NameSystem.delete: blk_-6917285183848329316 is added to invalidSet of 10.251.107.227:50010",
    ];

    private const string Golden = """
        LineId,EventId,EventTemplate
        1,E1,PacketResponder <*> for block <*> terminating
        2,E1,PacketResponder <*> for block <*> terminating
        3,E2,BLOCK* NameSystem.addStoredBlock: blockMap updated: <*> is added to <*> size <*>
        4,E1,PacketResponder <*> for block <*> terminating
        5,E1,PacketResponder <*> for block <*> terminating
        6,E2,BLOCK* NameSystem.addStoredBlock: blockMap updated: <*> is added to <*> size <*>
        7,E2,BLOCK* NameSystem.addStoredBlock: blockMap updated: <*> is added to <*> size <*>
        8,E3,BLOCK* NameSystem.allocateBlock: <*> <*>
        9,E4,Received block <*> of size <*> from <*>
        10,E4,Received block <*> of size <*> from <*>
        11,E5,Receiving block <*> src: <*> dest: <*>
        12,E5,Receiving block <*> src: <*> dest: <*>
        13,E6,<*> Served block <*> to <*>
        14,E7,BLOCK* NameSystem.delete: <*> is added to invalidSet of <*>

        """;

    [Fact]
    public void Mine_LoghubSample_MatchesGoldenCsv()
    {
        using var dir = new TempLogDirectory();
        var log = Path.Combine(dir.Path, dir.Write("HDFS_sample.log", HdfsSample));
        LogFormat.TryParse("<Date> <Time> <Pid> <Level> <Component>: <Content>", out var format, out _).ShouldBeTrue();
        using var csv = new MemoryStream();

        var mined = LogTemplateRun.Mine(log, format, csv);

        System.Text.Encoding.UTF8.GetString(csv.ToArray()).ShouldBe(Golden.ReplaceLineEndings("\n"));
        mined.Lines.ShouldBe(14);
        mined.Events.Count.ShouldBe(7);
        mined.Events[0].Count.ShouldBe(4);
    }

    [Fact]
    public void Mine_InParallelChunks_MergesToTheSequentialResult()
    {
        using var dir = new TempLogDirectory();
        var lines = Enumerable.Range(0, 3000).Select(i => HdfsSample[i % HdfsSample.Length].Replace("1", ((i % 9) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var log = Path.Combine(dir.Path, dir.Write("big.log", lines));
        LogFormat.TryParse("<Date> <Time> <Pid> <Level> <Component>: <Content>", out var format, out _).ShouldBeTrue();
        using var sequentialCsv = new MemoryStream();
        using var parallelCsv = new MemoryStream();

        var sequential = LogTemplateRun.Mine(log, format, sequentialCsv, workers: 1);
        var parallel = LogTemplateRun.Mine(log, format, parallelCsv, workers: 3);

        parallel.Lines.ShouldBe(3000);
        parallel.Events.Select(e => (e.Template, e.Count)).OrderBy(e => e.Template, StringComparer.Ordinal)
            .ShouldBe(sequential.Events.Select(e => (e.Template, e.Count)).OrderBy(e => e.Template, StringComparer.Ordinal));
        System.Text.Encoding.UTF8.GetString(parallelCsv.ToArray()).Split('\n').Length.ShouldBe(3002);
    }

    [Fact]
    public void Mine_TemplateWithComma_IsQuoted()
    {
        using var dir = new TempLogDirectory();
        var log = Path.Combine(dir.Path, dir.Write("a.log", ["10.0.0.1:443 close, 12 bytes sent", "10.0.0.2:443 close, 15 bytes sent"]));
        using var csv = new MemoryStream();

        LogTemplateRun.Mine(log, null, csv);

        System.Text.Encoding.UTF8.GetString(csv.ToArray()).ShouldContain("1,E1,\"<*> close, <*> bytes sent\"\n");
    }

    [Fact]
    public void Mine_WithoutFormat_FoldsContinuationLinesIntoTheirRecord()
    {
        using var dir = new TempLogDirectory();
        var log = Path.Combine(dir.Path, dir.Write("a.log",
        [
            "2026-11-25T19:00:00Z ERROR [api] request 1 failed",
            "System.TimeoutException: boom",
            "   at Shop.Api.Handle()",
            "2026-11-25T19:00:01Z INFO [api] request 2 ok",
        ]));
        using var csv = new MemoryStream();

        var mined = LogTemplateRun.Mine(log, null, csv);

        mined.Records.ShouldBe(2);
        var rows = System.Text.Encoding.UTF8.GetString(csv.ToArray()).Split('\n');
        rows[1].ShouldBe("1,E1,request <*> failed");
        rows[2].ShouldBe("2,E1,request <*> failed");
        rows[3].ShouldBe("3,E1,request <*> failed");
        rows[4].ShouldBe("4,E2,request <*> ok");
    }
}
