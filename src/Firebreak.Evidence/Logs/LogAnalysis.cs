namespace Firebreak.Evidence;

/// <summary>An exception type with its top frames, identifying a family of stack traces.</summary>
public sealed record StackSignature(string ExceptionType, IReadOnlyList<string> TopFrames)
{
    /// <inheritdoc/>
    public override string ToString() => TopFrames.Count == 0 ? ExceptionType : $"{ExceptionType} at {TopFrames[0]}";
}

/// <summary>A mined log template with its counts over time.</summary>
public sealed record LogTemplateSummary(
    int TemplateId,
    string Template,
    string? Level,
    string? Component,
    long Count,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    DateTimeOffset? Onset,
    bool IsNew,
    bool IsSurging,
    StackSignature? Stack,
    IReadOnlyList<SourceRef> Examples)
{
    /// <summary>One example line (redacted) as it appeared in the log.</summary>
    public string? ExampleText { get; init; }

    /// <summary>The other fields of the example when it was a JSON line (redacted), kept as fields rather than mined text.</summary>
    public IReadOnlyDictionary<string, string>? ExampleFields { get; init; }

    /// <summary>Lines per minute before the reference onset and after it.</summary>
    public double RateBefore { get; init; }
    public double RateAfter { get; init; }

    /// <summary>Occurrences before the reference onset and from it on.</summary>
    public long CountBefore { get; init; }
    public long CountAfter { get; init; }

    /// <summary>Seen before the reference onset and not since, in logs that reach well past it.</summary>
    public bool IsStopped { get; init; }

    /// <summary>Where the template first occurred (file and line, in reading order).</summary>
    public SourceRef? FirstOccurrence { get; init; }

    /// <summary>Subjects (users, accounts, customers), rows and data kinds counted in its lines from the reference onset on.</summary>
    public CountedSubjects? Subjects { get; init; }
}

/// <summary>What the log miner found across all log files.</summary>
public sealed record LogAnalysis(
    IReadOnlyList<LogTemplateSummary> Templates,
    long LinesRead,
    long RecordsRead,
    long LinesSkipped,
    IReadOnlyList<string> Files)
{
    /// <summary>Records left out because they were stamped after the moment of analysis.</summary>
    public long RecordsAfterUntil { get; init; }

    /// <summary>Files skipped or read only in part, and lines cut at the length cap, each with the reason.</summary>
    public IReadOnlyList<EvidenceWarning> Problems { get; init; } = [];

    /// <summary>No logs.</summary>
    public static LogAnalysis Empty { get; } = new([], 0, 0, 0, []);
}
