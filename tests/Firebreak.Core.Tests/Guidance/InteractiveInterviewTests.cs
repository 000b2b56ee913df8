namespace Firebreak.Core.Tests;

public sealed class InteractiveInterviewTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Questions_AreTheSeedsEightVerbatim()
    {
        var questions = InteractiveInterview.Questions;

        questions.Count.ShouldBe(8);
        questions[0].ShouldBe(("What is the observed user impact?", "(e.g., complete outage, degraded performance, specific feature unavailable)"));
        questions[1].ShouldBe(("What percentage of users are affected?", "(Helps me assign initial severity: P0 = >50%, P1 = 10-50%, P2 = <10%)"));
        questions[2].ShouldBe(("When did the issue start?", "(Timeline helps identify triggering events: deployments, traffic spikes)"));
        questions[3].ShouldBe(("What recent changes occurred in the last 24 hours?", "(Deployments, config changes, infrastructure updates - guides rollback decisions)"));
        questions[4].ShouldBe(("Is this security-related or involving data loss?", "(Immediate escalation to security team, forensics preservation)"));
        questions[5].ShouldBe(("What is the business impact?", "(Revenue loss, compliance risk, reputation damage - affects escalation urgency)"));
        questions[6].ShouldBe(("What is your on-call team's experience level?", "(Helps me tailor runbook detail and escalation speed)"));
        questions[7].ShouldBe(("What is your current SLA status?", "(Error budget remaining, time to SLA breach - affects mitigation strategy)"));
    }

    [Theory]
    [InlineData("60%", 0.6)]
    [InlineData("about 30 percent", 0.3)]
    [InlineData("roughly 12.5 %", 0.125)]
    [InlineData("10-20%", 0.2)]
    [InlineData("1 in 10", 0.1)]
    [InlineData("most", 0.75)]
    [InlineData("all of them", 1.0)]
    [InlineData("everyone", 1.0)]
    [InlineData("half", 0.5)]
    [InlineData("a few", 0.05)]
    [InlineData("40", 0.4)]
    [InlineData("0.3", 0.3)]
    [InlineData("nobody", 0.0)]
    [InlineData("150%", 1.0)]
    public void ParseRatio_Answer_GivesShare(string answer, double expected) =>
        InteractiveInterview.ParseRatio(answer)!.Value.ShouldBe(expected, 0.0001);

    [Theory]
    [InlineData("")]
    [InlineData("not sure")]
    [InlineData("unknown")]
    [InlineData("some")]
    [InlineData("100 users")]
    public void ParseRatio_NoShare_IsNull(string answer) => InteractiveInterview.ParseRatio(answer).ShouldBeNull();

    [Theory]
    [InlineData("60%", Priority.P0)]
    [InlineData("51%", Priority.P0)]
    [InlineData("50%", Priority.P1)]
    [InlineData("10%", Priority.P1)]
    [InlineData("9%", Priority.P2)]
    [InlineData("few", Priority.P2)]
    [InlineData("none", Priority.P3)]
    public void ToGuidance_Percentage_SuggestsPriority(string answer, Priority expected)
    {
        var profile = InteractiveInterview.ToGuidance(["", answer]);

        profile.SuggestedPriority.ShouldBe(expected);
        profile.ReportedAffectedRatio.ShouldNotBeNull();
        profile.Effects.ShouldContain(e => e.StartsWith("Q2:", StringComparison.Ordinal) && e.Contains(expected.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("20 minutes ago", 20)]
    [InlineData("about 2 hours ago", 120)]
    [InlineData("it started roughly 1h30m ago", 90)]
    [InlineData("an hour ago", 60)]
    [InlineData("half an hour ago", 30)]
    [InlineData("a few minutes ago", 3)]
    [InlineData("ten minutes ago", 10)]
    [InlineData("19:15 UTC", 45)]
    [InlineData("just now", 0)]
    public void ParseStart_Relative_ResolvesAgainstAsOf(string answer, int minutesBefore) =>
        InteractiveInterview.ParseStart(answer, AsOf).ShouldBe(AsOf.AddMinutes(-minutesBefore));

    [Fact]
    public void ParseStart_ClockTimeLaterThanNow_IsYesterday() =>
        InteractiveInterview.ParseStart("23:30", AsOf).ShouldBe(new DateTimeOffset(2026, 11, 24, 23, 30, 0, TimeSpan.Zero));

    [Fact]
    public void ParseStart_Iso_NeedsNoAsOf() =>
        InteractiveInterview.ParseStart("around 2026-11-25T19:03:00Z", null).ShouldBe(new DateTimeOffset(2026, 11, 25, 19, 3, 0, TimeSpan.Zero));

    [Fact]
    public void ToGuidance_RelativeStartWithoutAsOf_IsNotGuessed()
    {
        var profile = InteractiveInterview.ToGuidance(["", "", "20 minutes ago"]);

        profile.ReportedStart.ShouldBeNull();
        profile.Effects.ShouldContain(e => e.StartsWith("Q3:", StringComparison.Ordinal) && e.Contains("could not be read", StringComparison.Ordinal));
    }

    [Fact]
    public void ToGuidance_FullAnswers_CombineIntoGuidance()
    {
        string[] answers =
        [
            "Complete outage, checkout returns 500s",
            "about 70 percent",
            "20 minutes ago",
            "checkout-api 3.8.0 deployed at 19:14",
            "no",
            "Revenue loss, some reputation damage",
            "Junior team, first P0",
            "Error budget exhausted; update every 15 min",
        ];

        var profile = InteractiveInterview.ToGuidance(answers, AsOf);

        profile.ReportedOutage.ShouldBeTrue();
        profile.ReportedImpact.ShouldBe(answers[0]);
        profile.ReportedAffectedRatio.ShouldBe(0.7);
        profile.SuggestedPriority.ShouldBe(Priority.P0);
        profile.ReportedStart.ShouldBe(AsOf.AddMinutes(-20));
        profile.ReportedChanges.ShouldBe(answers[3]);
        profile.Security.ShouldBeFalse();
        profile.DataLoss.ShouldBeFalse();
        profile.Revenue.ShouldBeTrue();
        profile.Reputation.ShouldBeTrue();
        profile.ComprehensiveDocumentation.ShouldBeTrue();
        profile.SlaAtRisk.ShouldBeTrue();
        profile.PreferFastRollback.ShouldBeTrue();
        profile.UpdateCadence.ShouldBe(TimeSpan.FromMinutes(15));
        for (var q = 1; q <= 8; q++)
        {
            profile.Effects.ShouldContain(e => e.StartsWith($"Q{q}:", StringComparison.Ordinal), $"Q{q}");
            profile.Text.ShouldContain($"Q{q} ");
        }
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("Yes, possible intrusion")]
    [InlineData("maybe")]
    public void ToGuidance_SecurityYes_EngagesSecurityAndForensics(string answer)
    {
        var profile = InteractiveInterview.ToGuidance(["", "", "", "", answer]);

        profile.Security.ShouldBeTrue();
        profile.PreserveForensics.ShouldBeTrue();
    }

    [Fact]
    public void ToGuidance_DataLossAnswer_SetsDataLossAndForensics()
    {
        var profile = InteractiveInterview.ToGuidance(["", "", "", "", "yes, data loss in the orders table"]);

        profile.DataLoss.ShouldBeTrue();
        profile.PreserveForensics.ShouldBeTrue();
    }

    [Theory]
    [InlineData("no")]
    [InlineData("No, not security related and no data loss")]
    public void ToGuidance_SecurityNo_ChangesNothing(string answer)
    {
        var profile = InteractiveInterview.ToGuidance(["", "", "", "", answer]);

        profile.Security.ShouldBeFalse();
        profile.DataLoss.ShouldBeFalse();
        profile.PreserveForensics.ShouldBeFalse();
    }

    [Theory]
    [InlineData("compliance risk, GDPR", "compliance")]
    [InlineData("revenue loss", "revenue")]
    [InlineData("reputation damage", "reputation")]
    public void ToGuidance_BusinessImpact_SetsFlags(string answer, string flag)
    {
        var profile = InteractiveInterview.ToGuidance(["", "", "", "", "", answer]);

        (flag switch { "compliance" => profile.Compliance, "revenue" => profile.Revenue, _ => profile.Reputation }).ShouldBeTrue();
        profile.Effects.ShouldContain(e => e.StartsWith($"Q6: {flag}:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("new team", true)]
    [InlineData("mostly junior engineers", true)]
    [InlineData("senior, very experienced", false)]
    [InlineData("not new at all", false)]
    public void ToGuidance_Experience_SetsDocumentationDepth(string answer, bool comprehensive)
    {
        var profile = InteractiveInterview.ToGuidance(["", "", "", "", "", "", answer]);

        profile.ComprehensiveDocumentation.ShouldBe(comprehensive);
        profile.TeamExperience.ShouldBe(answer);
    }

    [Theory]
    [InlineData("SLA breached", true)]
    [InlineData("budget exhausted", true)]
    [InlineData("little budget left", true)]
    [InlineData("5% of error budget remaining", true)]
    [InlineData("80% budget left, fine", false)]
    [InlineData("not breached, healthy", false)]
    public void ToGuidance_SlaStatus_MarksRisk(string answer, bool atRisk)
    {
        var profile = InteractiveInterview.ToGuidance(["", "", "", "", "", "", "", answer]);

        profile.SlaAtRisk.ShouldBe(atRisk);
        profile.PreferFastRollback.ShouldBe(atRisk);
    }

    [Theory]
    [InlineData("every 15 min", 15)]
    [InlineData("updates every hour", 60)]
    [InlineData("hourly", 60)]
    [InlineData("every 30 minutes please", 30)]
    public void ToGuidance_Cadence_SetsUpdateCadence(string answer, int minutes) =>
        InteractiveInterview.ToGuidance(["", "", "", "", "", "", "", answer]).UpdateCadence.ShouldBe(TimeSpan.FromMinutes(minutes));

    [Fact]
    public void ToGuidance_NoAnswers_KeepsExisting()
    {
        var existing = GuidanceParser.Parse("payments down");

        var profile = InteractiveInterview.ToGuidance([], existing);

        profile.Revenue.ShouldBeTrue();
        profile.Text.ShouldBe("payments down");
        profile.Effects.ShouldBe(existing.Effects);
    }

    [Fact]
    public void ToGuidance_CombinesWithExisting_WithoutDuplicatingEffects()
    {
        var existing = GuidanceParser.Parse("Payment processing down, revenue impact critical");

        var profile = InteractiveInterview.ToGuidance(["", "", "", "", "", "revenue loss, compliance risk"], existing);

        profile.Revenue.ShouldBeTrue();
        profile.Compliance.ShouldBeTrue();
        profile.Effects.Count(e => e.Contains("revenue:", StringComparison.Ordinal)).ShouldBe(1);
        profile.Effects.ShouldContain(e => e.StartsWith("Q6: compliance:", StringComparison.Ordinal));
        profile.Text.ShouldStartWith("Payment processing down");
    }

    [Fact]
    public void ToGuidance_PartialOutage_IsNotCompleteOutage() =>
        InteractiveInterview.ToGuidance(["partial outage in EU, checkout slowdown"]).ReportedOutage.ShouldBeFalse();

    [Theory]
    [InlineData("site is down")]
    [InlineData("total outage")]
    [InlineData("everything is completely down")]
    public void ToGuidance_OutageWords_ReportOutage(string answer) =>
        InteractiveInterview.ToGuidance([answer]).ReportedOutage.ShouldBeTrue();

    [Fact]
    public void ToGuidance_NoRecentChanges_LeavesChangesEmpty()
    {
        var profile = InteractiveInterview.ToGuidance(["", "", "", "none that I know of"]);

        profile.ReportedChanges.ShouldBeNull();
        profile.Effects.ShouldContain(e => e.StartsWith("Q4: no recent changes", StringComparison.Ordinal));
    }
}
