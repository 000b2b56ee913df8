using System.IO.Compression;
using System.Text;

namespace Firebreak.Evidence.Tests;

/// <summary>Issue 11 reproductions on log input: long lines, unreadable files, UTF-16 and gzip logs, unbounded template tables.</summary>
public sealed class HostileLogInputTests : IDisposable
{
    private static readonly DateTimeOffset Onset = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private readonly TempLogDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(64 * 1024 + 10)]
    [InlineData(300 * 1024)]
    [InlineData(1024 * 1024 - 100)]
    public void ReadLine_LineBetween64KiBAnd1MiB_IsCutAndMarked(int length)
    {
        var bytes = Encoding.UTF8.GetBytes("2026-11-25T10:00:00Z ERROR " + new string('x', length) + "\nnext line\n");
        using var reader = new LogLineReader(new MemoryStream(bytes));

        reader.TryReadLine(out var first).ShouldBeTrue();
        first.Length.ShouldBe(LogLineReader.DefaultMaxLineChars);
        reader.Truncated.ShouldBeTrue();
        reader.TryReadLine(out var second).ShouldBeTrue();

        second.ToString().ShouldBe("next line");
        reader.Truncated.ShouldBeFalse();
    }

    [Fact]
    public void Analyze_LongLine_KeepsTruncatedExampleMarked()
    {
        var file = _dir.Write("logs/app.log", ["2026-11-25T09:00:00Z INFO started", "2026-11-25T10:00:01Z ERROR boom " + new string('y', 200 * 1024)]);

        var analysis = new LogAnalyzer().Analyze(_dir.Path, [file], Onset);

        analysis.RecordsRead.ShouldBe(2);
        analysis.Templates.Single(t => t.Template.StartsWith("boom", StringComparison.Ordinal)).ExampleText!.ShouldEndWith(LogAnalyzer.TruncatedMark);
        analysis.Problems.ShouldContain(p => p.Message.Contains("cut to that length"));
    }

    [Fact]
    public void Mine_LongLine_DoesNotCrash()
    {
        var file = Path.Combine(_dir.Path, _dir.Write("big.log", ["short line 1", "long " + new string('z', 500 * 1024), "short line 2"]));

        var mined = LogTemplateRun.Mine(file, null, null);

        mined.Lines.ShouldBe(3);
        mined.Truncated.ShouldBe(1);
    }

    [Fact]
    public void Analyze_OneBinaryLog_SkipsItAndKeepsTheOthers()
    {
        var good = _dir.Write("logs/app.log", ["2026-11-25T10:00:01Z ERROR payment failed for order 17"]);
        var bad = _dir.WriteBytes("logs/core.log", [0x7F, (byte)'E', (byte)'L', (byte)'F', 0, 0, 0, 1, 2, 3, 0, 0]);

        var analysis = new LogAnalyzer().Analyze(_dir.Path, [bad, good], Onset);

        analysis.Files.ShouldBe([good]);
        analysis.Templates.ShouldContain(t => t.Template.Contains("payment failed", StringComparison.Ordinal));
        analysis.Problems.ShouldContain(p => p.Source == bad && p.Message.Contains("binary", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("utf-16le-bom")]
    [InlineData("utf-16be-bom")]
    [InlineData("utf-16le")]
    [InlineData("utf-8-bom")]
    public void Analyze_Utf16OrBomLog_IsDecoded(string encoding)
    {
        var text = "2026-11-25T10:00:01Z ERROR payment failed for order 17\n2026-11-25T10:00:02Z ERROR payment failed for order 18\n";
        byte[] bytes = encoding switch
        {
            "utf-16le-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            "utf-16be-bom" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
            "utf-16le" => Encoding.Unicode.GetBytes(text),
            _ => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
        };
        var file = _dir.WriteBytes("logs/app.log", bytes);

        var analysis = new LogAnalyzer().Analyze(_dir.Path, [file], Onset);

        analysis.Templates.Single().Template.ShouldBe("payment failed for order <*>");
        analysis.Templates.Single().Level.ShouldBe("ERROR");
        analysis.Problems.ShouldBeEmpty();
    }

    [Fact]
    public void Analyze_GzipLog_IsDecompressedNotMinedAsGarbage()
    {
        var file = _dir.WriteBytes("logs/app.log.1.gz", Gzip("2026-11-25T10:00:01Z ERROR payment failed for order 17\n"));

        var analysis = new LogAnalyzer().Analyze(_dir.Path, [file], Onset);

        analysis.Templates.Single().Template.ShouldBe("payment failed for order <*>");
        analysis.LinesSkipped.ShouldBe(0);
    }

    [Fact]
    public void Analyze_TruncatedGzip_ReadsWhatIsThereAndSaysSo()
    {
        var lines = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"2026-11-25T10:00:01Z INFO request {i} served in {i % 97} ms by worker {i % 7}\n"));
        var whole = Gzip(lines);
        var file = _dir.WriteBytes("logs/app.log.2.gz", whole[..(whole.Length / 2)]);

        var analysis = new LogAnalyzer().Analyze(_dir.Path, [file], Onset);

        analysis.LinesRead.ShouldBeGreaterThan(0);
        analysis.LinesRead.ShouldBeLessThan(20_000);
        analysis.Problems.ShouldContain(p => p.Source == file && p.Message.Contains("truncated", StringComparison.Ordinal));
    }

    [Fact]
    public void Mine_MillionsOfUniqueShapes_TemplateTableStaysBoundedAndSaysSo()
    {
        var path = Path.Combine(_dir.Path, "unique.log");
        using (var writer = new StreamWriter(path))
        {
            for (var i = 0; i < 5_000; i++)
            {
                writer.WriteLine($"{Word(i)} {Word(i + 7)} {Word(i + 13)}");
            }
        }

        var mined = LogTemplateRun.Mine([path], null, null, new MineOptions(MaxTemplates: 100));

        mined.Events.Count.ShouldBeLessThanOrEqualTo(101);
        mined.Folded.ShouldBe(4_900);
        mined.Events.Sum(e => e.Count).ShouldBe(5_000);
    }

    private static string Word(int n)
    {
        var word = new StringBuilder("w");
        for (; n > 0; n /= 26)
        {
            word.Append((char)('a' + (n % 26)));
        }

        return word.ToString();
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }
}
