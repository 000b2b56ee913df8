namespace Firebreak.Core;

/// <summary>A duration measure over a set of incidents: how many had the events it needs, how many did not, and its mean and median.</summary>
public sealed record DurationStat(int Known, int Unknown, TimeSpan? Mean, TimeSpan? Median)
{
    /// <summary>The statistic of measured durations, with <paramref name="unknown"/> incidents lacking the events.</summary>
    public static DurationStat Of(IReadOnlyList<TimeSpan> values, int unknown)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return new DurationStat(0, unknown, null, null);
        }

        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        var mean = TimeSpan.FromTicks((long)sorted.Average(v => (double)v.Ticks));
        return new DurationStat(sorted.Count, unknown, mean, median);
    }
}

/// <summary>A share: how many of the counted incidents (or actions) meet the condition, and how many could not be counted.</summary>
public sealed record RatioStat(int Count, int OutOf, int Unknown)
{
    /// <summary>Count / OutOf, or null when nothing was counted.</summary>
    public double? Rate => OutOf == 0 ? null : (double)Count / OutOf;
}

/// <summary>MTTD, MTTA, MTTE and MTTR of the incidents of one priority (or of all).</summary>
public sealed record PriorityMetrics(string Priority, int Incidents, DurationStat Mttd, DurationStat Mtta, DurationStat Mtte, DurationStat Mttr);

/// <summary>The post-incident reviews the policy requires for P0 and P1.</summary>
/// <param name="Owed">Resolved P0/P1 incidents (a review is owed once an incident is resolved).</param>
/// <param name="Held">Of those, reviews recorded as held.</param>
/// <param name="HeldByDeadline">Of those held, held by resolution + the policy's review window.</param>
/// <param name="Overdue">Not held, and the deadline has passed.</param>
/// <param name="NotYetDue">Not held, deadline still ahead.</param>
/// <param name="Unknown">Not held, and the policy has no review window for the priority (so no deadline): neither overdue nor not yet due.</param>
public sealed record PirCompletion(int Owed, int Held, int HeldByDeadline, int Overdue, int NotYetDue, int Unknown)
{
    /// <summary>Held / (Held + Overdue): reviews held out of those held or past their deadline (not yet due and unknown ones are listed apart), or null when there are none.</summary>
    public double? Rate => Held + Overdue == 0 ? null : (double)Held / (Held + Overdue);
}

/// <summary>Tracked preventive actions against their due dates.</summary>
/// <param name="Tracked">Actions tracked by the incidents counted.</param>
/// <param name="DoneByDue">Done at or before the due date.</param>
/// <param name="DoneLate">Done after the due date.</param>
/// <param name="OpenOverdue">Not done, past due.</param>
/// <param name="OpenNotDue">Not done, not yet due (not counted in the rate).</param>
public sealed record ActionCompletion(int Tracked, int DoneByDue, int DoneLate, int OpenOverdue, int OpenNotDue)
{
    /// <summary>DoneByDue / (actions done or past due), or null when none is.</summary>
    public double? Rate => DoneByDue + DoneLate + OpenOverdue == 0 ? null : (double)DoneByDue / (DoneByDue + DoneLate + OpenOverdue);
}

/// <summary>One incident's response SLAs (acknowledge, engage, resolve) and its overall verdict.</summary>
/// <remarks>Overall: Missed when any SLA was missed; Met when every SLA with a target was met; else Unknown when one is unknown (it can never become Met), else Pending (NotApplicable: no target at all).</remarks>
public sealed record IncidentSlaRow(string Id, string Priority, SlaOutcome Acknowledge, SlaOutcome Engage, SlaOutcome Resolve, SlaOutcome Overall);

/// <summary>Every measure over a set of incidents, as of a moment.</summary>
public sealed record MetricsReport(
    DateTimeOffset AsOf,
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    int Incidents,
    PriorityMetrics All,
    IReadOnlyList<PriorityMetrics> ByPriority,
    IReadOnlyDictionary<Tier, int> ResolvedByTier,
    int Unresolved,
    RatioStat Recurrence,
    PirCompletion Pir,
    ActionCompletion Actions,
    IReadOnlyList<IncidentSlaRow> Slas)
{
    /// <summary>How many incidents had each overall SLA verdict.</summary>
    public IReadOnlyDictionary<SlaOutcome, int> SlaTotals =>
        Slas.GroupBy(s => s.Overall).ToDictionary(g => g.Key, g => g.Count());
}

/// <summary>A measure's name and its definition, as the help, the JSON output and docs/metrics.md write it.</summary>
public sealed record MetricDefinition(string Name, string Definition);

/// <summary>Computes the learning measures from incidents' recorded events; a measure an incident lacks the events for is counted unknown, never guessed.</summary>
public static class IncidentMetrics
{
    /// <summary>The label of incidents without any priority on record.</summary>
    public const string UnknownPriority = "unknown";

