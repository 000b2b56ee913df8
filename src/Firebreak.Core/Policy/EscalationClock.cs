namespace Firebreak.Core;

/// <summary>Whether a response target was met, missed, or is still running.</summary>
public enum SlaOutcome { Pending, Met, Missed, NotApplicable, Unknown }

/// <summary>One response target with its verdict as of a moment.</summary>
public sealed record SlaVerdict(string Name, TimeSpan? Target, TimeSpan? Elapsed, SlaOutcome Outcome)
{
    /// <summary>What stopped the clock, e.g. an acknowledgement with its source, or "unknown (no acknowledgement recorded …)".</summary>
    public string MeasuredFrom { get; init; } = "detection";
}

/// <summary>A timer of the policy: when it fires and whether it is already due.</summary>
public sealed record ClockDeadline(string Name, DateTimeOffset? DueAt, bool Due);

/// <summary>The SLA verdicts and escalation deadlines of an incident as of a moment.</summary>
public sealed record ClockReport(
    DateTimeOffset AsOf,
    TimeSpan Elapsed,
    IReadOnlyList<SlaVerdict> Slas,
    IReadOnlyList<ClockDeadline> Deadlines,
    DateTimeOffset? NextUpdateAt,
    DateTimeOffset? ReviewDueAt)
{
    /// <summary>A deadline by name, or null.</summary>
    public ClockDeadline? Deadline(string name) => Deadlines.FirstOrDefault(d => d.Name == name);

    /// <summary>A verdict by name, or null.</summary>
    public SlaVerdict? Sla(string name) => Slas.FirstOrDefault(s => s.Name == name);
}

/// <summary>Evaluates the policy's timers (acknowledge, engage, resolve, tier 2/3, management, executive, status page, PIR) for an incident.</summary>
/// <remarks>
/// <para>Only events at or before the moment asked about count, so an incident can be replayed as of any earlier moment.
/// The priority is the latest classification at that moment, else the final one, else the reported one.</para>
/// <para>SLAs run from detection: acknowledge and engage stop at a person's recorded acknowledgement
/// (<see cref="IncidentAcknowledged"/>), never at the moment Firebreak assigned a role; without one they are Pending
/// while inside their target and Unknown past it (never Met or Missed); resolve stops at resolution; resolving stops every SLA clock. A stopped clock is
/// Met when its elapsed time is within the target and Missed otherwise; a running clock is Pending until it passes its
/// target, then Missed. A priority without a target is NotApplicable.</para>
/// <para>Deadlines, all measured from detection (the timers are read as cumulative: Tier 1 has Tier1Timeout, then Tier 2
/// has Tier2Timeout more): tier2 = Tier1Timeout, tier3 = Tier1Timeout + Tier2Timeout, management = ManagementAfter,
/// executive = ExecutiveAfter (P0 only), status-page = StatusPageFirstWithin. A deadline is Due once the moment reaches it
/// and its action (escalation, notification) has not happened; the tier timers stop at a person's acknowledgement too
/// (the owner escalates by hand). Escalation and the P1 management and P0 executive
/// notices apply only while unresolved ("if unresolved"); the P0 management notice and the first status page update are
/// owed even after a quick resolution.</para>
/// </remarks>
public static class EscalationClock
{
    public const string Acknowledge = "acknowledge";
    public const string Engage = "engage";
    public const string Resolve = "resolve";
    public const string Tier2 = "tier2";
    public const string Tier3 = "tier3";
    public const string ManagementNotice = "management";
    public const string ExecutiveNotice = "executive";
    public const string StatusPage = "status-page";

