using System.Globalization;

namespace Firebreak.Evidence.Tests;

public sealed class SubjectTallyTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Onset = Start.AddMinutes(30);

    [Fact]
    public void Observe_KeyValueLines_CountsDistinctSubjectsRowsAndDataKinds()
    {
        var tally = new SubjectTally();

        tally.Observe("export page=1 customer=cust-1 rows=100 fields=name,email");
        tally.Observe("export page=2 customer=cust-2 rows=100 fields=name,email");
        tally.Observe("export page=3 customer=cust-1 rows=50 fields=email,phone");

        var result = tally.Result().ShouldNotBeNull();
        result.Key.ShouldBe("customer");
        result.Distinct.ShouldBe(2);
        result.Lines.ShouldBe(3);
        result.Rows.ShouldBe(250);
        result.DataKinds.ShouldBe(["name", "email", "phone"]);
        result.Capped.ShouldBeFalse();
    }

    [Fact]
    public void Observe_KeyInsideAnotherWord_IsNotASubject()
    {
        var tally = new SubjectTally();

        tally.Observe("superuser=root poweruser_id=7 username: x");

        tally.Result().ShouldBeNull();
    }

    [Fact]
    public void Observe_JsonFieldAndQuotedKey_AreSubjects()
    {
        var tally = new SubjectTally();

        tally.Observe("{\"msg\":\"denied\",\"user_id\":\"u-9\"}");
        tally.Observe(new Dictionary<string, string> { ["user_id"] = "u-10" });

        tally.Result().ShouldNotBeNull().Distinct.ShouldBe(2);
    }

    [Fact]
    public void Analyze_SubjectsOnlyFromTheOnsetOn_AreOnTheChangedTemplate()
    {
        using var dir = new TempLogDirectory();
        var log = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var at = Start.AddMinutes(i).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            log.Add($"{at} INFO [web] GET /account 200 user=user{i % 7}");
            if (i >= 30)
            {
                log.Add($"{at} ERROR [web] account page served from cache to the wrong session user=user{1000 + i}");
            }
        }

        var file = dir.Write("logs/web.log", log);

        var analysis = new LogAnalyzer().Analyze(dir.Path, [file], Onset);

        var changed = analysis.Templates.Single(t => t.IsNew);
        changed.Subjects.ShouldNotBeNull().Distinct.ShouldBe(30);
        var steady = analysis.Templates.Single(t => !t.IsNew);
        steady.Subjects.ShouldNotBeNull().Distinct.ShouldBe(7);
        steady.Subjects.Lines.ShouldBe(30);
    }
}
