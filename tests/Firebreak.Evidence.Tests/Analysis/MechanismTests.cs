using Firebreak.Core;

namespace Firebreak.Evidence.Tests;

/// <summary>The cause by mechanism, not by recency: delayed effects, decoys, causes without a change, exposure and scope.</summary>
public sealed class MechanismTests
{
    private const string Old = "0101010101010101010101010101010101010101";
    private const string Recent = "0202020202020202020202020202020202020202";

    [Fact]
    public void Diagnose_OldDeployNamedByTheStackTrace_BeatsARecentDeployOfTheSameComponent()
    {
        var builder = new IncidentBuilder()
            .Component("catalog", "src/catalog/", critical: true)
            .Commit(-160, Old, "catalog: new price refresh", "src/catalog/PriceCache.java").Deploy(-150, "catalog", "6.2.0", Old)
            .Commit(-50, Recent, "catalog: sort facets", "src/catalog/SearchFacets.java").Deploy(-42, "catalog", "6.2.1", Recent)
            .Series("catalog_error_ratio", "error_rate", "catalog", 0.001, 0.16, stepAt: -30)
            .Template("price refresh failed: java.lang.NullPointerException", "ERROR", "catalog", -30,
                stack: ["at com.shop.PriceCache.refresh(PriceCache.java:88)", "at com.shop.ProductController.show(ProductController.java:25)"]);

        var (diagnosis, plan) = builder.Respond();

        diagnosis.Suspected.ShouldNotBeNull().Change.ShouldNotBeNull().Ref.ShouldBe(Old);
        plan.Strategy.ShouldBe(MitigationStrategy.Rollback);
        var decoy = diagnosis.Hypotheses.Single(h => h.Change?.Ref == Recent);
        decoy.Evidence.ShouldContain(e => e.Text.Contains("none of which this change touched"));
    }

    [Fact]
    public void Diagnose_DeployOnlyToARegionThatIsFine_IsRuledOutWithTheReason()
    {
        var builder = new IncidentBuilder()
            .Component("feed", "src/feed/", critical: true)
            .Deploy(-20, "feed", "22.4.0", region: "eu-west")
            .Series("feed_error_ratio", "error_rate", "feed", 0.001, 0.47, stepAt: -16)
            .Template("GET /feed 500 region=us-east: session lookup failed: timeout reading from session-store", "ERROR", "feed", -16)
            .Template("GET /feed 200 <*>ms region=eu-west", "INFO", "feed", -300, isNew: false);

        var (diagnosis, plan) = builder.Respond();

        diagnosis.Suspected.ShouldBeNull();
        var ruled = diagnosis.Hypotheses.Single(h => h.Change is not null);
        ruled.Statement.ShouldStartWith("Ruled out");
        ruled.Statement.ShouldContain("deployed only to region eu-west; every failing request is in region us-east");
        plan.Strategy.ShouldNotBe(MitigationStrategy.Rollback);
    }

    [Fact]
    public void Diagnose_ExpiredCertificate_RenewsItAsAConfigChangeAndClearsTheRecentDeploy()
    {
        var builder = new IncidentBuilder()
            .Component("checkout", "src/checkout/", true, "tax-service")
            .Commit(-30, Recent, "checkout: gift wrap", "src/checkout/GiftWrap.ts").Deploy(-26, "checkout", "14.3.0", Recent)
            .Series("checkout_error_ratio", "error_rate", "checkout", 0.001, 0.37, stepAt: -18)
            .Template("tax quote failed: x509: certificate has expired or is not yet valid (tax-service.internal:8443)", "ERROR", "checkout", -18);

        var (diagnosis, plan) = builder.Respond();

        diagnosis.Suspected.ShouldBeNull();
        diagnosis.Leading.ShouldNotBeNull().Cause.ShouldBe(CauseKind.Certificate);
        plan.Strategy.ShouldBe(MitigationStrategy.ConfigChange);
        plan.Steps.ShouldContain(s => s.Contains("Renew", StringComparison.Ordinal));
    }

