using System.Text;

namespace Firebreak.Evidence.Tests;

public sealed class LogLineReaderTests
{
    [Fact]
    public void TryReadLine_MixedLineEndings_ReadsEveryLine()
    {
        var lines = ReadAll(Encoding.UTF8.GetBytes("one\r\ntwo\n\nthree"));

        lines.ShouldBe(["one", "two", string.Empty, "three"]);
    }

    [Fact]
    public void TryReadLine_InvalidUtf8_BecomesReplacementCharacter()
    {
        var lines = ReadAll([(byte)'a', 0xC3, 0x28, (byte)'b', (byte)'\n', (byte)'c']);

        lines.Count.ShouldBe(2);
        lines[0].ShouldContain('\uFFFD');
        lines[0].ShouldStartWith("a");
        lines[1].ShouldBe("c");
    }

    [Fact]
    public void TryReadLine_MegabyteLine_IsCutAndNextLineSurvives()
    {
        var bytes = Encoding.ASCII.GetBytes(new string('x', 3_000_000) + "\nafter\n");
        using var reader = new LogLineReader(new MemoryStream(bytes), maxLineChars: 1000);

        reader.TryReadLine(out var first).ShouldBeTrue();
        first.Length.ShouldBe(1000);
        reader.Truncated.ShouldBeTrue();
        reader.TryReadLine(out var second).ShouldBeTrue();
        second.ToString().ShouldBe("after");
        reader.LineNumber.ShouldBe(2);
        reader.TryReadLine(out _).ShouldBeFalse();
    }

    private static List<string> ReadAll(byte[] bytes)
    {
        using var reader = new LogLineReader(new MemoryStream(bytes));
        var lines = new List<string>();
        while (reader.TryReadLine(out var line))
        {
            lines.Add(line.ToString());
        }

        return lines;
    }
}
