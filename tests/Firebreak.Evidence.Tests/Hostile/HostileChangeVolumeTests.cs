using System.Globalization;
using System.Text;
using Firebreak.Core;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Evidence.Tests;

/// <summary>Issue 11 item 18: change records in the window cost numbers, not sentences (the timing is in the deploys benchmark).</summary>
public sealed class HostileChangeVolumeTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Score_TwentyThousandChangesInTheWindow_ExplainsOnlyWhatTheDiagnosisCanShow()
    {
        using var project = new TempProject();
        project.Write("firebreak.yaml", "service: shop\ncomponents:\n  - {name: checkout-api, paths: [src/checkout/]}\n  - {name: search, paths: [src/search/]}\n");
        string[] kinds = ["deploy", "config", "feature-flag", "migration"];
        var lines = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            var at = AsOf.AddSeconds(-86_000.0 * (20_000 - i) / 20_000).AddMinutes(-1);
            lines.Append(CultureInfo.InvariantCulture, $$"""{"at": "{{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}", "component": "{{(i % 2 == 0 ? "checkout-api" : "search")}}", "kind": "{{kinds[i % 4]}}", "version": "1.{{i}}.0", "key": "key_{{i % 50}}", "commit": "{{i:x8}}{{new string('a', 32)}}"}""").Append('\n');
        }

        project.Write("deploys.jsonl", lines.ToString());
        var evidence = await new EvidenceCollector(new LogAnalyzer(), new FakeTimeProvider(AsOf)).CollectAsync(ProjectConfigLoader.Load(project.Root), AsOf);
        var graph = new ComponentGraph(evidence.Config.Profile);
        var signals = SignalReader.Read(evidence, graph, AsOf, null);

        var scored = ChangeScorer.Score(evidence, signals, Scope.Of(signals, graph), graph, AsOf);

        evidence.Changes.Count.ShouldBe(20_000);
        scored.Count.ShouldBeLessThanOrEqualTo(32 + 5 + 1);
        scored.ShouldAllBe(s => s.Hypothesis.Statement.Length > 0 && s.Hypothesis.Evidence.Count > 0);
        scored.Select(s => s.Hypothesis.Score).ShouldBeInOrder(SortDirection.Descending);
        // The most recent change leads when nothing else tells them apart.
        scored[0].Change.At.ShouldBe(evidence.Changes.Max(c => c.At));
        Analyst.Diagnose(evidence, GuidanceProfile.None, AsOf).Hypotheses.Count.ShouldBeLessThanOrEqualTo(16);
    }
}

/// <summary>Issue 11 item 18: deploys.jsonl is read from its bytes (no text per line), with the records the text path gives.</summary>
public sealed class HostileDeployBytesTests
{
    // Lines of every shape the reader meets: the fast byte path must agree with the text path on each.
    private static readonly string[] Lines =
    [
        """{"at": "2026-11-25T19:13:59.800Z", "component": "checkout-api", "version": "3.8.0", "commit": "56e0aff0123456789abcdef0123456789abcdef0", "kind": "deploy", "region": "eu-west-1"}""",
        """  {"at":"2026-11-25T19:20:00+02:00","kind":"config","key":"db_password","old":"hunter2hunter2","new":"s3cr3t-value","author":"ana"}	""",
        """{"at": "2026-11-25T19:20:00.1234567-05:30", "kind": "feature_flag", "key": "payments.backup", "old": false, "new": true, "reversible": "false"}""",
        """{"\u0061t": "2026-11-25T19:21:00Z", "kind": "Deploy", "description": "ship \u001b[2J it", "version": 42, "version": "v43"}""",
        """{"at": "2026-11-25T19:22:00Z", "kind": "certificate-rotation", "component": "edge", "ticket": {"id": 7, "tags": ["a", "b"]}, "note": null, "n": 1.5e3}""",
        """{"at": "2026-11-25 19:23:00", "kind": "migration", "version": "2026_11_25_add_index", "reversible": false}""",
        """{"at": "2026-11-25T19:24:00Z", "kind": "deploy", "component": "caf\u00e9", "description": "déploiement du café"}""",
        "\uFEFF{\"at\": \"2026-11-25T19:25:00Z\", \"kind\": \"config\", \"key\": \"k\"}",
        "\u00A0{\"at\": \"2026-11-25T19:26:00Z\", \"kind\": \"config\", \"key\": \"nbsp\"}",
        """{"at": "2026-11-25T19:27:00Z"} trailing""",
        """{"at": "2026-11-25T19:28:00Z", "deep": [[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]}""",
        """{"at": "2026-02-30T10:00:00Z", "kind": "deploy"}""",
        """{"at": "", "kind": "deploy"}""",
        """{"at": 1764097200, "kind": "deploy"}""",
        """// a comment""",
        """# another""",
        """[1, 2]""",
        """{"at": "2026-11-25T19:29:00Z", "kind": "deploy", "description": "token ghp_abcdefghijklmnopqrstuvwxyz0123456789 leaked", "api_key": "abc123secretvalue"}""",
        """{"at": "2026-11-25T18:00:00Z", "kind": "deploy", "commit": "0123456789abcdef0123456789abcdef01234567", "component": "search"}""",
        "",
        "   ",
    ];

