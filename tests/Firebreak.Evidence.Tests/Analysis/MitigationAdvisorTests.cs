using Firebreak.Core;

namespace Firebreak.Evidence.Tests;

public sealed class MitigationAdvisorTests
{
    [Fact]
    public void Choose_DeployRegression_RollsBackToThePreviousDeploy()
    {
        var builder = IncidentKinds.DeployRegression().Deploy(-2000, "checkout-api", "3.7.2", "1111111111111111111111111111111111111111");

        var (_, plan) = builder.Respond();

        plan.Strategy.ShouldBe(MitigationStrategy.Rollback);
        plan.TargetComponent.ShouldBe("checkout-api");
        plan.TargetVersion.ShouldBe("3.7.2");
        plan.Steps.ShouldContain(s => s.Contains("from 3.8.0 to 3.7.2", StringComparison.Ordinal));
        plan.RollbackPlan.ShouldContain(s => s.Contains("redeploy 3.8.0", StringComparison.Ordinal));
        plan.Runbook.ShouldNotBeNull().Runbook.Path.ShouldBe("runbooks/runbook-high-error-rate.md");
    }

    [Fact]
    public void Choose_RollbackCommandConfigured_FillsComponentAndVersion()
    {
        var builder = IncidentKinds.DeployRegression()
            .Deploy(-2000, "checkout-api", "3.7.2", "1111111111111111111111111111111111111111")
            .Command(MitigationStrategy.Rollback, "./ops/rollback.sh", "{component}", "{version}");

        var (_, plan) = builder.Respond();

        plan.Steps.ShouldContain(s => s.Contains("`./ops/rollback.sh checkout-api 3.7.2`", StringComparison.Ordinal));
    }

    [Fact]
    public void Choose_RollbackCommandWithoutKnownVersion_DoesNotGuessTheVersion()
    {
        var builder = IncidentKinds.DeployRegression().Command(MitigationStrategy.Rollback, "./ops/rollback.sh", "{component}", "{version}");

        var (_, plan) = builder.Respond();

        plan.Steps.ShouldNotContain(s => s.Contains("rollback.sh checkout-api unknown", StringComparison.Ordinal));
        plan.Steps.ShouldContain(s => s.Contains("once the missing value is known", StringComparison.Ordinal));
    }

    [Fact]
    public void Choose_RunbookForbidsRollback_ChoosesHotfix()
    {
        var builder = IncidentKinds.DeployRegression()
            .Runbook("runbooks/checkout-api.md", "# checkout-api\nDo not roll back checkout-api past 3.8.0: the ledger format changed.");

        var (_, plan) = builder.Respond();

        plan.Strategy.ShouldBe(MitigationStrategy.Hotfix);
        plan.Rejected.ShouldContain(r => r.Strategy == MitigationStrategy.Rollback && r.Reason.Contains("do not roll back", StringComparison.Ordinal));
    }

    [Fact]
    public void Choose_IrreversibleMigration_ExplainsWhyNotRollback()
    {
        var (_, plan) = IncidentKinds.IrreversibleMigration().Respond();

        plan.Strategy.ShouldBe(MitigationStrategy.Hotfix);
        plan.Rationale.ShouldContain("irreversible");
        plan.TargetComponent.ShouldBe("orders-api");
    }

    [Fact]
    public void Choose_ConfigChange_RevertsTheKeyToItsOldValue()
    {
        var (_, plan) = IncidentKinds.ConfigChange().Respond();

        plan.Strategy.ShouldBe(MitigationStrategy.ConfigChange);
        plan.Steps.ShouldContain(s => s.Contains("db.pool.max_size back from 5 to 200", StringComparison.Ordinal));
        plan.TargetVersion.ShouldBe("200");
        plan.RollbackPlan[0].ShouldContain("back to 5");
    }

