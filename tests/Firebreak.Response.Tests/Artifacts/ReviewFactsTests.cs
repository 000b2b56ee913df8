using Firebreak.Core;

namespace Firebreak.Response.Tests;

public sealed class ReviewFactsTests
{
    private static Dictionary<string, string> Render(IncidentDossier dossier) =>
        IncidentArtifacts.Render(dossier).ToDictionary(a => a.Path, a => a.Content, StringComparer.Ordinal);

    [Fact]
    public void Decide_DeployRegression_ImpactPointsAreSamplesCitedByTheirMoment()
    {
        var review = new DossierFacts(DossierFixtures.DeployRegressionP0()).Review;

        var errors = review.Impact[0];
        errors.Series.Series.Name.ShouldBe("checkout_error_ratio");
        errors.Points.Select(p => p.Moment).ShouldBe(Enum.GetValues<ImpactMoment>());
        errors.Points.ShouldAllBe(p => p.Sample != null && p.Source!.Detail!.StartsWith("sample at "));
        var before = errors.Points.Single(p => p.Moment == ImpactMoment.BeforeOnset).Sample!.Value;
        before.At.ShouldBe(DossierFixtures.T0.AddMinutes(14));
        before.Value.ShouldBe(0.002);
        errors.Points.Single(p => p.Moment == ImpactMoment.Peak).Sample!.Value.Value.ShouldBe(0.35);
        errors.Points.Single(p => p.Moment == ImpactMoment.AfterMitigation).Sample!.Value.At.ShouldBeGreaterThan(DossierFixtures.T0.AddMinutes(30));
    }

    [Fact]
    public void Decide_NoAcknowledgement_AcknowledgementUnknownAndTheGapMeasuredFromDetection()
    {
        var gap = new DossierFacts(DossierFixtures.DeployRegressionP0()).Review.Gap;

        var ack = gap.Mark(GapStage.Acknowledged);
        ack.At.ShouldBeNull();
        ack.Basis.ShouldBe(GapBasis.Unknown);
        ack.WouldNeed!.ShouldContain("firebreak ack INC-42");
        gap.Mark(GapStage.Detected).Basis.ShouldBe(GapBasis.Evidence);
        gap.Mark(GapStage.Mitigated).Basis.ShouldBe(GapBasis.Measured);
        gap.Mark(GapStage.Recovered).Basis.ShouldBe(GapBasis.Measured);
        gap.Spans.ShouldContain(s => s.From == GapStage.Detected && s.To == GapStage.Mitigated && s.Length == TimeSpan.FromMinutes(12));
        gap.Spans.ShouldContain(s => s.From == GapStage.Detected && s.To == GapStage.Acknowledged && s.Length == null);
    }

    [Fact]
    public void Decide_ResolvedByAPersonWithoutValidation_RecoveryIsTheirReport()
    {
        var d = DossierFixtures.DeployRegressionP0();
        var resolved = d.State.Events.OfType<IncidentResolved>().Single();
        d = d with
        {
            Outcome = MitigationOutcome.NotExecuted("not executed"),
            State = d.State with
            {
                Events = [.. d.State.Events.Where(e => e is not (MitigationExecuted or MitigationValidated or IncidentResolved)), resolved with { Actor = "Rita Gomez" }],
            },
        };
        var f = new DossierFacts(d);

        f.Review.Gap.Mark(GapStage.Recovered).Basis.ShouldBe(GapBasis.Reported);
        f.Review.Gap.Mark(GapStage.Mitigated).At.ShouldBeNull();
        f.Brief.BeingDone.ShouldStartWith("Responders report service is back (Rita Gomez resolved it at ");
        f.Brief.Eta.ShouldStartWith("responders report service back at ");
        var executive = Render(d)["communications/executive-notification.md"];
        executive.ShouldNotContain("The team undid the recent change");
    }

    [Fact]
    public void Decide_DeployRegression_LuckyFactsEachCited()
    {
        var lucky = new DossierFacts(DossierFixtures.DeployRegressionP0()).Review.Lucky;

        lucky.Select(l => l.Kind).ShouldBe([LuckKind.ReversibleChange, LuckKind.SingleComponent, LuckKind.AlertBeforeCustomers]);
        lucky.ShouldAllBe(l => l.Sources.Count > 0);
        lucky[0].RestoreVersion.ShouldBe("3.7.2");
    }

    [Fact]
    public void Decide_IrreversibleChange_NotCountedAsLuck()
    {
        var d = DossierFixtures.DeployRegressionP0();
        var leading = d.Diagnosis.Hypotheses[0];
        var irreversible = leading with { Change = leading.Change! with { Reversible = false } };
        d = d with { Diagnosis = d.Diagnosis with { Hypotheses = [irreversible, .. d.Diagnosis.Hypotheses.Skip(1)] } };

        new DossierFacts(d).Review.Lucky.ShouldNotContain(l => l.Kind == LuckKind.ReversibleChange);
    }

    [Fact]
    public void Render_NoEvidence_ReviewSaysNothingQualifiesAndWhatWouldMakeImpactKnown()
    {
        var pir = Render(DossierFixtures.NoEvidence())["post-incident-review.md"];

        pir.ShouldContain("Nothing in this incident's evidence qualifies");
        pir.ShouldContain("unknown (no error-rate or latency metric was read");
        pir.ShouldContain("| Impact start | unknown | unknown (no metric or log onset");
    }

    [Fact]
    public void Render_SecurityFixture_BookkeepingInTheAuditLogNotTheTimeline()
    {
        var artifacts = Render(DossierFixtures.SecurityTier3());

        artifacts["timeline.md"].ShouldNotContain("Evidence preserved");
        artifacts["logs/audit-log.md"].ShouldContain("| Evidence preserved before mitigation | security-architect |");
        artifacts["incident.json"].ShouldContain("\"logs/audit-log.md\"");
    }

    [Fact]
    public void IsBookkeeping_ResponseEvents_StayOnTheTimeline()
    {
        var at = DossierFixtures.T0;

        RecordKeeping.IsBookkeeping(new EvidenceCollected(at, "x", "logs", "read")).ShouldBeTrue();
        RecordKeeping.IsBookkeeping(new ImpactStarted(at, "x", "onset")).ShouldBeTrue();
        RecordKeeping.IsBookkeeping(new Escalated(at, "x", Tier.Tier2, "why")).ShouldBeFalse();
        RecordKeeping.IsBookkeeping(new IncidentAcknowledged(at, "x", "Alex Kim", "firebreak ack")).ShouldBeFalse();
    }
}
