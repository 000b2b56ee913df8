namespace Firebreak.Core.Tests;

public sealed class RotationTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0, int second = 0) =>
        new(2026, month, day, hour, minute, second, TimeSpan.Zero);

    private static Rotation Daily(TimeZoneInfo zone, TimeOnly handoff, DateOnly start, params string[] members) =>
        new("primary", zone, start, handoff, TimeSpan.FromDays(1), members);

    [Fact]
    public void ShiftAt_BerlinSpringForward_ShiftIs23HoursAndHandsOffAtNineLocal()
    {
        var rotation = Daily(Berlin, new TimeOnly(9, 0), new DateOnly(2026, 3, 1), "Alex", "Sam");

        // 28 March 09:00 CET is 08:00Z; 29 March 09:00 CEST is 07:00Z.
        var shift = rotation.ShiftAt(Utc(3, 29, 6, 59))!;

        shift.Start.ShouldBe(Utc(3, 28, 8));
        shift.End.ShouldBe(Utc(3, 29, 7));
        (shift.End - shift.Start).ShouldBe(TimeSpan.FromHours(23));
        var next = rotation.ShiftAt(Utc(3, 29, 7))!;
        next.Person.ShouldNotBe(shift.Person);
        (next.End - next.Start).ShouldBe(TimeSpan.FromHours(24));
    }

    [Fact]
    public void ShiftAt_BerlinFallBack_ShiftIs25Hours()
    {
        var rotation = Daily(Berlin, new TimeOnly(9, 0), new DateOnly(2026, 10, 1), "Alex", "Sam");

        // 24 October 09:00 CEST is 07:00Z; 25 October 09:00 CET is 08:00Z.
        var shift = rotation.ShiftAt(Utc(10, 25, 7, 30))!;

        shift.Start.ShouldBe(Utc(10, 24, 7));
        shift.End.ShouldBe(Utc(10, 25, 8));
        (shift.End - shift.Start).ShouldBe(TimeSpan.FromHours(25));
    }

    [Fact]
    public void ShiftAt_NewYorkMidnightHandoffAcrossFallBack_HandsOffAtLocalMidnight()
    {
        var rotation = Daily(NewYork, TimeOnly.MinValue, new DateOnly(2026, 10, 1), "Alex", "Sam", "Kim");

        // 1 November 00:00 EDT is 04:00Z; 2 November 00:00 EST is 05:00Z.
        var before = rotation.ShiftAt(Utc(11, 1, 3, 59, 59))!;
        var after = rotation.ShiftAt(Utc(11, 1, 4))!;

        before.End.ShouldBe(Utc(11, 1, 4));
        after.Start.ShouldBe(Utc(11, 1, 4));
        after.End.ShouldBe(Utc(11, 2, 5));
        after.Person.ShouldBe(rotation.Members[(int)((before.Index + 1) % 3)]);
        (after.End - after.Start).ShouldBe(TimeSpan.FromHours(25));
    }

    [Fact]
    public void ShiftAt_NewYorkMidnightHandoffAcrossSpringForward_ShiftIs23Hours()
    {
        var rotation = Daily(NewYork, TimeOnly.MinValue, new DateOnly(2026, 3, 1), "Alex", "Sam");

        // 8 March 00:00 EST is 05:00Z; 9 March 00:00 EDT is 04:00Z.
        var shift = rotation.ShiftAt(Utc(3, 8, 12))!;

        shift.Start.ShouldBe(Utc(3, 8, 5));
        shift.End.ShouldBe(Utc(3, 9, 4));
    }

    [Fact]
    public void Boundary_HandoffInsideSpringForwardGap_IsMovedForwardByTheGap()
    {
        var rotation = Daily(NewYork, new TimeOnly(2, 30), new DateOnly(2026, 3, 1), "Alex");

        // 02:30 does not exist on 8 March in New York: read with EST it is 07:30Z, i.e. 03:30 EDT.
        rotation.Boundary(7).ShouldBe(Utc(3, 8, 7, 30));
        rotation.Boundary(6).ShouldBe(Utc(3, 7, 7, 30));
        rotation.Boundary(8).ShouldBe(Utc(3, 9, 6, 30));
    }

    [Fact]
    public void Boundary_AmbiguousHandoffAtFallBack_IsTheFirstOccurrence()
    {
        var rotation = Daily(NewYork, new TimeOnly(1, 30), new DateOnly(2026, 11, 1), "Alex");

        // 01:30 happens twice on 1 November; the first is EDT, 05:30Z.
        rotation.Boundary(0).ShouldBe(Utc(11, 1, 5, 30));
    }

    [Fact]
    public void ShiftAt_BeforeFirstHandoff_IsNull()
    {
        var rotation = Daily(Berlin, new TimeOnly(9, 0), new DateOnly(2026, 3, 1), "Alex");

        rotation.ShiftAt(Utc(3, 1, 7, 59)).ShouldBeNull();
        rotation.ShiftAt(Utc(3, 1, 8))!.Person.ShouldBe("Alex");
    }

    [Fact]
    public void ShiftsBetween_WeeklyRotation_MembersTakeTurnsAndShiftsTile()
    {
        var rotation = new Rotation("weekly", Berlin, new DateOnly(2026, 3, 2), new TimeOnly(9, 0), TimeSpan.FromDays(7), ["Alex", "Sam", "Kim"]);

        var shifts = rotation.ShiftsBetween(Utc(3, 2, 8), Utc(4, 6, 7)).ToList();

        shifts.Select(s => s.Person).ShouldBe(["Alex", "Sam", "Kim", "Alex", "Sam"]);
        for (var i = 1; i < shifts.Count; i++)
        {
            shifts[i].Start.ShouldBe(shifts[i - 1].End);
        }

        // The week with the clock change is an hour shorter.
        (shifts[3].End - shifts[3].Start).ShouldBe(TimeSpan.FromDays(7) - TimeSpan.FromHours(1));
    }

    [Fact]
    public void Constructor_ShiftShorterThanAnHour_Throws()
    {
        Should.Throw<ArgumentException>(() => new Rotation("r", Berlin, new DateOnly(2026, 1, 1), TimeOnly.MinValue, TimeSpan.FromMinutes(30), ["Alex"]));
        Should.Throw<ArgumentException>(() => new Rotation("r", Berlin, new DateOnly(2026, 1, 1), TimeOnly.MinValue, TimeSpan.FromHours(8), []));
        Should.Throw<ArgumentException>(() => new Rotation("r", Berlin, new DateOnly(2026, 1, 1), TimeOnly.MinValue, TimeSpan.FromHours(8), ["Alex", "alex"]));
    }

    [Fact]
    public void CoveringShift_BusinessHoursInBerlin_CoversOnlyWeekdaysNineToFive()
    {
        var weekdays = new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };
        var rotation = new Rotation("business", Berlin, new DateOnly(2026, 3, 2), new TimeOnly(9, 0), TimeSpan.FromDays(7), ["Kim"],
            new ActiveHours(new TimeOnly(9, 0), new TimeOnly(17, 0), weekdays));

        // Monday 30 March (summer time): 09:00 CEST is 07:00Z.
        rotation.CoveringShift(Utc(3, 30, 6, 59)).ShouldBeNull();
        rotation.CoveringShift(Utc(3, 30, 7))!.Person.ShouldBe("Kim");
        rotation.CoveringShift(Utc(3, 30, 14, 59))!.Person.ShouldBe("Kim");
        rotation.CoveringShift(Utc(3, 28, 10)).ShouldBeNull();
    }
}
