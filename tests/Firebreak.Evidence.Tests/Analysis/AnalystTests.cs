using Firebreak.Core;

namespace Firebreak.Evidence.Tests;

public sealed class AnalystTests
{
    public static TheoryData<string> Kinds() => [.. IncidentKinds.All.Select(k => k.Name)];

    private static IncidentKind Kind(string name) => IncidentKinds.All.Single(k => k.Name == name);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Diagnose_IncidentKind_GivesTheSeniorSreAnswer(string name)
    {
        var kind = Kind(name);

        var (diagnosis, plan) = kind.Build().Respond(kind.Guidance);

        diagnosis.Category.ShouldBeOneOf(kind.Categories);
        diagnosis.Suspected?.Change?.Ref.ShouldBe(kind.SuspectedRef);
        if (kind.SuspectedRef is not null)
        {
            diagnosis.Suspected.ShouldNotBeNull();
        }

        diagnosis.Leading.ShouldNotBeNull().Confidence.ShouldBeOneOf(kind.Confidences);
        plan.Strategy.ShouldBe(kind.Mitigation);
        diagnosis.OriginComponent.ShouldBe(kind.Origin);
        diagnosis.CollateralComponents.ShouldBe(kind.Collateral, ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Diagnose_IncidentKind_CitesEveryClaim(string name)
    {
        var (diagnosis, plan) = Kind(name).Build().Respond();

        diagnosis.Symptoms.ShouldAllBe(e => !string.IsNullOrWhiteSpace(e.Source.File));
        diagnosis.Hypotheses.SelectMany(h => h.Evidence).ShouldAllBe(e => !string.IsNullOrWhiteSpace(e.Text));
        plan.Steps.ShouldNotBeEmpty();
        plan.RollbackPlan.ShouldNotBeEmpty();
        plan.Rejected.Count.ShouldBe(4);
        plan.Rejected.ShouldNotContain(r => r.Strategy == plan.Strategy);
    }

    [Fact]
    public void Diagnose_DeployRegression_MergesDeployAndCommitIntoOneHypothesis()
    {
        var (diagnosis, _) = IncidentKinds.DeployRegression().Respond();

        var suspected = diagnosis.Suspected.ShouldNotBeNull();
        suspected.Change.ShouldNotBeNull().Kind.ShouldBe(ChangeKind.Deploy);
        suspected.Change.Version.ShouldBe("3.8.0");
        suspected.Evidence.ShouldContain(e => e.Text.Contains("PriceCalculator.cs", StringComparison.Ordinal));
        suspected.Evidence.ShouldContain(e => e.Text.Contains("shipped commit", StringComparison.Ordinal));
        diagnosis.Hypotheses.Count(h => h.Change?.Ref == IncidentKinds.Culprit).ShouldBe(1);
    }

    [Fact]
    public void Diagnose_DeployRegression_RulesOutTheChangeAfterTheOnsetAndTheOldDeploy()
    {
        var (diagnosis, _) = IncidentKinds.DeployRegression().Respond();

        var flag = diagnosis.Hypotheses.Single(h => h.Change?.Key == "recs_carousel_v2");
        flag.Score.ShouldBe(0);
        flag.Statement.ShouldStartWith("Ruled out");
        diagnosis.Hypotheses.Single(h => h.Change?.Ref == IncidentKinds.SearchSha).Score.ShouldBeLessThan(0.2);
    }

    [Fact]
    public void Diagnose_DeployRegression_IgnoresWarningsThatStartedDaysAgo()
    {
        var (diagnosis, _) = IncidentKinds.DeployRegression().Respond();

        diagnosis.Onset.ShouldBe(IncidentBuilder.At(-8));
        diagnosis.Symptoms.ShouldNotContain(s => s.Text.Contains("cache miss", StringComparison.Ordinal));
    }

    [Fact]
    public void Diagnose_DeployRegression_FactsMakeItP0()
    {
        var (diagnosis, _) = IncidentKinds.DeployRegression().Respond();

        var facts = diagnosis.Facts;
        facts.Users.ShouldBe(240_000);
        facts.AffectedUserRatio.ShouldNotBeNull().ShouldBeGreaterThan(0.5);
        facts.SevereDegradation.ShouldBeTrue();
        facts.CriticalComponentUnavailable.ShouldBeTrue();
        facts.BudgetExhaustedIn.ShouldNotBeNull().ShouldBeLessThanOrEqualTo(TimeSpan.FromHours(1));
        facts.SloViolated.ShouldBeTrue();
        facts.RevenueImpact.ShouldBeTrue();
        facts.Citations.ShouldNotBeEmpty();
    }

    [Fact]
    public void Diagnose_ThirdParty_FactsAreMediumImpactWithoutAnImminentBudget()
    {
        var (diagnosis, _) = IncidentKinds.ThirdParty().Respond();

        diagnosis.Facts.AffectedUserRatio.ShouldNotBeNull().ShouldBeInRange(0.1, 0.5);
        diagnosis.Facts.CompleteOutage.ShouldBeFalse();
        diagnosis.Facts.BudgetExhaustedIn.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.FromHours(1));
        diagnosis.Leading.ShouldNotBeNull().Cause.ShouldBe(CauseKind.Dependency);
        diagnosis.Leading.Statement.ShouldContain("card-provider");
    }

    [Fact]
    public void Diagnose_CapacitySurge_LeadsWithCapacityAndWorseningTrend()
    {
        var (diagnosis, _) = IncidentKinds.CapacitySurge().Respond();

        diagnosis.Leading.ShouldNotBeNull().Cause.ShouldBe(CauseKind.Capacity);
        diagnosis.Facts.Trend.ShouldBe(Trend.Worsening);
        diagnosis.Facts.SevereDegradation.ShouldBeTrue();
        diagnosis.Onset.ShouldNotBeNull().ShouldBeLessThanOrEqualTo(IncidentBuilder.At(-30));
    }

    [Fact]
    public void Diagnose_SlowLeak_StartsAtTheDepartureAndWorsens()
    {
        var (diagnosis, _) = IncidentKinds.SlowLeak().Respond();

        // The analysis flagged the memory series 150 minutes into the ramp; the leak began right after the deploy.
        diagnosis.Onset.ShouldNotBeNull().ShouldBeLessThan(IncidentBuilder.At(-240));
        diagnosis.Facts.Trend.ShouldBe(Trend.Worsening);
        diagnosis.Facts.Citations.ShouldContain(c => c.StartsWith("worsening: sessions_memory_utilization grew", StringComparison.Ordinal));
    }

    [Fact]
    public void Diagnose_CredentialStuffing_FlagsABreachFromPublicAddresses()
    {
        var (diagnosis, plan) = IncidentKinds.CredentialStuffing().Respond();

        diagnosis.Facts.SecurityBreach.ShouldBeTrue();
        diagnosis.Leading.ShouldNotBeNull().Evidence.ShouldContain(e => e.Text.Contains("185.23.4.19", StringComparison.Ordinal));
        plan.Steps[0].ShouldContain("Preserve evidence");
        plan.Steps.ShouldContain(s => s.Contains("Revoke and rotate", StringComparison.Ordinal));
    }

    [Fact]
    public void Diagnose_DataCorruption_FlagsDataLossAndBlamesTheDeploy()
    {
        var (diagnosis, _) = IncidentKinds.DataCorruption().Respond();

        diagnosis.Facts.DataLoss.ShouldBeTrue();
        diagnosis.Hypotheses.ShouldContain(h => h.Cause == CauseKind.DataIntegrity && h.Score >= 0.6);
    }

    [Fact]
    public void Diagnose_LeakedKey_FlagsABreachAndDoesNotBlameTheRecentDeploy()
    {
        var (diagnosis, _) = IncidentKinds.LeakedKey().Respond();

        diagnosis.Facts.SecurityBreach.ShouldBeTrue();
        diagnosis.Leading.ShouldNotBeNull().Cause.ShouldBe(CauseKind.Security);
    }

    [Fact]
    public void Diagnose_SaturatedAndSlow_EstimatesMostRequestsSlow()
    {
        var (diagnosis, _) = IncidentKinds.CapacitySurge().Respond();

        diagnosis.Facts.AffectedUserRatio.ShouldNotBeNull().ShouldBeGreaterThan(0.5);
        diagnosis.Facts.Citations.ShouldContain(c => c.StartsWith("estimated", StringComparison.Ordinal));
    }

    [Fact]
    public void Diagnose_DeployThatBreaksLogin_IsARegressionNotAnAttack()
    {
        var builder = new IncidentBuilder()
            .Component("auth", "src/auth/", critical: true)
            .Commit(-12, "a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0", "auth: new JWT validator", "src/auth/JwtValidator.kt")
            .Deploy(-6, "auth", "9.1.0", "a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0")
            .Series("auth_error_ratio", "error_rate", "auth", 0.01, 0.7, stepAt: -5)
            .Template("POST /login 401 <*>ms ip=<*> unauthorized: invalid token", "WARN", "auth", -5, example: "POST /login 401 12ms ip=185.1.2.3 unauthorized: invalid token",
                stack: ["at JwtValidator.verify(JwtValidator.kt:31)"]);

        var (diagnosis, plan) = builder.Respond();

        diagnosis.Suspected.ShouldNotBeNull().Change.ShouldNotBeNull().Ref.ShouldBe("a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0");
        diagnosis.Category.ShouldBe(IncidentCategory.Availability);
        plan.Strategy.ShouldBe(MitigationStrategy.Rollback);
    }

    [Fact]
    public void Diagnose_DeployWhoseQueriesTimeOutOnOurDatabase_BlamesTheDeploy()
    {
        var builder = new IncidentBuilder()
            .Component("orders-api", "src/orders/", true, "postgres")
            .Deploy(-6, "orders-api", "3.0.0", "d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1")
            .Series("orders_error_ratio", "error_rate", "orders-api", 0.001, 0.3, stepAt: -5)
            .Template("query timeout on postgres after 5000ms: SELECT * FROM orders WHERE ...", "ERROR", "orders-api", -5);

        var (diagnosis, plan) = builder.Respond();

        diagnosis.Suspected.ShouldNotBeNull().Change.ShouldNotBeNull().Ref.ShouldBe("d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1");
        plan.Strategy.ShouldBe(MitigationStrategy.Rollback);
    }

    [Fact]
    public void Diagnose_NonCriticalBatchFailingCompletely_IsNotACompleteOutage()
    {
        var builder = new IncidentBuilder()
            .Component("storefront", "src/storefront/", critical: true)
            .Component("nightly-export", "src/export/")
            .Series("export_error_ratio", "error_rate", "nightly-export", 0.01, 1.0, stepAt: -20)
            .Series("storefront_error_ratio", "error_rate", "storefront", 0.002);

        var (diagnosis, _) = builder.Respond();

        diagnosis.Facts.CompleteOutage.ShouldBeFalse();
        diagnosis.Facts.CriticalComponentUnavailable.ShouldBeFalse();
    }

    [Fact]
    public void Diagnose_DeployThatRanAMigration_IsOneChange()
    {
        var builder = new IncidentBuilder()
            .Component("accounts", "src/accounts/", critical: true)
            .Deploy(-15, "accounts", "5.0.0", "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a")
            .Setting(-14, ChangeKind.Migration, "accounts", "042_drop_legacy_ref", null, null, "migration 042 applied (irreversible)", reversible: false)
            .Series("accounts_error_ratio", "error_rate", "accounts", 0.001, 0.3, stepAt: -13);

        var (diagnosis, plan) = builder.Respond();

        var suspected = diagnosis.Suspected.ShouldNotBeNull();
        suspected.Change.ShouldNotBeNull().Ref.ShouldBe("5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a");
        suspected.Evidence.ShouldContain(e => e.Text.StartsWith("ran migration 042_drop_legacy_ref", StringComparison.Ordinal));
        diagnosis.Hypotheses.ShouldNotContain(h => h.Change != null && h.Change.Kind == ChangeKind.Migration);
        plan.Strategy.ShouldBe(MitigationStrategy.Hotfix);
    }

    [Fact]
    public void Diagnose_ContentPushNamedInErrors_IsBlamedByItsVersion()
    {
        var builder = new IncidentBuilder()
            .Component("storefront", "src/storefront/", critical: true)
            .Setting(-9, ChangeKind.Config, "storefront", null, null, null, "content push: winter promo banner bundle", version: "content-2026.11.25-3")
            .Series("storefront_error_ratio", "error_rate", "storefront", 0.001, 0.25, stepAt: -8)
            .Template("render failed: banner bundle content-2026.11.25-3 missing field 'cta_url'", "ERROR", "storefront", -8);

        var (diagnosis, plan) = builder.Respond();

        var suspected = diagnosis.Suspected.ShouldNotBeNull();
        suspected.Change.ShouldNotBeNull().Ref.ShouldBe("content-2026.11.25-3");
        suspected.Confidence.ShouldBe(Confidence.High);
        plan.Strategy.ShouldBe(MitigationStrategy.ConfigChange);
    }

    [Fact]
    public void Diagnose_LogsOnlyWithoutMinerFlags_FindsTheTemplatesThatAppeared()
    {
        // No metrics: the miner had no reference onset and flagged nothing.
        var builder = new IncidentBuilder()
            .Component("api", "src/api/")
            .Commit(-20, "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0", "api: new serializer", "src/api/Serializer.cs")
            .Deploy(-10, "api", "2.0.0", "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0")
            .Template("GET /items <*> 200", "INFO", "api", -300, isNew: false, firstSeen: -360)
            .Template("Unhandled exception: System.FormatException", "ERROR", "api", -9, isNew: false, stack: ["at Api.Serializer.Write() in /src/api/Serializer.cs:line 9"]);

        var (diagnosis, plan) = builder.Respond();

        diagnosis.Onset.ShouldBe(IncidentBuilder.At(-9));
        diagnosis.Suspected.ShouldNotBeNull().Change.ShouldNotBeNull().Ref.ShouldBe("c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0");
        plan.Strategy.ShouldBe(MitigationStrategy.Rollback);
    }

    [Fact]
    public void Diagnose_NoErrorMetric_EstimatesTheAffectedShareFromLogRates()
    {
        var builder = new IncidentBuilder()
            .Component("api", "src/api/")
            .Series("api_latency_p95_ms", "latency_p95_ms", "api", 100, 300, stepAt: -10)
            .Template("GET /items <*> 200", "INFO", "api", -300, isNew: false, firstSeen: -360)
            .Template("GET /items <*> 500 upstream failed", "ERROR", "api", -10);

        var (diagnosis, _) = builder.Respond();

        diagnosis.Facts.AffectedUserRatio.ShouldNotBeNull().ShouldBe(0.5, 0.001);
        diagnosis.Facts.Citations.ShouldContain(c => c.StartsWith("estimated from log rates", StringComparison.Ordinal));
    }

    [Fact]
    public void Diagnose_GarbageNumbersAndMissingFields_DoesNotThrow()
    {
        var evidence = new IncidentBuilder().Component("api", "src/api/").Build();
        var samples = new List<MetricSample> { new(IncidentBuilder.At(-3), double.NaN), new(IncidentBuilder.At(-2), double.PositiveInfinity), new(IncidentBuilder.At(-1), -5) };
        var series = new MetricSeries("weird", "error_rate", null, new Dictionary<string, string>(), samples, new SourceRef("metrics/weird.json"));
        var analyses = new List<SeriesAnalysis>
        {
            new(series, double.NaN, null, double.PositiveInfinity, null, IncidentBuilder.At(-2), Trend.Unknown, true, string.Empty),
            new(series with { Kind = "mystery" }, null, null, null, null, null, Trend.Unknown, true, "sideways"),
            new(series with { Samples = [] }, 0, 0, 0, 0, IncidentBuilder.At(-1), Trend.Worsening, true, "up"),
        };
        var changes = new List<ChangeRecord>
        {
            new(ChangeKind.Deploy, IncidentBuilder.At(-5), null, string.Empty, string.Empty, new SourceRef("deploys.jsonl", 1)),
            new(ChangeKind.Commit, IncidentBuilder.At(-4), null, "abc", string.Empty, new SourceRef(".git")),
            new(ChangeKind.Migration, IncidentBuilder.At(-3), null, "m", string.Empty, new SourceRef("deploys.jsonl", 2)) { Reversible = false },
        };
        var template = new LogTemplateSummary(1, string.Empty, null, null, 0, null, null, null, true, true, new StackSignature(string.Empty, []), []);
        var bundle = evidence with { Metrics = analyses, Changes = changes, Logs = new LogAnalysis([template], 1, 1, 0, []) };

        var diagnosis = Analyst.Diagnose(bundle, GuidanceProfile.None, IncidentBuilder.Detected);
        var plan = MitigationAdvisor.Choose(diagnosis, bundle, GuidanceProfile.None);

        diagnosis.Hypotheses.ShouldNotBeEmpty();
        plan.Steps.ShouldNotBeEmpty();
    }

    [Fact]
    public void Diagnose_LoadSeenOnlyInLogs_IsStillACapacityIncident()
    {
        var builder = new IncidentBuilder()
            .Component("search-api", "src/search/", critical: true)
            .Series("search_pool_utilization", "saturation", "search-api", 0.4, 1.0, stepAt: -20)
            .Series("search_error_ratio", "error_rate", "search-api", 0.001, 0.2, stepAt: -10)
            .Template("GET /search?q=<*> 200 <*>ms utm_campaign=winter-sale", "INFO", "search-api", -25)
            .Template("timeout acquiring connection from pool (waiting=<*>)", "ERROR", "search-api", -10);

        var (diagnosis, plan) = builder.Respond();

        diagnosis.Leading.ShouldNotBeNull().Cause.ShouldBe(CauseKind.Capacity);
        diagnosis.Leading.Statement.ShouldStartWith("A load surge");
        plan.Strategy.ShouldBe(MitigationStrategy.Scaling);
    }

    [Fact]
    public void Diagnose_MetricOnsetBackDatedBeforeTheDeploy_StillBlamesTheDeploy()
    {
        // The analysis places the error onset three minutes before the series actually moves (and before the deploy).
        var builder = new IncidentBuilder()
            .Component("checkout-api", "src/checkout/", critical: true)
            .Deploy(-9, "checkout-api", "3.8.0", IncidentKinds.Culprit)
            .Series("checkout_error_ratio", "error_rate", "checkout-api", 0.003, 0.9, stepAt: -8, rampMinutes: 3, detectionDelay: -3);

        var (diagnosis, plan) = builder.Respond();

        diagnosis.Onset.ShouldNotBeNull().ShouldBeGreaterThan(IncidentBuilder.At(-9));
        diagnosis.Suspected.ShouldNotBeNull().Change.ShouldNotBeNull().Ref.ShouldBe(IncidentKinds.Culprit);
        plan.Strategy.ShouldBe(MitigationStrategy.Rollback);
    }

    [Fact]
    public void Diagnose_ImprovingTrendOnAPlateau_CountsAsStable()
    {
        var builder = new IncidentBuilder()
            .Component("api", "src/api/")
            .Series("api_error_ratio", "error_rate", "api", 0.001, 0.3, stepAt: -10, trend: Trend.Improving);

        var (diagnosis, _) = builder.Respond();

        diagnosis.Facts.Trend.ShouldBe(Trend.Stable);
    }

    [Fact]
    public void Diagnose_UnrelatedComponentMisbehavingEarlier_DoesNotHideTheDeploy()
    {
        // A batch job unrelated to checkout started failing 30 minutes earlier; the checkout deploy still broke checkout.
        var builder = IncidentKinds.DeployRegression()
            .Component("reports", "src/reports/")
            .Series("reports_error_ratio", "error_rate", "reports", 0.01, 0.05, stepAt: -38);

        var (diagnosis, plan) = builder.Respond();

        diagnosis.OriginComponent.ShouldBe("checkout-api");
        diagnosis.Suspected.ShouldNotBeNull().Change.ShouldNotBeNull().Ref.ShouldBe(IncidentKinds.Culprit);
        plan.Strategy.ShouldBe(MitigationStrategy.Rollback);
    }

    [Fact]
    public void Diagnose_OurDnsChangeBreaksTheProviderPath_BlamesTheChange()
    {
        var builder = new IncidentBuilder()
            .Component("payments", "src/payments/", true, "card-provider")
            .Setting(-10, ChangeKind.Infra, "payments", "egress-dns", "10.0.0.2", "10.0.9.9", "egress resolver for payments switched")
            .Series("payments_error_ratio", "error_rate", "payments", 0.002, 0.6, stepAt: -9)
            .Template("charge failed: getaddrinfo ENOTFOUND api.card-provider.example", "ERROR", "payments", -9);

        var (diagnosis, plan) = builder.Respond();

        diagnosis.Suspected.ShouldNotBeNull().Change.ShouldNotBeNull().Ref.ShouldBe("egress-dns");
        plan.Strategy.ShouldBe(MitigationStrategy.ConfigChange);
    }

    [Fact]
    public void Diagnose_EmptyEvidence_DoesNotThrowAndSaysUnknown()
    {
        var (diagnosis, plan) = new IncidentBuilder().Respond();

        diagnosis.Onset.ShouldBeNull();
        diagnosis.AffectedComponents.ShouldBeEmpty();
        diagnosis.Suspected.ShouldBeNull();
        diagnosis.Leading.ShouldNotBeNull().Cause.ShouldBe(CauseKind.Unknown);
        diagnosis.Leading.Statement.ShouldContain("unknown");
        diagnosis.Facts.AffectedUserRatio.ShouldBeNull();
        diagnosis.Runbooks.ShouldBeEmpty();
        plan.TargetComponent.ShouldBeNull();
    }

    [Fact]
    public void Diagnose_GuidanceSaysSecurity_IsNoBreachWithoutEvidence()
    {
        var (diagnosis, _) = new IncidentBuilder().Respond(new GuidanceProfile { Security = true, Text = "Security incident suspected" });

        // Guidance is direction (a review, preservation), never evidence: the category and the breach come from the evidence.
        diagnosis.Category.ShouldNotBe(IncidentCategory.Security);
        diagnosis.Facts.SecurityBreach.ShouldBeFalse();
    }

    [Fact]
    public void Diagnose_GuidanceSaysDataLoss_IsNoDataLossWithoutEvidence()
    {
        var (diagnosis, _) = IncidentKinds.ConfigChange().Respond(new GuidanceProfile { DataLoss = true, Text = "customers report lost orders" });

        diagnosis.Facts.DataLoss.ShouldBeFalse();
        diagnosis.Category.ShouldNotBe(IncidentCategory.DataIntegrity);
    }

    [Fact]
    public void Diagnose_CapacitySurge_MatchesTheSaturationRunbook()
    {
        var (diagnosis, plan) = IncidentKinds.CapacitySurge().Respond();

        diagnosis.Runbooks.ShouldNotBeEmpty();
        diagnosis.Runbooks[0].Runbook.Path.ShouldBe("runbooks/runbook-db-pool-saturation.md");
        plan.Runbook.ShouldNotBeNull().Runbook.Path.ShouldBe("runbooks/runbook-db-pool-saturation.md");
        plan.TargetComponent.ShouldBe("search-db");
    }

    [Fact]
    public void Diagnose_DeployRegression_RanksTheRollbackRunbookFirst()
    {
        var (diagnosis, _) = IncidentKinds.DeployRegression().Respond();

        diagnosis.Runbooks.ShouldNotBeEmpty();
        diagnosis.Runbooks[0].Runbook.Path.ShouldBe("runbooks/runbook-high-error-rate.md");
    }

    [Fact]
    public void Diagnose_TwoEquallyGoodChanges_LowersConfidence()
    {
        var builder = new IncidentBuilder()
            .Component("api", "src/api/")
            .Deploy(-6, "api", "2.0.0", "fedcba9876543210fedcba9876543210fedcba98")
            .Setting(-6, ChangeKind.Config, "api", "api.cache_ttl", "60", "0", "api cache ttl set to 0")
            .Series("api_error_ratio", "error_rate", "api", 0.001, 0.5, stepAt: -4);

        var (diagnosis, _) = builder.Respond();

        diagnosis.Suspected.ShouldNotBeNull().Confidence.ShouldBe(Confidence.Low);
        diagnosis.Suspected.Evidence.ShouldContain(e => e.Text.StartsWith("another change scores almost as high", StringComparison.Ordinal));
    }

    [Fact]
    public void Diagnose_NoisyUnrelatedSeries_DoesNotMoveTheOnsetOrWidenTheScope()
    {
        var builder = IncidentKinds.DeployRegression()
            .Series("recommender_latency_p95_ms", "latency_p95_ms", "recommender", 80, 84, stepAt: -300);

        var (diagnosis, _) = builder.Respond();

        diagnosis.Onset.ShouldBe(IncidentBuilder.At(-8));
        diagnosis.AffectedComponents.ShouldBe(["checkout-api"]);
        diagnosis.Suspected.ShouldNotBeNull().Change.ShouldNotBeNull().Ref.ShouldBe(IncidentKinds.Culprit);
    }

    [Fact]
    public void Diagnose_OldDeployWhoseFileNameIsACommonWord_IsNotBlamed()
    {
        var (diagnosis, _) = IncidentKinds.ThirdParty().Respond();

        diagnosis.Hypotheses.Single(h => h.Change is not null).Score.ShouldBeLessThan(0.5);
    }

    [Fact]
    public void Diagnose_DeployWithoutCommitRecord_ReportsTheDeployCommitSha()
    {
        var builder = new IncidentBuilder()
            .Component("api", "src/api/")
            .Deploy(-5, "api", "2.0.0", "fedcba9876543210fedcba9876543210fedcba98")
            .Series("api_error_ratio", "error_rate", "api", 0.001, 0.5, stepAt: -4);

        var (diagnosis, plan) = builder.Respond();

        diagnosis.Suspected.ShouldNotBeNull().Change.ShouldNotBeNull().Ref.ShouldBe("fedcba9876543210fedcba9876543210fedcba98");
        plan.Strategy.ShouldBe(MitigationStrategy.Rollback);
        plan.TargetVersion.ShouldBe("unknown (needs the previous deploy record)");
    }

    [Fact]
    public void Diagnose_CosmeticSymptomWithoutFailures_IsFunctionality()
    {
        var builder = new IncidentBuilder()
            .Component("web", "web/")
            .Alert("MissingFont", "web", "web font missing; pages render with the fallback font", "cosmetic", severity: "info");

        var (diagnosis, _) = builder.Respond();

        diagnosis.Category.ShouldBe(IncidentCategory.Functionality);
        diagnosis.Suspected.ShouldBeNull();
    }

    [Fact]
    public void Diagnose_NoSymptomAtAll_AssumesAvailability()
    {
        var (diagnosis, _) = new IncidentBuilder().Component("web", "web/").Respond();

        diagnosis.Category.ShouldBe(IncidentCategory.Availability);
    }
}
