namespace Firebreak.Evidence.Tests;

public sealed class RunbookReaderTests
{
    [Fact]
    public void Parse_ScenarioStyleRunbook_TakesTitleAndLabelledSteps()
    {
        const string text = """
            # Runbook: high error rate after a deploy
            Symptoms: 5xx ratio above 5%, exceptions in service logs.
            Diagnosis: compare error onset with the deploy history; read the top exception.
            Mitigation: roll back the last deploy of the service (`./ops/rollback.sh <component> <version>`).
            Escalation: if not resolved in 15 minutes, page the component owner.
            """;

        var runbook = RunbookReader.Parse(text, "runbooks/runbook-high-error-rate.md");

        runbook.Title.ShouldBe("Runbook: high error rate after a deploy");
        runbook.Path.ShouldBe("runbooks/runbook-high-error-rate.md");
        runbook.Steps.Count.ShouldBe(3);
        runbook.Steps[1].ShouldBe("Mitigation: roll back the last deploy of the service (`./ops/rollback.sh <component> <version>`).");
        runbook.Text.ShouldBe(text);
    }

    [Fact]
    public void Parse_ListsAndFences_BecomeSteps()
    {
        const string text = """
            Intro text without heading.

            ## Steps
            1. Check the pool: `psql -c 'select 1'`
            2) Scale replicas
            - [ ] Tell support
            * Verify p95 below 400 ms

            ```sh
            ./ops/scale.sh search-db replicas=+2
            ```
            """;

        var runbook = RunbookReader.Parse(text, "deployment/runbook-db_pool.md");

        runbook.Title.ShouldBe("Steps");
        runbook.Steps.ShouldBe([
            "Check the pool: `psql -c 'select 1'`",
            "Scale replicas",
            "Tell support",
            "Verify p95 below 400 ms",
            "`./ops/scale.sh search-db replicas=+2`",
        ]);
    }

    [Fact]
    public void Parse_ProseWithInlineCommand_IsAStep()
    {
        const string text = "# Payment provider outage\nSwitch card payments to the backup provider with feature flag `payments.backup_provider=on`; tell support.\n";

        RunbookReader.Parse(text, "runbooks/p.md").Steps.ShouldBe(["Switch card payments to the backup provider with feature flag `payments.backup_provider=on`; tell support."]);
    }

    [Fact]
    public void Parse_ProseOnly_EveryLineIsAStep() =>
        RunbookReader.Parse("# Title\nRestart the worker.\n\nTell support.\n", "runbooks/p.md").Steps.ShouldBe(["Restart the worker.", "Tell support."]);

    [Fact]
    public void Parse_NoHeading_TitleFromFileName() =>
        RunbookReader.Parse("just text", "runbooks/payment-provider_outage.md").Title.ShouldBe("payment provider outage");
}
