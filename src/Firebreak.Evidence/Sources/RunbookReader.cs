using System.Text.RegularExpressions;

namespace Firebreak.Evidence;

/// <summary>Reads Markdown runbooks: the title from the first heading, the steps from list items and "Mitigation:"-style lines.</summary>
public static partial class RunbookReader
{
    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<title>.+?)\s*#*\s*$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\s*(?:\d{1,3}[.)]|[-*+])\s+(?:\[[ xX]\]\s+)?(?<step>\S.*?)\s*$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex ListItem();

    [GeneratedRegex(@"^\s*(?:\*\*)?(?<label>mitigation|mitigate|remediation|resolution|fix|workaround|rollback|roll back|recovery|action|actions|steps?|diagnosis|diagnose|escalation|escalate|verify|verification|validation|check)(?:\*\*)?\s*:(?:\*\*)?\s*(?<step>\S.*?)\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture)]
    private static partial Regex LabelledStep();

    /// <summary>Reads one runbook file (at most <see cref="InputLimits.RunbookBytes"/> of it).</summary>
    public static Runbook? ReadFile(string fullPath, string relativePath, ICollection<EvidenceWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        if (BoundedFile.ReadPrefix(fullPath, relativePath, InputLimits.RunbookBytes, warnings) is not { } text)
        {
            return null;
        }

        return Parse(text, relativePath);
    }

    /// <summary>Parses runbook Markdown; <paramref name="path"/> is the project-relative file.</summary>
    public static Runbook Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = Quoted.Text(text);
        string? title = null;
        var steps = new List<string>();
        var inFence = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence)
            {
                // A command in a fenced block is a step too.
                if (line.Trim() is { Length: > 0 } command)
                {
                    steps.Add($"`{command}`");
                }

                continue;
            }

            if (Heading().Match(line) is { Success: true } heading)
            {
                title ??= heading.Groups["title"].Value;
                continue;
            }

            if (LabelledStep().IsMatch(line))
            {
                steps.Add(line.Trim());
            }
            else if (ListItem().Match(line) is { Success: true } item)
            {
                steps.Add(item.Groups["step"].Value);
            }
            else if (line.Contains('`', StringComparison.Ordinal))
            {
                // A sentence carrying an inline command is an instruction.
                steps.Add(line.Trim());
            }
        }

        if (steps.Count == 0)
        {
            // Free-form prose: each non-heading line is what the runbook tells the responder to do.
            steps.AddRange(text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !Heading().IsMatch(l) && !l.StartsWith("```", StringComparison.Ordinal)));
        }

        title ??= Path.GetFileNameWithoutExtension(path).Replace('-', ' ').Replace('_', ' ');
        return new Runbook(path, title, text, steps);
    }
}
