namespace Firebreak.Evidence;

/// <summary>Where a piece of evidence came from: a file (relative to the project) and line, a commit, a metric sample or an alert.</summary>
public sealed record SourceRef(string File, int? Line = null, string? Detail = null)
{
    /// <summary>The citation as written in artifacts, e.g. <c>logs/app.log:42</c> or <c>deploys.jsonl:3</c>.</summary>
    public override string ToString() =>
        (Line is { } line ? $"{File}:{line}" : File) + (Detail is null ? string.Empty : $" ({Detail})");
}

/// <summary>One claim with the source that supports it.</summary>
public sealed record EvidenceItem(string Text, SourceRef Source);
