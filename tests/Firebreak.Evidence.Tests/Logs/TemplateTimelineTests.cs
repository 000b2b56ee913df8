namespace Firebreak.Evidence.Tests;

public sealed class TemplateTimelineTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Onset_RateJumps_FindsTheJump()
    {
        var timeline = new TemplateTimeline();
        for (var m = 0; m < 60; m += 10)
        {
            timeline.Add(Start.AddMinutes(m));
        }

        for (var s = 0; s < 600; s += 5)
        {
            timeline.Add(Start.AddMinutes(60).AddSeconds(s));
        }

        var onset = timeline.Onset(Start, Start.AddMinutes(70));

        onset.ShouldNotBeNull();
        onset.Value.ShouldBe(Start.AddMinutes(60), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Onset_SteadyRate_IsNull()
    {
        var timeline = new TemplateTimeline();
        for (var m = 0; m < 24 * 60; m++)
        {
            timeline.Add(Start.AddMinutes(m).AddSeconds(7));
        }

        timeline.Onset(Start, Start.AddDays(1)).ShouldBeNull();
    }

    [Fact]
    public void Add_ManyDays_StaysBoundedAndCounts()
    {
        var timeline = new TemplateTimeline();
        for (var m = 0; m < 30 * 24 * 60; m += 3)
        {
            timeline.Add(Start.AddMinutes(m));
        }

        timeline.Count.ShouldBe(30 * 24 * 20);
        timeline.First.ShouldBe(Start);
        ((double)timeline.CountBefore(Start.AddDays(15))).ShouldBe(15 * 24 * 20, 200);
    }
}
