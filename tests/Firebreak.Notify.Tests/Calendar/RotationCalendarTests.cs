using Firebreak.Core;

namespace Firebreak.Notify.Tests;

public sealed class RotationCalendarTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly DateTimeOffset Stamp = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Export_DailyRotationAcrossSpringForward_OneEventPerShiftAtLocalHandoff()
    {
        var rotation = new Rotation("Platform primary", Berlin, new DateOnly(2026, 3, 27), new TimeOnly(9, 0), TimeSpan.FromDays(1), ["Alex", "Sam"]);

        var text = RotationCalendar.Export(rotation, new DateTimeOffset(2026, 3, 27, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 31, 7, 0, 0, TimeSpan.Zero), Stamp);

        var calendar = Ical.Net.Calendar.Load(text)!;
        calendar.Events.Count.ShouldBe(4);
        var events = calendar.Events.OrderBy(e => e.DtStart!.AsUtc).ToList();
        events.Select(e => e.Summary).ShouldBe([
            "On call: Alex (Platform primary)", "On call: Sam (Platform primary)", "On call: Alex (Platform primary)", "On call: Sam (Platform primary)"]);
        events.ShouldAllBe(e => e.DtStart!.TzId == "Europe/Berlin" && e.DtStart.Hour == 9);
        // 28 March 09:00 CET to 29 March 09:00 CEST is 23 hours.
        (events[1].DtEnd!.AsUtc - events[1].DtStart!.AsUtc).ShouldBe(TimeSpan.FromHours(23));
        events[1].Uid.ShouldBe("platform-primary-1@firebreak");
        text.ShouldContain("DTSTART;TZID=Europe/Berlin:20260328T090000");
        text.ShouldContain("BEGIN:VTIMEZONE");
    }

    [Theory]
    [InlineData(2026, 3, 6, 23)] // spring forward: 8 March 2026 in New York is 23 hours long
    [InlineData(2026, 10, 30, 25)] // fall back: 1 November 2026 is 25 hours long
    public void Export_MidnightHandoffAcrossDaylightSaving_ReparsesAndTilesTheRangeAtLocalMidnight(int year, int month, int day, int changeDayHours)
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var rotation = new Rotation("ny", newYork, new DateOnly(year, month, day), TimeOnly.MinValue, TimeSpan.FromDays(1), ["Alex", "Sam", "Kim"]);
        var from = ZonedTime.ToInstant(new DateTime(year, month, day, 0, 0, 0), newYork);

        var to = ZonedTime.ToInstant(new DateTime(year, month, day, 0, 0, 0).AddDays(4), newYork);

        var text = RotationCalendar.Export(rotation, from, to, Stamp);

        var events = Ical.Net.Calendar.Load(text)!.Events.OrderBy(e => e.DtStart!.AsUtc).ToList();
        events.Count.ShouldBe(4);
        events.ShouldAllBe(e => e.DtStart!.TzId == "America/New_York" && e.DtStart.Hour == 0 && e.DtStart.Minute == 0 && e.DtEnd!.Hour == 0);
        events.Zip(events.Skip(1)).ShouldAllBe(pair => pair.First.DtEnd!.AsUtc == pair.Second.DtStart!.AsUtc);
        events.Select(e => (e.DtEnd!.AsUtc - e.DtStart!.AsUtc).TotalHours).ShouldBe([24, 24, changeDayHours, 24]);
        events.Select(e => e.Uid).Distinct().Count().ShouldBe(4);
    }

    [Fact]
    public void Export_OverrideSpanningAHandoff_SplitsBothShiftsAndStillTilesWithoutOverlap()
    {
        var rotation = new Rotation("primary", Berlin, new DateOnly(2026, 3, 27), TimeOnly.MinValue, TimeSpan.FromDays(1), ["Alex", "Sam"]);
        // Olga covers 27 March 20:00 to 28 March 12:00 local: the end of Alex's shift and the start of Sam's.
        var cover = new RotationOverride("primary", "Olga", new DateTimeOffset(2026, 3, 27, 20, 0, 0, TimeSpan.FromHours(1)), new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.FromHours(1)));
        var other = new RotationOverride("elsewhere", "Zed", new DateTimeOffset(2026, 3, 27, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 30, 0, 0, 0, TimeSpan.Zero));
        var from = new DateTimeOffset(2026, 3, 27, 0, 0, 0, TimeSpan.FromHours(1));

        var text = RotationCalendar.Export(rotation, from, from.AddDays(2), Stamp, [cover, other]);

        var events = Ical.Net.Calendar.Load(text)!.Events.OrderBy(e => e.DtStart!.AsUtc).ToList();
        events.Select(e => e.Summary).ShouldBe([
            "On call: Alex (primary)", "On call: Olga (primary, override for Alex)", "On call: Olga (primary, override for Sam)", "On call: Sam (primary)"]);
        events.Select(e => e.Uid).ShouldBe(["primary-0@firebreak", "primary-0.1@firebreak", "primary-1@firebreak", "primary-1.1@firebreak"]);
        events.Zip(events.Skip(1)).ShouldAllBe(pair => pair.First.DtEnd!.AsUtc == pair.Second.DtStart!.AsUtc);
        events[1].DtStart!.Hour.ShouldBe(20);
        events[2].DtStart!.Hour.ShouldBe(0);
        events[3].DtStart!.Hour.ShouldBe(12);
        events[^1].DtEnd!.AsUtc.ShouldBe(from.AddDays(2).UtcDateTime);
    }

    [Fact]
    public void Export_SameRange_SameTextTwice()
    {
        var rotation = new Rotation("r", Berlin, new DateOnly(2026, 3, 2), new TimeOnly(9, 0), TimeSpan.FromDays(7), ["Alex"]);
        var from = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

        RotationCalendar.Export(rotation, from, from.AddDays(28), Stamp).ShouldBe(RotationCalendar.Export(rotation, from, from.AddDays(28), Stamp));
    }

    [Fact]
    public void Export_EndBeforeStart_Throws()
    {
        var rotation = new Rotation("r", Berlin, new DateOnly(2026, 3, 2), new TimeOnly(9, 0), TimeSpan.FromDays(7), ["Alex"]);

        Should.Throw<ArgumentException>(() => RotationCalendar.Export(rotation, Stamp, Stamp, Stamp));
    }
}
