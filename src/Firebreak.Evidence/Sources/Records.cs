using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>A firing or resolved alert from an Alertmanager webhook payload.</summary>
public sealed record Alert(
    string Name,
    string Status,
    string Severity,
    string? Component,
    string Summary,
    string Description,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    string Fingerprint,
    IReadOnlyDictionary<string, string> Labels,
    SourceRef Source)
{
    /// <summary>When a person acknowledged the alert (its <c>acknowledgedAt</c> or an <c>acknowledged_at</c> annotation), or null.</summary>
    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>Who acknowledged it (<c>acknowledgedBy</c> or an <c>acknowledged_by</c> annotation), or null.</summary>
    public string? AcknowledgedBy { get; init; }

    /// <summary>True while the alert fires.</summary>
    public bool IsFiring => string.Equals(Status, "firing", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A change that may have caused the incident: a commit, deploy, config, feature-flag, infra or migration record.</summary>
public sealed record ChangeRecord(
    ChangeKind Kind,
    DateTimeOffset At,
    string? Component,
    string Ref,
    string Description,
    SourceRef Source)
{
    /// <summary>The commit SHA a deploy shipped, or a commit's own SHA.</summary>
    public string? Commit { get; init; }

    public string? Version { get; init; }
    public string? PreviousVersion { get; init; }
    public string? Key { get; init; }
    public string? OldValue { get; init; }
    public string? NewValue { get; init; }
    public string? Author { get; init; }

    /// <summary>Files a commit touched (for a deploy: the files of the commits it shipped, when known).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>The lines the change added, by file and line (from its diff; empty when the diff was not read).</summary>
    public IReadOnlyList<ChangedHunk> Hunks { get; init; } = [];

    /// <summary>False when the record says the change cannot be undone (an irreversible migration).</summary>
    public bool? Reversible { get; init; }

    /// <summary>Any other keys of the record, kept as text.</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = NoExtra;

    // One shared empty table: a million records without extra keys allocate none.
    private static readonly IReadOnlyDictionary<string, string> NoExtra = new Dictionary<string, string>();
}

/// <summary>Lines a change added to a file: the first added line's number in the new version, the enclosing symbol git names (the hunk header's context), and the added text (clipped, redacted).</summary>
public sealed record ChangedHunk(string File, int Line, int Count, string Context, IReadOnlyList<string> Added);

/// <summary>A runbook found in runbooks/ or deployment/.</summary>
public sealed record Runbook(string Path, string Title, string Text, IReadOnlyList<string> Steps);

/// <summary>A runbook that matches the incident's symptoms.</summary>
public sealed record RunbookMatch(Runbook Runbook, double Score, IReadOnlyList<string> MatchedTerms);

/// <summary>A source that was missing, unreadable or partly skipped.</summary>
public sealed record EvidenceWarning(string Source, string Message);
