namespace Firebreak.Evidence;

/// <summary>
/// The weights and thresholds of the reasoning, with their documented defaults (docs/reasoning.md §10). The ones a user may
/// want to tune are read from firebreak.yaml's <c>reasoning:</c> section; the rest keep their defaults. Each value is
/// checked when it is set (<see cref="OptionGuard"/>).
/// </summary>
public sealed record ReasoningOptions
{
    /// <summary>The defaults.</summary>
    public static ReasoningOptions Default { get; } = new();

    /// <summary>How much metric history is read before the moment of analysis: a slow burn is judged against a baseline from before its drift. The default is 7 days.</summary>
    public TimeSpan MetricHistory { get; init => field = OptionGuard.Positive(value); } = TimeSpan.FromDays(7);

    /// <summary>Which metric moves and log templates count as symptoms, and where the incident began.</summary>
    public SignalOptions Signals { get; init; } = new();

    /// <summary>How a change is scored against the incident.</summary>
    public ChangeScoringOptions Changes { get; init; } = new();

    /// <summary>The points of the explanations that blame no change (capacity, dependency, security …).</summary>
    public CauseOptions Causes { get; init; } = new();

    /// <summary>When a change is blamed rather than another explanation.</summary>
    public RankingOptions Ranking { get; init; } = new();

    /// <summary>How far the failure reaches: who is affected and how badly.</summary>
    public ScopeOptions Scope { get; init; } = new();

    /// <summary>Where a score turns into a HIGH, MEDIUM or LOW confidence.</summary>
    public ConfidenceOptions Confidence { get; init; } = new();

    /// <summary>Which runbooks match the incident.</summary>
    public RunbookOptions Runbooks { get; init; } = new();

    /// <summary>The score limits the mitigation advisor reads.</summary>
    public MitigationOptions Mitigation { get; init; } = new();
}

/// <summary>Weights of the evidence terms that tie a change to the incident (docs/reasoning.md §3).</summary>
public sealed record ChangeScoringOptions
{
    /// <summary>The defaults.</summary>
    public static ChangeScoringOptions Default { get; } = new();

    /// <summary>Weight of the time term (recency before the onset). The default is 0.45.</summary>
    public double TimeWeight { get; init => field = OptionGuard.Unit(value); } = 0.45;

    /// <summary>Weight of the component term (where the change landed vs where the failure starts). The default is 0.30.</summary>
    public double ComponentWeight { get; init => field = OptionGuard.Unit(value); } = 0.30;

    /// <summary>Weight of the mechanism term (what the change touched, named by the failure). The default is 0.25.</summary>
    public double MechanismWeight { get; init => field = OptionGuard.Unit(value); } = 0.25;

    /// <summary>Bonus when new error templates appear within <see cref="NewErrorsReach"/> after the change. The default is 0.05.</summary>
    public double NewErrorsBonus { get; init => field = OptionGuard.Unit(value); } = 0.05;

    /// <summary>How soon after a change new errors count for <see cref="NewErrorsBonus"/>. The default is 30 minutes.</summary>
    public TimeSpan NewErrorsReach { get; init => field = OptionGuard.Positive(value); } = TimeSpan.FromMinutes(30);

    /// <summary>A change this long after the onset is still inside the clock, sampling and onset-estimation error. The default is 2 minutes.</summary>
    public TimeSpan Tolerance { get; init => field = OptionGuard.NotNegative(value); } = TimeSpan.FromMinutes(2);

    /// <summary>Time term of a change made after the detected onset but inside <see cref="Tolerance"/>. The default is 0.7.</summary>
    public double InsideToleranceTime { get; init => field = OptionGuard.Unit(value); } = 0.7;

    /// <summary>Time decay for a change with nothing naming its mechanism (a step change is seen within the hour). The default is 60 minutes.</summary>
    public TimeSpan Decay { get; init => field = OptionGuard.Positive(value); } = TimeSpan.FromMinutes(60);

    /// <summary>Time decay for a change whose mechanism the failure names: delayed effects (load, accumulation, expiry, rollout) take hours. The default is 12 hours.</summary>
    public TimeSpan MechanismDecay { get; init => field = OptionGuard.Positive(value); } = TimeSpan.FromHours(12);

    /// <summary>Component term of a change to the component where the anomaly starts. The default is 1.0.</summary>
    public double ComponentAtOrigin { get; init => field = OptionGuard.Unit(value); } = 1.0;

    /// <summary>Component term of a change to a component the origin depends on. The default is 0.8.</summary>
    public double ComponentDependency { get; init => field = OptionGuard.Unit(value); } = 0.8;

    /// <summary>Component term of a change to an affected component that went wrong after the origin; from this term on, new errors after the change earn <see cref="NewErrorsBonus"/>. The default is 0.6.</summary>
    public double ComponentAffected { get; init => field = OptionGuard.Unit(value); } = 0.6;

    /// <summary>Component term when the change or the incident cannot be placed in the catalog. The default is 0.35.</summary>
    public double ComponentUnplaced { get; init => field = OptionGuard.Unit(value); } = 0.35;

