using Firebreak.Core;

namespace Firebreak.Evidence.Tests;

public sealed class MitigationValidatorTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);
    private static readonly SloTargets Slo = new(99.9, 400);

    private static SeriesAnalysis Before(string kind, double baseline, double noise, double incident, string name = "checkout_error_ratio") =>
        SeriesAnalyzer.Analyze(new SeriesBuilder(AsOf, baseline, noise).StepTo(TimeSpan.FromMinutes(10), incident).Series(kind, name), AsOf, Slo);

    private static SeriesAnalysis After(string kind, double baseline, double noise, double incident, double now, string name = "checkout_error_ratio")
    {
        var later = AsOf.AddMinutes(15);
        var series = new SeriesBuilder(later, baseline, noise)
            .StepTo(TimeSpan.FromMinutes(25), incident)
            .StepTo(TimeSpan.FromMinutes(8), now, TimeSpan.FromMinutes(1))
            .Series(kind, name);
        return SeriesAnalyzer.Analyze(series, later, Slo);
    }

    [Fact]
    public void Judge_BackToBaselineAndSlo_IsResolved()
    {
        var (verdict, evidence) = MitigationValidator.Judge(
            [Before("error_rate", 0.0005, 0.0001, 0.9)],
            [After("error_rate", 0.0005, 0.0001, 0.9, 0.0005)],
            Slo);

        verdict.ShouldBe(ResolutionVerdict.Resolved);
        var item = evidence.ShouldHaveSingleItem();
        item.Text.ShouldContain("back to normal");
        item.Source.File.ShouldBe("metrics/checkout_error_ratio.json");
        item.Source.Detail!.ShouldStartWith("sample at ");
    }

    [Fact]
    public void Judge_HalfwayBack_IsPartiallyResolved()
    {
        var (verdict, evidence) = MitigationValidator.Judge(
            [Before("error_rate", 0.0005, 0.0001, 0.9)],
            [After("error_rate", 0.0005, 0.0001, 0.9, 0.2)],
            Slo);

        verdict.ShouldBe(ResolutionVerdict.PartiallyResolved);
        evidence.ShouldHaveSingleItem().Text.ShouldContain("improved");
    }

    [Fact]
    public void Judge_Unchanged_IsNotResolved()
    {
        var (verdict, evidence) = MitigationValidator.Judge(
            [Before("error_rate", 0.0005, 0.0001, 0.9)],
            [After("error_rate", 0.0005, 0.0001, 0.9, 0.88)],
            Slo);

        verdict.ShouldBe(ResolutionVerdict.NotResolved);
        evidence.ShouldHaveSingleItem().Text.ShouldContain("not recovered");
    }

    [Fact]
    public void Judge_OneOfTwoSeriesBack_IsPartiallyResolved()
    {
        var (verdict, evidence) = MitigationValidator.Judge(
            [Before("error_rate", 0.0005, 0.0001, 0.9), Before("latency_p95_ms", 180, 10, 2000, "lat")],
            [After("error_rate", 0.0005, 0.0001, 0.9, 0.0005), After("latency_p95_ms", 180, 10, 2000, 1990, "lat")],
            Slo);

        verdict.ShouldBe(ResolutionVerdict.PartiallyResolved);
        evidence.Count.ShouldBe(2);
    }

    [Fact]
    public void Judge_BackToBaselineButAboveSlo_IsNotFullyResolved()
    {
        // The baseline itself breaches the latency SLO: returning to it is progress, not resolution.
        var (verdict, _) = MitigationValidator.Judge(
            [Before("latency_p95_ms", 450, 10, 3000, "lat")],
            [After("latency_p95_ms", 450, 10, 3000, 450, "lat")],
            Slo);

        verdict.ShouldBe(ResolutionVerdict.PartiallyResolved);
    }

    [Fact]
    public void Judge_NoMetricsAfter_IsNotResolved()
    {
        var (verdict, evidence) = MitigationValidator.Judge([Before("error_rate", 0.0005, 0.0001, 0.9)], [], Slo);

        verdict.ShouldBe(ResolutionVerdict.NotResolved);
        evidence.ShouldHaveSingleItem().Text.ShouldContain("cannot be confirmed");
    }

    [Fact]
    public void Judge_SeriesMissingAfter_IsNotResolved()
    {
        var (verdict, evidence) = MitigationValidator.Judge(
            [Before("error_rate", 0.0005, 0.0001, 0.9)],
            [After("throughput", 100, 5, 100, 100, "rps")],
            Slo);

        verdict.ShouldBe(ResolutionVerdict.NotResolved);
        evidence.ShouldContain(e => e.Text.Contains("unknown", StringComparison.Ordinal));
    }

    [Fact]
    public void Judge_NothingWasAnomalous_AndStillNormal_IsResolved()
    {
        var quiet = SeriesAnalyzer.Analyze(new SeriesBuilder(AsOf, 100, 5).Series("throughput", "rps"), AsOf, Slo);

        var (verdict, evidence) = MitigationValidator.Judge([quiet], [quiet], Slo);

        verdict.ShouldBe(ResolutionVerdict.Resolved);
        evidence.ShouldHaveSingleItem().Text.ShouldContain("within its normal range");
    }
}
