using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>What a write did to each file: written, left unchanged, or kept because a person edited it (with where the new version went).</summary>
public sealed record WriteReport(
    string IncidentDirectory,
    IReadOnlyList<string> Written,
    IReadOnlyList<string> Unchanged,
    IReadOnlyDictionary<string, string> KeptBecauseEdited)
{
    /// <summary>Problems that did not stop the write (an unreadable manifest, for instance).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>A path that would land outside the incident folder.</summary>
public sealed class UnsafeArtifactPathException(string path, string reason)
    : IOException($"refusing to write '{path}': {reason}")
{
    /// <summary>The rejected relative path.</summary>
    public string ArtifactPath { get; } = path;
}

/// <summary>Writes artifacts under <c>&lt;project&gt;/.aiwg/incidents/&lt;id&gt;/</c> atomically, never overwriting a file a person edited.</summary>
public static class ArtifactWriter
{
    /// <summary>The manifest of what Firebreak last wrote, relative to the incident folder.</summary>
    public const string ManifestPath = ".firebreak/manifest.json";

    /// <summary>The suffix inserted before the extension of a new version kept beside an edited file.</summary>
    public const string NewVersionSuffix = ".firebreak-new";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    /// <summary>The incident folder of a project: <c>&lt;project&gt;/.aiwg/incidents/&lt;id&gt;</c>.</summary>
    public static string IncidentDirectory(string projectDirectory, IncidentId id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectDirectory);
        return Path.GetFullPath(Path.Combine(projectDirectory, ".aiwg", "incidents", id.Value));
    }

    /// <summary>Renders the dossier and writes every artifact into <paramref name="incidentDirectory"/>.</summary>
    public static Task<WriteReport> WriteAsync(IncidentDossier dossier, string incidentDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(WriteTo(incidentDirectory, IncidentArtifacts.Render(dossier)));
    }

    /// <summary>Writes the artifacts of an incident into its folder under the project.</summary>
    public static WriteReport Write(string projectDirectory, IncidentId id, IEnumerable<RenderedArtifact> artifacts) =>
        WriteTo(IncidentDirectory(projectDirectory, id), artifacts);

    /// <summary>The most recent hashes remembered per file: a run killed between writing a file and its manifest, or a concurrent run, left one of these.</summary>
    private const int RecentHashes = 4;

    /// <summary>Writes the artifacts into <paramref name="incidentDirectory"/>, creating the seed's folders; see the type summary for the rules.
    /// <paramref name="fileWritten"/> is told each file's relative path right after it is renamed into place (a test seam; null in production).</summary>
    public static WriteReport WriteTo(string incidentDirectory, IEnumerable<RenderedArtifact> artifacts, Action<string>? fileWritten = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(incidentDirectory);
        ArgumentNullException.ThrowIfNull(artifacts);
        var root = Path.GetFullPath(incidentDirectory);
        var list = artifacts.ToList();

        // Refuse every bad path before touching the disk, so a bad set writes nothing.
        var targets = list.Select(a => (Artifact: a, Relative: Normalize(a.Path), Full: Resolve(root, a.Path))).ToList();

        var top = PrivateFiles.TopOf(root);
        PrivateFiles.CreateFolder(top, root);
        foreach (var folder in IncidentArtifacts.Folders)
        {
            PrivateFiles.CreateFolder(top, Path.Combine(root, folder));
        }

        foreach (var target in targets)
        {
            PrivateFiles.RefuseLinks(top, target.Full);
        }

        // One writer per incident folder at a time, across processes: a concurrent run waits, so neither takes the other's files for a person's edits.
        using var writeLock = IncidentWriteLock.Acquire(Path.Combine(root, ".firebreak"), top);
        var warnings = new List<string>();
        var (manifest, recent) = LoadManifest(root, warnings);
        var written = new List<string>();
        var unchanged = new List<string>();
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        var contents = targets.Select(t => Utf8.GetBytes(t.Artifact.Content)).ToList();
        var hashes = contents.Select(Sha256).ToList();

        // The intent first: the hashes about to be written are remembered before any file is replaced, so a run killed
        // between a rename and the final manifest (or a concurrent run) leaves files the next run knows as its own, not as a person's edits.
        var intent = false;
        for (var i = 0; i < targets.Count; i++)
        {
            intent |= Remember(recent, targets[i].Relative, hashes[i]);
        }

        if (intent)
        {
            AtomicWrite(Path.Combine(root, ".firebreak", "manifest.json"), SerializeManifest(manifest, recent));
        }

        for (var i = 0; i < targets.Count; i++)
        {
            var (_, relative, full) = targets[i];
            EnsureNoLinkedFolders(root, full, relative);
            var bytes = contents[i];
            var hash = hashes[i];
            if (!File.Exists(full))
            {
                AtomicWrite(full, bytes);
                manifest[relative] = hash;
                written.Add(relative);
                fileWritten?.Invoke(relative);
                continue;
            }

            var current = Sha256(File.ReadAllBytes(full));
            if (current == hash)
            {
                manifest[relative] = hash;
                unchanged.Add(relative);
                continue;
            }

            if ((manifest.TryGetValue(relative, out var last) && last == current) || IsRecent(recent, relative, current))
            {
                AtomicWrite(full, bytes);
                manifest[relative] = hash;
                written.Add(relative);
                fileWritten?.Invoke(relative);
                continue;
            }

            // A person changed the file (or it was never Firebreak's): leave it, put ours beside it.
            var besideRelative = Beside(relative);
            var besideFull = Resolve(root, besideRelative);
            if (!File.Exists(besideFull) || Sha256(File.ReadAllBytes(besideFull)) != hash)
            {
                AtomicWrite(besideFull, bytes);
            }

            kept[relative] = besideRelative;
        }

        AtomicWrite(Path.Combine(root, ".firebreak", "manifest.json"), SerializeManifest(manifest, recent));
        return new WriteReport(root, written, unchanged, kept) { Warnings = warnings };
    }

    /// <summary>The name of the new version kept beside an edited file, e.g. <c>timeline.firebreak-new.md</c>.</summary>
    public static string Beside(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var slash = relativePath.LastIndexOf('/');
        var dot = relativePath.LastIndexOf('.');
        return dot > slash + 1
            ? relativePath[..dot] + NewVersionSuffix + relativePath[dot..]
            : relativePath + NewVersionSuffix;
    }

    private static string Normalize(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new UnsafeArtifactPathException(path ?? string.Empty, "the path is empty");
        }

        var normalized = path.Replace('\\', '/');
        if (normalized.StartsWith('/') || Path.IsPathRooted(path) || normalized.Contains(':', StringComparison.Ordinal))
        {
            throw new UnsafeArtifactPathException(path, "absolute paths are not allowed");
        }

        var segments = normalized.Split('/');
        if (segments.Any(s => s is "" or "." or ".." || s.Any(char.IsControl)))
        {
            throw new UnsafeArtifactPathException(path, "the path must be relative, without '.', '..' or empty segments");
        }

        if (string.Equals(segments[0], ".firebreak", StringComparison.OrdinalIgnoreCase))
        {
            throw new UnsafeArtifactPathException(path, ".firebreak/ holds Firebreak's own bookkeeping");
        }

        return normalized;
    }

    private static string Resolve(string root, string path)
    {
        var relative = Normalize(path);
        var full = Path.GetFullPath(Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar)));
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new UnsafeArtifactPathException(path, "it resolves outside the incident folder");
        }

        return full;
    }

    // A folder inside the incident that is a link could send the write anywhere on disk.
    private static void EnsureNoLinkedFolders(string root, string full, string relative)
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(full)!);
        while (dir is not null && dir.FullName.Length > root.Length)
        {
            if (dir.Exists && dir.LinkTarget is not null)
            {
                throw new UnsafeArtifactPathException(relative, $"the folder '{dir.Name}' is a link");
            }

            dir = dir.Parent;
        }

        if (File.Exists(full) && new FileInfo(full).LinkTarget is not null)
        {
            throw new UnsafeArtifactPathException(relative, "the file is a link");
        }
    }

    private static void AtomicWrite(string full, byte[] bytes)
    {
        var directory = Path.GetDirectoryName(full)!;
        PrivateFiles.CreateFolder(PrivateFiles.TopOf(directory), directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, PrivateFiles.NewFile()))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a stray temp file is harmless and named so it is recognisable.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static (Dictionary<string, string> Files, Dictionary<string, List<string>> Recent) LoadManifest(string root, List<string> warnings)
    {
        var path = Path.Combine(root, ".firebreak", "manifest.json");
        if (!File.Exists(path))
        {
            return (new Dictionary<string, string>(StringComparer.Ordinal), new Dictionary<string, List<string>>(StringComparer.Ordinal));
        }

        try
        {
            var manifest = JsonSerializer.Deserialize(File.ReadAllBytes(path), ManifestJsonContext.Default.Manifest);
            var recent = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var (file, list) in manifest?.Recent ?? [])
            {
                recent[file] = [.. (list ?? []).Where(h => h is not null).Take(RecentHashes)];
            }

            return (new Dictionary<string, string>(manifest?.Files ?? [], StringComparer.Ordinal), recent);
        }
        catch (JsonException e)
        {
            // Without a trustworthy manifest every differing file counts as edited: nothing a person wrote is lost.
            warnings.Add($"{ManifestPath} is not valid JSON ({e.Message}); existing files that differ were kept and new versions written beside them");
            return (new Dictionary<string, string>(StringComparer.Ordinal), new Dictionary<string, List<string>>(StringComparer.Ordinal));
        }
    }

    // Puts the hash first in the file's recent list (at most RecentHashes); true when the list changed.
    private static bool Remember(Dictionary<string, List<string>> recent, string relative, string hash)
    {
        if (!recent.TryGetValue(relative, out var list))
        {
            recent[relative] = [hash];
            return true;
        }

        if (list.Count > 0 && list[0] == hash)
        {
            return false;
        }

        list.Remove(hash);
        list.Insert(0, hash);
        if (list.Count > RecentHashes)
        {
            list.RemoveRange(RecentHashes, list.Count - RecentHashes);
        }

        return true;
    }

    private static bool IsRecent(Dictionary<string, List<string>> recent, string relative, string hash) =>
        recent.TryGetValue(relative, out var list) && list.Contains(hash, StringComparer.Ordinal);

    private static byte[] SerializeManifest(Dictionary<string, string> files, Dictionary<string, List<string>> recent)
    {
        var sorted = new SortedDictionary<string, string>(files, StringComparer.Ordinal);
        var sortedRecent = new SortedDictionary<string, List<string>>(recent, StringComparer.Ordinal);
        var json = JsonSerializer.Serialize(
            new Manifest
            {
                Version = 1,
                Files = new Dictionary<string, string>(sorted, StringComparer.Ordinal),
                Recent = new Dictionary<string, List<string>>(sortedRecent, StringComparer.Ordinal),
            },
            ManifestJsonContext.Default.Manifest);
        return Utf8.GetBytes(json.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
    }

    /// <summary>What the writer last wrote: each file's SHA-256, so a person's edit is recognised.</summary>
    internal sealed class Manifest
    {
        [System.Text.Json.Serialization.JsonPropertyName("version")]
        public int Version { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("files")]
        public Dictionary<string, string> Files { get; set; } = [];

        /// <summary>Per file, the hashes Firebreak most recently wrote or began to write, newest first: its own output when a run was cut short.</summary>
        [System.Text.Json.Serialization.JsonPropertyName("recent")]
        public Dictionary<string, List<string>>? Recent { get; set; }
    }
}

/// <summary>Source-generated JSON for the writer's manifest (indented, as it has always been written).</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(WriteIndented = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(ArtifactWriter.Manifest))]
internal sealed partial class ManifestJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
