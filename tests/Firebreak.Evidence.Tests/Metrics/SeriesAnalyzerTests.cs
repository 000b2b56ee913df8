using Firebreak.Core;

namespace Firebreak.Evidence.Tests;

public sealed class SeriesAnalyzerTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);
    private static readonly SloTargets Slo = new(99.9, 400);

    [Theory]
    [InlineData(8, 3)]
    [InlineData(12, 0)]
    [InlineData(20, 2)]
    [InlineData(35, 5)]
    public void Analyze_ErrorStepWithRamp_FindsOnsetAtTheRampStart(int minutesBefore, int rampMinutes)
    {
        var series = new SeriesBuilder(AsOf, 0.003, 0.001)
            .StepTo(TimeSpan.FromMinutes(minutesBefore), 0.9, TimeSpan.FromMinutes(rampMinutes))
            .Series("error_rate");

        var analysis = SeriesAnalyzer.Analyze(series, AsOf, Slo);

        analysis.Anomalous.ShouldBeTrue();
        analysis.Direction.ShouldBe("up");
        var expected = AsOf - TimeSpan.FromMinutes(minutesBefore);
        analysis.Onset.ShouldNotBeNull();
        (analysis.Onset!.Value - expected).Duration().ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(60));
        analysis.Baseline!.Value.ShouldBe(0.003, 0.001);
        analysis.Current!.Value.ShouldBe(0.9, 0.01);
        analysis.Peak!.Value.ShouldBeGreaterThanOrEqualTo(0.9 - 0.01);
        analysis.Trend.ShouldBe(Trend.Stable);
    }

    [Fact]
    public void Analyze_SlowSurge_FindsOnsetNearTheStartOfTheRamp()
    {
        // Throughput surging 900 -> 2900 over 20 minutes, noise 40: the threshold is crossed minutes into the ramp.
        var series = new SeriesBuilder(AsOf, 900, 40).StepTo(TimeSpan.FromMinutes(47), 2900, TimeSpan.FromMinutes(20)).Series("throughput");

        var analysis = SeriesAnalyzer.Analyze(series, AsOf, Slo);

        analysis.Anomalous.ShouldBeTrue();
        (analysis.Onset!.Value - (AsOf - TimeSpan.FromMinutes(47))).Duration().ShouldBeLessThanOrEqualTo(TimeSpan.FromMinutes(2));
    }

    [Fact]
    public void Analyze_RampStillRising_IsWorsening()
    {
        var series = new SeriesBuilder(AsOf, 0.001, 0.0003).StepTo(TimeSpan.FromMinutes(14), 0.35, TimeSpan.FromMinutes(24)).Series("error_rate");

        var analysis = SeriesAnalyzer.Analyze(series, AsOf, Slo);

        analysis.Anomalous.ShouldBeTrue();
        analysis.Trend.ShouldBe(Trend.Worsening);
    }

    [Fact]
    public void Analyze_Recovering_IsImproving()
    {
        var series = new SeriesBuilder(AsOf, 180, 10)
            .StepTo(TimeSpan.FromMinutes(30), 900, TimeSpan.FromMinutes(1))
            .StepTo(TimeSpan.FromMinutes(6), 300, TimeSpan.FromMinutes(6))
            .Series("latency_p95_ms");

        var analysis = SeriesAnalyzer.Analyze(series, AsOf, Slo);

        analysis.Anomalous.ShouldBeTrue();
        analysis.Trend.ShouldBe(Trend.Improving);
        analysis.Peak!.Value.ShouldBeGreaterThan(850);
    }

    [Fact]
    public void Analyze_DropInThroughput_IsDown()
    {
        var series = new SeriesBuilder(AsOf, 120, 8).StepTo(TimeSpan.FromMinutes(10), 20).Series("throughput");

        var analysis = SeriesAnalyzer.Analyze(series, AsOf, Slo);

        analysis.Anomalous.ShouldBeTrue();
        analysis.Direction.ShouldBe("down");
        analysis.Peak!.Value.ShouldBeLessThan(60);
    }

    [Theory]
    [InlineData(120, 8, 0)]
    [InlineData(0.003, 0.001, 0)]
    [InlineData(95, 6, 0.3)]
    [InlineData(0.38, 0.03, 0)]
    public void Analyze_NoiseOnly_IsNotAnomalous(double baseline, double noise, double dailyCycle)
    {
        for (var seed = 1; seed <= 20; seed++)
        {
            var series = new SeriesBuilder(AsOf, baseline, noise, seed) { DailyCycle = dailyCycle }.Series("throughput");

            var analysis = SeriesAnalyzer.Analyze(series, AsOf, SloTargets.None);

            analysis.Anomalous.ShouldBeFalse($"seed {seed}");
            analysis.Onset.ShouldBeNull();
            analysis.Direction.ShouldBe("none");
        }
    }

    [Fact]
    public void Analyze_SlowLeak_IsAnomalousAgainstTheEarliestHour()
    {
        // Pool usage creeping up 0.1 per hour for six hours: 0.3 -> 0.9.
        var series = new SeriesBuilder(AsOf, 0.3, 0.01) { DriftPerHour = 0.1 }.Series("saturation");

        var analysis = SeriesAnalyzer.Analyze(series, AsOf, SloTargets.None);

        analysis.Anomalous.ShouldBeTrue();
        analysis.Direction.ShouldBe("up");
        analysis.Baseline!.Value.ShouldBe(0.35, 0.06);
    }

    [Fact]
    public void Analyze_LatencyAboveSlo_IsAnomalousEvenWithModestChange()
    {
        var series = new SeriesBuilder(AsOf, 380, 5).StepTo(TimeSpan.FromMinutes(10), 410).Series("latency_p95_ms");

        var analysis = SeriesAnalyzer.Analyze(series, AsOf, Slo);

        analysis.Anomalous.ShouldBeTrue();
    }

    [Fact]
    public void Analyze_SamplesAfterAsOf_AreIgnored()
    {
        var later = AsOf + TimeSpan.FromMinutes(30);
        var series = new SeriesBuilder(later, 0.003, 0.001).StepTo(TimeSpan.FromMinutes(10), 0.9).Series("error_rate");

        var analysis = SeriesAnalyzer.Analyze(series, AsOf, Slo);

        analysis.Anomalous.ShouldBeFalse();
        analysis.Current!.Value.ShouldBeLessThan(0.01);
        analysis.CurrentSource!.Detail!.ShouldStartWith("sample at 2026-11-25T19:5");
    }

    [Fact]
    public void Analyze_CurrentSource_CitesTheMedianSample()
    {
        var series = new SeriesBuilder(AsOf, 0.003, 0).StepTo(TimeSpan.FromMinutes(10), 0.9).Series("error_rate", "checkout_error_ratio");

        var analysis = SeriesAnalyzer.Analyze(series, AsOf, Slo);

        analysis.CurrentSource!.File.ShouldBe("metrics/checkout_error_ratio.json");
        analysis.CurrentSource.Detail.ShouldBe("sample at 2026-11-25T19:59:30.000Z = 0.9");
    }

    [Fact]
    public void Analyze_ErrorRateWithSlo_ComputesBurnRateAndExhaustion()
    {
        var series = new SeriesBuilder(AsOf, 0.0005, 0).StepTo(TimeSpan.FromMinutes(10), 0.1).Series("error_rate");

        var analysis = SeriesAnalyzer.Analyze(series, AsOf, Slo);

        analysis.BurnRate!.Value.ShouldBe(100, 0.01);
        // Budget: 0.001 x 30 d = 2592 s of errors. Spent: ~0.0005 x 5.8 h (~10.5 s) + 0.1 x 600 s (60 s) => ~97% left;
        // at 100x the remaining 97% lasts 0.97 x 30 d / 100 = ~7 h.
        analysis.BudgetExhaustedIn!.Value.TotalHours.ShouldBe(6.98, 0.1);
    }

    [Fact]
    public void Analyze_AvailabilitySeries_BurnsOnItsComplement()
    {
        var series = new SeriesBuilder(AsOf, 0.9995, 0).Series("availability");

        var analysis = SeriesAnalyzer.Analyze(series, AsOf, Slo);

        analysis.BurnRate!.Value.ShouldBe(0.5, 0.001);
        analysis.BudgetExhaustedIn.ShouldBeNull();
    }

    [Fact]
    public void Analyze_LatencySeries_HasNoBurnRate() =>
        SeriesAnalyzer.Analyze(new SeriesBuilder(AsOf, 100, 5).Series("latency_p95_ms"), AsOf, Slo).BurnRate.ShouldBeNull();

    [Fact]
    public void Analyze_Empty_IsUnknown()
    {
        var series = new MetricSeries("m", "error_rate", null, new Dictionary<string, string>(), [], new SourceRef("metrics/m.json"));

        var analysis = SeriesAnalyzer.Analyze(series, AsOf, Slo);

        analysis.Anomalous.ShouldBeFalse();
        analysis.Current.ShouldBeNull();
        analysis.Trend.ShouldBe(Trend.Unknown);
    }

    [Fact]
    public void Analyze_FewSamples_ReportsCurrentOnly()
    {
        var series = new MetricSeries("m", "error_rate", null, new Dictionary<string, string>(),
            [new(AsOf.AddMinutes(-2), 0.1), new(AsOf.AddMinutes(-1), 0.5)], new SourceRef("metrics/m.json"));

        var analysis = SeriesAnalyzer.Analyze(series, AsOf, Slo);

        analysis.Anomalous.ShouldBeFalse();
        analysis.Current.ShouldNotBeNull();
        analysis.Trend.ShouldBe(Trend.Unknown);
    }

    [Fact]
    public void Analyze_NonFiniteAndHugeValues_DoNotThrow()
    {
        var samples = new SeriesBuilder(AsOf, 1, 0.1).Samples();
        samples[10] = samples[10] with { Value = double.NaN };
        samples[11] = samples[11] with { Value = double.PositiveInfinity };
        samples[^1] = samples[^1] with { Value = 1e308 };
        samples[^2] = samples[^2] with { Value = -1e308 };
        var series = new MetricSeries("m", "error_rate", null, new Dictionary<string, string>(), samples, new SourceRef("m"));

        var analysis = SeriesAnalyzer.Analyze(series, AsOf, Slo);

        analysis.Baseline!.Value.ShouldBe(1, 0.1);
        double.IsFinite(analysis.Current!.Value).ShouldBeTrue();
    }

    [Fact]
    public void Analyze_ShortSeries_UsesItsEarlyPartAsBaseline()
    {
        var series = new SeriesBuilder(AsOf, 100, 3) { Window = TimeSpan.FromMinutes(40) }.StepTo(TimeSpan.FromMinutes(10), 400).Series("latency_p95_ms");

        var analysis = SeriesAnalyzer.Analyze(series, AsOf, Slo);

        analysis.Anomalous.ShouldBeTrue();
        analysis.Baseline!.Value.ShouldBe(100, 5);
        (analysis.Onset!.Value - (AsOf - TimeSpan.FromMinutes(10))).Duration().ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData("error_rate", 0.003, 0.001, 0.02, 15, 0.0)]
    [InlineData("throughput", 1200, 60, 700, 20, 0.3)]
    [InlineData("latency_p95_ms", 140, 10, 260, 9, 0.2)]
    [InlineData("saturation", 0.4, 0.03, 0.85, 30, 0.0)]
    public void Analyze_ModestStepsOnCyclesAndNoise_AreFound(string kind, double baseline, double noise, double step, int minutesBefore, double cycle)
    {
        for (var seed = 1; seed <= 10; seed++)
        {
            var series = new SeriesBuilder(AsOf, baseline, noise, seed) { DailyCycle = cycle }
                .StepTo(TimeSpan.FromMinutes(minutesBefore), step, TimeSpan.FromMinutes(2))
                .Series(kind);

            var analysis = SeriesAnalyzer.Analyze(series, AsOf, SloTargets.None);

            analysis.Anomalous.ShouldBeTrue($"seed {seed}");
            analysis.Direction.ShouldBe(step > baseline ? "up" : "down");
            (analysis.Onset!.Value - (AsOf - TimeSpan.FromMinutes(minutesBefore))).Duration().ShouldBeLessThanOrEqualTo(TimeSpan.FromMinutes(2), $"seed {seed}");
        }
    }

    [Fact]
    public void Analyze_GapsInTheData_StillFindTheStep()
    {
        var samples = new SeriesBuilder(AsOf, 0.003, 0.001).StepTo(TimeSpan.FromMinutes(12), 0.5).Samples()
            .Where((_, i) => i % 7 != 3).ToList();
        var series = new MetricSeries("m", "error_rate", null, new Dictionary<string, string>(), samples, new SourceRef("m"));

        var analysis = SeriesAnalyzer.Analyze(series, AsOf, Slo);

        analysis.Anomalous.ShouldBeTrue();
        (analysis.Onset!.Value - (AsOf - TimeSpan.FromMinutes(12))).Duration().ShouldBeLessThanOrEqualTo(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Analyze_ShortSeriesWithAnEarlyChange_MeasuresAgainstWhatCameBefore()
    {
        // 45 minutes of data, the change 35 minutes before asOf: it falls inside the first third.
        var series = new SeriesBuilder(AsOf, 100, 3) { Window = TimeSpan.FromMinutes(45) }
            .StepTo(TimeSpan.FromMinutes(35), 400, TimeSpan.FromMinutes(2))
            .Series("latency_p95_ms");

        var analysis = SeriesAnalyzer.Analyze(series, AsOf, SloTargets.None);

        analysis.Anomalous.ShouldBeTrue();
        analysis.Baseline!.Value.ShouldBe(100, 3);
        analysis.BaselineMad!.Value.ShouldBeLessThan(5);
        (analysis.Onset!.Value - (AsOf - TimeSpan.FromMinutes(35))).Duration().ShouldBeLessThanOrEqualTo(TimeSpan.FromMinutes(1));
    }
}
