using System.Text;
using System.Text.RegularExpressions;

namespace Firebreak.Evidence;

/// <summary>Expands project-relative globs (<c>*</c>, <c>?</c>, <c>**</c>) to files, never leaving the project directory.</summary>
public static class ProjectFiles
{
    private static readonly EnumerationOptions Options = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.ReparsePoint,
        ReturnSpecialDirectories = false,
    };

    /// <summary>Regular files matching <paramref name="glob"/>, as sorted project-relative paths with forward slashes; a glob that is absolute or climbs out with <c>..</c> gives a warning and nothing, and a named pipe, device or socket is skipped with a warning.</summary>
    public static IReadOnlyList<string> Expand(string projectDirectory, string glob, ICollection<EvidenceWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        var normalized = glob.Replace('\\', '/').Trim();
        if (!IsSafeRelative(normalized))
        {
            warnings.Add(new EvidenceWarning(glob, "not read: paths must stay inside the project directory (no absolute paths or '..')"));
            return [];
        }

        var root = Path.GetFullPath(projectDirectory);
        var segments = normalized.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        var literal = segments.TakeWhile(s => !HasWildcard(s)).ToArray();
        if (literal.Length == segments.Length)
        {
            var full = Path.Combine(root, Path.Combine(literal));
            return File.Exists(full) && Inside(root, full) && IsRegular(full, string.Join('/', literal), warnings) ? [string.Join('/', literal)] : [];
        }

        var start = Path.Combine(root, Path.Combine(literal));
        if (!Directory.Exists(start))
        {
            return [];
        }

        var regex = new Regex(ToRegex(segments), RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
        var recursive = segments.Skip(literal.Length).Count() > 1 || segments.Contains("**");
        var found = new List<string>();
        foreach (var file in Walk(start, recursive))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (Inside(root, file) && regex.IsMatch(relative) && IsRegular(file, relative, warnings))
            {
                found.Add(relative);
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <summary>The full path of a project-relative file, or null (with a warning) when the path would leave the project.</summary>
    public static string? Resolve(string projectDirectory, string relativePath, ICollection<EvidenceWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        var normalized = relativePath.Replace('\\', '/').Trim();
        var root = Path.GetFullPath(projectDirectory);
        if (!IsSafeRelative(normalized) || !Path.GetFullPath(Path.Combine(root, normalized)).StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            warnings.Add(new EvidenceWarning(relativePath, "not read: paths must stay inside the project directory (no absolute paths or '..')"));
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(root, normalized));
        if (File.Exists(full) && !Inside(root, full))
        {
            warnings.Add(new EvidenceWarning(relativePath, "not read: it links to a file outside the project directory"));
            return null;
        }

        return full;
    }

    // A named pipe or device matched by a glob is never evidence: reading it could block forever or never end.
    private static bool IsRegular(string full, string relative, ICollection<EvidenceWarning> warnings)
    {
        if (BoundedFile.Refusal(full) is not { } reason)
        {
            return true;
        }

        warnings.Add(new EvidenceWarning(relative, $"skipped: it {reason}"));
        return false;
    }

    private static bool IsSafeRelative(string path) =>
        path.Length > 0
        && !path.StartsWith('/')
        && !Path.IsPathRooted(path)
        && !(path.Length >= 2 && path[1] == ':')
        && !path.Split('/').Any(s => s == "..")
        && !path.Contains('\0', StringComparison.Ordinal);

    private static bool Inside(string root, string full)
    {
        var rootWithSlash = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!Path.GetFullPath(full).StartsWith(rootWithSlash, StringComparison.Ordinal))
        {
            return false;
        }

        if (!File.Exists(full) && !Directory.Exists(full))
        {
            return true;
        }

        // A symbolic link inside the project may point anywhere: follow it before trusting it.
        try
        {
            var target = new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true);
            return target is null || Path.GetFullPath(target.FullName).StartsWith(rootWithSlash, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool HasWildcard(string segment) => segment.IndexOfAny(['*', '?', '[']) >= 0;

    private static IEnumerable<string> Walk(string directory, bool recursive)
    {
        var pending = new Stack<string>();
        pending.Push(directory);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            IEnumerable<string> files;
            IEnumerable<string> directories;
            try
            {
                files = Directory.EnumerateFiles(current, "*", Options).ToList();
                directories = recursive ? Directory.EnumerateDirectories(current, "*", Options).ToList() : [];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var file in files)
            {
                yield return file;
            }

            foreach (var sub in directories)
            {
                var name = Path.GetFileName(sub);
                // Firebreak's own output and version-control internals are never evidence.
                if (name is ".git" or ".aiwg")
                {
                    continue;
                }

                pending.Push(sub);
            }
        }
    }

    private static string ToRegex(string[] segments)
    {
        var pattern = new StringBuilder("^");
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            if (segment == "**")
            {
                pattern.Append(last ? ".*" : "(?:[^/]+/)*");
                continue;
            }

            foreach (var c in segment)
            {
                pattern.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }

            if (!last)
            {
                pattern.Append('/');
            }
        }

        return pattern.Append('$').ToString();
    }
}
