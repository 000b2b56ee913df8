namespace Firebreak.Core.Tests;

public sealed class TriageAssessorTests
{
    private static readonly GuidanceProfile None = GuidanceProfile.None;

    public static TheoryData<string, TriageFacts, Impact> ImpactCases() => new()
    {
        { "complete outage", new TriageFacts { CompleteOutage = true }, Impact.High },
        { "62% affected", new TriageFacts { AffectedUserRatio = 0.62 }, Impact.High },
        { "data loss", new TriageFacts { DataLoss = true, AffectedUserRatio = 0.01 }, Impact.High },
        { "security breach", new TriageFacts { SecurityBreach = true }, Impact.High },
        { "exactly 50%", new TriageFacts { AffectedUserRatio = 0.5 }, Impact.Medium },
        { "10% affected", new TriageFacts { AffectedUserRatio = 0.10 }, Impact.Medium },
        { "severe degradation", new TriageFacts { SevereDegradation = true, AffectedUserRatio = 0.02 }, Impact.Medium },
        { "critical component", new TriageFacts { CriticalComponentUnavailable = true }, Impact.Medium },
        { "9% affected", new TriageFacts { AffectedUserRatio = 0.09 }, Impact.Low },
        { "nothing known", new TriageFacts(), Impact.Low },
    };

    [Theory]
    [MemberData(nameof(ImpactCases))]
    public void AssessImpact_Criteria_GiveLevel(string name, TriageFacts facts, Impact expected)
    {
        var impact = TriageAssessor.AssessImpact(facts, None);

        impact.Level.ShouldBe(expected, name);
        impact.Reasons.ShouldNotBeEmpty();
    }

    public static TheoryData<string, TriageFacts, GuidanceProfile, Urgency> UrgencyCases() => new()
    {
        { "worsening", new TriageFacts { Trend = Trend.Worsening }, GuidanceProfile.None, Urgency.High },
        { "budget in 1h", new TriageFacts { BudgetExhaustedIn = TimeSpan.FromHours(1), Trend = Trend.Stable }, GuidanceProfile.None, Urgency.High },
        { "budget in 30m even improving", new TriageFacts { BudgetExhaustedIn = TimeSpan.FromMinutes(30), Trend = Trend.Improving }, GuidanceProfile.None, Urgency.High },
        { "security breach", new TriageFacts { SecurityBreach = true }, GuidanceProfile.None, Urgency.High },
        { "data loss", new TriageFacts { DataLoss = true, Trend = Trend.Stable }, GuidanceProfile.None, Urgency.High },
        { "complete outage", new TriageFacts { CompleteOutage = true, Trend = Trend.Stable }, GuidanceProfile.None, Urgency.High },
        { "reported security", new TriageFacts(), new GuidanceProfile { Security = true }, Urgency.High },
        { "reported SLA breach without burn rate", new TriageFacts { SloViolated = true }, new GuidanceProfile { SlaAtRisk = true }, Urgency.High },
        { "measured budget beats reported breach", new TriageFacts { SloViolated = true, Trend = Trend.Stable, BudgetExhaustedIn = TimeSpan.FromHours(30) }, new GuidanceProfile { SlaAtRisk = true }, Urgency.Medium },
        { "critical component failing severely, slo violated", new TriageFacts { CriticalComponentUnavailable = true, SevereDegradation = true, SloViolated = true, Trend = Trend.Stable, BudgetExhaustedIn = TimeSpan.FromHours(3) }, GuidanceProfile.None, Urgency.High },
        { "critical component degraded within slo", new TriageFacts { CriticalComponentUnavailable = true, SevereDegradation = true, Trend = Trend.Stable }, GuidanceProfile.None, Urgency.Medium },
        { "slo violated stable", new TriageFacts { SloViolated = true, Trend = Trend.Stable }, GuidanceProfile.None, Urgency.Medium },
        { "budget in 5h", new TriageFacts { BudgetExhaustedIn = TimeSpan.FromHours(5) }, GuidanceProfile.None, Urgency.Medium },
        { "degradation trend unknown", new TriageFacts { SevereDegradation = true }, GuidanceProfile.None, Urgency.Medium },
        { "improving", new TriageFacts { SloViolated = true, Trend = Trend.Improving }, GuidanceProfile.None, Urgency.Low },
        { "no risk", new TriageFacts { Trend = Trend.Stable }, GuidanceProfile.None, Urgency.Low },
        { "revenue raises low", new TriageFacts { Trend = Trend.Improving }, new GuidanceProfile { Revenue = true }, Urgency.Medium },
        { "revenue fact raises low", new TriageFacts { RevenueImpact = true }, GuidanceProfile.None, Urgency.Medium },
    };