    [Fact]
    public void Diagnose_ClockStepOnSomeHosts_DrainsAndResynchronises()
    {
        var builder = new IncidentBuilder()
            .Component("gateway", "src/gateway/", true, "auth")
            .Component("auth", "src/auth/", critical: true)
            .Series("gateway_error_ratio", "error_rate", "gateway", 0.002, 0.18, stepAt: -20)
            .Template("chronyd on auth-3: system clock stepped forward by 311 seconds", "WARN", "auth", -21)
            .Template("GET /media/<*> 401 <*>ms: token rejected, iat is <*>s in the future (issuer auth-3)", "WARN", "gateway", -20);

        var (diagnosis, plan) = builder.Respond();

        diagnosis.Suspected.ShouldBeNull();
        diagnosis.Leading.ShouldNotBeNull().Cause.ShouldBe(CauseKind.ClockStep);
        plan.Strategy.ShouldBe(MitigationStrategy.Workaround);
    }

    [Fact]
    public void Diagnose_OldCodePathFailsOnNewInput_IsAHotfixNotARollbackOfAnUnrelatedDeploy()
    {
        var builder = new IncidentBuilder()
            .Component("pricing", "src/pricing/", critical: true)
            .Commit(-35, Recent, "pricing: currency symbols", "src/pricing/Currency.java").Deploy(-28, "pricing", "9.14.2", Recent)
            .Series("pricing_error_ratio", "error_rate", "pricing", 0.001, 0.12, stepAt: -19)
            .Template("GET /price failed: java.lang.ArithmeticException: / by zero", "ERROR", "pricing", -19,
                stack: ["at com.mkt.UnitPrice.per(UnitPrice.java:1)", "at com.mkt.PriceController.get(PriceController.java:40)"]);

        var (diagnosis, plan) = builder.Respond();

        diagnosis.Suspected.ShouldBeNull();
        diagnosis.Leading.ShouldNotBeNull().Cause.ShouldBe(CauseKind.Input);
        plan.Strategy.ShouldBe(MitigationStrategy.Hotfix);
    }

    [Fact]
    public void Diagnose_UsersSeeOtherPeoplesData_IsSecurityWithTheSettingAsTrigger()
    {
        var builder = new IncidentBuilder()
            .Component("account-web", "src/account/", critical: true)
            .Component("support", "src/support/")
            .Setting(-50, ChangeKind.Config, "account-web", "edge.cache_rules.account_paths", "bypass", "cache 10m", "edge: cache account pages")
            .Template("GET /account/overview 200 <*>ms user=<*> edge=HIT", "INFO", "account-web", -48)
            .Template("ticket <*> opened: customer says the account page shows another person's name and address", "WARN", "support", -40)
            .Alert("SupportTicketSpike", "support", "customers see someone else's account details");

        var (diagnosis, plan) = builder.Respond();

        diagnosis.Category.ShouldBe(IncidentCategory.Security);
        diagnosis.Facts.SecurityBreach.ShouldBeTrue();
        diagnosis.Suspected.ShouldNotBeNull().Change.ShouldNotBeNull().Ref.ShouldBe("edge.cache_rules.account_paths");
        plan.Strategy.ShouldBe(MitigationStrategy.ConfigChange);
    }

    [Fact]
    public void Diagnose_ProviderReportsNetworkTrouble_RulesOutTheUnlinkedRecentDeploy()
    {
        var builder = new IncidentBuilder()
            .Component("dispatch", "src/dispatch/", true, "dispatch-db")
            .Component("dispatch-db", "infra/db/", critical: true)
            .Commit(-30, Recent, "dispatch: banner copy", "src/dispatch/banner.py").Deploy(-24, "dispatch", "31.0.4", Recent)
            .Series("dispatch_error_ratio", "error_rate", "dispatch", 0.001, 0.34, stepAt: -19)
            .Template("could not connect to dispatch-db primary: connection timed out (no route to host)", "ERROR", "dispatch", -19)
            .Template("cloud provider health: increased packet loss in use1-az2", "WARN", "dispatch", -19);

        var (diagnosis, plan) = builder.Respond();

        diagnosis.Suspected.ShouldBeNull();
        diagnosis.Leading.ShouldNotBeNull().Cause.ShouldBe(CauseKind.Dependency);
        plan.Strategy.ShouldBe(MitigationStrategy.Workaround);
    }

