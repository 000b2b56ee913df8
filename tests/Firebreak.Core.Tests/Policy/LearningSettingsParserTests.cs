namespace Firebreak.Core.Tests;

public sealed class LearningSettingsParserTests
{
    [Fact]
    public void ParseReview_Missing_Defaults()
    {
        var hours = LearningSettingsParser.ParseReview(null);

        hours.ShouldBe(WorkingHours.Default);
        hours.Start.ShouldBe(new TimeOnly(9, 0));
        hours.End.ShouldBe(new TimeOnly(17, 0));
        hours.Days.Count.ShouldBe(5);
    }

    [Fact]
    public void ParseReview_Values_ZoneHoursAndDays()
    {
        var hours = LearningSettingsParser.ParseReview(new Dictionary<string, object?>
        {
            ["time_zone"] = "Europe/Berlin",
            ["working_hours"] = "08:30-16:00",
            ["working_days"] = new List<object?> { "mon", "wed" },
        });

        hours.Zone.Id.ShouldBe("Europe/Berlin");
        hours.Start.ShouldBe(new TimeOnly(8, 30));
        hours.Days.ShouldBe(new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Wednesday }, ignoreOrder: true);
    }

    [Theory]
    [InlineData("time_zone", "Mars/Olympus", "review.time_zone")]
    [InlineData("working_hours", "17:00-09:00", "review.working_hours")]
    [InlineData("working_days", "someday", "review.working_days")]
    [InlineData("workinghours", "09:00-17:00", "review.workinghours")]
    public void ParseReview_BadValue_NamesItsPath(string key, string value, string path)
    {
        var e = Should.Throw<LearningSettingsException>(() => LearningSettingsParser.ParseReview(new Dictionary<string, object?> { [key] = value }));

        e.Path.ShouldBe(path);
    }

    [Fact]
    public void ParseRecurrence_WindowAndSimilarity()
    {
        var options = LearningSettingsParser.ParseRecurrence(new Dictionary<string, object?> { ["window"] = "30d", ["similarity"] = "0.7" });

        options.Window.ShouldBe(TimeSpan.FromDays(30));
        options.SimilarityThreshold.ShouldBe(0.7);
        LearningSettingsParser.ParseRecurrence(null).ShouldBe(RecurrenceOptions.Default);
        Should.Throw<LearningSettingsException>(() => LearningSettingsParser.ParseRecurrence(new Dictionary<string, object?> { ["similarity"] = "2" }))
            .Path.ShouldBe("recurrence.similarity");
    }
}