    /// <summary>Evaluates the incident's clocks as of <paramref name="asOf"/>.</summary>
    public static ClockReport Evaluate(IncidentState state, ResponsePolicy policy, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(policy);

        var milestones = ClockMilestones.Of(state, asOf);
        var known = milestones.Known.ToList();
        var detected = milestones.DetectedAt;
        var priority = milestones.Priority;
        var resolvedAt = milestones.ResolvedAt;
        var acknowledgedAt = milestones.AcknowledgedAt;
        var engagedAt = milestones.EngagedAt;
        var tier3At = milestones.Tier3At;

        var sla = priority is { } p && policy.Sla.TryGetValue(p, out var found) ? found : null;
        var slas = new List<SlaVerdict>
        {
            PersonVerdict(Acknowledge, sla?.Acknowledge, detected, milestones.Acknowledgement, resolvedAt, asOf),
            PersonVerdict(Engage, sla?.Engage, detected, milestones.Acknowledgement, resolvedAt, asOf),
            Verdict(Resolve, sla?.Resolve, detected, resolvedAt, asOf) with { MeasuredFrom = resolvedAt is { } r ? $"resolution at {r.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "running (not resolved)" },
        };

        var deadlines = new List<ClockDeadline>
        {
            // A person's acknowledgement stops the tier timers as it stops the engine's paging chain (EscalationEngine).
            Deadline(Tier2, After(detected, Lookup(policy.Tier1Timeout, priority)), Earliest(Earliest(engagedAt, acknowledgedAt), resolvedAt), asOf),
            Deadline(Tier3, After(detected, Sum(Lookup(policy.Tier1Timeout, priority), Lookup(policy.Tier2Timeout, priority))),
                Earliest(Earliest(tier3At, acknowledgedAt), resolvedAt), asOf),
            Deadline(ManagementNotice, After(detected, Lookup(policy.ManagementAfter, priority)),
                NotifiedAt(known, Audiences.Management), asOf, mootAt: priority == Priority.P0 ? null : resolvedAt),
            Deadline(ExecutiveNotice, priority == Priority.P0 ? detected + policy.ExecutiveAfter : null,
                NotifiedAt(known, Audiences.Executive), asOf, mootAt: resolvedAt),
            Deadline(StatusPage, After(detected, Lookup(policy.StatusPageFirstWithin, priority)), NotifiedAt(known, Audiences.StatusPage), asOf),
        };

        var every = Lookup(policy.StatusPageEvery, priority);
        DateTimeOffset? nextUpdate = null;
        if (resolvedAt is null && every is { } cadence)
        {
            var lastUpdate = known.OfType<Notified>().LastOrDefault(n => Audiences.Is(n.Audience, Audiences.StatusPage))?.At;
            nextUpdate = lastUpdate is { } last
                ? last + cadence
                : After(detected, Lookup(policy.StatusPageFirstWithin, priority)) ?? detected + cadence;
        }

        var reviewDue = resolvedAt is { } resolved && Lookup(policy.ReviewWithin, priority) is { } within ? resolved + within : (DateTimeOffset?)null;
        var elapsed = asOf > detected ? asOf - detected : TimeSpan.Zero;
        return new ClockReport(asOf, elapsed, slas, deadlines, nextUpdate, reviewDue);
    }

    /// <summary>The acknowledge, engage and resolve outcomes of <see cref="Evaluate"/> from the milestones alone (what <c>firebreak metrics</c> reads from the store's projection).</summary>
    public static (SlaOutcome Acknowledge, SlaOutcome Engage, SlaOutcome Resolve) Outcomes(
        ResponsePolicy policy, Priority? priority, DateTimeOffset detected, DateTimeOffset? acknowledgedAt, DateTimeOffset? resolvedAt, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var sla = priority is { } p && policy.Sla.TryGetValue(p, out var found) ? found : null;
        return (
            PersonMeasure(Acknowledge, sla?.Acknowledge, detected, acknowledgedAt, resolvedAt, asOf).Outcome,
            PersonMeasure(Engage, sla?.Engage, detected, acknowledgedAt, resolvedAt, asOf).Outcome,
            Verdict(Resolve, sla?.Resolve, detected, resolvedAt, asOf).Outcome);
    }

    // A person's SLA (acknowledge, engage) is measured only to a recorded acknowledgement: Firebreak's own run is not one.
    private static SlaVerdict PersonVerdict(string name, TimeSpan? target, DateTimeOffset detected, IncidentAcknowledged? acknowledgement, DateTimeOffset? resolvedAt, DateTimeOffset asOf)
    {
        var verdict = PersonMeasure(name, target, detected, acknowledgement?.At, resolvedAt, asOf);
        var measured = Earliest(acknowledgement?.At, resolvedAt) is { } stop
            ? acknowledgement is { } ack && ack.At == stop
                ? $"acknowledgement at {ack.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC by {ack.By} ({ack.Source})"
                : $"resolution at {stop.UtcDateTime:yyyy-MM-dd HH:mm} UTC"
            : verdict.Outcome == SlaOutcome.Pending
                ? "running: no acknowledgement recorded yet"
                : "unknown (no acknowledgement recorded: pass --acknowledged-at or acknowledge the alert)";
        return verdict with { MeasuredFrom = target is null ? "no target for this priority" : measured };
    }

    private static SlaVerdict PersonMeasure(string name, TimeSpan? target, DateTimeOffset detected, DateTimeOffset? acknowledgedAt, DateTimeOffset? resolvedAt, DateTimeOffset asOf)
    {
        if (target is null)
        {
            return new SlaVerdict(name, null, null, SlaOutcome.NotApplicable);
        }

        if (Earliest(acknowledgedAt, resolvedAt) is not { } stop)
        {
            // Still inside the target, the clock runs; past it, nobody can say whether a person acknowledged elsewhere.
            var running = Max(TimeSpan.Zero, asOf - detected);
            return running <= target
                ? new SlaVerdict(name, target, running, SlaOutcome.Pending)
                : new SlaVerdict(name, target, null, SlaOutcome.Unknown);
        }

        return Verdict(name, target, detected, stop, asOf);
    }

    private static SlaVerdict Verdict(string name, TimeSpan? target, DateTimeOffset detected, DateTimeOffset? stoppedAt, DateTimeOffset asOf)
    {
        var elapsed = Max(TimeSpan.Zero, (stoppedAt ?? asOf) - detected);
        var outcome = target switch
        {
            null => SlaOutcome.NotApplicable,
            { } t when elapsed > t => SlaOutcome.Missed,
            _ when stoppedAt is not null => SlaOutcome.Met,
            _ => SlaOutcome.Pending,
        };
        return new SlaVerdict(name, target, elapsed, outcome);
    }

    // mootAt: a notice owed only "if unresolved" is not owed when the incident was resolved by its deadline.
    private static ClockDeadline Deadline(string name, DateTimeOffset? dueAt, DateTimeOffset? doneAt, DateTimeOffset asOf, DateTimeOffset? mootAt = null) =>
        new(name, dueAt, dueAt is { } due && asOf >= due && doneAt is null && !(mootAt <= due));

    private static DateTimeOffset? NotifiedAt(List<IncidentEvent> known, string audience) =>
        known.OfType<Notified>().FirstOrDefault(n => Audiences.Is(n.Audience, audience))?.At;

    private static TimeSpan? Lookup(IReadOnlyDictionary<Priority, TimeSpan> map, Priority? priority) =>
        priority is { } p && map.TryGetValue(p, out var value) ? value : null;

    private static TimeSpan? Sum(TimeSpan? a, TimeSpan? b) => a is { } x && b is { } y ? x + y : null;

    private static DateTimeOffset? After(DateTimeOffset start, TimeSpan? span) => span is { } s ? start + s : null;

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => ClockMilestones.Earliest(a, b);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
