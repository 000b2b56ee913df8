namespace Firebreak.Core;

/// <summary>The evidence-derived facts that triage turns into Impact and Urgency; unknown facts are null.</summary>
public sealed record TriageFacts
{
    /// <summary>Active users of the service, from firebreak.yaml.</summary>
    public long? Users { get; init; }

    /// <summary>Share of users affected, 0..1 (e.g. the worst user-facing error ratio).</summary>
    public double? AffectedUserRatio { get; init; }

    /// <summary>The whole service is down.</summary>
    public bool CompleteOutage { get; init; }

    /// <summary>Severe degradation: latency far above SLO or error ratio far above baseline.</summary>
    public bool SevereDegradation { get; init; }

    /// <summary>A component marked critical is unavailable or failing.</summary>
    public bool CriticalComponentUnavailable { get; init; }

    /// <summary>Data was lost or corrupted.</summary>
    public bool DataLoss { get; init; }

    /// <summary>A security breach is suspected or confirmed.</summary>
    public bool SecurityBreach { get; init; }

    /// <summary>Direction of the main symptom over the last minutes.</summary>
    public Trend Trend { get; init; } = Trend.Unknown;

    /// <summary>Time until the error budget is exhausted at the current burn rate.</summary>
    public TimeSpan? BudgetExhaustedIn { get; init; }

    /// <summary>True when an SLO is currently violated.</summary>
    public bool SloViolated { get; init; }

    /// <summary>Revenue is affected (from guidance, interactive answers or a payment component).</summary>
    public bool RevenueImpact { get; init; }

    /// <summary>Only components the catalog does not mark critical fail, while it marks others critical (and they are fine).</summary>
    public bool LimitedToNonCritical { get; init; }

    /// <summary>The failing work is kept and retried (queued, deferred): users see it late, not lost.</summary>
    public bool DeferredEffect { get; init; }

    /// <summary>A whole segment (a client, host, zone or region) fails completely, whatever the overall error ratio; null when none.</summary>
    public string? SegmentDown { get; init; }

    /// <summary>Each fact with the source that established it, for the triage assessment.</summary>
    public IReadOnlyList<string> Citations { get; init; } = [];
}

/// <summary>The impact level with the criterion that decided it.</summary>
public sealed record ImpactAssessment(Impact Level, long? AffectedUsers, double? AffectedRatio, string Effect, IReadOnlyList<string> Reasons);

/// <summary>The urgency level with the criterion that decided it.</summary>
public sealed record UrgencyAssessment(Urgency Level, string TimeSensitivity, Trend Trend, TimeSpan? BudgetExhaustedIn, IReadOnlyList<string> Reasons);

/// <summary>The outcome of triage: impact, urgency, priority and how it relates to the reporter's severity.</summary>
public sealed record TriageResult(
    ImpactAssessment Impact,
    UrgencyAssessment Urgency,
    Priority Priority,
    Priority? ReportedPriority,
    string Verdict);