    [Fact]
    public void Diagnose_MassDeletionAndReportsOfMissingDocuments_IsDataLossWithDataFirstSteps()
    {
        var builder = new IncidentBuilder()
            .Component("documents", "src/documents/", critical: true)
            .Setting(-360, ChangeKind.Config, "documents", "documents.retention_days", "3650", "30", "shorter retention")
            .Series("documents_not_found_ratio", "error_rate", "documents", 0.003, 0.13, stepAt: -25)
            .Template("purge: deleted <*> documents older than documents.retention_days=30", "INFO", "documents", -30)
            .Alert("DocumentsMissing", "documents", "13% of document requests return 404 for documents that existed yesterday");

        var (diagnosis, plan) = builder.Respond();

        diagnosis.Category.ShouldBe(IncidentCategory.DataIntegrity);
        diagnosis.Facts.DataLoss.ShouldBeTrue();
        diagnosis.Suspected.ShouldNotBeNull().Change.ShouldNotBeNull().Ref.ShouldBe("documents.retention_days");
        plan.Strategy.ShouldBe(MitigationStrategy.ConfigChange);
        plan.Steps.ShouldContain(s => s.Contains("Keep the damaged store untouched", StringComparison.Ordinal));
    }

    [Fact]
    public void Diagnose_RetriedDeliveriesOnANonCriticalComponent_AreDeferredAndLimited()
    {
        var builder = new IncidentBuilder()
            .Component("payments", "src/payments/", critical: true)
            .Component("webhooks", "src/webhooks/", false, "partner-erp")
            .Series("webhook_failure_ratio", "error_rate", "webhooks", 0.004, 0.72, stepAt: -25)
            .Series("payments_error_ratio", "error_rate", "payments", 0.001)
            .Template("delivery to partner-erp failed: 503 Service Unavailable; queued for retry in 300s", "WARN", "webhooks", -25);

        var (diagnosis, _) = builder.Respond();
        var impact = TriageAssessor.AssessImpact(diagnosis.Facts, GuidanceProfile.None);

        diagnosis.Facts.DeferredEffect.ShouldBeTrue();
        diagnosis.Facts.LimitedToNonCritical.ShouldBeTrue();
        impact.Level.ShouldBe(Impact.Low);
    }

    [Fact]
    public void Diagnose_AlertStatesAShareOfUsersAndAWholeClientDown_ScopeFollowsWhoIsAffected()
    {
        var builder = new IncidentBuilder()
            .Component("auth", "src/auth/", critical: true)
            .Series("auth_error_ratio", "error_rate", "auth", 0.002, 0.04, stepAt: -30)
            .Template("POST /token/refresh 401 <*>ms client=android: refresh token already rotated", "WARN", "auth", -30)
            .Template("POST /token/refresh 200 <*>ms client=web", "INFO", "auth", -300, isNew: false)
            .Alert("AndroidRefreshFailing", "auth", "100% of Android session refreshes fail", "Android users (about 30% of active users) are logged out");

        var (diagnosis, _) = builder.Respond();
        var impact = TriageAssessor.AssessImpact(diagnosis.Facts, GuidanceProfile.None);

        diagnosis.Facts.AffectedUserRatio.ShouldBe(0.3);
        diagnosis.Facts.SegmentDown.ShouldNotBeNull().ShouldContain("android");
        diagnosis.Facts.CriticalComponentUnavailable.ShouldBeTrue();
        impact.Level.ShouldBe(Impact.Medium);
    }

    [Fact]
    public void Analyze_SlowBurnOverDays_IsJudgedAgainstTheBaselineBeforeTheDrift()
    {
        var asOf = IncidentBuilder.Detected;
        var samples = Enumerable.Range(0, 4 * 24 * 12).Select(i =>
        {
            var at = asOf.AddMinutes(-4 * 24 * 60 + (i * 5));
            var hoursIntoDrift = (at - asOf.AddHours(-72)).TotalHours;
            var value = hoursIntoDrift <= 0 ? 190 : 190 + (470 * Math.Min(1, hoursIntoDrift / 72));
            return new MetricSample(at, value + ((i % 5) - 2));
        }).ToList();
        var series = new MetricSeries("p95", "latency_p95_ms", "portal", new Dictionary<string, string>(), samples, new SourceRef("metrics/p95.json"));

        var analysis = SeriesAnalyzer.Analyze(series, asOf, new SloTargets(99.9, 600));

        analysis.Anomalous.ShouldBeTrue();
        analysis.Baseline.ShouldNotBeNull().ShouldBeLessThan(200);
        analysis.Onset.ShouldNotBeNull().ShouldBeLessThan(asOf.AddHours(-48));
    }

