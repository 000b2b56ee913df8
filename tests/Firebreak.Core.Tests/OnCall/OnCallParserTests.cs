namespace Firebreak.Core.Tests;

public sealed class OnCallParserTests
{
    private static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value);

    private static Dictionary<string, object?> Section(Dictionary<string, object?>? rotation = null, object? roles = null, params (string Key, object? Value)[] more)
    {
        var section = Map(
            ("rotations", Map(("primary", rotation ?? Map(
                ("time_zone", "America/New_York"), ("start", "2026-11-02"), ("handoff", "00:00"), ("shift", "1d"),
                ("members", new List<object?> { "Alex", "Sam" }))))),
            ("roles", roles ?? Map(("tier1", Map(("layers", new List<object?> { "primary" }), ("backup", "Jordan"))))));
        foreach (var (key, value) in more)
        {
            section[key] = value;
        }

        return section;
    }

    [Fact]
    public void Parse_FullSection_BuildsTheSchedule()
    {
        var section = Section(more:
        [
            ("components", Map(("checkout", Map(("tier2", new List<object?> { "primary" }))))),
            ("overrides", new List<object?> { Map(("rotation", "primary"), ("person", "Kim"), ("from", "2026-11-03T05:00:00Z"), ("to", "2026-11-04T05:00:00Z")) }),
            ("unavailable", new List<object?> { "Lee", Map(("person", "Sam"), ("from", "2026-11-10T00:00:00-05:00")) }),
        ]);

        var schedule = OnCallParser.Parse(section);

        var rotation = schedule.Rotations["primary"];
        rotation.Zone.Id.ShouldBe("America/New_York");
        rotation.Handoff.ShouldBe(TimeOnly.MinValue);
        rotation.Shift.ShouldBe(TimeSpan.FromDays(1));
        schedule.ScheduleFor(Roles.Tier1OnCall)!.Backup.ShouldBe("Jordan");
        schedule.ScheduleFor(Roles.Tier2ComponentOwner, "checkout")!.Layers.ShouldBe(["primary"]);
        schedule.Overrides.ShouldHaveSingleItem().Person.ShouldBe("Kim");
        schedule.Unavailable.Count.ShouldBe(2);
        schedule.IsAvailable("Sam", new DateTimeOffset(2026, 11, 10, 6, 0, 0, TimeSpan.Zero)).ShouldBeFalse();
        schedule.WhoIsOnCall(Roles.Tier1OnCall, new DateTimeOffset(2026, 11, 3, 12, 0, 0, TimeSpan.Zero)).Person.ShouldBe("Kim");
    }

    [Fact]
    public void Parse_Defaults_HandoffNineAndWeeklyShifts()
    {
        var rotation = OnCallParser.Parse(Section(Map(("time_zone", "Europe/Berlin"), ("start", "2026-11-02"), ("members", "Alex")))).Rotations["primary"];

        rotation.Handoff.ShouldBe(new TimeOnly(9, 0));
        rotation.Shift.ShouldBe(TimeSpan.FromDays(7));
        rotation.ActiveHours.IsAlways.ShouldBeTrue();
    }

    [Fact]
    public void Parse_HoursAndDayRange_BuildsActiveHours()
    {
        var rotation = OnCallParser.Parse(Section(Map(("time_zone", "Europe/Berlin"), ("start", "2026-11-02"), ("members", "Alex"),
            ("hours", "09:00-17:00"), ("days", "mon-fri")))).Rotations["primary"];

        rotation.ActiveHours.From.ShouldBe(new TimeOnly(9, 0));
        rotation.ActiveHours.Days.Count.ShouldBe(5);
        rotation.ActiveHours.Days.ShouldNotContain(DayOfWeek.Saturday);
    }

    [Theory]
    [InlineData("time_zone", "Mars/Olympus", "rotations.primary.time_zone", "not a known IANA time zone")]
    [InlineData("start", "next monday", "rotations.primary.start", "is not a date")]
    [InlineData("handoff", "9am", "rotations.primary.handoff", "is not a time of day")]
    [InlineData("shift", "30m", "rotations.primary.shift", "at least 1h")]
    [InlineData("shift", "often", "rotations.primary.shift", "is not a duration")]
    [InlineData("hours", "09:00", "rotations.primary.hours", "is not a window")]
    [InlineData("days", "weekdays", "rotations.primary.days", "is not a day")]
    [InlineData("colour", "red", "rotations.primary.colour", "unknown key")]
    public void Parse_BadRotationValue_ThrowsWithPath(string key, string value, string path, string message)
    {
        var rotation = Map(("time_zone", "Europe/Berlin"), ("start", "2026-11-02"), ("members", "Alex"));
        rotation[key] = value;

        var error = Should.Throw<OnCallException>(() => OnCallParser.Parse(Section(rotation)));

        error.Path.ShouldBe(path);
        error.Message.ShouldStartWith($"oncall.{path}: ");
        error.Message.ShouldContain(message);
    }

    [Fact]
    public void Parse_DuplicateMember_Throws()
    {
        var error = Should.Throw<OnCallException>(() => OnCallParser.Parse(Section(Map(("time_zone", "Europe/Berlin"), ("start", "2026-11-02"),
            ("members", new List<object?> { "Alex", "alex" })))));

        error.Path.ShouldBe("rotations.primary.members");
    }

    [Fact]
    public void Parse_RoleNamesUnknownRotation_Throws()
    {
        var error = Should.Throw<OnCallException>(() => OnCallParser.Parse(Section(roles: Map(("tier1", new List<object?> { "secondary" })))));

        error.Path.ShouldBe("roles.tier1.layers");
        error.Message.ShouldContain("rotation secondary is not defined");
    }

    [Fact]
    public void Parse_UnknownRole_Throws()
    {
        var error = Should.Throw<OnCallException>(() => OnCallParser.Parse(Section(roles: Map(("janitor", new List<object?> { "primary" })))));

        error.Path.ShouldBe("roles.janitor");
    }

    [Fact]
    public void Parse_OverrideWithoutOffset_Throws()
    {
        var section = Section(more: ("overrides", new List<object?> { Map(("rotation", "primary"), ("person", "Kim"), ("from", "2026-11-03T05:00:00"), ("to", "2026-11-04T05:00:00Z")) }));

        var error = Should.Throw<OnCallException>(() => OnCallParser.Parse(section));

        error.Path.ShouldBe("overrides.0.from");
        error.Message.ShouldContain("with an offset");
    }

    [Fact]
    public void Parse_OverrideEndingBeforeItStarts_Throws()
    {
        var section = Section(more: ("overrides", new List<object?> { Map(("rotation", "primary"), ("person", "Kim"), ("from", "2026-11-04T05:00:00Z"), ("to", "2026-11-03T05:00:00Z")) }));

        Should.Throw<OnCallException>(() => OnCallParser.Parse(section)).Path.ShouldBe("overrides.0.to");
    }

    [Fact]
    public void Parse_NullOrEmpty_IsEmpty()
    {
        OnCallParser.Parse(null).IsEmpty.ShouldBeTrue();
        OnCallParser.Parse(new Dictionary<string, object?>()).IsEmpty.ShouldBeTrue();
    }
}
