namespace Firebreak.Core.Tests;

public sealed class IncidentLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 19, 0, 0, TimeSpan.Zero);

    private static readonly HashSet<(IncidentStatus, IncidentStatus)> Legal =
    [
        (IncidentStatus.Detected, IncidentStatus.Triaged),
        (IncidentStatus.Triaged, IncidentStatus.Investigating),
        (IncidentStatus.Triaged, IncidentStatus.Mitigating),
        (IncidentStatus.Triaged, IncidentStatus.Resolved),
        (IncidentStatus.Triaged, IncidentStatus.Identified),
        (IncidentStatus.Investigating, IncidentStatus.Identified),
        (IncidentStatus.Investigating, IncidentStatus.Mitigating),
        (IncidentStatus.Investigating, IncidentStatus.Resolved),
        (IncidentStatus.Identified, IncidentStatus.Mitigating),
        (IncidentStatus.Identified, IncidentStatus.Resolved),
        (IncidentStatus.Identified, IncidentStatus.Investigating),
        (IncidentStatus.Mitigating, IncidentStatus.Resolved),
        (IncidentStatus.Mitigating, IncidentStatus.Investigating),
        (IncidentStatus.Resolved, IncidentStatus.Closed),
        (IncidentStatus.Resolved, IncidentStatus.Investigating),
    ];

    public static TheoryData<IncidentStatus, IncidentStatus> AllPairs()
    {
        var data = new TheoryData<IncidentStatus, IncidentStatus>();
        foreach (var from in Enum.GetValues<IncidentStatus>())
        {
            foreach (var to in Enum.GetValues<IncidentStatus>())
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    public static TheoryData<IncidentStatus, IncidentStatus> IllegalPairs()
    {
        var data = new TheoryData<IncidentStatus, IncidentStatus>();
        foreach (var from in Enum.GetValues<IncidentStatus>())
        {
            foreach (var to in Enum.GetValues<IncidentStatus>())
            {
                if (!Legal.Contains((from, to)))
                {
                    data.Add(from, to);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void CanMove_EveryPair_MatchesTheLifecycle(IncidentStatus from, IncidentStatus to) =>
        IncidentLifecycle.CanMove(from, to).ShouldBe(Legal.Contains((from, to)));

    [Theory]
    [MemberData(nameof(IllegalPairs))]
    public void Apply_IllegalStatusChange_Throws(IncidentStatus from, IncidentStatus to)
    {
        var state = new IncidentState { Id = "INC-1", Status = from };

        var ex = Should.Throw<InvalidTransitionException>(() =>
            IncidentLifecycle.Apply(state, new StatusChanged(T0, "test", from, to, "why")));

        ex.From.ShouldBe(from);
        ex.To.ShouldBe(to);
        ex.Message.ShouldContain(WireNames.Of(to));
    }

    [Fact]
    public void Apply_StatusChangeFromAnotherStatus_Throws()
    {
        var state = new IncidentState { Id = "INC-1", Status = IncidentStatus.Investigating };

        var ex = Should.Throw<InvalidTransitionException>(() =>
            IncidentLifecycle.Apply(state, new StatusChanged(T0, "test", IncidentStatus.Triaged, IncidentStatus.Mitigating, "stale")));

        ex.From.ShouldBe(IncidentStatus.Investigating);
        ex.Message.ShouldContain("decided for an incident in TRIAGED");
    }

    [Fact]
    public void Apply_DetectedToResolvedWithoutTriage_Throws() =>
        Should.Throw<InvalidTransitionException>(() => IncidentLifecycle.Replay("INC-1",
        [
            Detected(),
            new IncidentResolved(T0.AddMinutes(5), "test", "gone"),
        ]));

    [Fact]
    public void Apply_ClosedIncidentResolvedAgain_Throws()
    {
        var closed = Replay(
            Detected(),
            Status(1, IncidentStatus.Detected, IncidentStatus.Triaged),
            new IncidentResolved(T0.AddMinutes(10), "test", "fixed"),
            new IncidentClosed(T0.AddDays(1), "test", "reviewed"));
        closed.Status.ShouldBe(IncidentStatus.Closed);

        Should.Throw<InvalidTransitionException>(() => IncidentLifecycle.Apply(closed, Status(2000, IncidentStatus.Closed, IncidentStatus.Investigating)));
    }

    [Fact]
    public void Replay_FullHappyPath_FoldsEveryField()
    {
        var state = Replay(
            Detected(),
            new IncidentClassified(T0.AddMinutes(1), "triage", Priority.P1, Impact.High, Urgency.Medium, IncidentCategory.Availability, "62% errors"),
            Status(1, IncidentStatus.Detected, IncidentStatus.Triaged),
            new RoleAssigned(T0.AddMinutes(2), "roles", Roles.IncidentCommander, "Rita Gomez", "P1"),
            new RoleAssigned(T0.AddMinutes(2), "roles", Roles.Tier1OnCall, "Alex Kim", "on-call"),
            Status(3, IncidentStatus.Triaged, IncidentStatus.Investigating),
            new Escalated(T0.AddMinutes(30), "clock", Tier.Tier2, "tier 1 timeout"),
            new Notified(T0.AddMinutes(31), "comms", "Management", "Mia Chen", "P1"),
            new Notified(T0.AddMinutes(32), "comms", Audiences.Executive, "Omar Haddad", "revenue"),
            new MitigationChosen(T0.AddMinutes(40), "mitigation", MitigationStrategy.Rollback, "deploy 3.8.0"),
            Status(41, IncidentStatus.Investigating, IncidentStatus.Mitigating),
            new MitigationExecuted(T0.AddMinutes(45), "ops", MitigationStrategy.Rollback, "rollback.sh", 0, true, "actions/rollback.log"),
            new MitigationValidated(T0.AddMinutes(60), "sre", ResolutionVerdict.Resolved, "baseline"),
            new MajorIncidentDeclared(T0.AddMinutes(61), "ic", ["INC-1", "INC-2"], "VP"),
            new ChangeFreezeDeclared(T0.AddMinutes(61), "ic", "major incident"),
            new IncidentResolved(T0.AddMinutes(62), "sre", "error ratio back to baseline"));

        state.Id.ShouldBe("INC-1");
        state.DetectedAt.ShouldBe(T0);
        state.ReportedPriority.ShouldBe(Priority.P0);
        state.Priority.ShouldBe(Priority.P1);
        state.Impact.ShouldBe(Impact.High);
        state.Urgency.ShouldBe(Urgency.Medium);
        state.Category.ShouldBe(IncidentCategory.Availability);
        state.Tier.ShouldBe(Tier.Tier2);
        state.ManagementNotified.ShouldBeTrue();
        state.ExecutiveNotified.ShouldBeTrue();
        state.Roles[Roles.IncidentCommander].ShouldBe("Rita Gomez");
        state.Roles[Roles.Tier1OnCall].ShouldBe("Alex Kim");
        state.Mitigation.ShouldBe(MitigationStrategy.Rollback);
        state.MitigationExecuted.ShouldBeTrue();
        state.MitigationValidated.ShouldBeTrue();
        state.MajorIncident.ShouldBeTrue();
        state.ChangeFreeze.ShouldBeTrue();
        state.Status.ShouldBe(IncidentStatus.Resolved);
        state.ResolvedAt.ShouldBe(T0.AddMinutes(62));
        state.Events.Count.ShouldBe(16);
    }

    [Fact]
    public void Apply_StatusChangedThenIncidentResolved_RecordsOnce()
    {
        var state = Replay(
            Detected(),
            Status(1, IncidentStatus.Detected, IncidentStatus.Triaged),
            Status(2, IncidentStatus.Triaged, IncidentStatus.Resolved),
            new IncidentResolved(T0.AddMinutes(3), "test", "self-healed"));

        state.Status.ShouldBe(IncidentStatus.Resolved);
        state.ResolvedAt.ShouldBe(T0.AddMinutes(2));
    }

    [Fact]
    public void Apply_Reopened_ClearsResolvedAt()
    {
        var state = Replay(
            Detected(),
            Status(1, IncidentStatus.Detected, IncidentStatus.Triaged),
            Status(2, IncidentStatus.Triaged, IncidentStatus.Resolved),
            Status(30, IncidentStatus.Resolved, IncidentStatus.Investigating));

        state.Status.ShouldBe(IncidentStatus.Investigating);
        state.ResolvedAt.ShouldBeNull();
    }

    [Fact]
    public void Apply_FailedMitigation_GoesBackToInvestigatingAndResetsExecution()
    {
        var state = Replay(
            Detected(),
            Status(1, IncidentStatus.Detected, IncidentStatus.Triaged),
            Status(2, IncidentStatus.Triaged, IncidentStatus.Mitigating),
            new MitigationExecuted(T0.AddMinutes(5), "ops", MitigationStrategy.Rollback, "rollback.sh", 1, false, "out.log"),
            new MitigationValidated(T0.AddMinutes(20), "sre", ResolutionVerdict.NotResolved, "still failing"),
            Status(21, IncidentStatus.Mitigating, IncidentStatus.Investigating));

        state.Status.ShouldBe(IncidentStatus.Investigating);
        state.MitigationExecuted.ShouldBeFalse();
        state.MitigationValidated.ShouldBeFalse();
    }

    [Fact]
    public void Apply_EscalationToLowerTier_KeepsHighestTier()
    {
        var state = Replay(Detected(), new Escalated(T0.AddMinutes(45), "clock", Tier.Tier3, "t"), new Escalated(T0.AddMinutes(50), "x", Tier.Tier2, "late"));

        state.Tier.ShouldBe(Tier.Tier3);
    }

    [Fact]
    public void Apply_OtherAudiences_DoNotMarkManagement()
    {
        var state = Replay(Detected(), new Notified(T0, "c", Audiences.StatusPage, "public", "P0"), new Notified(T0, "c", Audiences.Legal, "Lee", "breach"));

        state.ManagementNotified.ShouldBeFalse();
        state.ExecutiveNotified.ShouldBeFalse();
        state.Events.Count.ShouldBe(3);
    }

    [Fact]
    public void Apply_DoesNotMutateTheGivenState()
    {
        var before = Replay(Detected());

        var after = IncidentLifecycle.Apply(before, Status(1, IncidentStatus.Detected, IncidentStatus.Triaged));

        before.Status.ShouldBe(IncidentStatus.Detected);
        before.Events.Count.ShouldBe(1);
        after.Status.ShouldBe(IncidentStatus.Triaged);
        after.Events.Count.ShouldBe(2);
    }

    [Fact]
    public void Replay_WithoutDetectionEvent_UsesFirstEventAsDetection()
    {
        var state = IncidentLifecycle.Replay("INC-9", [new NoteRecorded(T0.AddMinutes(7), "x", "first note", null)]);

        state.DetectedAt.ShouldBe(T0.AddMinutes(7));
    }

    private static IncidentDetected Detected() =>
        new(T0, "alertmanager", "INC-1", "alertmanager", "automated-alert", "checkout errors", Priority.P0, "alerts/a.json");

    private static StatusChanged Status(int minute, IncidentStatus from, IncidentStatus to) =>
        new(T0.AddMinutes(minute), "test", from, to, "step");

    private static IncidentState Replay(params IncidentEvent[] events) => IncidentLifecycle.Replay("INC-1", events);
}