    [Fact]
    public void Diagnose_ProviderRefusesARotatedKey_BlamesTheRotationNotTheProvider()
    {
        var builder = new IncidentBuilder()
            .Component("payouts", "src/payouts/", true, "bank-provider")
            .Setting(-24, ChangeKind.Config, "payouts", "vault.payouts.bank_api_key", "version 7", "version 8", "scheduled rotation of the provider API key; version 7 revoked")
            .Series("payouts_error_ratio", "error_rate", "payouts", 0.001, 0.97, stepAt: -23)
            .Template("payout <*> failed: bank-provider rejected the request: HTTP <*> Unauthorized (api key revoked)", "ERROR", "payouts", -23,
                example: "payout 4411 failed: bank-provider rejected the request: HTTP 401 Unauthorized (api key revoked)")
            .Alert("PayoutsRejected", "payouts", "97% of payouts rejected by bank-provider (401)");

        var (diagnosis, plan) = builder.Respond();

        diagnosis.Suspected.ShouldNotBeNull().Change.ShouldNotBeNull().Ref.ShouldBe("vault.payouts.bank_api_key");
        diagnosis.Suspected.Evidence.ShouldContain(e => e.Text.Contains("the errors fail on that path", StringComparison.Ordinal));
        diagnosis.Category.ShouldBe(IncidentCategory.Availability);
        plan.Strategy.ShouldBe(MitigationStrategy.ConfigChange);
        var provider = diagnosis.Hypotheses.Single(h => h.Cause == CauseKind.Dependency);
        provider.Evidence.ShouldContain(e => e.Text.Contains("refuses our credentials", StringComparison.Ordinal));
    }

    [Fact]
    public void Diagnose_ChangeRolledOutOnlyToTheFailingNodePool_IsBlamedOverTheProviderTheOtherPoolsStillReach()
    {
        var builder = new IncidentBuilder()
            .Component("pricing", "src/pricing/", true, "maps-provider")
            .Component("node-pools", "infra/nodes/")
            .Setting(-31, ChangeKind.Infra, "node-pools", null, null, null, "node image security patch rolled to node pool pool-b", version: "ubuntu-2204-20261127",
                extra: new Dictionary<string, string> { ["nodepool"] = "pool-b" })
            .Series("pricing_error_ratio", "error_rate", "pricing", 0.001, 0.38, stepAt: -22)
            .Template("route quote failed: connect to maps-provider timed out after <*> nodepool=pool-b", "ERROR", "pricing", -22,
                example: "route quote failed: connect to maps-provider timed out after 2000ms nodepool=pool-b")
            .Template("POST /quotes 200 <*>ms nodepool=pool-a", "INFO", "pricing", -300, isNew: false, example: "POST /quotes 200 41ms nodepool=pool-a");

        var (diagnosis, plan) = builder.Respond();

        diagnosis.Suspected.ShouldNotBeNull().Change.ShouldNotBeNull().Ref.ShouldBe("ubuntu-2204-20261127");
        diagnosis.Suspected.Evidence.ShouldContain(e => e.Text.Contains("rolled out only to nodepool pool-b, exactly where requests fail, while nodepool pool-a keeps serving", StringComparison.Ordinal));
        diagnosis.Hypotheses.Single(h => h.Cause == CauseKind.Dependency).Evidence
            .ShouldContain(e => e.Text.Contains("only some nodepools of ours fail to reach it (pool-b)", StringComparison.Ordinal));
        plan.Strategy.ShouldBe(MitigationStrategy.ConfigChange);
    }

