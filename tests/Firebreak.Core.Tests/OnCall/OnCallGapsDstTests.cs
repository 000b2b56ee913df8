namespace Firebreak.Core.Tests;

public sealed class OnCallGapsDstTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static OnCallSchedule Schedule(Rotation rotation) => new(
        [rotation], [new RoleSchedule(Roles.Tier1OnCall, [rotation.Name], null)], new Dictionary<string, IReadOnlyList<RoleSchedule>>(), [], []);

    [Fact]
    public void Gaps_WindowStartingInsideTheSpringForwardGap_CoverageStartsAtTheJump()
    {
        // Night cover 02:30-06:00 every day; on 29 March 2026 Berlin jumps from 02:00 to 03:00 (01:00 UTC), so 02:30 never
        // happens and the window is open from the jump itself.
        var night = new Rotation("night", Berlin, new DateOnly(2026, 3, 23), TimeOnly.MinValue, TimeSpan.FromDays(7), ["Alex"],
            new ActiveHours(new TimeOnly(2, 30), new TimeOnly(6, 0), Enum.GetValues<DayOfWeek>().ToHashSet()));
        var from = new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);

        var gaps = Schedule(night).Gaps(Roles.Tier1OnCall, from, from.AddHours(24));

        // 28 March 12:00 UTC (13:00 CET) to the jump at 29 March 01:00 UTC, then 06:00 CEST (04:00 UTC) to the end.
        gaps.Select(g => (g.From, g.To)).ShouldBe([
            (from, new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero)),
            (new DateTimeOffset(2026, 3, 29, 4, 0, 0, TimeSpan.Zero), from.AddHours(24))]);
    }

    [Fact]
    public void Gaps_WindowEndingInsideTheSpringForwardGap_TheHoleStartsAtTheJump()
    {
        // Evening cover 20:00-02:30: on 29 March 2026 the clocks jump from 02:00 to 03:00, so the window closes at the jump (01:00 UTC).
        var evening = new Rotation("evening", Berlin, new DateOnly(2026, 3, 23), TimeOnly.MinValue, TimeSpan.FromDays(7), ["Alex"],
            new ActiveHours(new TimeOnly(20, 0), new TimeOnly(2, 30), Enum.GetValues<DayOfWeek>().ToHashSet()));
        var from = new DateTimeOffset(2026, 3, 28, 20, 0, 0, TimeSpan.Zero);

        var gaps = Schedule(evening).Gaps(Roles.Tier1OnCall, from, from.AddHours(12));

        gaps.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            g => g.From.ShouldBe(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero)),
            g => g.To.ShouldBe(from.AddHours(12)));
    }

    [Fact]
    public void TransitionsBetween_Berlin2026_BothJumpsToTheMinute() =>
        ZonedTime.TransitionsBetween(Berlin, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero))
            .ShouldBe([new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 25, 1, 0, 0, TimeSpan.Zero)]);

    [Fact]
    public void Gaps_MidnightHandoffAcrossFallBack_NoHoleAndNoOverlap()
    {
        var daily = new Rotation("daily", Berlin, new DateOnly(2026, 10, 23), TimeOnly.MinValue, TimeSpan.FromDays(1), ["Alex", "Sam"]);
        var from = new DateTimeOffset(2026, 10, 23, 0, 0, 0, TimeSpan.FromHours(2));

        Schedule(daily).Gaps(Roles.Tier1OnCall, from, from.AddDays(5)).ShouldBeEmpty();
        var shifts = daily.ShiftsBetween(from, from.AddDays(5)).ToList();
        shifts.Zip(shifts.Skip(1)).ShouldAllBe(p => p.First.End == p.Second.Start);
        shifts.Select(s => (s.End - s.Start).TotalHours).ShouldContain(25);
    }
}
