namespace Firebreak.Core.Tests;

public sealed class OnCallScheduleTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly HashSet<DayOfWeek> Weekdays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    // Weekly 24/7 base layer (Alex, Sam), a business-hours layer on top (Kim), Jordan as backup.
    private static readonly Rotation Base = new("base", Berlin, new DateOnly(2026, 11, 2), new TimeOnly(9, 0), TimeSpan.FromDays(7), ["Alex", "Sam"]);
    private static readonly Rotation Business = new("business", Berlin, new DateOnly(2026, 11, 2), new TimeOnly(9, 0), TimeSpan.FromDays(7), ["Kim"],
        new ActiveHours(new TimeOnly(9, 0), new TimeOnly(17, 0), Weekdays));
    private static readonly Rotation Owners = new("checkout-owners", Berlin, new DateOnly(2026, 11, 2), new TimeOnly(9, 0), TimeSpan.FromDays(1), ["Dana", "Lee"]);

    private static DateTimeOffset Utc(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    private static OnCallSchedule Schedule(IReadOnlyList<RotationOverride>? overrides = null, IReadOnlyList<Unavailability>? unavailable = null) => new(
        [Base, Business, Owners],
        [new RoleSchedule(Roles.Tier1OnCall, ["base", "business"], "Jordan"), new RoleSchedule(Roles.Tier3Architect, [], "Riley")],
        new Dictionary<string, IReadOnlyList<RoleSchedule>> { ["checkout"] = [new RoleSchedule(Roles.Tier2ComponentOwner, ["checkout-owners"], "Pat")] },
        overrides ?? [],
        unavailable ?? []);

    [Fact]
    public void WhoIsOnCall_InsideBusinessHours_TheHigherLayerWins()
    {
        // Tuesday 3 November 10:00 CET = 09:00Z.
        var answer = Schedule().WhoIsOnCall(Roles.Tier1OnCall, Utc(3, 9));

        answer.Person.ShouldBe("Kim");
        answer.Source.ShouldBe(OnCallSource.Rotation);
        answer.Rotation.ShouldBe("business");
        answer.Reason.ShouldContain("Kim is on shift in rotation business");
    }

    [Fact]
    public void WhoIsOnCall_AtNight_TheBaseLayerCovers()
    {
        var answer = Schedule().WhoIsOnCall(Roles.Tier1OnCall, Utc(3, 22));

        answer.Person.ShouldBe("Alex");
        answer.Until.ShouldBe(Utc(9, 8));
    }

    [Fact]
    public void WhoIsOnCall_OverrideInForce_OverridePersonIsOnCall()
    {
        var overrides = new[] { new RotationOverride("base", "Sam", Utc(3, 17), Utc(4, 8)) };

        var answer = Schedule(overrides).WhoIsOnCall(Roles.Tier1OnCall, Utc(3, 22));

        answer.Person.ShouldBe("Sam");
        answer.Source.ShouldBe(OnCallSource.Override);
        Schedule(overrides).WhoIsOnCall(Roles.Tier1OnCall, Utc(4, 20)).Person.ShouldBe("Alex");
    }

    [Fact]
    public void WhoIsOnCall_OnShiftPersonUnavailable_BackupIsUsedAndNamed()
    {
        var unavailable = new[] { new Unavailability("Alex", Utc(3, 18), Utc(4, 6)) };

        var answer = Schedule(unavailable: unavailable).WhoIsOnCall(Roles.Tier1OnCall, Utc(3, 22));

        answer.Person.ShouldBe("Jordan");
        answer.Source.ShouldBe(OnCallSource.Backup);
        answer.SkippedUnavailable.ShouldBe("Alex");
        answer.Reason.ShouldBe("Alex is on shift but unavailable; backup Jordan is used");
    }

    [Fact]
    public void WhoIsOnCall_BackupUnavailableToo_Nobody()
    {
        var unavailable = new[] { new Unavailability("Alex"), new Unavailability("Jordan") };

        var answer = Schedule(unavailable: unavailable).WhoIsOnCall(Roles.Tier1OnCall, Utc(3, 22));

        answer.Person.ShouldBeNull();
        answer.Source.ShouldBe(OnCallSource.Nobody);
        answer.Reason.ShouldContain("backup Jordan is unavailable too");
    }

    [Fact]
    public void WhoIsOnCall_NoSchedule_NobodyWithReason()
    {
        var answer = Schedule().WhoIsOnCall(Roles.Legal, Utc(3, 9));

        answer.Source.ShouldBe(OnCallSource.Nobody);
        answer.Reason.ShouldBe("no on-call schedule for Legal");
    }

    [Fact]
    public void PagingPlan_ForComponent_Tier2ComesFromTheComponentsRotation()
    {
        var plan = Schedule().PagingPlan(Utc(3, 22), "checkout");

        plan.Select(p => p.Tier).ShouldBe([Tier.Tier1, Tier.Tier2, Tier.Tier3]);
        plan[0].Answer.Person.ShouldBe("Alex");
        // Daily owners rotation: 2 Nov Dana, 3 Nov 09:00 Lee.
        plan[1].Answer.Person.ShouldBe("Lee");
        plan[2].Answer.Person.ShouldBe("Riley");
        plan[2].Answer.Source.ShouldBe(OnCallSource.Backup);
        Schedule().PagingPlan(Utc(3, 22))[1].Answer.Source.ShouldBe(OnCallSource.Nobody);
    }

    [Fact]
    public void Gaps_BusinessHoursOnlyRole_GapsAreNightsAndTheWeekendCoveredByBackup()
    {
        var schedule = new OnCallSchedule([Business], [new RoleSchedule(Roles.Tier1OnCall, ["business"], "Jordan")],
            new Dictionary<string, IReadOnlyList<RoleSchedule>>(), [], []);

        // Friday 6 November 12:00 CET to Monday 9 November 12:00 CET.
        var gaps = schedule.Gaps(Roles.Tier1OnCall, Utc(6, 11), Utc(9, 11));

        gaps.Count.ShouldBe(1);
        gaps[0].From.ShouldBe(Utc(6, 16));
        gaps[0].To.ShouldBe(Utc(9, 8));
        gaps[0].CoveredBy.ShouldBe("Jordan");
    }

    [Fact]
    public void Gaps_UnavailableWithoutBackup_GapIsUncovered()
    {
        var schedule = new OnCallSchedule([Base], [new RoleSchedule(Roles.Tier1OnCall, ["base"], null)],
            new Dictionary<string, IReadOnlyList<RoleSchedule>>(), [], [new Unavailability("Alex", Utc(3, 12), Utc(3, 14))]);

        var gaps = schedule.Gaps(Roles.Tier1OnCall, Utc(3, 0), Utc(4, 0));

        gaps.ShouldHaveSingleItem().ShouldBe(new CoverageGap(Roles.Tier1OnCall, null, Utc(3, 12), Utc(3, 14), null));
    }

    [Fact]
    public void Gaps_FullyCovered_None()
    {
        Schedule().Gaps(Roles.Tier1OnCall, Utc(2, 8), Utc(16, 8)).ShouldBeEmpty();
    }

    [Fact]
    public void Gaps_BeforeTheRotationStarts_IsAGap()
    {
        var gaps = Schedule().Gaps(Roles.Tier1OnCall, Utc(1, 0), Utc(3, 0));

        gaps.ShouldHaveSingleItem();
        gaps[0].From.ShouldBe(Utc(1, 0));
        gaps[0].To.ShouldBe(Utc(2, 8));
    }

    [Fact]
    public void Constructor_LayerNamesUnknownRotation_Throws()
    {
        Should.Throw<ArgumentException>(() => new OnCallSchedule([Base], [new RoleSchedule(Roles.Tier1OnCall, ["nope"], null)],
            new Dictionary<string, IReadOnlyList<RoleSchedule>>(), [], []));
    }
}
