namespace Firebreak.Core;

/// <summary>Incident priority from the Impact x Urgency matrix; P0 is the most severe.</summary>
public enum Priority { P0, P1, P2, P3 }

/// <summary>How much of the user base and business the incident touches.</summary>
public enum Impact { Low, Medium, High }

/// <summary>How quickly the incident must be resolved.</summary>
public enum Urgency { Low, Medium, High }

/// <summary>The lifecycle states of an incident.</summary>
public enum IncidentStatus { Detected, Triaged, Investigating, Identified, Mitigating, Resolved, Closed }

/// <summary>The kind of failure, from the symptoms.</summary>
public enum IncidentCategory { Availability, Performance, Functionality, Security, DataIntegrity }

/// <summary>The five mitigation options of the flow.</summary>
public enum MitigationStrategy { Rollback, Hotfix, ConfigChange, Workaround, Scaling }

/// <summary>Confidence of a hypothesis: High above 90%, Medium 70-90%, Low below 70%.</summary>
public enum Confidence { Low, Medium, High }

/// <summary>Direction of a signal over the last minutes.</summary>
public enum Trend { Unknown, Improving, Stable, Worsening }

/// <summary>The kinds of change that can trigger an incident.</summary>
public enum ChangeKind { Commit, Deploy, Config, FeatureFlag, Infra, Migration }

/// <summary>The outcome of validating a mitigation.</summary>
public enum ResolutionVerdict { NotResolved, PartiallyResolved, Resolved }

/// <summary>ITIL functional escalation tiers.</summary>
public enum Tier { Tier1 = 1, Tier2 = 2, Tier3 = 3 }

/// <summary>The one way a tier is written for people: "Tier 2".</summary>
public static class TierText
{
    /// <summary>"Tier 1", "Tier 2" or "Tier 3".</summary>
    public static string Of(Tier tier) => $"Tier {(int)tier}";
}

/// <summary>Wire names used in incident.json and the artifacts.</summary>
public static class WireNames
{
    /// <summary>The upper-case status name, e.g. MITIGATING.</summary>
    public static string Of(IncidentStatus status) => status.ToString().ToUpperInvariant();

    /// <summary>The upper-case level name, e.g. HIGH.</summary>
    public static string Of(Impact impact) => impact.ToString().ToUpperInvariant();

    /// <summary>The upper-case level name, e.g. HIGH.</summary>
    public static string Of(Urgency urgency) => urgency.ToString().ToUpperInvariant();

    /// <summary>The upper-case level name, e.g. HIGH.</summary>
    public static string Of(Confidence confidence) => confidence.ToString().ToUpperInvariant();

    /// <summary>The contract's category name, e.g. data-integrity.</summary>
    public static string Of(IncidentCategory category) => category switch
    {
        IncidentCategory.DataIntegrity => "data-integrity",
        _ => category.ToString().ToLowerInvariant(),
    };

    /// <summary>The contract's strategy name, e.g. config-change.</summary>
    public static string Of(MitigationStrategy strategy) => strategy switch
    {
        MitigationStrategy.ConfigChange => "config-change",
        _ => strategy.ToString().ToLowerInvariant(),
    };

    /// <summary>The contract's change kind, e.g. feature-flag.</summary>
    public static string Of(ChangeKind kind) => kind switch
    {
        ChangeKind.FeatureFlag => "feature-flag",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The verdict as written in reports, e.g. PARTIALLY RESOLVED.</summary>
    public static string Of(ResolutionVerdict verdict) => verdict switch
    {
        ResolutionVerdict.PartiallyResolved => "PARTIALLY RESOLVED",
        ResolutionVerdict.NotResolved => "NOT RESOLVED",
        _ => "RESOLVED",
    };
}
