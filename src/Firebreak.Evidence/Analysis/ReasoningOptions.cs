namespace Firebreak.Evidence;

/// <summary>
/// The weights and thresholds of the reasoning, with their documented defaults (docs/reasoning.md). The ones a user may
/// want to tune are read from firebreak.yaml's <c>reasoning:</c> section; the rest keep their defaults.
/// </summary>
public sealed record ReasoningOptions
{
    /// <summary>The defaults.</summary>
    public static ReasoningOptions Default { get; } = new();

    /// <summary>How much metric history is read before the moment of analysis: a slow burn is judged against a baseline from before its drift.</summary>
    public TimeSpan MetricHistory { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How a change is scored against the incident.</summary>
    public ChangeScoringOptions Changes { get; init; } = new();

    /// <summary>When a change is blamed rather than another explanation.</summary>
    public RankingOptions Ranking { get; init; } = new();

    /// <summary>How far the failure reaches: who is affected and how badly.</summary>
    public ScopeOptions Scope { get; init; } = new();
}

/// <summary>Weights of the evidence terms that tie a change to the incident (docs/reasoning.md §3).</summary>
public sealed record ChangeScoringOptions
{
    /// <summary>The defaults.</summary>
    public static ChangeScoringOptions Default { get; } = new();

    /// <summary>Weight of the time term (recency before the onset).</summary>
    public double TimeWeight { get; init; } = 0.45;

    /// <summary>Weight of the component term (where the change landed vs where the failure starts).</summary>
    public double ComponentWeight { get; init; } = 0.30;

    /// <summary>Weight of the mechanism term (what the change touched, named by the failure).</summary>
    public double MechanismWeight { get; init; } = 0.25;

    /// <summary>Bonus when new error templates appear within <see cref="NewErrorsReach"/> after the change.</summary>
    public double NewErrorsBonus { get; init; } = 0.05;

    /// <summary>How soon after a change new errors count for <see cref="NewErrorsBonus"/>.</summary>
    public TimeSpan NewErrorsReach { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>A change this long after the onset is still inside the clock, sampling and onset-estimation error.</summary>
    public TimeSpan Tolerance { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Time decay for a change with nothing naming its mechanism (a step change is seen within the hour).</summary>
    public TimeSpan Decay { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>Time decay for a change whose mechanism the failure names: delayed effects (load, accumulation, expiry, rollout) take hours.</summary>
    public TimeSpan MechanismDecay { get; init; } = TimeSpan.FromHours(12);

    /// <summary>Factor when neither the component nor the mechanism ties the change to the incident.</summary>
    public double UnlinkedFactor { get; init; } = 0.5;

    /// <summary>Factor when the change is not where the failure starts and touches nothing the failure names.</summary>
    public double NotImplicatedFactor { get; init; } = 0.7;

    /// <summary>Factor when stack traces name our code in the change's component and none of it is what the change touched.</summary>
    public double StackMismatchFactor { get; init; } = 0.6;

    /// <summary>Factor when the failure is confined to some hosts, zones, regions or clients while the change reached all of them.</summary>
    public double ConfinedFactor { get; init; } = 0.7;

    /// <summary>Factor for a commit no deploy record ships (it may not be running).</summary>
    public double UndeployedCommitFactor { get; init; } = 0.6;

    /// <summary>Mechanism strength when a touched file, key, flag or version appears in an error line or stack frame.</summary>
    public double MechanismInError { get; init; } = 1.0;

    /// <summary>Mechanism strength when it appears in an alert.</summary>
    public double MechanismInAlert { get; init; } = 0.8;

    /// <summary>Mechanism strength when it appears in a new non-error line, or when two parts of the change's key do.</summary>
    public double MechanismInOther { get; init; } = 0.6;
}

/// <summary>When a change is blamed (docs/reasoning.md §5).</summary>
public sealed record RankingOptions
{
    /// <summary>The defaults.</summary>
    public static RankingOptions Default { get; } = new();

    /// <summary>A change is blamed only when it scores at least this much.</summary>
    public double BlameThreshold { get; init; } = 0.5;

    /// <summary>…and beats the best explanation that blames no change by at least this margin.</summary>
    public double BlameMargin { get; init; } = 0.1;

    /// <summary>Below this, no explanation leads and the cause is "unknown".</summary>
    public double UnknownBelow { get; init; } = 0.4;

    /// <summary>A data-integrity, exposure or security hypothesis at least this strong sets the category and the triage facts.</summary>
    public double EstablishedAt { get; init; } = 0.6;

    /// <summary>How much a load-surge explanation loses when the same load was handled before without harm.</summary>
    public double HandledLoadPenalty { get; init; } = 0.3;

    /// <summary>Factor for a failing dependency that only some of our own hosts, node pools or clusters fail to reach while the others reach it fine (default 0.7): the path from our side fails, not the provider.</summary>
    public double OwnSegmentDependencyFactor { get; init; } = 0.7;
}

/// <summary>Who is affected and how badly (docs/reasoning.md §7).</summary>
public sealed record ScopeOptions
{
    /// <summary>The defaults.</summary>
    public static ScopeOptions Default { get; } = new();

    /// <summary>Error ratio from which the service counts as unavailable (category availability).</summary>
    public double AvailabilityErrorRatio { get; init; } = 0.05;

    /// <summary>Error ratio of a critical component that is a complete outage.</summary>
    public double OutageErrorRatio { get; init; } = 0.95;
}
