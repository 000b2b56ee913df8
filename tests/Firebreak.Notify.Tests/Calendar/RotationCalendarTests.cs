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
