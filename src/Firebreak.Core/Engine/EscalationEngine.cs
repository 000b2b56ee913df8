using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Firebreak.Core;

/// <summary>Computes what the policy owes an incident and when: escalations, notices, status-page updates, SLA warnings and breaches, the PIR deadline and overdue actions.</summary>
/// <remarks>
/// <para>Pure: the plan depends only on the incident's events as of the moment (read through <see cref="ClockMilestones"/>,
/// so it agrees with <see cref="EscalationClock"/>), the policy, and the keys already performed with when. An item is left
/// out once its work is recorded (an event, or its key among the performed ones) or it is moot. Recomputing after any
/// event re-times everything: an acknowledgement, engagement or resolution cancels the timers it stops, a priority
/// change moves every timer to the new priority's numbers, and a priority without a timer in the policy (P2 and P3 have
/// no tier timeouts by default) never escalates.</para>
/// <para>Items and their due moments, all measured from detection unless said otherwise:
/// notice:on-call at detection (until the on-call is notified); escalate:tier2 at the Tier 1 timeout and escalate:tier3
/// at the Tier 1 plus Tier 2 timeouts, while unresolved and not engaged at that tier; notice:management at
/// management_after (owed after a quick resolution for P0 only, as the clock reads it); notice:executive at
/// executive_after (P0, while unresolved); status-page:&lt;moment&gt; first at status_page_first_within (else one cadence),
/// then one cadence after the last update, while unresolved (the first is owed even after a quick resolution);
/// sla:&lt;name&gt;:warning at <see cref="EngineOptions.SlaWarningFraction"/> of the target while the SLA runs, and
/// sla:&lt;name&gt;:breach at the target unless it was stopped in time; after resolution notice:resolution at once,
/// notice:pir-invitation at once (until the invitation is recorded) and review:deadline at review_within when the
/// priority needs a review (until the review is held or the incident closed); action:&lt;hash&gt;:overdue at each preventive action's due date.</para>
/// </remarks>
public static class EscalationEngine
{
    /// <summary>Computes the plan for <paramref name="state"/> as of <paramref name="asOf"/>; keys in <paramref name="performed"/> (done by a previous tick, with when) are never owed again.</summary>
    public static DuePlan Plan(
        IncidentState state,
        ResponsePolicy policy,
        DateTimeOffset asOf,
        IReadOnlyDictionary<string, DateTimeOffset>? performed = null,
        EngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(policy);
        performed ??= new Dictionary<string, DateTimeOffset>();
        options ??= EngineOptions.Default;

        var m = ClockMilestones.Of(state, asOf);
        var items = new List<DueItem>();
        var p = m.Priority;
        var detected = m.DetectedAt;
        var resolved = m.ResolvedAt;
        var known = m.Known;
        var label = p?.ToString() ?? "unclassified";

        if (known.OfType<IncidentClosed>().Any())
        {
            // The review was held: only the preventive actions it left open are still owed.
            AddActions(items, known);
            return Owed(state, asOf, items, performed);
        }

        if (!Notified(known, Audiences.OnCall))
        {
            items.Add(new DueItem("notice:on-call", DueKind.Notice, detected, "page the on-call engineer on detection", Audience: Audiences.OnCall));
        }

        var tier1 = Lookup(policy.Tier1Timeout, p);
        var tier2 = Lookup(policy.Tier2Timeout, p);
        // An acknowledgement stops the paging chain (GoAlert's model): a person owns the incident and escalates by hand
        // (firebreak escalate); only an unacknowledged incident is escalated by the clock.
        var unowned = resolved is null && m.AcknowledgedAt is null;
        if (unowned && tier1 is { } t1 && m.EngagedAt is null)
        {
            items.Add(new DueItem("escalate:tier2", DueKind.Escalation, detected + t1,
                $"{label}: Tier 1 timeout of {DurationParser.Format(t1)} without an acknowledgement or Tier 2 engaged", Tier: Tier.Tier2));
        }

        if (unowned && tier1 is { } a && tier2 is { } b && m.Tier3At is null)
        {
            items.Add(new DueItem("escalate:tier3", DueKind.Escalation, detected + a + b,
                $"{label}: Tier 1 and Tier 2 timeouts ({DurationParser.Format(a)} + {DurationParser.Format(b)}) without an acknowledgement or Tier 3", Tier: Tier.Tier3));
        }

        if (Lookup(policy.ManagementAfter, p) is { } management && !Notified(known, Audiences.Management)
            && !(p != Priority.P0 && resolved <= detected + management))
        {
            items.Add(new DueItem("notice:management", DueKind.Notice, detected + management,
                $"{label}: management is told within {DurationParser.Format(management)}", Audience: Audiences.Management));
        }

        if (p == Priority.P0 && !Notified(known, Audiences.Executive) && !(resolved <= detected + policy.ExecutiveAfter))
        {
            items.Add(new DueItem("notice:executive", DueKind.Notice, detected + policy.ExecutiveAfter,
                $"P0 unresolved after {DurationParser.Format(policy.ExecutiveAfter)}: executives are told", Audience: Audiences.Executive));
        }

        if (NextStatusUpdate(policy, m, performed) is { } update)
        {
            items.Add(update);
        }

        var sla = p is { } priority && policy.Sla.TryGetValue(priority, out var found) ? found : null;
        AddSla(items, EscalationClock.Acknowledge, sla?.Acknowledge, detected, ClockMilestones.Earliest(m.AcknowledgedAt, resolved), known, options, label, asOf);
        // Engagement stops at a person's acknowledgement (as EscalationClock reads it) or at Tier 2 engaged, whichever is first.
        var engaged = ClockMilestones.Earliest(ClockMilestones.Earliest(m.AcknowledgedAt, m.EngagedAt), resolved);
        AddSla(items, EscalationClock.Engage, sla?.Engage, detected, engaged, known, options, label, asOf);
        AddSla(items, EscalationClock.Resolve, sla?.Resolve, detected, resolved, known, options, label, asOf);

        if (resolved is { } at)
        {
            // Each resolution is announced: after a reopen the next resolution owes its own notice, under its own key.
            var round = IncidentLifecycle.ResolutionNumber(known, until: at);
            if (!known.OfType<Notified>().Any(n => Audiences.Is(n.Audience, Audiences.Resolution) && n.At >= at))
            {
                items.Add(new DueItem(Notices.ItemOf(Audiences.Resolution, round == 1 ? null : round), DueKind.Notice, at,
                    round == 1 ? "the incident is resolved: tell the status page and the channel"
                        : $"the incident is resolved again (resolution {round}, after a reopen): tell the status page and the channel",
                    Audience: Audiences.Resolution));
            }

            var reviewed = known.OfType<IncidentClosed>().Any() || known.OfType<ReviewHeld>().Any();
            if (Lookup(policy.ReviewWithin, p) is { } within && !reviewed)
            {
                if (!Notified(known, PirAudience))
                {
                    items.Add(new DueItem("notice:pir-invitation", DueKind.Notice, at,
                        $"{label}: a post-incident review is required within {DurationParser.Format(within)}", Audience: PirAudience));
                }

                items.Add(new DueItem("review:deadline", DueKind.ReviewDeadline, at + within,
                    $"{label}: the post-incident review is due {DurationParser.Format(within)} after resolution"));
            }
        }

        AddActions(items, known);
        return Owed(state, asOf, items, performed);
    }