    [Fact]
    public void Choose_ThirdParty_UsesTheBackupProviderRunbook()
    {
        var (_, plan) = IncidentKinds.ThirdParty().Respond();

        plan.Strategy.ShouldBe(MitigationStrategy.Workaround);
        plan.Runbook.ShouldNotBeNull().Runbook.Path.ShouldBe("runbooks/runbook-payment-provider.md");
        plan.Steps.ShouldContain(s => s.Contains("payments.backup_provider=on", StringComparison.Ordinal));
        plan.TargetComponent.ShouldBe("payments");
        plan.Rejected.ShouldContain(r => r.Strategy == MitigationStrategy.Rollback);
    }

    [Fact]
    public void Choose_PreferFastRollback_RollsBackAPlausibleDeploy()
    {
        // The config change is what the evidence blames least clearly: a deploy of the same component 25 minutes earlier is plausible.
        var builder = new IncidentBuilder()
            .Component("api", "src/api/")
            .Deploy(-40, "api", "2.0.0", "fedcba9876543210fedcba9876543210fedcba98")
            .Series("api_error_ratio", "error_rate", "api", 0.001, 0.5, stepAt: -4)
            .Template("charge failed: partner gateway timeout, vendor unavailable", "ERROR", "api", -4);

        var (_, withoutGuidance) = builder.Respond();
        var (_, withGuidance) = builder.Respond(new GuidanceProfile { PreferFastRollback = true, Text = "prioritize fast rollback" });

        withoutGuidance.Strategy.ShouldNotBe(MitigationStrategy.Rollback);
        withGuidance.Strategy.ShouldBe(MitigationStrategy.Rollback);
    }

    [Fact]
    public void Choose_SecurityWithPreserveForensics_PreservesBeforeContaining()
    {
        var (_, plan) = IncidentKinds.CredentialStuffing().Respond(new GuidanceProfile { Security = true, PreserveForensics = true, Text = "preserve forensics" });

        plan.Strategy.ShouldBe(MitigationStrategy.ConfigChange);
        plan.Steps[0].ShouldStartWith("Preserve evidence");
        plan.Steps.ShouldContain(s => s.Contains("185.23.4.19", StringComparison.Ordinal));
    }

    [Fact]
    public void Choose_InfraChangeThatRemovedCapacity_ScalesBack()
    {
        var builder = new IncidentBuilder()
            .Component("api", "src/api/")
            .Setting(-6, ChangeKind.Infra, "api", "api-replicas", "6", "1", "kubectl scale deployment api --replicas=1 (ran against prod by mistake)")
            .Series("api_saturation", "saturation", "api", 0.4, 1.0, stepAt: -5)
            .Series("api_error_ratio", "error_rate", "api", 0.001, 0.3, stepAt: -5);

        var (diagnosis, plan) = builder.Respond();

        diagnosis.Suspected.ShouldNotBeNull().Change.ShouldNotBeNull().Ref.ShouldBe("api-replicas");
        plan.Strategy.ShouldBe(MitigationStrategy.Scaling);
        plan.TargetVersion.ShouldBe("6");
    }

    [Theory]
    [InlineData("kubectl scale deployment api --replicas=1", "6", "1", null, true)]
    [InlineData("raise the autoscaling ceiling (max replicas)", "12", "16", null, false)]
    [InlineData("node image security patch rolled to node pool pool-b", null, null, "ubuntu-2204-20261127", false)]
    [InlineData("removed two nodes from the pool", null, null, null, true)]
    [InlineData("health check path changed", "/healthz", "/health", null, false)]
    public void RemovedCapacity_InfraChange_OnlyWhenItTookCapacityAway(string description, string? before, string? after, string? version, bool removed)
    {
        var change = new ChangeRecord(ChangeKind.Infra, IncidentBuilder.Detected, "api", version ?? "api", description, new SourceRef("deploys.jsonl", 1))
        {
            OldValue = before,
            NewValue = after,
            Version = version,
        };

        MitigationAdvisor.RemovedCapacity(change).ShouldBe(removed);
    }
}