    /// <summary>Factor when neither the component nor the mechanism ties the change to the incident. The default is 0.5.</summary>
    public double UnlinkedFactor { get; init => field = OptionGuard.Unit(value); } = 0.5;

    /// <summary>Factor when the change is not where the failure starts and touches nothing the failure names. The default is 0.7.</summary>
    public double NotImplicatedFactor { get; init => field = OptionGuard.Unit(value); } = 0.7;

    /// <summary>Factor when stack traces name our code in the change's component and none of it is what the change touched. The default is 0.6.</summary>
    public double StackMismatchFactor { get; init => field = OptionGuard.Unit(value); } = 0.6;

    /// <summary>Factor when the failure is confined to some hosts, zones, regions or clients while the change reached all of them. The default is 0.7.</summary>
    public double ConfinedFactor { get; init => field = OptionGuard.Unit(value); } = 0.7;

    /// <summary>Factor for a commit no deploy record ships (it may not be running). The default is 0.6.</summary>
    public double UndeployedCommitFactor { get; init => field = OptionGuard.Unit(value); } = 0.6;

    /// <summary>Mechanism strength when a touched file, key, flag or version appears in an error line or stack frame. The default is 1.0.</summary>
    public double MechanismInError { get; init => field = OptionGuard.Unit(value); } = 1.0;

    /// <summary>Mechanism strength when it appears in an alert. The default is 0.8.</summary>
    public double MechanismInAlert { get; init => field = OptionGuard.Unit(value); } = 0.8;

    /// <summary>Mechanism strength when it appears in a new non-error line, or when two parts of the change's key do. The default is 0.6.</summary>
    public double MechanismInOther { get; init => field = OptionGuard.Unit(value); } = 0.6;

    /// <summary>The highest score a change can reach: a change is never certain. The default is 0.99.</summary>
    public double MaxScore { get; init => field = OptionGuard.Unit(value); } = 0.99;

    /// <summary>A migration of the same component this close to a deploy is part of that deploy (cited, not scored alone; its irreversibility makes a rollback unsafe). The default is 30 minutes.</summary>
    public TimeSpan MigrationTie { get; init => field = OptionGuard.NotNegative(value); } = TimeSpan.FromMinutes(30);
}

/// <summary>When a change is blamed (docs/reasoning.md §5).</summary>
public sealed record RankingOptions
{
    /// <summary>The defaults.</summary>
    public static RankingOptions Default { get; } = new();

    /// <summary>A change is blamed only when it scores at least this much. The default is 0.5.</summary>
    public double BlameThreshold { get; init => field = OptionGuard.Unit(value); } = 0.5;

    /// <summary>…and beats the best explanation that blames no change by at least this margin. The default is 0.1.</summary>
    public double BlameMargin { get; init => field = OptionGuard.Unit(value); } = 0.1;

    /// <summary>Below this, no explanation leads and the cause is "unknown". The default is 0.4.</summary>
    public double UnknownBelow { get; init => field = OptionGuard.Unit(value); } = 0.4;

    /// <summary>A data-integrity, exposure or security hypothesis at least this strong sets the category and the triage facts (data loss, breach). The default is 0.6.</summary>
    public double EstablishedAt { get; init => field = OptionGuard.Unit(value); } = 0.6;

    /// <summary>How much a load-surge explanation loses when the same load was handled before without harm. The default is 0.3.</summary>
    public double HandledLoadPenalty { get; init => field = OptionGuard.Unit(value); } = 0.3;

    /// <summary>A dependency, certificate or clock explanation at least this strong names a mechanism outside our changes, so an unlinked change is a decoy. The default is 0.45.</summary>
    public double NamedMechanismAt { get; init => field = OptionGuard.Unit(value); } = 0.45;

    /// <summary>Factor for a failing dependency that only some of our own hosts, node pools or clusters fail to reach while the others reach it fine: the path from our side fails, not the provider. The default is 0.7.</summary>
    public double OwnSegmentDependencyFactor { get; init => field = OptionGuard.Unit(value); } = 0.7;
}

/// <summary>Who is affected and how badly (docs/reasoning.md §6 and §7).</summary>
public sealed record ScopeOptions
{
    /// <summary>The defaults.</summary>
    public static ScopeOptions Default { get; } = new();

    /// <summary>Error ratio from which the service counts as unavailable (category availability; availability below 1 − this). The default is 0.05.</summary>
    public double AvailabilityErrorRatio { get; init => field = OptionGuard.Unit(value); } = 0.05;

    /// <summary>Error ratio of a critical component that is a complete outage (availability at most 1 − this). The default is 0.95.</summary>
    public double OutageErrorRatio { get; init => field = OptionGuard.Unit(value); } = 0.95;

    /// <summary>Throughput at or below this share of its baseline is a complete outage. The default is 0.05.</summary>
    public double OutageThroughputShare { get; init => field = OptionGuard.Unit(value); } = 0.05;

    /// <summary>Starts of two components this close are simultaneous: the one the other depends on is the origin. The default is 2 minutes.</summary>
    public TimeSpan SimultaneousWithin { get; init => field = OptionGuard.NotNegative(value); } = TimeSpan.FromMinutes(2);

