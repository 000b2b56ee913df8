using System.Globalization;
using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>Reads commits from the project's git history by running <c>git</c> (argument list, no shell).</summary>
public sealed class GitReader
{
    private const char RecordSeparator = '\u001e';
    private const char FieldSeparator = '\u001f';
    private const string Format = "%x1e%H%x1f%an <%ae>%x1f%aI%x1f%s";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly string _directory;

    /// <summary>Creates a reader for the repository containing <paramref name="directory"/>.</summary>
    public GitReader(string directory) => _directory = Path.GetFullPath(directory);

    /// <summary>True when <c>git</c> runs and the directory is inside a work tree.</summary>
    public async Task<bool> IsAvailableAsync(ICollection<EvidenceWarning> warnings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        var result = await RunGitAsync(["-C", _directory, "rev-parse", "--is-inside-work-tree"], cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            warnings.Add(new EvidenceWarning("git", "not available: the git program is not installed"));
            return false;
        }

        if (result.Value.ExitCode != 0 || !result.Value.Output.Trim().Equals("true", StringComparison.Ordinal))
        {
            // git's own reason matters when it is not the obvious one (e.g. "detected dubious ownership").
            var reason = result.Value.Error.Split('\n').FirstOrDefault(l => l.Length > 0 && !l.Contains("not a git repository", StringComparison.OrdinalIgnoreCase))?.Trim();
            warnings.Add(new EvidenceWarning("git", "not available: the project directory is not a git repository" + (reason is null ? string.Empty : $" ({reason})")));
            return false;
        }

        return true;
    }

    /// <summary>Commits made in (<paramref name="since"/>, <paramref name="until"/>], newest first, with the files they touched.</summary>
    public async Task<IReadOnlyList<ChangeRecord>> CommitsAsync(DateTimeOffset since, DateTimeOffset until, ICollection<EvidenceWarning> warnings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        var commits = await LogAsync(
            ["--since=" + Iso(since), "--until=" + Iso(until)], warnings, cancellationToken).ConfigureAwait(false);
        // git filters on committer dates; the author date is what we report, so filter again on it.
        return commits.Where(c => c.At > since && c.At <= until).ToList();
    }

    /// <summary>The commits a deploy of <paramref name="commit"/> shipped: those after <paramref name="previousCommit"/> (exclusive) up to it, or just that commit.</summary>
    public async Task<IReadOnlyList<ChangeRecord>> ShippedAsync(string commit, string? previousCommit, ICollection<EvidenceWarning> warnings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        if (!IsSha(commit) || (previousCommit is not null && !IsSha(previousCommit)))
        {
            return [];
        }

        string[] range = previousCommit is null || string.Equals(previousCommit, commit, StringComparison.OrdinalIgnoreCase)
            ? ["-1", commit]
            : [$"{previousCommit}..{commit}"];
        var shipped = await LogAsync(range, warnings, cancellationToken).ConfigureAwait(false);
        if (shipped.Count == 0 && previousCommit is not null)
        {
            shipped = await LogAsync(["-1", commit], warnings, cancellationToken).ConfigureAwait(false);
        }

        return shipped;
    }

    /// <summary>The lines a deploy added (<paramref name="previousCommit"/>..<paramref name="commit"/>, or the commit alone), at most <see cref="MaxHunks"/> hunks; empty when git fails.</summary>
    public async Task<IReadOnlyList<ChangedHunk>> HunksAsync(string commit, string? previousCommit, ICollection<EvidenceWarning> warnings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        if (!IsSha(commit) || (previousCommit is not null && !IsSha(previousCommit)))
        {
            return [];
        }

        string[] range = previousCommit is null || string.Equals(previousCommit, commit, StringComparison.OrdinalIgnoreCase)
            ? ["show", "--format=", commit]
            : ["diff", previousCommit, commit];
        string[] arguments =
        [
            "-C", _directory, "-c", "core.quotepath=off", "-c", "core.fsmonitor=false", "--no-pager",
            .. range, "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames", "-U0", "--",
        ];
        var result = await RunGitAsync(arguments, cancellationToken).ConfigureAwait(false);
        if (result is null || result.Value.ExitCode != 0)
        {
            warnings.Add(new EvidenceWarning("git", $"the diff of {commit[..Math.Min(12, commit.Length)]} could not be read"));
            return [];
        }

        return ParseHunks(result.Value.Output);
    }

    /// <summary>Hunks kept from one diff.</summary>
    internal const int MaxHunks = 400;

    /// <summary>Added lines kept per hunk, and characters per line.</summary>
    internal const int MaxAddedLines = 20, MaxLineChars = 200;

