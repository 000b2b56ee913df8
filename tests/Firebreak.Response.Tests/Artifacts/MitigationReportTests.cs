using Firebreak.Evidence;

namespace Firebreak.Response.Tests;

public sealed class MitigationReportTests
{
    // The deploy regression as the flow sees it: the incident's evidence shows the error ratio at its peak (36%),
    // and the metrics read after the rollback show it back at 0.3%.
    private static IncidentDossier RolledBack(bool withAfterMetrics)
    {
        var dossier = DossierFixtures.DeployRegressionP0();
        var during = dossier.Evidence.Metrics.Select(m => m.Series.Kind == "error_rate"
            ? m with { Current = 0.36, CurrentSource = new SourceRef(m.Series.Source.File, null, "sample at 19:29") }
            : m).ToList();
        var after = during.Select(m => m.Series.Kind == "error_rate"
            ? m with { Current = 0.003, Baseline = 0.25, Anomalous = false, CurrentSource = new SourceRef(m.Series.Source.File, null, "sample at 19:46") }
            : m with { CurrentSource = new SourceRef(m.Series.Source.File, null, "sample at 19:46") }).ToList();
        return dossier with
        {
            Evidence = dossier.Evidence with { Metrics = during },
            Outcome = dossier.Outcome with
            {
                AfterMetrics = withAfterMetrics ? after : [],
                ValidatedAt = withAfterMetrics ? DossierFixtures.T0.AddMinutes(46) : null,
            },
        };
    }

    private static string Report(IncidentDossier dossier) =>
        IncidentArtifacts.Render(dossier).Single(a => a.Path == MitigationReportRenderer.Path).Content;

    private static string ValidationSection(string report) => report[report.IndexOf("## Validation", StringComparison.Ordinal)..];

    [Fact]
    public void Render_ValidatedRollback_ValidationShowsTheValuesReadAfterTheMitigation()
    {
        var validation = ValidationSection(Report(RolledBack(withAfterMetrics: true)));

        validation.ShouldContain("- [x] Error rate returned to baseline: current 0.3%, baseline 0.2%");
        validation.ShouldContain("| Error rate | 0.3% | 0.2% |");
        validation.ShouldContain("metrics/checkout_error_ratio.json (sample at 19:46)");
        validation.ShouldContain("read after the mitigation (2026-11-25 19:46 UTC)");
        validation.ShouldNotContain("36%");
    }

    [Fact]
    public void Render_ExecutedWithoutAfterMetrics_ValidationShowsTheIncidentEvidence()
    {
        var validation = ValidationSection(Report(RolledBack(withAfterMetrics: false)));

        validation.ShouldContain("- [ ] Error rate returned to baseline: current 36%");
        validation.ShouldNotContain("read after the mitigation");
    }

    [Fact]
    public void Render_AfterMetricsLackTheSeries_CurrentIsUnknownNotTheOldValue()
    {
        var dossier = RolledBack(withAfterMetrics: true);
        dossier = dossier with { Outcome = dossier.Outcome with { AfterMetrics = [.. dossier.Outcome.AfterMetrics.Where(m => m.Series.Kind != "error_rate")] } };

        var validation = ValidationSection(Report(dossier));

        validation.ShouldContain("- [ ] Error rate returned to baseline: current unknown (no samples)");
        validation.ShouldNotContain("36%");
    }
}
