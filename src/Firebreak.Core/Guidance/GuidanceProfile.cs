namespace Firebreak.Core;

/// <summary>How the reporter's guidance (--guidance or --interactive answers) tailors the response.</summary>
public sealed record GuidanceProfile
{
    /// <summary>No guidance given.</summary>
    public static GuidanceProfile None { get; } = new();

    /// <summary>The guidance text as given.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>A security incident is suspected: security lead, legal and forensics are engaged.</summary>
    public bool Security { get; init; }

    /// <summary>The incident is about performance: latency, slow queries, saturation.</summary>
    public bool Performance { get; init; }

    /// <summary>Compliance or regulatory exposure: legal is engaged and reporting deadlines tracked.</summary>
    public bool Compliance { get; init; }

    /// <summary>Revenue is affected: executives are notified immediately and urgency is at least MEDIUM.</summary>
    public bool Revenue { get; init; }

    /// <summary>Data loss or corruption is suspected.</summary>
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

    /// <summary>The reporter says the whole service is down (interactive Q1), not yet measured.</summary>
    public bool ReportedOutage { get; init; }

    /// <summary>The observed user impact in the reporter's words (interactive Q1).</summary>
    public string? ReportedImpact { get; init; }

    /// <summary>Recent changes in the reporter's words (interactive Q4), kept as text for correlation.</summary>
    public string? ReportedChanges { get; init; }

    /// <summary>Reputation damage is at stake (interactive Q6).</summary>
    public bool Reputation { get; init; }

    /// <summary>The reporter says the SLA is breached or the error budget is (nearly) exhausted (interactive Q8).</summary>
    public bool SlaAtRisk { get; init; }

    /// <summary>The on-call team's experience level in the reporter's words (interactive Q7).</summary>
    public string? TeamExperience { get; init; }

    /// <summary>What each recognised keyword or answer changed, in words, for the artifacts.</summary>
    public IReadOnlyList<string> Effects { get; init; } = [];
}
