namespace Firebreak.Core.Tests;

public sealed class ReviewSchedulerTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static readonly HashSet<DayOfWeek> Weekdays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private static WorkingHours Hours(TimeZoneInfo zone) => new(zone, new TimeOnly(9, 0), new TimeOnly(17, 0), Weekdays);

    [Fact]
    public void Place_DeadlineInsideWorkingHours_EndsByTheDeadlineOnTheHour()
    {
        // Tuesday 2026-11-24 14:30 Berlin (13:30 UTC).
        var deadline = new DateTimeOffset(2026, 11, 24, 13, 30, 0, TimeSpan.Zero);

        var slot = ReviewScheduler.Place(deadline, Hour, deadline.AddHours(-24), Hours(Berlin));

        slot.Start.ShouldBe(new DateTimeOffset(2026, 11, 24, 13, 0, 0, TimeSpan.FromHours(1)));
        slot.WithinDeadline.ShouldBeTrue();
    }

    [Fact]
    public void Place_DeadlineAtNight_MovesBackToTheEndOfThatWorkingDay()
    {
        // Wednesday 2026-11-25 23:00 Berlin.
        var deadline = new DateTimeOffset(2026, 11, 25, 23, 0, 0, TimeSpan.FromHours(1));

        var slot = ReviewScheduler.Place(deadline, Hour, deadline.AddHours(-24), Hours(Berlin));

        slot.Start.ShouldBe(new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Place_DeadlineEarlyMorning_MovesBackToTheDayBefore()
    {
        // Thursday 2026-11-26 07:00 Berlin: the last slot ending by then is Wednesday 16:00-17:00.
        var deadline = new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.FromHours(1));

        ReviewScheduler.Place(deadline, Hour, deadline.AddHours(-48), Hours(Berlin)).Start
            .ShouldBe(new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Place_DeadlineOnSunday_MovesBackToFridayAfternoon()
    {
        // P1 resolved Friday 2026-11-27 10:00 Berlin, due Sunday 10:00.
        var resolved = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(1));

        var slot = ReviewScheduler.Place(resolved.AddHours(48), Hour, resolved, Hours(Berlin));

        slot.Start.ShouldBe(new DateTimeOffset(2026, 11, 27, 16, 0, 0, TimeSpan.FromHours(1)));
        slot.WithinDeadline.ShouldBeTrue();
    }

    [Fact]
    public void Place_NoWorkingHoursBeforeTheDeadline_FirstSlotAfterItAndSaysSo()
    {
        // P0 resolved Friday 2026-11-27 18:00 Berlin, due Saturday 18:00: nothing in between.
        var resolved = new DateTimeOffset(2026, 11, 27, 18, 0, 0, TimeSpan.FromHours(1));

        var slot = ReviewScheduler.Place(resolved.AddHours(24), Hour, resolved, Hours(Berlin));

        slot.Start.ShouldBe(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(1)));
        slot.WithinDeadline.ShouldBeFalse();
        slot.Reason.ShouldContain("first working-hours slot after it");
    }

    [Fact]
    public void Place_ResolvedLateInTheWorkingDay_NeverBeforeTheResolution()
    {
        // Resolved Monday 2026-11-23 16:30 Berlin, due Tuesday 16:30: Tuesday 15:00-16:00 fits.
        var resolved = new DateTimeOffset(2026, 11, 23, 16, 30, 0, TimeSpan.FromHours(1));

        ReviewScheduler.Place(resolved.AddHours(24), Hour, resolved, Hours(Berlin)).Start
            .ShouldBe(new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Place_AcrossSpringForward_KeepsTheLocalWorkingDay()
    {
        // New York springs forward on Sunday 2026-03-08. Deadline Monday 2026-03-09 08:00 EDT: last slot Friday 16:00 EST.
        var deadline = new DateTimeOffset(2026, 3, 9, 8, 0, 0, TimeSpan.FromHours(-4));

        var slot = ReviewScheduler.Place(deadline, Hour, deadline.AddHours(-72), Hours(NewYork));

        slot.Start.ShouldBe(new DateTimeOffset(2026, 3, 6, 16, 0, 0, TimeSpan.FromHours(-5)));
    }

    [Fact]
    public void Place_DayAfterFallBack_UsesTheNewOffset()
    {
        // Berlin falls back on Sunday 2026-10-25. Deadline Monday 2026-10-26 12:00 CET: slot 11:00 CET (10:00 UTC), not summer time.
        var deadline = new DateTimeOffset(2026, 10, 26, 12, 0, 0, TimeSpan.FromHours(1));

        var slot = ReviewScheduler.Place(deadline, Hour, deadline.AddHours(-24), Hours(Berlin));

        slot.Start.UtcDateTime.ShouldBe(new DateTime(2026, 10, 26, 10, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void Place_MeetingLongerThanTheWorkingDay_Refused()
    {
        var deadline = new DateTimeOffset(2026, 11, 24, 13, 30, 0, TimeSpan.Zero);

        Should.Throw<ArgumentException>(() => ReviewScheduler.Place(deadline, TimeSpan.FromHours(9), deadline.AddDays(-1), Hours(Berlin)));
    }
}
