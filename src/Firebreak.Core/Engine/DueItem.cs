namespace Firebreak.Core;

/// <summary>What kind of work a due item is.</summary>
public enum DueKind
{
    /// <summary>Page the next functional tier.</summary>
    Escalation,

    /// <summary>Notify an audience (on-call, management, executive, resolution, PIR invitation).</summary>
    Notice,

    /// <summary>Post the next status-page update.</summary>
    StatusPageUpdate,

    /// <summary>A response SLA is close to its target.</summary>
    SlaWarning,

    /// <summary>A response SLA passed its target.</summary>
    SlaBreach,

    /// <summary>The post-incident review is due.</summary>
    ReviewDeadline,

    /// <summary>A preventive action passed its due date.</summary>
    ActionOverdue,
}

/// <summary>A piece of work the policy owes an incident, with the moment it is owed; Key is stable for the same work however often it is computed.</summary>
/// <remarks>Key is deterministic within the incident (escalate:tier2, notice:management, sla:resolve:breach); Tier is set for an
/// escalation, Audience (one of <see cref="Audiences"/>) for a notice or status-page update, Sla and Target for an SLA item.</remarks>
public sealed record DueItem(
    string Key,
    DueKind Kind,
    DateTimeOffset DueAt,
    string Reason,
    Tier? Tier = null,
    string? Audience = null,
    string? Sla = null,
    TimeSpan? Target = null)
{
    /// <summary>True when the item is owed at <paramref name="now"/>.</summary>
    public bool IsDue(DateTimeOffset now) => now >= DueAt;
}

/// <summary>Everything an incident is owed, soonest first, as of a moment.</summary>
public sealed record DuePlan(string IncidentId, DateTimeOffset AsOf, IReadOnlyList<DueItem> Items)
{
    /// <summary>The items owed at <see cref="AsOf"/>.</summary>
    public IReadOnlyList<DueItem> Due => [.. Items.Where(i => i.IsDue(AsOf))];

    /// <summary>The earliest moment something is owed, or null when nothing is.</summary>
    public DateTimeOffset? NextDueAt => Items.Count == 0 ? null : Items.Min(i => i.DueAt);

    /// <summary>An item by key, or null.</summary>
    public DueItem? Item(string key) => Items.FirstOrDefault(i => i.Key == key);
}

/// <summary>Tunable numbers of the escalation engine.</summary>
public sealed record EngineOptions
{
    /// <summary>A warning is due when this fraction of an SLA target has elapsed. The default is 0.8 (80%).</summary>
    public double SlaWarningFraction { get; init; } = 0.8;

    /// <summary>The defaults.</summary>
    public static EngineOptions Default { get; } = new();
}
