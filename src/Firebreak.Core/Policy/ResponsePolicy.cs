namespace Firebreak.Core;

/// <summary>Response targets for one priority.</summary>
public sealed record ResponseSla(TimeSpan? Acknowledge, TimeSpan? Engage, TimeSpan? Resolve, TimeSpan? UpdateEvery);

/// <summary>The flow's numbers (SLA table, tier timers, escalation triggers, cadences, PIR deadlines, action horizons); the defaults are the seed's, overridable under policy: in firebreak.yaml.</summary>
public sealed record ResponsePolicy
{
    /// <summary>Response SLA per priority.</summary>
    public required IReadOnlyDictionary<Priority, ResponseSla> Sla { get; init; }

    /// <summary>Tier 1 escalates to Tier 2 after this long unresolved, per priority.</summary>
    public required IReadOnlyDictionary<Priority, TimeSpan> Tier1Timeout { get; init; }

    /// <summary>Tier 2 escalates to Tier 3 after this long unresolved, per priority.</summary>
    public required IReadOnlyDictionary<Priority, TimeSpan> Tier2Timeout { get; init; }

    /// <summary>Management is notified this long after detection, per priority (absent: not automatically).</summary>
    public required IReadOnlyDictionary<Priority, TimeSpan> ManagementAfter { get; init; }

    /// <summary>Executives are notified when a P0 is unresolved this long.</summary>
    public required TimeSpan ExecutiveAfter { get; init; }

    /// <summary>Status page update cadence per priority.</summary>
    public required IReadOnlyDictionary<Priority, TimeSpan> StatusPageEvery { get; init; }

    /// <summary>First status page update due this long after detection, per priority.</summary>
    public required IReadOnlyDictionary<Priority, TimeSpan> StatusPageFirstWithin { get; init; }

    /// <summary>Post-incident review due this long after resolution, per priority (absent: no PIR required).</summary>
    public required IReadOnlyDictionary<Priority, TimeSpan> ReviewWithin { get; init; }

    /// <summary>Preventive-action horizons: immediate, short-term, long-term.</summary>
    public required TimeSpan ImmediateActions { get; init; }
    public required TimeSpan ShortTermActions { get; init; }
    public required TimeSpan LongTermActions { get; init; }

    /// <summary>How far back a change may be and still be a candidate cause. The default is 48 hours.</summary>
    public TimeSpan ChangeWindow { get; init; } = TimeSpan.FromHours(48);

    /// <summary>Validation window after a mitigation. The default is 15 minutes.</summary>
    public TimeSpan ValidationWindow { get; init; } = TimeSpan.FromMinutes(15);
}

/// <summary>The seed's default numbers.</summary>
public static class DefaultPolicy
{
    /// <summary>The policy with every value from the flow specification.</summary>
    public static ResponsePolicy Instance => throw new NotImplementedException();
}