    [Theory]
    [MemberData(nameof(UrgencyCases))]
    public void AssessUrgency_Criteria_GiveLevel(string name, TriageFacts facts, GuidanceProfile guidance, Urgency expected)
    {
        var urgency = TriageAssessor.AssessUrgency(facts, guidance);

        urgency.Level.ShouldBe(expected, name);
        urgency.Reasons.ShouldNotBeEmpty();
        urgency.TimeSensitivity.ShouldBe(expected switch { Urgency.High => "immediate", Urgency.Medium => "hours", _ => "days" });
    }

    [Fact]
    public void Assess_OutageWorsening_IsP0AndConfirmsReportedP0()
    {
        var facts = new TriageFacts { CompleteOutage = true, AffectedUserRatio = 1, Users = 240_000, Trend = Trend.Worsening };

        var result = TriageAssessor.Assess(facts, Priority.P0, None);

        result.Priority.ShouldBe(Priority.P0);
        result.ReportedPriority.ShouldBe(Priority.P0);
        result.Impact.AffectedUsers.ShouldBe(240_000);
        result.Impact.Effect.ShouldBe("complete outage");
        result.Verdict.ShouldContain("P0 is confirmed");
    }

    [Fact]
    public void Assess_ReportedP0ButMinorStable_LowersAndKeepsBoth()
    {
        var facts = new TriageFacts { AffectedUserRatio = 0.04, SloViolated = true, Trend = Trend.Stable };

        var result = TriageAssessor.Assess(facts, Priority.P0, None);

        result.Priority.ShouldBe(Priority.P3);
        result.ReportedPriority.ShouldBe(Priority.P0);
        result.Verdict.ShouldContain("P0 is lowered to P3");
        result.Verdict.ShouldContain("Impact LOW x Urgency MEDIUM");
    }

    [Fact]
    public void Assess_ReportedP3ButHalfTheUsersWorsening_Raises()
    {
        var result = TriageAssessor.Assess(new TriageFacts { AffectedUserRatio = 0.3, Trend = Trend.Worsening }, Priority.P3, None);

        result.Priority.ShouldBe(Priority.P1);
        result.Verdict.ShouldContain("P3 is raised to P1");
    }

    [Fact]
    public void Assess_NoReportedSeverity_SaysSo() =>
        TriageAssessor.Assess(new TriageFacts(), null, None).Verdict.ShouldStartWith("No initial severity was reported");

    [Fact]
    public void Assess_AffectedUsers_IsRatioTimesUsers()
    {
        var impact = TriageAssessor.AssessImpact(new TriageFacts { AffectedUserRatio = 0.25, Users = 1000 }, None);

        impact.AffectedUsers.ShouldBe(250);
        impact.AffectedRatio.ShouldBe(0.25);
        impact.Reasons.ShouldContain(r => r.Contains("25%", StringComparison.Ordinal));
    }

    [Fact]
    public void AssessImpact_UsersUnknown_SaysWhatWouldMakeItKnown()
    {
        var impact = TriageAssessor.AssessImpact(new TriageFacts { AffectedUserRatio = 0.25 }, None);

        impact.AffectedUsers.ShouldBeNull();
        impact.Reasons.ShouldContain(r => r.Contains("users: in firebreak.yaml", StringComparison.Ordinal));
    }

