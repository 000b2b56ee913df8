namespace Firebreak.Core;

/// <summary>The current state of an incident, derived from its events.</summary>
public sealed record IncidentState
{
    public required string Id { get; init; }
    public IncidentStatus Status { get; init; } = IncidentStatus.Detected;
    public DateTimeOffset DetectedAt { get; init; }
    public Priority? Priority { get; init; }
    public Priority? ReportedPriority { get; init; }
    public Impact? Impact { get; init; }
    public Urgency? Urgency { get; init; }
    public IncidentCategory? Category { get; init; }
    public Tier Tier { get; init; } = Tier.Tier1;
    public bool ManagementNotified { get; init; }
    public bool ExecutiveNotified { get; init; }
    public MitigationStrategy? Mitigation { get; init; }
    public bool MitigationExecuted { get; init; }
    public bool MitigationValidated { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public bool MajorIncident { get; init; }
    public bool ChangeFreeze { get; init; }
    public IReadOnlyDictionary<string, string> Roles { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<IncidentEvent> Events { get; init; } = [];
}
