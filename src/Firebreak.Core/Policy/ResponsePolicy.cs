namespace Firebreak.Core;

/// <summary>Response targets for one priority (the update cadence is <see cref="ResponsePolicy.StatusPageEvery"/>, its one owner).</summary>
public sealed record ResponseSla(TimeSpan? Acknowledge, TimeSpan? Engage, TimeSpan? Resolve);

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

    /// <summary>The update cadence per priority (status page and stakeholders): the SLA table's "Updates" column; absent: no scheduled updates.</summary>
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

    /// <summary>The detection target: the first alert within this long of the onset. The default is 5 minutes (the seed's detection SLA).</summary>
    public TimeSpan DetectionTarget { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>The seed's default numbers.</summary>
public static class DefaultPolicy
{
    /// <summary>The policy with every value from the flow specification (where its sources disagree, the stricter one).</summary>
    public static ResponsePolicy Instance { get; } = new()
    {
        // P0: acknowledge immediately, engage 15 min, resolve 1-2 h (2 h), updates every 15 min.
        // P1: 5 min, 30 min, 4 h, every 30 min. P2: 30 min, 4 h, 24 h, daily. P3: one business day, backlog.
        Sla = new Dictionary<Priority, ResponseSla>
        {
            [Priority.P0] = new(TimeSpan.Zero, TimeSpan.FromMinutes(15), TimeSpan.FromHours(2)),
            [Priority.P1] = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(4)),
            [Priority.P2] = new(TimeSpan.FromMinutes(30), TimeSpan.FromHours(4), TimeSpan.FromHours(24)),
            [Priority.P3] = new(TimeSpan.FromDays(1), null, null),
        },
        Tier1Timeout = new Dictionary<Priority, TimeSpan> { [Priority.P0] = TimeSpan.FromMinutes(15), [Priority.P1] = TimeSpan.FromMinutes(30) },
        Tier2Timeout = new Dictionary<Priority, TimeSpan> { [Priority.P0] = TimeSpan.FromMinutes(30), [Priority.P1] = TimeSpan.FromHours(1) },
        ManagementAfter = new Dictionary<Priority, TimeSpan> { [Priority.P0] = TimeSpan.FromMinutes(30), [Priority.P1] = TimeSpan.FromHours(2) },
        ExecutiveAfter = TimeSpan.FromHours(2),
        StatusPageEvery = new Dictionary<Priority, TimeSpan>
        {
            [Priority.P0] = TimeSpan.FromMinutes(15),
            [Priority.P1] = TimeSpan.FromMinutes(30),
            [Priority.P2] = TimeSpan.FromDays(1),
        },
        StatusPageFirstWithin = new Dictionary<Priority, TimeSpan> { [Priority.P0] = TimeSpan.FromMinutes(30), [Priority.P1] = TimeSpan.FromHours(1) },
        ReviewWithin = new Dictionary<Priority, TimeSpan>
        {
            [Priority.P0] = TimeSpan.FromHours(24),
            [Priority.P1] = TimeSpan.FromHours(48),
            [Priority.P2] = TimeSpan.FromDays(7),
        },
        ImmediateActions = TimeSpan.FromDays(7),
        ShortTermActions = TimeSpan.FromDays(30),
        LongTermActions = TimeSpan.FromDays(90),
    };
}
