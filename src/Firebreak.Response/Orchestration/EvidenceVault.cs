using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>
/// Copies evidence files into the incident's logs/ folder with SHA-256 manifests (sha256sum format).
/// The copies are redacted, because secrets must not spread into the incident record; the originals stay in the
/// project and their hashes at preservation time go to logs/ORIGINALS.SHA256SUMS, so tampering can be detected.
/// </summary>
public static class EvidenceVault
{
    /// <summary>The manifest of the copies, inside the incident folder (check with <c>cd logs; sha256sum -c SHA256SUMS</c>).</summary>
    public const string ManifestName = "logs/SHA256SUMS";

    /// <summary>The manifest of the originals, paths relative to the project (check from the project with <c>sha256sum -c</c>).</summary>
    public const string OriginalsName = "logs/ORIGINALS.SHA256SUMS";

    /// <summary>Preserves the files (relative to the project); an existing manifest is kept as the original record.</summary>
    public static async Task<PreservedEvidence> PreserveAsync(string projectDirectory, string incidentDirectory, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var logs = Path.Combine(incidentDirectory, "logs");
        var manifest = Path.Combine(incidentDirectory, ManifestName);
        if (File.Exists(manifest))
        {
            return new PreservedEvidence(ManifestName, await ReadManifestAsync(manifest, cancellationToken).ConfigureAwait(false));
        }

        Directory.CreateDirectory(logs);
        var project = Path.GetFullPath(projectDirectory);
        var entries = new List<(string File, string Sha256)>();
        var originals = new StringBuilder();
        foreach (var relative in files)
        {
            var source = Path.GetFullPath(Path.Combine(project, relative));
            if (!File.Exists(source))
            {
                continue;
            }

            // Keep the project's layout below logs/, but never let a path climb out of it.
            var inside = source.StartsWith(project + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                ? Path.GetRelativePath(project, source)
                : Path.GetFileName(source);
            var target = Path.Combine(logs, inside);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            originals.Append(CultureInfo.InvariantCulture, $"{await HashAsync(source, cancellationToken).ConfigureAwait(false)}  {Path.GetRelativePath(project, source).Replace('\\', '/')}\n");
            await CopyRedactedAsync(source, target, cancellationToken).ConfigureAwait(false);
            entries.Add((inside.Replace('\\', '/'), await HashAsync(target, cancellationToken).ConfigureAwait(false)));
        }

        await File.WriteAllTextAsync(Path.Combine(incidentDirectory, OriginalsName), originals.ToString(), cancellationToken).ConfigureAwait(false);

        var text = new StringBuilder();
        foreach (var (file, sha) in entries)
        {
            text.Append(CultureInfo.InvariantCulture, $"{sha}  {file}\n");
        }

        // Written last and atomically: a manifest exists only when every copy it lists is complete.
        var temporary = manifest + ".tmp";
        await File.WriteAllTextAsync(temporary, text.ToString(), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, manifest, overwrite: true);
        return new PreservedEvidence(ManifestName, entries);
    }

    private static async Task CopyRedactedAsync(string source, string target, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(source, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var writer = new StreamWriter(target, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        await using (writer.ConfigureAwait(false))
        {
            var redactor = new Redactor.LineRedactor();
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                await writer.WriteLineAsync(redactor.Redact(line)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The lowercase hex SHA-256 of a file.</summary>
    public static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            return Convert.ToHexStringLower(hash);
        }
    }

    private static async Task<IReadOnlyList<(string File, string Sha256)>> ReadManifestAsync(string manifest, CancellationToken cancellationToken)
    {
        var lines = await File.ReadAllLinesAsync(manifest, cancellationToken).ConfigureAwait(false);
        return lines
            .Select(l => l.Split("  ", 2))
            .Where(p => p.Length == 2)
            .Select(p => (p[1], p[0]))
            .ToList();
    }
}