    [Fact]
    public void ReadFile_LinesOfEveryShape_GiveTheRecordsAndWarningsOfTheTextPath()
    {
        using var project = new TempProject();
        var bytes = new List<byte>();
        foreach (var line in Lines)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(line));
            bytes.Add((byte)'\r');
            bytes.Add((byte)'\n');
        }

        // Invalid UTF-8 inside a string: decoded with replacement characters, as text always was.
        bytes.AddRange(Encoding.UTF8.GetBytes("{\"at\": \"2026-11-25T19:30:00Z\", \"description\": \"bad "));
        bytes.AddRange([0xC3, 0x28, 0xFF]);
        bytes.AddRange(Encoding.UTF8.GetBytes("\"}"));
        var path = Path.Combine(project.Root, "deploys.jsonl");
        File.WriteAllBytes(path, [.. bytes]);
        var fromBytes = new List<EvidenceWarning>();
        var fromText = new List<EvidenceWarning>();

        var read = DeployReader.ReadFile(path, "deploys.jsonl", fromBytes);
        var parsed = DeployReader.Parse(Encoding.UTF8.GetString([.. bytes]).Replace("\r\n", "\n", StringComparison.Ordinal), "deploys.jsonl", fromText);

        read.Select(Describe).ShouldBe(parsed.Select(Describe));
        fromBytes.ShouldBe(fromText);
        read.Count.ShouldBe(12);
        fromBytes.ShouldHaveSingleItem().Message.ShouldContain("6 line(s) skipped");
        var escaped = read.Single(r => r.Source.Line == 4);
        (escaped.Kind, escaped.Version, escaped.Description).ShouldBe((ChangeKind.Deploy, "v43", "ship ␛[2J it"));
        var flag = read.Single(r => r.Source.Line == 3);
        (flag.At, flag.OldValue, flag.NewValue, flag.Reversible).ShouldBe((new DateTimeOffset(2026, 11, 26, 0, 50, 0, TimeSpan.Zero).AddTicks(1_234_567), "false", "true", false));
        read.Single(r => r.Source.Line == 2).NewValue.ShouldBe(Redactor.Mask);
        read.Single(r => r.Source.Line == 5).Extra["ticket"].ShouldBe("""{"id": 7, "tags": ["a", "b"]}""");
        read.Single(r => r.Source.Line == 18).Description.ShouldNotContain("ghp_");
        read.Single(r => r.Source.Line == 18).Extra["api_key"].ShouldBe(Redactor.Mask);
        read[0].Source.Line.ShouldBe(2);
    }

    private static string Describe(ChangeRecord r) =>
        string.Join('|', r.Kind, r.At.ToString("O", CultureInfo.InvariantCulture), r.Component, r.Ref, r.Description, r.Source, r.Commit, r.Version, r.PreviousVersion, r.Key,
            r.OldValue, r.NewValue, r.Author, r.Reversible, string.Join(',', r.Extra.Select(kv => $"{kv.Key}={kv.Value}")));

    [Theory]
    [InlineData("2026-11-25T19:13:59Z")]
    [InlineData("2026-11-25T19:13:59.8Z")]
    [InlineData("2026-11-25T19:13:59.800Z")]
    [InlineData("2026-11-25T19:13:59.1234567Z")]
    [InlineData("2026-11-25T23:59:59.9999999-14:00")]
    [InlineData("2026-01-01T00:00:00+14:00")]
    [InlineData("2024-02-29T12:00:00+05:30")]
    [InlineData("0002-01-01T00:00:00-01:00")]
    [InlineData("9998-12-31T23:59:59+00:00")]
    public void ReadFile_MachineTimestamps_ReadAsTheGeneralParserReadsThem(string at)
    {
        using var project = new TempProject();
        project.Write("deploys.jsonl", $$"""{"at": "{{at}}", "kind": "deploy"}""" + "\n");

        var record = DeployReader.ReadFile(Path.Combine(project.Root, "deploys.jsonl"), "deploys.jsonl", []).ShouldHaveSingleItem();

        DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expected).ShouldBeTrue();
        record.At.ShouldBe(expected);
        record.At.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void ReadLines_OverTheTotalLimit_NamesTheLastLineRead()
    {
        using var project = new TempProject();
        var path = Path.Combine(project.Root, "deploys.jsonl");
        File.WriteAllText(path, string.Concat(Enumerable.Repeat("{\"at\": \"2026-11-25T19:00:00Z\"}\n", 20)));
        using var stream = File.OpenRead(path);

        var lines = BoundedFile.ReadLines(stream, 64, 100).ToList();

        lines[^1].LimitReached.ShouldBeTrue();
        lines[^1].Number.ShouldBe(lines.Count - 1);
        lines.SkipLast(1).ShouldAllBe(l => l.Text == "{\"at\": \"2026-11-25T19:00:00Z\"}" && !l.Truncated);
    }

    [Fact]
    public void ReadLines_LongLinesAcrossChunks_AreCutAndMeasured()
    {
        var text = "short\r\n" + new string('x', 200_000) + "\nnext\n" + new string('y', 70_000);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));

        var lines = BoundedFile.ReadLines(stream, 1000, long.MaxValue).ToList();

        lines.Select(l => (l.Number, l.Text.Length, l.CutFromBytes)).ShouldBe([(1, 5, 0L), (2, 1000, 200_000L), (3, 4, 0L), (4, 1000, 70_000L)]);
    }
}