    /// <summary>Parses <c>git diff -U0</c> output into the added lines of each hunk.</summary>
    internal static List<ChangedHunk> ParseHunks(string diff)
    {
        var hunks = new List<ChangedHunk>();
        string? file = null;
        (int Line, int Count, string Context, List<string> Added)? open = null;
        void Close()
        {
            if (open is { } h && file is not null && h.Count > 0 && hunks.Count < MaxHunks)
            {
                hunks.Add(new ChangedHunk(file, h.Line, h.Count, h.Context, h.Added));
            }

            open = null;
        }

        foreach (var raw in diff.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                Close();
                file = null;
            }
            else if (line.StartsWith("+++ ", StringComparison.Ordinal))
            {
                Close();
                var path = line[4..].Trim();
                file = path == "/dev/null" ? null : path.StartsWith("b/", StringComparison.Ordinal) ? path[2..] : path;
            }
            else if (line.StartsWith("@@ ", StringComparison.Ordinal))
            {
                Close();
                open = Header(line);
            }
            else if (open is { } h && line.StartsWith('+') && !line.StartsWith("+++", StringComparison.Ordinal) && h.Added.Count < MaxAddedLines)
            {
                var added = line[1..].Trim();
                h.Added.Add(Redactor.Redact(added.Length > MaxLineChars ? added[..MaxLineChars] + "…" : added));
            }
        }

        Close();
        return hunks;
    }

    // "@@ -12,3 +14,5 @@ decimal Apply(Cart c)": the new side's first line and count, and git's context (the enclosing symbol).
    private static (int, int, string, List<string>)? Header(string line)
    {
        var plus = line.IndexOf(" +", 3, StringComparison.Ordinal);
        var end = plus < 0 ? -1 : line.IndexOf(" @@", plus, StringComparison.Ordinal);
        if (end < 0)
        {
            return null;
        }

        var range = line[(plus + 2)..end].Split(',');
        if (!int.TryParse(range[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }

        var count = range.Length > 1 && int.TryParse(range[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) ? c : 1;
        return (start, count, Redactor.Redact(line[(end + 3)..].Trim()), []);
    }

    private async Task<List<ChangeRecord>> LogAsync(string[] selection, ICollection<EvidenceWarning> warnings, CancellationToken cancellationToken)
    {
        // The repository is untrusted input: no external diff, pager or fsmonitor configured by it may run.
        string[] arguments =
        [
            "-C", _directory, "-c", "core.quotepath=off", "-c", "core.fsmonitor=false", "--no-pager",
            "log", "--no-color", "--no-ext-diff", "--no-renames", "--name-only", "--format=" + Format, .. selection, "--",
        ];
        var result = await RunGitAsync(arguments, cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            warnings.Add(new EvidenceWarning("git", "not available: the git program is not installed"));
            return [];
        }

        if (result.Value.ExitCode != 0)
        {
            var first = result.Value.Error.Split('\n').FirstOrDefault(l => l.Length > 0) ?? "unknown error";
            warnings.Add(new EvidenceWarning("git", $"git log failed: {first.Trim()}"));
            return [];
        }

        return Parse(result.Value.Output);
    }

    /// <summary>Parses the output of <c>git log --name-only</c> in this reader's format.</summary>
    internal static List<ChangeRecord> Parse(string output)
    {
        var commits = new List<ChangeRecord>();
        foreach (var record in output.Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = record.Split('\n');
            var fields = lines[0].Split(FieldSeparator);
            if (fields.Length < 4 || !IsSha(fields[0])
                || !DateTimeOffset.TryParse(fields[2], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            {
                continue;
            }

            var sha = fields[0].Trim();
            var subject = Quoted.Field(string.Join(FieldSeparator, fields.Skip(3)).Trim());
            var files = lines.Skip(1).Select(l => l.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            commits.Add(new ChangeRecord(ChangeKind.Commit, at.ToUniversalTime(), null, sha, subject, new SourceRef("git", null, sha[..12]))
            {
                Commit = sha,
                Author = fields[1].Trim(),
                Files = files,
            });
        }

        return commits;
    }

    private static bool IsSha(string text) =>
        text.Trim().Length is >= 7 and <= 64 && text.Trim().All(char.IsAsciiHexDigit);

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Runs git through the one process runner; null when git could not be started (not installed).</summary>
    private async Task<(int ExitCode, string Output, string Error)?> RunGitAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var directory = Directory.Exists(_directory) ? _directory : Path.GetTempPath();
        var result = await ProcessRunner.Git.RunAsync(["git", .. arguments], directory, Timeout, cancellationToken).ConfigureAwait(false);
        if (result.StartError is not null)
        {
            return null;
        }

        return result.TimedOut
            ? (-1, string.Empty, $"git timed out after {Timeout.TotalSeconds:F0}s")
            : (result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
