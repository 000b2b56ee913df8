using System.Runtime.CompilerServices;

namespace Firebreak.Response.Tests;

/// <summary>Compares text with a committed golden file; set FIREBREAK_UPDATE_GOLDEN=1 to rewrite the golden files instead.</summary>
public static class Golden
{
    /// <summary>Asserts <paramref name="actual"/> equals golden/<paramref name="name"/>, or rewrites it when updating.</summary>
    public static void Verify(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        var path = Path.Combine(Directory(callerFile), name.Replace('/', Path.DirectorySeparatorChar));
        if (Environment.GetEnvironmentVariable("FIREBREAK_UPDATE_GOLDEN") == "1")
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        File.Exists(path).ShouldBeTrue($"golden file {name} is missing; run the tests with FIREBREAK_UPDATE_GOLDEN=1 to create it");
        // Line endings are not compared: an iCalendar file is CRLF by its standard, the Markdown LF.
        var expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (expected != actual)
        {
            var expectedLines = expected.Split('\n');
            var actualLines = actual.Split('\n');
            var line = Enumerable.Range(0, Math.Min(expectedLines.Length, actualLines.Length)).FirstOrDefault(i => expectedLines[i] != actualLines[i], Math.Min(expectedLines.Length, actualLines.Length));
            var want = line < expectedLines.Length ? expectedLines[line] : "<end of file>";
            var got = line < actualLines.Length ? actualLines[line] : "<end of file>";
            actual.ShouldBe(expected, $"{name} differs from its golden file at line {line + 1}:\n  golden: {want}\n  actual: {got}\n(FIREBREAK_UPDATE_GOLDEN=1 rewrites golden files)");
        }
    }

    private static string Directory(string callerFile) => Path.Combine(Path.GetDirectoryName(callerFile)!, "golden");
}
