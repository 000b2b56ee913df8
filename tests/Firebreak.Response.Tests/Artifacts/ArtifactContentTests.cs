using System.Text.Json;
using System.Text.RegularExpressions;
using Firebreak.Core;

namespace Firebreak.Response.Tests;

public sealed partial class ArtifactContentTests
{
    private static readonly string[] Required =
    [
        "incident-record.md", "timeline.md", "triage-assessment.md", "root-cause-analysis.md", "mitigation-report.md",
        "post-incident-review.md", "preventive-actions.md", "pir-meeting-invite.md", "runbook-update-recommendation.md",
        "knowledge-base-article.md", "diagnostics/tier1-data.md", "diagnostics/tier2-analysis.md",
        "communications/initial-alert.md", "communications/status-page-update.md", "incident.json",
    ];

    private static Dictionary<string, string> Render(string fixture) =>
        IncidentArtifacts.Render(DossierFixtures.All[fixture]).ToDictionary(a => a.Path, a => a.Content, StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(DossierFixtures.Names), MemberType = typeof(DossierFixtures))]
    public void Render_AnyFixture_HasNoUnfilledPlaceholder(string fixture)
    {
        foreach (var (path, content) in Render(fixture))
        {
            Placeholder().Matches(content).Select(m => m.Value).ShouldBeEmpty($"{fixture}/{path}");
            TbdWord().IsMatch(content).ShouldBeFalse($"{fixture}/{path} says TBD");
            content.ShouldNotContain("{incident-id}");
            content.ShouldNotContain("{P0/P1/P2/P3}");
        }
    }

    [Theory]
    [MemberData(nameof(DossierFixtures.Names), MemberType = typeof(DossierFixtures))]
    public void Render_AnyFixture_WritesEveryRequiredArtifactWithContent(string fixture)
    {
        var artifacts = Render(fixture);

        foreach (var path in Required)
        {
            artifacts.ShouldContainKey(path);
            artifacts[path].Length.ShouldBeGreaterThan(100, path);
        }
    }

    [Theory]
    [MemberData(nameof(DossierFixtures.Names), MemberType = typeof(DossierFixtures))]
    public void Render_AnyFixture_TablesHaveConsistentColumnCounts(string fixture)
    {
        foreach (var (path, content) in Render(fixture).Where(a => a.Key.EndsWith(".md", StringComparison.Ordinal)))
        {
            var lines = content.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (!lines[i].StartsWith("|---", StringComparison.Ordinal))
                {
                    continue;
                }

                var columns = Cells(lines[i - 1]);
                for (var j = i + 1; j < lines.Length && lines[j].StartsWith('|'); j++)
                {
                    Cells(lines[j]).ShouldBe(columns, $"{fixture}/{path} line {j + 1}: {lines[j]}");
                }
            }
        }
    }

    private static int Cells(string row) => UnescapedPipe().Matches(row).Count - 1;

    [Fact]
    public void Render_SecretsInEvidence_AreRedactedEverywhere()
    {
        foreach (var (path, content) in Render("security-tier3"))
        {
            foreach (var secret in DossierFixtures.Secrets)
            {
                content.ShouldNotContain(secret, Case.Sensitive, $"{path} leaks {secret}");
            }
        }
    }

    [Fact]
    public void Render_DeployRegression_IncidentJsonFollowsTheContract()
    {
        using var json = JsonDocument.Parse(Render("deploy-p0")["incident.json"]);
        var root = json.RootElement;

        root.GetProperty("id").GetString().ShouldBe("INC-42");
        root.GetProperty("status").GetString().ShouldBe("RESOLVED");
        root.GetProperty("priority").GetString().ShouldBe("P0");
        root.GetProperty("impact").GetString().ShouldBe("HIGH");
        root.GetProperty("urgency").GetString().ShouldBe("HIGH");
        root.GetProperty("category").GetString().ShouldBe("availability");
        root.GetProperty("detected_at").GetString().ShouldBe("2026-11-25T19:19:00.000Z");
        root.GetProperty("affected_components").EnumerateArray().Select(e => e.GetString()).ShouldBe(["checkout-api"]);
        var change = root.GetProperty("suspected_change");
        change.GetProperty("kind").GetString().ShouldBe("deploy");
        change.GetProperty("ref").GetString().ShouldBe(DossierFixtures.DeploySha);
        change.GetProperty("at").GetString().ShouldBe("2026-11-25T19:13:59.000Z");
        change.GetProperty("component").GetString().ShouldBe("checkout-api");
        change.GetProperty("confidence").GetString().ShouldBe("HIGH");
        var mitigation = root.GetProperty("mitigation");
        mitigation.GetProperty("strategy").GetString().ShouldBe("rollback");
        mitigation.GetProperty("executed").GetBoolean().ShouldBeTrue();
        mitigation.GetProperty("validated").GetBoolean().ShouldBeTrue();
        var escalation = root.GetProperty("escalation");
        escalation.GetProperty("tier").GetInt32().ShouldBe(2);
        escalation.GetProperty("management_notified").GetBoolean().ShouldBeTrue();
        escalation.GetProperty("executive_notified").GetBoolean().ShouldBeTrue();
        root.GetProperty("reported_priority").GetString().ShouldBe("P1");
        var artifacts = root.GetProperty("artifacts").EnumerateArray().Select(e => e.GetString()).ToList();
        artifacts.ShouldContain("communications/executive-notification.md");
        artifacts.ShouldNotContain("incident.json");
    }

    [Fact]
    public void Render_NoEvidence_IncidentJsonHasNullSuspectedChange()
    {
        using var json = JsonDocument.Parse(Render("no-evidence")["incident.json"]);
        var root = json.RootElement;

        root.GetProperty("suspected_change").ValueKind.ShouldBe(JsonValueKind.Null);
        root.GetProperty("status").GetString().ShouldBe("TRIAGED");
        root.GetProperty("mitigation").GetProperty("strategy").GetString().ShouldBe("workaround");
        root.GetProperty("mitigation").GetProperty("executed").GetBoolean().ShouldBeFalse();
        root.GetProperty("affected_components").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public void Render_SecurityFixture_UsesWireNamesForMultiWordValues()
    {
        using var json = JsonDocument.Parse(Render("security-tier3")["incident.json"]);
        var root = json.RootElement;

        root.GetProperty("category").GetString().ShouldBe("security");
        root.GetProperty("status").GetString().ShouldBe("MITIGATING");
        root.GetProperty("mitigation").GetProperty("strategy").GetString().ShouldBe("config-change");
        root.GetProperty("escalation").GetProperty("tier").GetInt32().ShouldBe(3);
    }

    [Theory]
    [InlineData("deploy-p0", false, true, true, true)]
    [InlineData("minor-p3", false, false, false, false)]
    [InlineData("security-tier3", true, true, true, false)]
    [InlineData("no-evidence", false, false, false, false)]
    [InlineData("capacity-p1", false, true, false, false)]
    public void Render_Fixture_WritesConditionalArtifactsOnlyWhenCalledFor(string fixture, bool tier3, bool management, bool executive, bool resolution)
    {
        var artifacts = Render(fixture);

        artifacts.ContainsKey("diagnostics/tier3-architecture-assessment.md").ShouldBe(tier3);
        artifacts.ContainsKey("communications/management-notification.md").ShouldBe(management);
        artifacts.ContainsKey("communications/executive-notification.md").ShouldBe(executive);
        artifacts.ContainsKey("communications/resolution-notification.md").ShouldBe(resolution);
    }

    [Fact]
    public void Render_NoEvidence_SaysUnknownWithWhatWouldMakeItKnown()
    {
        var artifacts = Render("no-evidence");

        artifacts["incident-record.md"].ShouldContain("**Affected User Count**: unknown (");
        artifacts["incident-record.md"].ShouldContain("**On-Call Engineer**: unknown (nobody configured; add people.oncall");
        artifacts["root-cause-analysis.md"].ShouldContain("Unknown — would need");
        artifacts["triage-assessment.md"].ShouldContain("**Current Availability**: unknown (");
        artifacts["diagnostics/tier1-data.md"].ShouldContain("- [ ] Identify applicable runbook: none found");
        artifacts["knowledge-base-article.md"].ShouldContain("**Related Incidents**: none recorded");
    }

    [Fact]
    public void Render_ExecutiveNote_BusinessTermsWithoutCommitServiceOrTemplate()
    {
        var note = Render("deploy-p0")["communications/executive-notification.md"];

        note.ShouldNotContain("checkout-api");
        note.ShouldNotContain(DossierFixtures.DeploySha[..7]);
        note.ShouldNotContain("<*>");
        note.ShouldContain("**Subject**: [EXECUTIVE ALERT] P0 Incident - checkout ");
        note.ShouldContain("## What Is Being Done");
        note.ShouldContain("## Decision Needed");
        note.ShouldContain("**Expected back**: ");
    }

    [Fact]
    public void Render_StatusPage_KeepsInternalNamesOut()
    {
        var dossier = DossierFixtures.DeployRegressionP0();
        var page = Render("deploy-p0")["communications/status-page-update.md"];

        foreach (var internalName in dossier.Roster.Assignments.Select(a => a.Person!).Append("checkout-api").Append("3.8.0"))
        {
            page.ShouldNotContain(internalName);
        }

        page.ShouldContain("Resolved");
    }

    [Fact]
    public void Render_OpenIncident_StatusPageGivesNextUpdateFromTheCadence()
    {
        var page = Render("security-tier3")["communications/status-page-update.md"];

        // The fixture's cause is not confirmed: the public page says investigating, never "identified".
        page.ShouldContain("- Investigating**");
        page.ShouldNotContain("have identified");
        page.ShouldContain("**Next update**: 2026-11-25 19:55 UTC");
        page.ShouldContain("updates every 15 min");
    }

    [Fact]
    public void Render_DeployRegression_FiveWhysCitesEvidenceFromImpactToChange()
    {
        var rca = Render("deploy-p0")["root-cause-analysis.md"];

        rca.ShouldContain("[metrics/checkout_error_ratio.json");
        rca.ShouldContain("[logs/checkout.log:1042]");
        rca.ShouldContain("went to production at 2026-11-25 19:13 UTC, 1 min before the onset");
        rca.ShouldContain("it modified `src/checkout/PaymentService.cs`, the file of `PaymentService.");
        rca.ShouldContain("**Trigger**: deploy ");
        rca.ShouldContain("## Why the System Let It Through");
        rca.ShouldContain("```mermaid\nflowchart LR");
        rca.ShouldContain("Monitoring gap: the first alert (CheckoutErrorRateHigh) started 3 min after the onset");
    }

    [Fact]
    public void Render_Capacity_FiveWhysWalksFromSymptomToSaturationToDemandAndStopsAtTheUnknown()
    {
        var whys = DossierFixtures.CapacityP1().RootCause.Whys.Levels;

        whys[0].Because.ShouldStartWith("search is failing");
        whys[1].Because.ShouldStartWith("search-db ran out of capacity");
        whys[1].Because.ShouldContain("[metrics/search_db_pool_utilization.json");
        whys[2].Because.ShouldStartWith("demand rose");
        whys[3].Supported.ShouldBeFalse();
        whys[3].Because.ShouldContain("autoscaling configuration and limits of search-db");
        whys[4].Question.ShouldBe("Not reached");
    }

    [Fact]
    public void Render_BusyRepository_TimelineKeepsTheSuspectedChangeAndTheClosestOthers()
    {
        var dossier = DossierFixtures.DeployRegressionP0();
        var commits = Enumerable.Range(0, 200).Select(i => new Evidence.ChangeRecord(ChangeKind.Commit, DossierFixtures.T0.AddMinutes(-i * 10), "search",
            $"{i:x40}", $"commit {i}", new Evidence.SourceRef("git", null, $"commit {i}")));
        dossier = dossier with { Evidence = dossier.Evidence with { Changes = [.. dossier.Evidence.Changes, .. commits] } };

        var timeline = IncidentArtifacts.Render(dossier).Single(a => a.Path == TimelineRenderer.Path).Content;

        timeline.ShouldContain("deploy of checkout-api version 3.8.0");
        Regex.Matches(timeline, @"\| Change: ").Count.ShouldBeLessThanOrEqualTo(12);
    }

    [Fact]
    public void Render_PriorityMatrix_MarksOnlyTheChosenCell()
    {
        var triage = Render("minor-p3")["triage-assessment.md"];

        Regex.Matches(triage, "▶").Count.ShouldBe(1);
        triage.ShouldContain("| Low Impact | P2 (Medium) | P3 (Low) | **▶ P3 (Low) ◀** |");
    }

    [Fact]
    public void Render_QuotedEvidence_EscapesPipesAndNeutralisesBraceTokens()
    {
        var timeline = Render("deploy-p0")["timeline.md"];

        timeline.ShouldContain("rolling deploy \\| batch 1");
        timeline.ShouldContain("user_id=&#123;user-id&#125;");
    }

    [Fact]
    public void Render_ComprehensiveDocumentation_AddsGlossaryAndLearningNotes()
    {
        var withDocs = Render("security-tier3");
        var without = Render("deploy-p0");

        withDocs["post-incident-review.md"].ShouldContain("## Glossary");
        withDocs["post-incident-review.md"].ShouldContain("## Detailed Learning Notes");
        withDocs["root-cause-analysis.md"].ShouldContain("## Learning Notes");
        without["post-incident-review.md"].ShouldNotContain("## Glossary");
    }

    [Fact]
    public void Render_Guidance_SaysWhatItChanged()
    {
        var record = Render("security-tier3")["incident-record.md"];

        record.ShouldContain("## Guidance Applied");
        record.ShouldContain("- preserve forensics: evidence copied with SHA-256 before mitigation");
    }

    [Fact]
    public void Render_NotExecuted_MitigationReportGivesTheExactPlan()
    {
        var dossier = DossierFixtures.DeployRegressionP0() with { Outcome = MitigationOutcome.NotExecuted("dry run") };

        var report = IncidentArtifacts.Render(dossier).Single(a => a.Path == MitigationReportRenderer.Path).Content;

        report.ShouldContain("**Not executed: run with --execute.** dry run");
        report.ShouldContain("```sh\n./ops/rollback.sh checkout-api 3.7.2\n```");
    }

    [Fact]
    public void Render_PreventiveActions_QuotesTicketCommandsForTheShell()
    {
        var actions = Render("deploy-p0")["preventive-actions.md"];

        actions.ShouldContain("gh issue create --title '[PIR-INC-42] Fix the null check in PaymentService.Charge'");
        actions.ShouldContain("it'\\''s due'");
    }

    [Fact]
    public void Render_P3_PirInviteSaysNoReviewRequired()
    {
        var invite = Render("minor-p3")["pir-meeting-invite.md"];

        invite.ShouldContain("**Required**: no");
        invite.ShouldContain("1. Timeline reconstruction (10 min)");
        invite.ShouldContain("6. Preventive actions brainstorm (15 min)");
    }

    [Fact]
    public void Render_RelatedIncidents_AreListedInTheKnowledgeBase()
    {
        var article = Render("security-tier3")["knowledge-base-article.md"];

        article.ShouldContain("**Related Incidents**: INC-42");
    }

    [Fact]
    public void Render_ClosedWithoutResolvedAt_StillRendersResolutionNotice()
    {
        var dossier = DossierFixtures.MinorP3() with
        {
            State = DossierFixtures.MinorP3().State with { Status = IncidentStatus.Closed },
        };

        var artifacts = IncidentArtifacts.Render(dossier);

        artifacts.ShouldContain(a => a.Path == CommunicationsRenderer.ResolutionPath);
    }

    [GeneratedRegex(@"\{(incident-id|P0/P1/P2/P3|YYYY-MM-DD[^}]*|HH:MM[^}]*|TBD[^}]*|[a-z]+(-[a-z]+)+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\bTBD\b")]
    private static partial Regex TbdWord();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex UnescapedPipe();
}