    private static DuePlan Owed(IncidentState state, DateTimeOffset asOf, List<DueItem> items, IReadOnlyDictionary<string, DateTimeOffset> performed) =>
        new(state.Id, asOf, [.. items.Where(i => !performed.ContainsKey(i.Key)).OrderBy(i => i.DueAt).ThenBy(i => i.Key, StringComparer.Ordinal)]);

    /// <summary>An overdue item per preventive action not done: the flow's actions (ActionAdded) and the tracked ones (firebreak action add) until they are done.</summary>
    private static void AddActions(List<DueItem> items, IReadOnlyList<IncidentEvent> known)
    {
        foreach (var action in known.OfType<ActionAdded>())
        {
            items.Add(new DueItem($"action:{Hash(action.DedupKey)}:overdue", DueKind.ActionOverdue, action.Due,
                $"preventive action \"{action.Action}\" ({action.Owner}) due {action.Due.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture)} and not done"));
        }

        var done = known.OfType<ActionCompleted>().Select(a => a.ActionId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var action in known.OfType<ActionTracked>().Where(a => !done.Contains(a.ActionId)))
        {
            items.Add(new DueItem($"action:{action.ActionId}:overdue", DueKind.ActionOverdue, action.Due,
                $"preventive action {action.ActionId} \"{action.Title}\" ({action.Owner}) due {action.Due.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture)} and not done"));
        }
    }

