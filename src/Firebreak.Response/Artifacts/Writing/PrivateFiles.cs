namespace Firebreak.Response;

/// <summary>
/// Creates the incident's folders and files private to their owner (folders 0700, files 0600) and refuses to write
/// through a symbolic link anywhere between the project and the target.
/// </summary>
public static class PrivateFiles
{
    /// <summary>Owner read, write and search: 0700.</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Owner read and write: 0600.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Throws <see cref="UnsafeArtifactPathException"/> when <paramref name="path"/> or any existing folder between <paramref name="top"/> (exclusive) and it is a link.</summary>
    public static void RefuseLinks(string top, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(top);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(top));
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(root, full);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new UnsafeArtifactPathException(path, "it is outside the project");
        }

        var current = root;
        foreach (var part in relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is not null || (info.Exists && info.Attributes.HasFlag(FileAttributes.ReparsePoint)))
            {
                throw new UnsafeArtifactPathException(Path.GetRelativePath(root, current), "it is a symbolic link; Firebreak never writes through a link");
            }
        }
    }

    /// <summary>Creates <paramref name="path"/> and its missing parents below <paramref name="top"/> as 0700 folders, refusing links; existing folders are made 0700 too.</summary>
    public static void CreateFolder(string top, string path)
    {
        RefuseLinks(top, path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(top));
        var current = root;
        foreach (var part in Path.GetRelativePath(root, Path.GetFullPath(path)).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            if (!Directory.Exists(current))
            {
                Directory.CreateDirectory(current, FolderMode);
            }
            else if (IsOurs(current))
            {
                File.SetUnixFileMode(current, FolderMode);
            }
        }
    }

    /// <summary>Makes an existing file 0600 (no-op on Windows).</summary>
    public static void MakePrivate(string file)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(file))
        {
            File.SetUnixFileMode(file, FileMode);
        }
    }

    /// <summary>Options for a new file created 0600.</summary>
    public static FileStreamOptions NewFile() => Exclusive(System.IO.FileMode.CreateNew, FileAccess.Write);

    /// <summary>Options for opening a file no other handle may share, created 0600 when <paramref name="mode"/> creates it.</summary>
    public static FileStreamOptions Exclusive(System.IO.FileMode mode, FileAccess access) => OperatingSystem.IsWindows()
        ? new FileStreamOptions { Mode = mode, Access = access, Share = FileShare.None }
        : new FileStreamOptions { Mode = mode, Access = access, Share = FileShare.None, UnixCreateMode = FileMode };

    /// <summary>The project folder of an incident folder (the parent of its <c>.aiwg</c>), else the incident folder's parent.</summary>
    public static string TopOf(string incidentDirectory)
    {
        var full = Path.GetFullPath(incidentDirectory);
        var marker = $"{Path.DirectorySeparatorChar}.aiwg{Path.DirectorySeparatorChar}";
        var at = full.LastIndexOf(marker, StringComparison.Ordinal);
        return at > 0 ? full[..at] : Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(full)) ?? full;
    }

    // Only Firebreak's own folders are tightened: .aiwg and everything below it.
    private static bool IsOurs(string folder) =>
        folder.Contains($"{Path.DirectorySeparatorChar}.aiwg", StringComparison.Ordinal);
}
