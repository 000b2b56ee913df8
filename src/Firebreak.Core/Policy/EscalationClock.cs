namespace Firebreak.Core;

/// <summary>Whether a response target was met, missed, or is still running.</summary>
public enum SlaOutcome { Pending, Met, Missed, NotApplicable }

/// <summary>One response target with its verdict as of a moment.</summary>
public sealed record SlaVerdict(string Name, TimeSpan? Target, TimeSpan? Elapsed, SlaOutcome Outcome);

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
    public static ClockReport Evaluate(IncidentState state, ResponsePolicy policy, DateTimeOffset asOf) =>
        throw new NotImplementedException();
}
