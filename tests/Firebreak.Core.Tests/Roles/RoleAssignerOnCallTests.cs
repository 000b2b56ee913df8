namespace Firebreak.Core.Tests;

public sealed class RoleAssignerOnCallTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly HashSet<DayOfWeek> Weekdays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private static readonly PeopleDirectory People = new(
        Oncall: ["List Person"],
        IncidentCommanders: ["Rita Gomez"],
        Communications: ["Jo Lee"],
        Architects: ["Ken Ito"],
        Management: ["Mia Chen"],
        Executives: ["Omar Haddad"],
        Security: [],
        Legal: [],
        DeploymentManagers: ["Pat Doe"],
        Unavailable: new HashSet<string>());

    private static readonly ComponentInfo Checkout = new("checkout", "Dana Wu", "Lee Park", ["src/checkout/"], true, []);

    // Tier 1: a daily midnight rotation (Alex, Sam) with Jordan as backup; Tier 2 for checkout: a business-hours rotation (Kim) with Pat as backup.
    private static readonly Rotation Primary = new("primary", Berlin, new DateOnly(2026, 11, 2), TimeOnly.MinValue, TimeSpan.FromDays(1), ["Alex", "Sam"]);
    private static readonly Rotation Owners = new("owners", Berlin, new DateOnly(2026, 11, 2), new TimeOnly(9, 0), TimeSpan.FromDays(7), ["Kim"],
        new ActiveHours(new TimeOnly(9, 0), new TimeOnly(17, 0), Weekdays));

    private static OnCallSchedule Schedule(params Unavailability[] unavailable) => new(
        [Primary, Owners],
        [new RoleSchedule(Roles.Tier1OnCall, ["primary"], "Jordan")],
        new Dictionary<string, IReadOnlyList<RoleSchedule>> { ["checkout"] = [new RoleSchedule(Roles.Tier2ComponentOwner, ["owners"], "Pat")] },
        [],
        unavailable);

    private static RoleRoster Assign(OnCallSchedule schedule, DateTimeOffset at, Tier tier = Tier.Tier1) =>
        RoleAssigner.Assign(Priority.P2, tier, new ServiceProfile("shop", 1000, SloTargets.None, [Checkout], People), ["checkout"],
            GuidanceProfile.None, null, new OnCallAt(schedule, at));

    [Fact]
    public void Assign_PersonOnShift_TakesTier1FromTheRotationNotThePeopleList()
    {
        // Tuesday 3 Nov 2026 10:00 Berlin: shift 1 of the daily rotation, Sam.
        var roster = Assign(Schedule(), new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero));

        roster.Holder(Roles.Tier1OnCall).ShouldBe("Sam");
        roster.Assignments.Single(a => a.Role == Roles.Tier1OnCall).Reason.ShouldContain("rotation primary");
        roster.Blocks.ShouldBeEmpty();
    }

    [Fact]
    public void Assign_OnShiftPersonUnavailable_BackupHoldsTier1AndTheBlockNamesWhomItReplaced()
    {
        var roster = Assign(Schedule(new Unavailability("Sam")), new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero));

        roster.Holder(Roles.Tier1OnCall).ShouldBe("Jordan");
        var block = roster.Blocks.ShouldHaveSingleItem();
        block.Role.ShouldBe(Roles.Tier1OnCall);
        block.Unavailable.ShouldBe("Sam");
        block.Backup.ShouldBe("Jordan");
        block.Reason.ShouldContain("backup Jordan is used");
    }

    [Fact]
    public void Assign_Tier2OwnerOffShiftAtNight_ComponentBackupHoldsItAndTheBlockSaysOffShift()
    {
        // Tuesday 3 Nov 2026 22:00 Berlin: Kim's week, but outside 09:00-17:00.
        var roster = Assign(Schedule(), new DateTimeOffset(2026, 11, 3, 21, 0, 0, TimeSpan.Zero), Tier.Tier2);

        roster.Holder(Roles.Tier2ComponentOwner).ShouldBe("Pat");
        var block = roster.Blocks.ShouldHaveSingleItem();
        block.Unavailable.ShouldBe("Kim (off shift in rotation owners)");
        block.Backup.ShouldBe("Pat");
    }

    [Fact]
    public void Assign_ScheduleHasNobody_FallsBackToThePeopleListAndSaysSo()
    {
        var roster = Assign(Schedule(new Unavailability("Sam"), new Unavailability("Jordan")), new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero));

        roster.Holder(Roles.Tier1OnCall).ShouldBe("List Person");
        var block = roster.Blocks.ShouldHaveSingleItem();
        block.Backup.ShouldBeNull();
        block.Reason.ShouldContain("people: lists");
    }

    [Fact]
    public void Assign_RoleTheScheduleDoesNotStaff_ComesFromThePeopleList()
    {
        var roster = RoleAssigner.Assign(Priority.P1, Tier.Tier1, new ServiceProfile("shop", 1000, SloTargets.None, [Checkout], People), ["checkout"],
            GuidanceProfile.None, null, new OnCallAt(Schedule(), new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero)));

        roster.Holder(Roles.IncidentCommander).ShouldBe("Rita Gomez");
        roster.Holder(Roles.Tier1OnCall).ShouldBe("Sam");
    }
}
