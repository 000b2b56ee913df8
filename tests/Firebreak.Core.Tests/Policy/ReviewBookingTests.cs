namespace Firebreak.Core.Tests;

/// <summary>The review is (re)booked at resolution: the policy's deadline for the priority, in the organiser's working hours.</summary>
public sealed class ReviewBookingTests
{
    // Wednesday 2026-11-25 09:00 UTC.
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly ResponsePolicy Policy = DefaultPolicy.Instance;
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static readonly WorkingHours BerlinHours = new(Berlin, new TimeOnly(10, 0), new TimeOnly(16, 0),
        new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday });

    private static List<IncidentEvent> Open(Priority priority) =>
    [
        new IncidentDetected(T0, "alertmanager", "INC-7", "alertmanager", "alert", "checkout fails", priority, "alerts/a.json"),
        new IncidentClassified(T0, "triage", priority, Impact.High, Urgency.High, IncidentCategory.Availability, "most users"),
        new StatusChanged(T0, "triage", IncidentStatus.Detected, IncidentStatus.Triaged, "triaged"),
        new StatusChanged(T0, "triage", IncidentStatus.Triaged, IncidentStatus.Investigating, "investigating"),
    ];

    private static IncidentEvent[] Resolve(DateTimeOffset at) =>
    [
        new StatusChanged(at, "Rita", IncidentStatus.Investigating, IncidentStatus.Resolved, "fixed"),
        new IncidentResolved(at, "Rita", "fixed"),
    ];

    private static ReviewScheduled? Rebook(IEnumerable<IncidentEvent> events, DateTimeOffset at) =>
        ReviewBooking.Rebook(IncidentLifecycle.Replay("INC-7", events), Policy, BerlinHours, at, "project-manager", "Rita Gomez");

    [Fact]
    public void Rebook_Unresolved_NothingOwed() =>
        Rebook(Open(Priority.P1), T0.AddHours(1)).ShouldBeNull();

    [Fact]
    public void Rebook_ProvisionalBookingThenResolvedLater_MovesToResolutionPlusTheWindowInWorkingHours()
    {
        var events = Open(Priority.P1);
        events.Add(new ReviewScheduled(T0, "project-manager", T0.AddHours(47), "Rita Gomez", T0.AddHours(48)));
        var resolvedAt = T0.AddHours(30); // Thursday 15:00 UTC: P1 review due Saturday 15:00 UTC
        events.AddRange(Resolve(resolvedAt));

        var booking = Rebook(events, resolvedAt).ShouldNotBeNull();

        booking.Deadline.ShouldBe(resolvedAt + Policy.ReviewWithin[Priority.P1]);
        // The deadline is on Saturday: back to the end of Friday's working hours in Berlin (15:00-16:00 CET = 14:00 UTC).
        booking.MeetingAt.ShouldBe(new DateTimeOffset(2026, 11, 27, 14, 0, 0, TimeSpan.Zero));
        booking.Facilitator.ShouldBe("Rita Gomez");
        booking.DedupKey.ShouldBe("review-scheduled:2026-11-28T15:00:00Z");
    }

    [Fact]
    public void Rebook_BookingAlreadyAtTheDeadline_Stands()
    {
        var events = Open(Priority.P0);
        events.AddRange(Resolve(T0.AddHours(2)));
        var first = Rebook(events, T0.AddHours(2)).ShouldNotBeNull();
        events.Add(first);

        Rebook(events, T0.AddHours(3)).ShouldBeNull();
    }

    [Fact]
    public void Rebook_ReopenedAndResolvedAgain_MovesToTheNewDeadline()
    {
        var events = Open(Priority.P0);
        events.AddRange(Resolve(T0.AddHours(2)));
        events.Add(Rebook(events, T0.AddHours(2)).ShouldNotBeNull());
        events.Add(new StatusChanged(T0.AddHours(3), "Rita", IncidentStatus.Resolved, IncidentStatus.Investigating, "back"));
        events.Add(new StatusChanged(T0.AddHours(26), "Rita", IncidentStatus.Investigating, IncidentStatus.Resolved, "fixed again"));

        var moved = Rebook(events, T0.AddHours(26)).ShouldNotBeNull();

        moved.Deadline.ShouldBe(T0.AddHours(26) + Policy.ReviewWithin[Priority.P0]);
    }

    [Fact]
    public void Rebook_ReviewHeldOrNoReviewForThePriority_NothingOwed()
    {
        var held = Open(Priority.P1);
        held.AddRange(Resolve(T0.AddHours(2)));
        held.Add(new ReviewHeld(T0.AddDays(1), "Rita", T0.AddDays(1), ["Rita"]));
        Rebook(held, T0.AddDays(1)).ShouldBeNull();

        var p3 = Open(Priority.P3);
        p3.AddRange(Resolve(T0.AddHours(2)));
        Rebook(p3, T0.AddHours(2)).ShouldBeNull();
    }

    [Fact]
    public void Plan_ResolvedWithAProvisionalBooking_StillOwesThePirInvitationUntilItIsNotified()
    {
        var events = Open(Priority.P1);
        events.Add(new ReviewScheduled(T0, "project-manager", T0.AddHours(47), "Rita Gomez", T0.AddHours(48)));
        events.AddRange(Resolve(T0.AddHours(1)));

        EscalationEngine.Plan(IncidentLifecycle.Replay("INC-7", events), Policy, T0.AddHours(1)).Item("notice:pir-invitation").ShouldNotBeNull();

        events.Add(new Notified(T0.AddHours(1), "firebreak engine", EscalationEngine.PirAudience, "Rita Gomez", "invitation"));
        EscalationEngine.Plan(IncidentLifecycle.Replay("INC-7", events), Policy, T0.AddHours(1)).Item("notice:pir-invitation").ShouldBeNull();
    }
}