    /// <summary>The event kinds the measures read; a store may load only these.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(IncidentDetected), typeof(IncidentClassified), typeof(StatusChanged), typeof(RoleAssigned), typeof(Escalated),
        typeof(IncidentAcknowledged), typeof(IncidentResolved), typeof(IncidentClosed), typeof(ReviewHeld),
        typeof(ActionTracked), typeof(ActionCompleted), typeof(ImpactStarted), typeof(CauseRecorded), typeof(RecurrenceLinked),
    ];

    /// <summary>Of these types, only the events whose dedup key starts so are needed: the Tier 2 owner's assignment (engagement).</summary>
    public static IReadOnlyDictionary<Type, string> KeyPrefixes { get; } = new Dictionary<Type, string>
    {
        [typeof(RoleAssigned)] = $"role:{Roles.Tier2ComponentOwner}:",
    };

    /// <summary>Every measure's definition.</summary>
    public static IReadOnlyList<MetricDefinition> Definitions { get; } =
    [
        new("Incidents", "incidents whose detection moment lies in [--since, --until); measures read every event recorded up to the moment of the report."),
        new("Priority", "the latest recorded classification, else the priority reported at detection; neither: 'unknown'."),
        new("MTTD", "mean time to detect: impact start (the recorded impact-started event: the earliest metric or log onset) to detection, 0 when the onset is after detection; unknown without an impact-started event."),
        new("MTTA", "mean time to acknowledge: detection to the first recorded acknowledgement by a person (ack, --acknowledged-at, an acknowledged alert); unknown without one."),
        new("MTTE", "mean time to engage: detection to the first escalation to Tier 2 or higher or the Tier 2 component owner's assignment (the engine's reading); unknown without either."),
        new("MTTR", "mean time to resolve: detection to resolution (a reopened incident counts from its standing resolution); unknown while unresolved."),
        new("Median", "each duration is also given as its median over the incidents that have it."),
        new("Resolution by tier", "resolved incidents by the highest tier escalated to by the moment of resolution (Tier 1 when never escalated); unresolved ones are counted apart."),
        new("Recurrence rate", "incidents linked to an earlier incident by a recorded recurrence link, out of the incidents with a recorded cause; incidents without a recorded cause are unknown."),
        new("PIR completion (P0/P1)", "resolved P0 and P1 incidents whose review is recorded as held (firebreak review), out of those held or past their deadline (resolution + the policy's review window) without one; not yet due ones, and ones not held whose priority has no review window (unknown), are listed apart; also how many were held by the deadline."),
        new("Preventive actions done by due date", "tracked actions (action add) completed at or before their due date, out of those completed or past due; actions not done and not yet due are listed apart."),
        new("SLA per incident", "acknowledge, engage and resolve verdicts of the policy's SLA table as the record reads them (met, missed, pending, unknown, not-applicable): acknowledge and engage stop at the first acknowledgement, else at the resolution (resolved past the target with no acknowledgement on record: missed; still open past it: unknown), so engage is not MTTE's engagement; resolve stops at the resolution; overall: missed if any is missed, met if all with a target are met, else unknown if any is unknown (it can never become met), else pending."),
    ];

    /// <summary>Computes the report for <paramref name="incidents"/> (each one's events, in order) as of <paramref name="asOf"/>.</summary>
    public static MetricsReport Compute(IReadOnlyList<IncidentHistory> incidents, ResponsePolicy policy, DateTimeOffset asOf, DateTimeOffset? since = null, DateTimeOffset? until = null)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        // Each incident is read on its own (pure), so the reading runs on all cores; the order is kept.
        var measures = incidents.AsParallel().AsOrdered()
            .Select(h => IncidentMeasures.Of(IncidentLifecycle.Replay(h.Id, h.Events), asOf))
            .ToList();
        return Report(measures, policy, asOf, since, until);
    }

    /// <summary>Computes the report from each incident's measures as of <paramref name="asOf"/> (the projection a store keeps, or <see cref="IncidentMeasures.Of(IncidentState, DateTimeOffset)"/>).</summary>
    public static MetricsReport Report(IReadOnlyList<IncidentMeasures> incidents, ResponsePolicy policy, DateTimeOffset asOf, DateTimeOffset? since = null, DateTimeOffset? until = null)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        ArgumentNullException.ThrowIfNull(policy);
        var facts = new List<Facts>(incidents.Count);
        foreach (var measures in incidents)
        {
            facts.Add(Read(measures, policy, asOf));
        }

        var byPriority = facts.GroupBy(f => f.Priority)
            .OrderBy(g => g.Key == UnknownPriority ? 1 : 0).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Durations(g.Key, [.. g]))
            .ToList();

        var byTier = new Dictionary<Tier, int> { [Tier.Tier1] = 0, [Tier.Tier2] = 0, [Tier.Tier3] = 0 };
        foreach (var f in facts.Where(f => f.ResolvedTier is not null))
        {
            byTier[f.ResolvedTier!.Value]++;
        }

        var withCause = facts.Count(f => f.HasCause);
        var recurrence = new RatioStat(facts.Count(f => f.HasCause && f.Recurs), withCause, facts.Count - withCause);

        return new MetricsReport(
            asOf, since, until, facts.Count, Durations("all", facts), byPriority, byTier, facts.Count(f => f.ResolvedTier is null),
            recurrence, Pir(facts, asOf), Actions(facts, asOf), [.. facts.Select(f => f.Sla)]);
    }

    private static PriorityMetrics Durations(string priority, List<Facts> facts)
    {
        DurationStat Stat(Func<Facts, TimeSpan?> pick)
        {
            var known = facts.Select(pick).Where(v => v is not null).Select(v => v!.Value).ToList();
            return DurationStat.Of(known, facts.Count - known.Count);
        }

        return new PriorityMetrics(priority, facts.Count, Stat(f => f.Detect), Stat(f => f.Acknowledge), Stat(f => f.Engage), Stat(f => f.Resolve));
    }

    private static PirCompletion Pir(List<Facts> facts, DateTimeOffset asOf)
    {
        int owed = 0, held = 0, byDeadline = 0, overdue = 0, notYet = 0, unknown = 0;
        foreach (var f in facts.Where(f => f.Priority is "P0" or "P1" && f.ResolvedAt is not null))
        {
            owed++;
            if (f.ReviewHeldAt is { } heldAt)
            {
                held++;
                byDeadline += f.ReviewDue is { } deadline && heldAt <= deadline ? 1 : 0;
            }
            else if (f.ReviewDue is not { } due)
            {
                unknown++;
            }
            else if (asOf > due)
            {
                overdue++;
            }
            else
            {
                notYet++;
            }
        }

        return new PirCompletion(owed, held, byDeadline, overdue, notYet, unknown);
    }

    private static ActionCompletion Actions(List<Facts> facts, DateTimeOffset asOf)
    {
        int tracked = 0, byDue = 0, late = 0, overdue = 0, notDue = 0;
        foreach (var (due, doneAt) in facts.SelectMany(f => f.Actions))
        {
            tracked++;
            if (doneAt is { } done)
            {
                _ = done <= due ? byDue++ : late++;
            }
            else if (asOf > due)
            {
                overdue++;
            }
            else
            {
                notDue++;
            }
        }

        return new ActionCompletion(tracked, byDue, late, overdue, notDue);
    }

    private sealed record Facts(
        string Priority,
        TimeSpan? Detect,
        TimeSpan? Acknowledge,
        TimeSpan? Engage,
        TimeSpan? Resolve,
        DateTimeOffset? ResolvedAt,
        Tier? ResolvedTier,
        bool HasCause,
        bool Recurs,
        DateTimeOffset? ReviewDue,
        DateTimeOffset? ReviewHeldAt,
        IReadOnlyList<(DateTimeOffset Due, DateTimeOffset? DoneAt)> Actions,
        IncidentSlaRow Sla);

    private static Facts Read(IncidentMeasures m, ResponsePolicy policy, DateTimeOffset asOf)
    {
        var detected = m.DetectedAt;
        DateTimeOffset? reviewDue = m.ResolvedAt is { } r && m.Priority is { } p && policy.ReviewWithin.TryGetValue(p, out var within) ? r + within : null;
        var (ack, engage, resolve) = EscalationClock.Outcomes(policy, m.Priority, detected, m.AcknowledgedAt, m.ResolvedAt, asOf);
        var label = m.Priority?.ToString() ?? UnknownPriority;
        var sla = new IncidentSlaRow(m.Id, label, ack, engage, resolve, Overall([ack, engage, resolve]));

        return new Facts(
            label,
            m.ImpactAt is { } impact ? Max(TimeSpan.Zero, detected - impact) : null,
            m.AcknowledgedAt is { } ackAt ? Max(TimeSpan.Zero, ackAt - detected) : null,
            m.EngagedAt is { } engagedAt ? Max(TimeSpan.Zero, engagedAt - detected) : null,
            m.ResolvedAt is { } res ? Max(TimeSpan.Zero, res - detected) : null,
            m.ResolvedAt,
            m.ResolvedTier,
            m.HasCause,
            m.Recurs,
            reviewDue,
            m.ReviewHeldAt,
            [.. m.Actions.Select(a => (a.Due, a.DoneAt))],
            sla);
    }

    /// <summary>The overall verdict of an incident's SLAs (see <see cref="IncidentSlaRow.Overall"/>).</summary>
    public static SlaOutcome Overall(IReadOnlyList<SlaOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Contains(SlaOutcome.Missed))
        {
            return SlaOutcome.Missed;
        }

        var applicable = outcomes.Where(o => o != SlaOutcome.NotApplicable).ToList();
        return applicable.Count == 0 ? SlaOutcome.NotApplicable
            : applicable.All(o => o == SlaOutcome.Met) ? SlaOutcome.Met
            : applicable.Contains(SlaOutcome.Unknown) ? SlaOutcome.Unknown
            : SlaOutcome.Pending;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
