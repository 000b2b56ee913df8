namespace Firebreak.Core;

/// <summary>How the reporter's guidance (--guidance or --interactive answers) tailors the response.</summary>
public sealed record GuidanceProfile
{
    /// <summary>No guidance given.</summary>
    public static GuidanceProfile None { get; } = new();

    /// <summary>The guidance text as given.</summary>
    public string Text { get; init; } = string.Empty;

    public bool Security { get; init; }
    public bool Performance { get; init; }
    public bool Compliance { get; init; }
    public bool Revenue { get; init; }
    public bool DataLoss { get; init; }

    /// <summary>"prioritize fast rollback": prefer rollback over investigation.</summary>
    public bool PreferFastRollback { get; init; }

    /// <summary>"preserve forensics": preserve evidence before mitigation.</summary>
    public bool PreserveForensics { get; init; }

    /// <summary>"extra documentation", "new team": comprehensive documentation depth.</summary>
    public bool ComprehensiveDocumentation { get; init; }

    /// <summary>A severity the reporter asserted (from interactive answers), if any.</summary>
    public Priority? SuggestedPriority { get; init; }

    /// <summary>Share of users affected as reported, 0..1.</summary>
    public double? ReportedAffectedRatio { get; init; }

    /// <summary>When the reporter says the issue started.</summary>
    public DateTimeOffset? ReportedStart { get; init; }

    /// <summary>Update cadence asked for, if any.</summary>
    public TimeSpan? UpdateCadence { get; init; }

    /// <summary>What each recognised keyword or answer changed, in words, for the artifacts.</summary>
    public IReadOnlyList<string> Effects { get; init; } = [];
}