    [Fact]
    public void AssessImpact_ReportedRatioWithoutMeasurement_CountsAndSaysReported()
    {
        var impact = TriageAssessor.AssessImpact(new TriageFacts { Users = 100 }, new GuidanceProfile { ReportedAffectedRatio = 0.6 });

        impact.Level.ShouldBe(Impact.High);
        impact.AffectedUsers.ShouldBe(60);
        impact.Reasons[0].ShouldContain("reported");
    }

    [Fact]
    public void AssessImpact_MeasuredRatio_BeatsReportedRatio()
    {
        var impact = TriageAssessor.AssessImpact(new TriageFacts { AffectedUserRatio = 0.05 }, new GuidanceProfile { ReportedAffectedRatio = 0.9 });

        impact.Level.ShouldBe(Impact.Low);
        impact.AffectedRatio.ShouldBe(0.05);
    }

    [Fact]
    public void AssessImpact_ReportedOutageWithoutMeasurement_IsHigh()
    {
        var impact = TriageAssessor.AssessImpact(new TriageFacts(), new GuidanceProfile { ReportedOutage = true });

        impact.Level.ShouldBe(Impact.High);
        impact.Effect.ShouldBe("complete outage");
    }

    [Fact]
    public void Assess_SuggestedPriorityMoreSevere_KeepsComputedAndNotesIt()
    {
        var guidance = new GuidanceProfile { SuggestedPriority = Priority.P0 };

        var result = TriageAssessor.Assess(new TriageFacts { AffectedUserRatio = 0.2, SloViolated = true, Trend = Trend.Stable }, null, guidance);

        result.Priority.ShouldBe(Priority.P2);
        result.Verdict.ShouldContain("suggest P0");
        result.Verdict.ShouldContain("P2 stands");
    }

    [Fact]
    public void Assess_Citations_AppearAsSourcesInTheRightAssessment()
    {
        var facts = new TriageFacts
        {
            AffectedUserRatio = 0.62,
            Trend = Trend.Worsening,
            Citations = ["error ratio 62% (metrics/checkout_error_ratio.json, sample 19:52)", "trend worsening over 10 minutes (metrics/checkout_error_ratio.json)"],
        };

        var result = TriageAssessor.Assess(facts, null, None);

        result.Impact.Reasons.ShouldContain("Source: error ratio 62% (metrics/checkout_error_ratio.json, sample 19:52)");
        result.Urgency.Reasons.ShouldContain("Source: trend worsening over 10 minutes (metrics/checkout_error_ratio.json)");
    }

    [Theory]
    [InlineData("severe degradation: search_latency_p95_ms at 2300 ms, ≥ 2× the SLO [metrics/search.json]", true)]
    [InlineData("complete outage: error ratio ≥ 95%, availability ≈ 0 or throughput collapsed to ≈ 0", true)]
    [InlineData("critical component checkout-api is severely degraded (critical: true in firebreak.yaml)", true)]
    [InlineData("error budget exhausted in 48m at the current burn (checkout_error_ratio) [metrics/x.json]", false)]
    [InlineData("SLO violated now (error ratio above the error budget or p95 above the latency objective)", false)]
    [InlineData("trend of the main symptom checkout_error_ratio: stable [metrics/x.json]", false)]
    public void Assess_Citation_GoesToImpactOrUrgency(string citation, bool impact)
    {
        var result = TriageAssessor.Assess(new TriageFacts { Citations = [citation] }, null, None);

        result.Impact.Reasons.Contains($"Source: {citation}").ShouldBe(impact);
        result.Urgency.Reasons.Contains($"Source: {citation}").ShouldBe(!impact);
    }

    [Fact]
    public void AssessUrgency_TrendUnknown_SaysWhatWouldShowIt() =>
        TriageAssessor.AssessUrgency(new TriageFacts(), None).Reasons.ShouldContain(r => r.Contains("trend is unknown", StringComparison.Ordinal));

    [Fact]
    public void AssessUrgency_ImminentBudget_CitesTheTime() =>
        TriageAssessor.AssessUrgency(new TriageFacts { BudgetExhaustedIn = TimeSpan.FromMinutes(40) }, None)
            .Reasons[0].ShouldContain("40m");
}