    /// <summary>An error ratio at least this high (and <see cref="SevereErrorFactor"/> times its baseline) is severe degradation. The default is 0.05.</summary>
    public double SevereErrorRatio { get; init => field = OptionGuard.Unit(value); } = 0.05;

    /// <summary>…how many times its baseline the error ratio must be. The default is 10.</summary>
    public double SevereErrorFactor { get; init => field = OptionGuard.AtLeastOne(value); } = 10;

    /// <summary>A p95 latency this many times the latency SLO is severe degradation. The default is 2.</summary>
    public double SevereLatencySloFactor { get; init => field = OptionGuard.AtLeastOne(value); } = 2;

    /// <summary>Without a latency SLO, a latency this many times its baseline is severe degradation. The default is 3.</summary>
    public double SevereLatencyBaselineFactor { get; init => field = OptionGuard.AtLeastOne(value); } = 3;

    /// <summary>Share of requests taken as slow when the p95 is above the latency SLO. The default is 0.05.</summary>
    public double SlowShareAboveP95 { get; init => field = OptionGuard.Unit(value); } = 0.05;

    /// <summary>Share of requests taken as slow when a median (p50) series is above the latency SLO. The default is 0.5.</summary>
    public double SlowShareAboveMedian { get; init => field = OptionGuard.Unit(value); } = 0.5;

    /// <summary>Estimated share of slow requests when the p95 is <see cref="QueueLatencyFactor"/> times the SLO behind a saturated component: every request queues. The default is 0.6.</summary>
    public double SlowShareQueued { get; init => field = OptionGuard.Unit(value); } = 0.6;

    /// <summary>…how many times the SLO the p95 must be for <see cref="SlowShareQueued"/>. The default is 2.</summary>
    public double QueueLatencyFactor { get; init => field = OptionGuard.AtLeastOne(value); } = 2;

    /// <summary>Saturation at which a component is full: requests queue behind it, and a gradual rise to it is a leak that keeps the incident worsening. The default is 0.9.</summary>
    public double FullSaturation { get; init => field = OptionGuard.Unit(value); } = 0.9;

    /// <summary>An "improving" trend counts only once the main symptom is below this share of the way from its baseline to its peak. The default is 0.8.</summary>
    public double ImprovingBelow { get; init => field = OptionGuard.Unit(value); } = 0.8;
}

/// <summary>Where a score becomes a confidence (docs/reasoning.md §4).</summary>
public sealed record ConfidenceOptions
{
    /// <summary>The defaults.</summary>
    public static ConfidenceOptions Default { get; } = new();

    /// <summary>A score above this is HIGH confidence. The default is 0.9.</summary>
    public double HighAbove { get; init => field = OptionGuard.Unit(value); } = 0.9;

    /// <summary>A score from this up to <see cref="HighAbove"/> is MEDIUM confidence; below it, LOW. The default is 0.7.</summary>
    public double MediumFrom { get; init => field = OptionGuard.Unit(value); } = 0.7;
}

/// <summary>How runbooks are matched to the incident (docs/reasoning.md §8).</summary>
public sealed record RunbookOptions
{
    /// <summary>The defaults.</summary>
    public static RunbookOptions Default { get; } = new();

    /// <summary>A runbook is kept from this match score (1 − exp(−Σweights / <see cref="Saturation"/>)). The default is 0.3.</summary>
    public double MatchFrom { get; init => field = OptionGuard.Unit(value); } = 0.3;

    /// <summary>The sum of term weights at which a match reaches 63% (1 − 1/e). The default is 8.</summary>
    public double Saturation { get; init => field = OptionGuard.Positive(value); } = 8;

    /// <summary>Weight of an affected component, a relevant third party or what the suspected change touched. The default is 3.</summary>
    public double ComponentWeight { get; init => field = OptionGuard.Positive(value); } = 3;

    /// <summary>Weight of a word of the leading cause (deploy/rollback, scale/replicas, provider/failover …). The default is 2.</summary>
    public double CauseWeight { get; init => field = OptionGuard.Positive(value); } = 2;

    /// <summary>Weight of a metric-kind word of a harmful series, or of a word of an alert or incident template. The default is 1.</summary>
    public double SymptomWeight { get; init => field = OptionGuard.Positive(value); } = 1;
}

/// <summary>The score limits the mitigation advisor reads (docs/reasoning.md §9).</summary>
public sealed record MitigationOptions
{
    /// <summary>The defaults.</summary>
    public static MitigationOptions Default { get; } = new();

    /// <summary>With guidance that prefers a fast rollback, a deploy scoring at least this is rolled back. The default is 0.35.</summary>
    public double FastRollbackFrom { get; init => field = OptionGuard.Unit(value); } = 0.35;

    /// <summary>…unless a capacity or dependency explanation reaches this. The default is 0.7.</summary>
    public double StrongAlternativeAt { get; init => field = OptionGuard.Unit(value); } = 0.7;

    /// <summary>A capacity explanation (not a load surge) at least this strong is mitigated by scaling. The default is 0.6.</summary>
    public double ScaleCapacityFrom { get; init => field = OptionGuard.Unit(value); } = 0.6;
}
