using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>
/// Preserves evidence before mitigation. Each file gets a byte-exact copy, private to its owner (0600 files in 0700
/// folders), in <c>.aiwg/evidence/&lt;id&gt;/</c> beside a <c>.gitignore</c> that keeps it out of version control and a
/// SHA-256 manifest; the copy's hash equals the original's as read. The incident folder, the record a team shares,
/// holds only a second, labelled, redacted copy of each file under <c>logs/</c>.
/// </summary>
public static class EvidenceVault
{
    /// <summary>The manifest of the redacted shareable copies, inside the incident folder (check with <c>cd logs; sha256sum -c SHA256SUMS</c>).</summary>
    public const string ManifestName = "logs/SHA256SUMS";

    /// <summary>The originals' hashes as read when copied, paths relative to the project (check from the project with <c>sha256sum -c</c>).</summary>
    public const string OriginalsName = "logs/ORIGINALS.SHA256SUMS";

    /// <summary>The label beside the redacted copies, saying what they are and where the byte-exact copies are.</summary>
    public const string LabelName = "logs/REDACTED-COPIES.md";

    /// <summary>The byte-exact copies' manifest, inside the vault folder.</summary>
    public const string VaultManifest = "SHA256SUMS";

    /// <summary>The vault folder of an incident: <c>&lt;project&gt;/.aiwg/evidence/&lt;id&gt;</c>.</summary>
    public static string VaultDirectory(string incidentDirectory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(incidentDirectory));
        var aiwg = Path.GetDirectoryName(Path.GetDirectoryName(full)!)!;
        return Path.Combine(aiwg, "evidence", Path.GetFileName(full));
    }

    /// <summary>Preserves the files (relative to the project); an existing vault manifest is kept as the original record.</summary>
    public static async Task<PreservedEvidence> PreserveAsync(string projectDirectory, string incidentDirectory, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var project = Path.TrimEndingDirectorySeparator(Path.GetFullPath(projectDirectory));
        var incident = Path.GetFullPath(incidentDirectory);
        var vault = VaultDirectory(incident);
        var toVault = Path.GetRelativePath(incident, vault).Replace('\\', '/');
        var vaultManifest = Path.Combine(vault, VaultManifest);
        var manifestPath = $"{toVault}/{VaultManifest}";
        if (File.Exists(vaultManifest))
        {
            return new PreservedEvidence(manifestPath, await ReadAsync(vault, toVault, cancellationToken).ConfigureAwait(false));
        }

        var logs = Path.Combine(incident, "logs");
        PrivateFiles.CreateFolder(project, logs);
        PrivateFiles.CreateFolder(project, vault);
        await WritePrivateAsync(project, Path.Combine(Path.GetDirectoryName(vault)!, ".gitignore"), "# Byte-exact evidence: private, never committed.\n*\n", cancellationToken).ConfigureAwait(false);

        var copies = new List<PreservedCopy>();
        foreach (var relative in files)
        {
            var source = Path.GetFullPath(Path.Combine(project, relative));
            if (!File.Exists(source) || Directory.Exists(source))
            {
                continue;
            }

            // Keep the project's layout, but never let a path climb out of the vault or logs/.
            var inside = (source.StartsWith(project + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                ? Path.GetRelativePath(project, source)
                : Path.GetFileName(source)).Replace('\\', '/');
            var exact = Path.Combine(vault, inside);
            var shared = Path.Combine(logs, inside);
            PrivateFiles.CreateFolder(project, Path.GetDirectoryName(exact)!);
            PrivateFiles.CreateFolder(project, Path.GetDirectoryName(shared)!);
            var original = await CopyExactAsync(project, source, exact, cancellationToken).ConfigureAwait(false);
            var copied = await HashAsync(exact, cancellationToken).ConfigureAwait(false);
            await CopyRedactedAsync(project, exact, shared, cancellationToken).ConfigureAwait(false);
            copies.Add(new PreservedCopy(inside, $"{toVault}/{inside}", copied, original, $"logs/{inside}"));
        }

        var originals = new StringBuilder();
        var exactSums = new StringBuilder();
        var sharedSums = new StringBuilder();
        foreach (var copy in copies)
        {
            originals.Append(CultureInfo.InvariantCulture, $"{copy.OriginalSha256}  {copy.Source}\n");
            exactSums.Append(CultureInfo.InvariantCulture, $"{copy.Sha256}  {copy.Source}\n");
            sharedSums.Append(CultureInfo.InvariantCulture, $"{await HashAsync(Path.Combine(incident, copy.RedactedPath), cancellationToken).ConfigureAwait(false)}  {copy.RedactedPath["logs/".Length..]}\n");
        }

        await WritePrivateAsync(project, Path.Combine(incident, OriginalsName), originals.ToString(), cancellationToken).ConfigureAwait(false);
        await WritePrivateAsync(project, Path.Combine(vault, "ORIGINALS.SHA256SUMS"), originals.ToString(), cancellationToken).ConfigureAwait(false);
        await WritePrivateAsync(project, Path.Combine(incident, ManifestName), sharedSums.ToString(), cancellationToken).ConfigureAwait(false);
        await WritePrivateAsync(project, Path.Combine(incident, LabelName), Label(toVault, copies), cancellationToken).ConfigureAwait(false);

        // Written last: a vault manifest exists only when every copy it lists is complete.
        await WritePrivateAsync(project, vaultManifest, exactSums.ToString(), cancellationToken).ConfigureAwait(false);
        return new PreservedEvidence(manifestPath, copies);
    }

    private static string Label(string toVault, IReadOnlyList<PreservedCopy> copies)
    {
        var b = new StringBuilder()
            .Append("# Redacted copies of the preserved evidence\n\n")
            .Append("The files under `logs/` are shareable copies with secrets masked; they are not evidence. ")
            .Append(CultureInfo.InvariantCulture, $"The byte-exact copies are private (0600 in 0700 folders) in `{toVault}/`, out of version control, listed with their SHA-256 in `{toVault}/{VaultManifest}`; the originals' hashes as read are in `ORIGINALS.SHA256SUMS`.\n\n")
            .Append("| Redacted copy | Byte-exact copy | SHA-256 (copy = original) |\n|---|---|---|\n");
        foreach (var c in copies)
        {
            b.Append(CultureInfo.InvariantCulture, $"| `{c.RedactedPath}` | `{c.Path}` | `{c.Sha256}` |\n");
        }

        return b.ToString();
    }

    // Copies the bytes as they are and returns the SHA-256 of exactly what was read.
    private static async Task<string> CopyExactAsync(string project, string source, string target, CancellationToken cancellationToken)
    {
        PrivateFiles.RefuseLinks(project, target);
        var temp = target + ".tmp";
        File.Delete(temp);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        await using (input.ConfigureAwait(false))
        {
            var output = new FileStream(temp, PrivateFiles.NewFile());
            await using (output.ConfigureAwait(false))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        File.Move(temp, target, overwrite: true);
        PrivateFiles.MakePrivate(target);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static async Task CopyRedactedAsync(string project, string source, string target, CancellationToken cancellationToken)
    {
        PrivateFiles.RefuseLinks(project, target);
        var temp = target + ".tmp";
        File.Delete(temp);
        using (var reader = new StreamReader(source, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            var writer = new StreamWriter(new FileStream(temp, PrivateFiles.NewFile()), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
            await using (writer.ConfigureAwait(false))
            {
                var redactor = new Redactor.LineRedactor();
                while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                {
                    await writer.WriteLineAsync(redactor.Redact(line)).ConfigureAwait(false);
                }
            }
        }

        File.Move(temp, target, overwrite: true);
        PrivateFiles.MakePrivate(target);
    }

    private static async Task WritePrivateAsync(string project, string path, string text, CancellationToken cancellationToken)
    {
        PrivateFiles.RefuseLinks(project, path);
        var temp = path + ".tmp";
        File.Delete(temp);
        var stream = new FileStream(temp, PrivateFiles.NewFile());
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
        }

        File.Move(temp, path, overwrite: true);
        PrivateFiles.MakePrivate(path);
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

    private static async Task<IReadOnlyList<PreservedCopy>> ReadAsync(string vault, string toVault, CancellationToken cancellationToken)
    {
        static IEnumerable<(string Sha, string File)> Parse(IEnumerable<string> lines) =>
            lines.Select(l => l.Split("  ", 2)).Where(p => p.Length == 2).Select(p => (p[0], p[1]));
        var exact = Parse(await File.ReadAllLinesAsync(Path.Combine(vault, VaultManifest), cancellationToken).ConfigureAwait(false)).ToList();
        var originalsFile = Path.Combine(vault, "ORIGINALS.SHA256SUMS");
        var originals = File.Exists(originalsFile)
            ? Parse(await File.ReadAllLinesAsync(originalsFile, cancellationToken).ConfigureAwait(false)).GroupBy(o => o.File).ToDictionary(g => g.Key, g => g.First().Sha, StringComparer.Ordinal)
            : [];
        return [.. exact.Select(e => new PreservedCopy(e.File, $"{toVault}/{e.File}", e.Sha, originals.GetValueOrDefault(e.File, e.Sha), $"logs/{e.File}"))];
    }
}
