namespace Firebreak.Core;

/// <summary>The moments an incident's clocks start and stop at, read from its events as of a moment: one reading for the SLA report and the escalation engine.</summary>
/// <remarks>
/// Only events at or before the moment count. The priority is the latest classification at that moment, else the final
/// one, else the reported one. Acknowledged is the Tier 1 On-Call assignment; engaged is the escalation to Tier 2 or the
/// Tier 2 Component Owner assignment; resolved folds the status (a reopened incident is not resolved).
/// </remarks>
public sealed record ClockMilestones(
    DateTimeOffset DetectedAt,
    Priority? Priority,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? EngagedAt,
    DateTimeOffset? Tier3At,
    DateTimeOffset? ResolvedAt,
    IReadOnlyList<IncidentEvent> Known)
{
    /// <summary>Reads the milestones of <paramref name="state"/> as of <paramref name="asOf"/>.</summary>
    public static ClockMilestones Of(IncidentState state, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(state);
        var known = state.Events.Where(e => e.At <= asOf).ToList();
        var priority = known.OfType<IncidentClassified>().LastOrDefault()?.Priority ?? state.Priority ?? state.ReportedPriority;
        // A person's recorded acknowledgement (firebreak ack) wins over the Tier 1 assignment.
        var acknowledgedAt = known.OfType<IncidentAcknowledged>().OrderBy(a => a.At).FirstOrDefault()?.At
            ?? known.OfType<RoleAssigned>().FirstOrDefault(r => r.Role == Roles.Tier1OnCall)?.At;
        var engagedAt = Earliest(
            known.OfType<Escalated>().FirstOrDefault(e => e.Tier >= Tier.Tier2)?.At,
            known.OfType<RoleAssigned>().FirstOrDefault(r => r.Role == Roles.Tier2ComponentOwner)?.At);
        var tier3At = known.OfType<Escalated>().FirstOrDefault(e => e.Tier >= Tier.Tier3)?.At;
        return new ClockMilestones(state.DetectedAt, priority, acknowledgedAt, engagedAt, tier3At, FoldResolvedAt(known, state, asOf), known);
    }

    /// <summary>The earlier of two optional moments.</summary>
    public static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    private static DateTimeOffset? FoldResolvedAt(List<IncidentEvent> known, IncidentState state, DateTimeOffset asOf)
    {
        // Fold the status as of the moment: a reopened incident is not resolved.
        DateTimeOffset? resolved = null;
        foreach (var @event in known)
        {
            resolved = @event switch
            {
                IncidentResolved e => resolved ?? e.At,
                StatusChanged { To: IncidentStatus.Resolved } e => resolved ?? e.At,
                StatusChanged { From: IncidentStatus.Resolved, To: IncidentStatus.Investigating } => null,
                _ => resolved,
            };
        }

        if (resolved is null && known.Count == state.Events.Count && state.ResolvedAt is { } final && final <= asOf)
        {
            resolved = final;
        }

        return resolved;
    }
}