    /// <summary>The audience of the PIR invitation notice.</summary>
    public const string PirAudience = "pir";

    private static DueItem? NextStatusUpdate(ResponsePolicy policy, ClockMilestones m, IReadOnlyDictionary<string, DateTimeOffset> performed)
    {
        var every = Lookup(policy.StatusPageEvery, m.Priority);
        var first = Lookup(policy.StatusPageFirstWithin, m.Priority);
        if (every is null && first is null)
        {
            return null;
        }

        var updates = m.Known.OfType<Notified>().Where(n => Audiences.Is(n.Audience, Audiences.StatusPage)).Select(n => n.At)
            .Concat(performed.Where(kv => kv.Key.StartsWith(StatusPagePrefix, StringComparison.Ordinal)).Select(kv => kv.Value))
            .ToList();
        DateTimeOffset due;
        if (updates.Count == 0)
        {
            due = m.DetectedAt + (first ?? every!.Value);
        }
        else if (m.ResolvedAt is null && every is { } cadence)
        {
            due = updates.Max() + cadence;
        }
        else
        {
            return null;
        }

        var reason = updates.Count == 0
            ? $"{m.Priority}: the first status-page update is due within {DurationParser.Format(first ?? every!.Value)}"
            : $"{m.Priority}: status-page updates every {DurationParser.Format(every!.Value)}";
        return new DueItem(StatusPagePrefix + due.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture),
            DueKind.StatusPageUpdate, due, reason, Audience: Audiences.StatusPage);
    }

    private const string StatusPagePrefix = "status-page:";

    private static void AddSla(List<DueItem> items, string name, TimeSpan? target, DateTimeOffset start, DateTimeOffset? stoppedAt,
        IReadOnlyList<IncidentEvent> known, EngineOptions options, string label, DateTimeOffset asOf)
    {
        if (target is not { } t)
        {
            return;
        }

        var breachAt = start + t;
        var warnAt = start + (t * options.SlaWarningFraction);

        // A warning is moot once its breach is owed too (an engine catching up after a stop): the breach says it all.
        if (stoppedAt is null && t > TimeSpan.Zero && warnAt < breachAt && asOf < breachAt)
        {
            items.Add(new DueItem($"sla:{name}:warning", DueKind.SlaWarning, warnAt,
                $"{label}: {name} SLA of {Target(t)} is {Math.Round(options.SlaWarningFraction * 100).ToString(CultureInfo.InvariantCulture)}% spent", Sla: name, Target: t));
        }

        var recorded = known.OfType<SlaBreached>().Any(b => string.Equals(b.Sla, name, StringComparison.OrdinalIgnoreCase));
        if (!recorded && (stoppedAt is null || stoppedAt > breachAt))
        {
            items.Add(new DueItem($"sla:{name}:breach", DueKind.SlaBreach, breachAt,
                $"{label}: {name} SLA of {Target(t)} missed", Sla: name, Target: t));
        }
    }

    /// <summary>An SLA target in words: a zero target is "immediate", as the policy table says.</summary>
    private static string Target(TimeSpan target) => target == TimeSpan.Zero ? "0 (immediate)" : DurationParser.Format(target);

    private static bool Notified(IReadOnlyList<IncidentEvent> known, string audience) =>
        known.OfType<Notified>().Any(n => Audiences.Is(n.Audience, audience));

    private static TimeSpan? Lookup(IReadOnlyDictionary<Priority, TimeSpan> map, Priority? priority) =>
        priority is { } p && map.TryGetValue(p, out var value) ? value : null;

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
}
