namespace Firebreak.Core.Tests;

/// <summary>Tracked actions and the held review drive the engine's items; a closed incident owes only its open actions.</summary>
public sealed class EngineActionsAndReviewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);
    private static readonly ResponsePolicy Policy = DefaultPolicy.Instance;

    private static List<IncidentEvent> Resolved(Priority priority) =>
    [
        new IncidentDetected(T0, "alertmanager", "INC-7", "alertmanager", "alert", "checkout fails", priority, "alerts/a.json"),
        new IncidentClassified(T0, "triage", priority, Impact.High, Urgency.High, IncidentCategory.Availability, "most users"),
        new StatusChanged(T0, "triage", IncidentStatus.Detected, IncidentStatus.Triaged, "triaged"),
        new StatusChanged(T0, "triage", IncidentStatus.Triaged, IncidentStatus.Investigating, "investigating"),
        new StatusChanged(T0.AddHours(1), "Rita", IncidentStatus.Investigating, IncidentStatus.Resolved, "fixed"),
        new IncidentResolved(T0.AddHours(1), "Rita", "fixed"),
    ];

    private static DuePlan Plan(IEnumerable<IncidentEvent> events, DateTimeOffset at) => EscalationEngine.Plan(IncidentLifecycle.Replay("INC-7", events), Policy, at);

    [Fact]
    public void Plan_TrackedActionPastItsDueDate_IsADueItem()
    {
        var events = Resolved(Priority.P1);
        events.Add(new ActionTracked(T0.AddHours(2), "Rita", "A1", "Add a canary", "Alex Kim", T0.AddDays(3), ActionType.Prevent, Priority.P2));

        var item = Plan(events, T0.AddDays(4)).Item("action:A1:overdue");

        item.ShouldNotBeNull();
        item.Kind.ShouldBe(DueKind.ActionOverdue);
        item.DueAt.ShouldBe(T0.AddDays(3));
        item.IsDue(T0.AddDays(4)).ShouldBeTrue();
    }

    [Fact]
    public void Plan_TrackedActionDone_NoLongerOwed()
    {
        var events = Resolved(Priority.P1);
        events.Add(new ActionTracked(T0.AddHours(2), "Rita", "A1", "Add a canary", "Alex Kim", T0.AddDays(3), ActionType.Prevent, Priority.P2));
        events.Add(new ActionCompleted(T0.AddDays(3.5), "Alex Kim", "A1"));

        Plan(events, T0.AddDays(4)).Item("action:A1:overdue").ShouldBeNull();
    }

    [Fact]
    public void Plan_ReviewHeld_ClearsTheReviewDeadline()
    {
        var events = Resolved(Priority.P1);
        Plan(events, T0.AddHours(2)).Item("review:deadline").ShouldNotBeNull();

        events.Add(new ReviewHeld(T0.AddDays(1), "Rita", T0.AddDays(1), ["Rita", "Alex Kim"]));

        var plan = Plan(events, T0.AddDays(1));
        plan.Item("review:deadline").ShouldBeNull();
        plan.Item("notice:pir-invitation").ShouldBeNull();
    }

    [Fact]
    public void Plan_ClosedIncident_OwesOnlyItsOpenActions()
    {
        var events = Resolved(Priority.P0);
        events.Add(new ReviewHeld(T0.AddDays(1), "Rita", T0.AddDays(1), ["Rita"]));
        events.Add(new StatusChanged(T0.AddDays(1), "Rita", IncidentStatus.Resolved, IncidentStatus.Closed, "review held"));
        events.Add(new IncidentClosed(T0.AddDays(1), "Rita", "review held"));
        events.Add(new ActionTracked(T0.AddDays(1), "Rita", "A1", "Add a canary", "Alex Kim", T0.AddDays(8), ActionType.Prevent, Priority.P2));
        events.Add(new ActionTracked(T0.AddDays(1), "Rita", "A2", "Alert on checkout errors", "Alex Kim", T0.AddDays(9), ActionType.Detect, Priority.P2));
        events.Add(new ActionCompleted(T0.AddDays(2), "Alex Kim", "A2"));

        Plan(events, T0.AddDays(2.5)).Items.Select(i => i.Key).ShouldBe(["action:A1:overdue"]);
    }

    [Fact]
    public void Plan_StatusPageUpdatesNumbered_EachResetsTheCadence()
    {
        var events = Resolved(Priority.P1).Take(4).ToList();
        events.Add(new Notified(T0.AddMinutes(10), "Jo", Audiences.StatusPage, "public status page", "investigating") { Sequence = 1 });
        events.Add(new Notified(T0.AddMinutes(40), "Jo", Audiences.StatusPage, "public status page", "fix rolling out") { Sequence = 2 });

        var state = IncidentLifecycle.Replay("INC-7", events);

        state.Events.OfType<Notified>().Select(n => n.DedupKey).ShouldBe(["notified:status-page:1", "notified:status-page:2"]);
        var update = EscalationEngine.Plan(state, Policy, T0.AddMinutes(41)).Items.Single(i => i.Kind == DueKind.StatusPageUpdate);
        update.DueAt.ShouldBe(T0.AddMinutes(40) + Policy.StatusPageEvery[Priority.P1]);
    }
}
