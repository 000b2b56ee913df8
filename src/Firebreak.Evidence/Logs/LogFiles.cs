using System.Globalization;
using System.Text.RegularExpressions;

namespace Firebreak.Evidence;

/// <summary>Finds log files as they are kept: names a log or a rotated log (<c>app.log.1</c>, <c>app.log.2.gz</c>), and orders rotated files oldest first.</summary>
public static partial class LogFiles
{
    /// <summary>The file extensions of logs (before any rotation number or <c>.gz</c>).</summary>
    public static readonly IReadOnlyList<string> Extensions = [".log", ".txt", ".out", ".err", ".jsonl", ".ndjson"];

    /// <summary>True when a file name looks like a log: a log extension, optionally followed by a rotation number or date and <c>.gz</c>.</summary>
    public static bool IsLogName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var (stem, _, _) = Rotation(fileName);
        return Extensions.Any(e => stem.EndsWith(e, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The log files directly in <paramref name="directory"/>, rotated ones oldest first before the current one.</summary>
    public static IReadOnlyList<string> InDirectory(string directory) =>
        Order(Directory.EnumerateFiles(directory, "*", new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden })
            .Where(f => IsLogName(Path.GetFileName(f))));

    /// <summary>Orders files by name, with each log's rotated generations oldest first (<c>app.log.2.gz</c>, <c>app.log.1</c>, <c>app.log</c>).</summary>
    public static IReadOnlyList<string> Order(IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return [.. files
            .Select(f => (File: f, Parts: Rotation(f.Replace('\\', '/'))))
            .OrderBy(x => x.Parts.Stem, StringComparer.Ordinal)
            .ThenByDescending(x => x.Parts.Generation)
            .ThenBy(x => x.Parts.Date, StringComparer.Ordinal)
            .ThenBy(x => x.File, StringComparer.Ordinal)
            .Select(x => x.File)];
    }

    /// <summary>Splits <c>app.log.2.gz</c> into its stem <c>app.log</c> and generation 2; a dated rotation (<c>app.log-20261101</c>) keeps its date; the current file is generation 0 and sorts after dated ones.</summary>
    private static (string Stem, int Generation, string Date) Rotation(string name)
    {
        var stem = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3] : name;
        var numbered = Numbered().Match(stem);
        if (numbered.Success && int.TryParse(numbered.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            return (numbered.Groups[1].Value, generation, string.Empty);
        }

        var dated = Dated().Match(stem);
        return dated.Success ? (dated.Groups[1].Value, 0, dated.Groups[2].Value) : (stem, 0, "~");
    }

    [GeneratedRegex(@"^(.*)\.(\d{1,4})$", RegexOptions.CultureInvariant)]
    private static partial Regex Numbered();

    [GeneratedRegex(@"^(.*)[-_.](\d{8}(?:\d{2,6})?)$", RegexOptions.CultureInvariant)]
    private static partial Regex Dated();
}