    [Fact]
    public void Parse_ReasoningSection_OverridesTheNamedThresholds()
    {
        var config = ProjectConfigLoader.Parse("/tmp/shop", "shop", "service: shop\nreasoning:\n  blame_threshold: 0.6\n  mechanism_decay: 6h\n  metric_history: 3d\n");

        config.Reasoning.Ranking.BlameThreshold.ShouldBe(0.6);
        config.Reasoning.Changes.MechanismDecay.ShouldBe(TimeSpan.FromHours(6));
        config.Reasoning.MetricHistory.ShouldBe(TimeSpan.FromDays(3));
        config.Reasoning.Changes.TimeWeight.ShouldBe(0.45);
    }

    [Fact]
    public void Parse_ReasoningSection_OverridesSignalConfidenceAndRunbookThresholds()
    {
        var config = ProjectConfigLoader.Parse("/tmp/shop", "shop",
            "service: shop\nreasoning:\n  onset_reach: 30m\n  surge_ratio: 2\n  gradual_rise: 1h\n  confidence_high: 0.95\n  confidence_medium: 0.6\n  runbook_match: 0.5\n  unknown_below: 0.35\n  severe_error_ratio: 0.1\n");

        config.Reasoning.Signals.OnsetReach.ShouldBe(TimeSpan.FromMinutes(30));
        config.Reasoning.Signals.SurgeRatio.ShouldBe(2);
        config.Reasoning.Signals.GradualRise.ShouldBe(TimeSpan.FromHours(1));
        config.Reasoning.Confidence.HighAbove.ShouldBe(0.95);
        config.Reasoning.Confidence.MediumFrom.ShouldBe(0.6);
        config.Reasoning.Runbooks.MatchFrom.ShouldBe(0.5);
        config.Reasoning.Ranking.UnknownBelow.ShouldBe(0.35);
        config.Reasoning.Scope.SevereErrorRatio.ShouldBe(0.1);
        config.Reasoning.Signals.CollapseBelow.ShouldBe(0.5);
    }

    [Theory]
    [InlineData("surge_ratio: 0.9", "reasoning.surge_ratio must be a number of at least 1")]
    [InlineData("confidence_high: -0.1", "reasoning.confidence_high must be a number from 0 to 1")]
    [InlineData("runbook_match: lots", "reasoning.runbook_match must be a number")]
    [InlineData("gradual_rise: 0s", "reasoning.gradual_rise must be a positive duration")]
    public void Parse_ReasoningValueOutOfRange_IsRefusedWithItsLine(string setting, string message)
    {
        var error = Should.Throw<ConfigException>(() => ProjectConfigLoader.Parse("/tmp/shop", "shop", "service: shop\nreasoning:\n  " + setting + "\n"));

        error.Message.ShouldContain(message);
        error.Message.ShouldContain("line 3");
    }

    [Fact]
    public void Parse_ConfidenceMediumAboveHigh_IsRefused()
    {
        var error = Should.Throw<ConfigException>(() => ProjectConfigLoader.Parse("/tmp/shop", "shop", "service: shop\nreasoning:\n  confidence_medium: 0.95\n"));

        error.Message.ShouldContain("reasoning.confidence_medium must not be above reasoning.confidence_high");
    }

    [Fact]
    public void OptionsRecords_BadValue_AreRefusedWhenSet()
    {
        Should.Throw<ArgumentException>(() => new CapacityCauseOptions { MaxScore = 1.2 });
        Should.Throw<ArgumentException>(() => new SignalOptions { SurgeRatio = 0.5 });
        Should.Throw<ArgumentException>(() => new ScopeOptions { SimultaneousWithin = TimeSpan.FromMinutes(-1) });
        Should.Throw<ArgumentException>(() => new RunbookOptions { Saturation = 0 });
        new ReasoningOptions().Causes.Capacity.MaxScore.ShouldBe(0.97);
    }

    [Fact]
    public void Parse_UnknownReasoningKey_IsRefusedWithItsLine()
    {
        var error = Should.Throw<ConfigException>(() => ProjectConfigLoader.Parse("/tmp/shop", "shop", "service: shop\nreasoning:\n  blame: 0.6\n"));

        error.Message.ShouldContain("line 3");
        error.Message.ShouldContain("reasoning.blame");
    }
}
