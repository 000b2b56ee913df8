using System.Diagnostics;
using Firebreak.Core;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Evidence.Tests;

/// <summary>Regression suite of issue 11 ("what an adversarial run broke"): inputs an attacker or a careless operator would give.</summary>
public sealed class HostileInputTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Collect_CommitOutsideEveryComponentPath_RunsAndAttributesItToNoComponent()
    {
        using var project = new TempProject();
        project.InitGit();
        project.Write("firebreak.yaml", "service: shop\ncomponents:\n  - {name: checkout-api, paths: [src/checkout/]}\n");
        var sha = project.Commit(AsOf.AddHours(-2), "docs: typo", ("docs/README.md", "# docs\n"));

        var evidence = await Collector().CollectAsync(ProjectConfigLoader.Load(project.Root), AsOf);

        evidence.Changes.ShouldHaveSingleItem().Ref.ShouldBe(sha);
        evidence.Changes[0].Component.ShouldBeNull();
    }

    [Fact]
    public async Task Collect_PlainRepositoryWithoutConfig_RunsAndAttributesToNoComponent()
    {
        using var project = new TempProject();
        project.InitGit();
        project.Commit(AsOf.AddHours(-1), "init", ("foo.txt", "x\n"));

        var evidence = await Collector().CollectAsync(ProjectConfigLoader.Load(project.Root), AsOf);

        evidence.Changes.ShouldHaveSingleItem().Component.ShouldBeNull();
    }

    [Fact]
    public void OwnerOf_FilesUnderNoPath_IsNull() =>
        EvidenceCollector.OwnerOf(["docs/a.md"], [new ComponentInfo("api", null, null, ["src/api/"], false, [])]).ShouldBeNull();

    [Theory]
    [InlineData("logs/app.log")]
    [InlineData("alerts/a.json")]
    [InlineData("runbooks/r.md")]
    [InlineData("deploys.jsonl")]
    [InlineData("metrics/m.json")]
    public async Task Collect_NamedPipeAtAnInputPath_IsSkippedWithAWarningInsteadOfBlocking(string path)
    {
        using var project = new TempProject();
        MakeFifo(project, path);
        var config = ProjectConfigLoader.Load(project.Root);

        var collect = Collector().CollectAsync(config, AsOf);
        var finished = await Task.WhenAny(collect, Task.Delay(TimeSpan.FromSeconds(30)));

        finished.ShouldBe(collect, "reading a named pipe blocked");
        (await collect).Warnings.ShouldContain(w => w.Source == path && w.Message.Contains("named pipe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Load_ConfigIsANamedPipe_RefusedWithOneLine()
    {
        using var project = new TempProject();
        MakeFifo(project, "firebreak.yaml");

        var load = Task.Run(() => Should.Throw<ConfigException>(() => ProjectConfigLoader.Load(project.Root)));
        var finished = await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(30)));

        finished.ShouldBe(load, "reading a named pipe blocked");
        (await load).Message.ShouldContain("named pipe");
    }

    [Fact]
    public void Load_ConfigLinkedToDevZero_RefusedInsteadOfExhaustingMemory()
    {
        using var project = new TempProject();
        File.CreateSymbolicLink(Path.Combine(project.Root, "firebreak.yaml"), "/dev/zero");

        Should.Throw<ConfigException>(() => ProjectConfigLoader.Load(project.Root)).Message.ShouldContain("device");
    }

    [Fact]
    public void Load_ConfigLargerThanTheLimit_Refused()
    {
        using var project = new TempProject();
        project.Write("firebreak.yaml", "service: shop\n# " + new string('x', (int)InputLimits.ConfigBytes) + "\n");

        Should.Throw<ConfigException>(() => ProjectConfigLoader.Load(project.Root)).Message.ShouldContain("limit");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Parse_YamlNestedThousandsOfLevels_RefusedWithoutOverflowingTheStack(bool flow)
    {
        var yaml = flow
            ? "x: " + new string('[', 50_000) + new string(']', 50_000) + "\n"
            : "x:\n" + string.Concat(Enumerable.Range(1, 1_000).Select(i => new string(' ', i) + "- \n"));

        Should.Throw<ConfigException>(() => ProjectConfigLoader.Parse("/tmp/shop", "shop", yaml)).Message.ShouldContain("levels deep");
    }

    [Fact]
    public void Parse_NonScalarKeyUnderMitigation_IsAConfigErrorWithTheLine()
    {
        var error = Should.Throw<ConfigException>(() => ProjectConfigLoader.Parse("/tmp/shop", "shop", "mitigation:\n  ? [a, b]\n  : x\n"));

        error.Line.ShouldBe(2);
        error.Message.ShouldContain("mitigation keys");
    }

    [Fact]
    public void ReadFile_DeployLineOf200MB_SkippedAndSaidWithBoundedMemory()
    {
        using var project = new TempProject();
        var path = Path.Combine(project.Root, "deploys.jsonl");
        using (var stream = File.Create(path))
        {
            stream.Write("""{"at": "2026-11-25T19:00:00Z", "component": "api", "version": "1", "kind": "deploy"}"""u8);
            stream.Write("\n{\"at\": \"2026-11-25T19:10:00Z\", \"description\": \""u8);
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)'a');
            for (var i = 0; i < 200; i++)
            {
                stream.Write(chunk);
            }

            stream.Write("\"}\n"u8);
            stream.Write("""{"at": "2026-11-25T19:20:00Z", "component": "api", "version": "2", "kind": "deploy"}"""u8);
        }

        var warnings = new List<EvidenceWarning>();
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var records = DeployReader.ReadFile(path, "deploys.jsonl", warnings);

        (GC.GetTotalAllocatedBytes(precise: true) - before).ShouldBeLessThan(64L << 20);
        records.Select(r => r.Version).ShouldBe(["1", "2"]);
        warnings.ShouldHaveSingleItem().Message.ShouldContain("line 2 (200 MiB)");
    }

    [Fact]
    public void ReadFile_AlertPayloadOverTheLimit_SkippedUnreadAndSaid()
    {
        using var project = new TempProject();
        var path = Path.Combine(project.Root, "alert.json");
        WriteAlertPayload(path, (int)InputLimits.DocumentBytes + 1);
        var warnings = new List<EvidenceWarning>();
        var before = GC.GetAllocatedBytesForCurrentThread();

        var alerts = AlertReader.ReadFile(path, "alerts/alert.json", warnings);

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBeLessThan(1L << 20);
        alerts.ShouldBeEmpty();
        warnings.ShouldHaveSingleItem().Message.ShouldContain($"more than the {BoundedFile.Size(InputLimits.DocumentBytes)} limit");
    }

    [Fact]
    public void ReadFile_AlertPayloadJustUnderTheLimit_ReadInBoundedMemoryWithTheSummaryCut()
    {
        using var project = new TempProject();
        var path = Path.Combine(project.Root, "alert.json");
        WriteAlertPayload(path, (int)InputLimits.DocumentBytes - 1024);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var alert = AlertReader.ReadFile(path, "alerts/alert.json", []).ShouldHaveSingleItem();

        // The bytes, their text and the JSON document: a few times the payload, never more than the limit allows.
        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBeLessThan(12 * InputLimits.DocumentBytes);
        alert.Summary.ShouldEndWith("more characters]");
    }

    // One alert whose summary fills the payload to `size` bytes.
    private static void WriteAlertPayload(string path, int size)
    {
        var head = "{\"alerts\": [{\"labels\": {\"alertname\": \"Big\"}, \"startsAt\": \"2026-11-25T19:00:00Z\", \"annotations\": {\"summary\": \""u8.ToArray();
        var tail = "\"}}]}"u8.ToArray();
        var body = new byte[size - head.Length - tail.Length];
        Array.Fill(body, (byte)'s');
        File.WriteAllBytes(path, [.. head, .. body, .. tail]);
    }

    [Fact]
    public void Parse_HugeAlertSummary_IsCutAndTheCutIsSaid()
    {
        var summary = new string('s', 50_000);
        var json = $$"""{"alerts": [{"labels": {"alertname": "Big"}, "annotations": {"summary": "{{summary}}"}, "startsAt": "2026-11-25T19:00:00Z"}]}""";

        var alert = AlertReader.Parse(json, "alerts/a.json", []).ShouldHaveSingleItem();

        alert.Summary.Length.ShouldBeLessThan(InputLimits.FieldChars + 100);
        alert.Summary.ShouldEndWith("[truncated: 45,904 more characters]");
    }

    [Fact]
    public void ReadFile_RunbookLargerThanTheLimit_ReadsTheStartAndSaysSo()
    {
        using var project = new TempProject();
        var path = project.Write("runbooks/big.md", "# Big\n- roll back\n" + new string('x', (int)InputLimits.RunbookBytes));
        var warnings = new List<EvidenceWarning>();

        var runbook = RunbookReader.ReadFile(path, "runbooks/big.md", warnings);

        runbook.ShouldNotBeNull().Title.ShouldBe("Big");
        warnings.ShouldHaveSingleItem().Message.ShouldContain("only the first 1 MiB");
    }

    [Fact]
    public async Task Collect_DirectoryWhereAFileIsExpected_SaysItIsADirectory()
    {
        using var project = new TempProject();
        Directory.CreateDirectory(Path.Combine(project.Root, "deploys.jsonl"));

        var evidence = await Collector().CollectAsync(ProjectConfigLoader.Load(project.Root), AsOf);

        evidence.Warnings.ShouldContain(w => w.Source == "deploys.jsonl" && w.Message.Contains("is a directory", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ControlCharactersInADeployDescription_NeverReachTheRecord()
    {
        var record = DeployReader.Parse("""{"at": "2026-11-25T19:00:00Z", "description": "ship \u001b[2J\u001b]0;pwned\u0007 it\r now"}""", "deploys.jsonl", []).ShouldHaveSingleItem();

        record.Description.ShouldNotContain('\u001b');
        record.Description.ShouldNotContain('\u0007');
        record.Description.ShouldNotContain('\r');
        record.Description.ShouldContain("␛[2J");
    }

    [Fact]
    public void Parse_ControlCharactersInAnAlertSummary_AreMadeVisible()
    {
        var alert = AlertReader.Parse("""{"alerts": [{"labels": {"alertname": "A"}, "annotations": {"summary": "bad\u001b[31m red\u0008\u202e"}, "startsAt": "2026-11-25T19:00:00Z"}]}""", "a.json", []).ShouldHaveSingleItem();

        alert.Summary.ShouldBe("bad␛[31m red␈\uFFFD");
    }

    [Theory]
    [InlineData(1e308)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    public void Percent_GarbageRatio_IsWordedNotInfinity(double ratio)
    {
        var text = Wording.Percent(ratio);

        text.ShouldNotContain("Infinity");
        text.ShouldNotContain("NaN");
        text.Length.ShouldBeLessThan(80);
    }

    [Fact]
    public void ParsePrometheus_MorePointsAndSeriesThanTheLimits_CutAndSaid()
    {
        var points = string.Join(',', Enumerable.Range(0, InputLimits.PointsPerSeries + 500).Select(i => $"[{1795600000 + (i * 15)},\"0.1\"]"));
        var series = string.Join(',', Enumerable.Range(0, InputLimits.SeriesPerAnswer + 3).Select(i => $"{{\"metric\":{{\"pod\":\"p{i}\"}},\"values\":[{(i == 0 ? points : "[1795600000,\"1\"]")}]}}"));
        var json = $"{{\"status\":\"success\",\"data\":{{\"resultType\":\"matrix\",\"result\":[{series}]}}}}";
        var warnings = new List<EvidenceWarning>();

        var read = MetricReader.ParsePrometheus(json, "prometheus:q", new MetricSource("q", "error_rate", null), warnings);

        read.Count.ShouldBe(InputLimits.SeriesPerAnswer);
        read.Max(s => s.Samples.Count).ShouldBe(InputLimits.PointsPerSeries);
        warnings.ShouldContain(w => w.Message.Contains("3 series and 500 points not read", StringComparison.Ordinal));
    }

    private static EvidenceCollector Collector() => new(new LogAnalyzer(), new FakeTimeProvider(AsOf.AddHours(1)));

    private static void MakeFifo(TempProject project, string relativePath)
    {
        var full = Path.Combine(project.Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var mkfifo = Process.Start("mkfifo", [full]);
        mkfifo.WaitForExit();
        mkfifo.ExitCode.ShouldBe(0);
    }
}
