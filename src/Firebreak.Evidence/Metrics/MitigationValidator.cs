using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>Judges a mitigation by comparing fresh metrics with the baseline and the SLO.</summary>
/// <remarks>
/// A series is back when its current value is within the baseline tolerance (the analyzer's threshold, or 10% of
/// the baseline) and within the SLO; it improved substantially when at least half of its deviation is gone.
/// RESOLVED needs every series that was anomalous before (or is anomalous now) back; PARTIALLY RESOLVED needs at
/// least one back or substantially improved; anything else is NOT RESOLVED.
/// </remarks>
public static class MitigationValidator
{
    private const double SubstantialImprovement = 0.5;

    /// <summary>Returns RESOLVED, PARTIALLY RESOLVED or NOT RESOLVED with the evidence for it.</summary>
    public static (ResolutionVerdict Verdict, IReadOnlyList<EvidenceItem> Evidence) Judge(
        IReadOnlyList<SeriesAnalysis> before, IReadOnlyList<SeriesAnalysis> after, SloTargets slo)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(slo);
        var evidence = new List<EvidenceItem>();
        if (after.Count == 0)
        {
            evidence.Add(new EvidenceItem("no metrics were read after the mitigation: recovery cannot be confirmed (needs metric files or Prometheus)", new SourceRef("metrics")));
            return (ResolutionVerdict.NotResolved, evidence);
        }

        var judged = before.Where(b => b.Anomalous).Select(b => (Key: Key(b), Before: (SeriesAnalysis?)b))
            .Concat(after.Where(a => a.Anomalous && !before.Any(b => b.Anomalous && Key(b) == Key(a))).Select(a => (Key: Key(a), Before: before.FirstOrDefault(b => Key(b) == Key(a)))))
            .ToList();

        if (judged.Count == 0)
        {
            foreach (var a in after)
            {
                evidence.Add(new EvidenceItem($"{a.Series.Name} is within its normal range ({Describe(a)})", Cite(a)));
            }

            return (ResolutionVerdict.Resolved, evidence);
        }

        int back = 0, improved = 0;
        foreach (var (key, b) in judged)
        {
            var a = after.FirstOrDefault(x => Key(x) == key);
            if (a?.Current is not { } now)
            {
                evidence.Add(new EvidenceItem($"{key}: no sample after the mitigation, so its recovery is unknown", b?.Series.Source ?? new SourceRef(key)));
                continue;
            }

            var baseline = b?.Baseline ?? a.Baseline;
            var mad = b?.BaselineMad ?? a.BaselineMad ?? 0;
            if (baseline is not { } reference)
            {
                evidence.Add(new EvidenceItem($"{a.Series.Name} is {SeriesAnalyzer.Format(now)} but has no baseline to compare with", Cite(a)));
                continue;
            }

            var tolerance = Math.Max(SeriesAnalyzer.Threshold * SeriesAnalyzer.Sigma(mad, reference), 0.10 * Math.Abs(reference));
            var withinBaseline = Math.Abs(now - reference) <= tolerance;
            var withinSlo = WithinSlo(a.Series.Kind, now, slo, out var sloText);
            var deviationBefore = b?.Current is { } was ? Math.Abs(was - reference) : (double?)null;
            var deviationNow = Math.Abs(now - reference);
            var text = $"{a.Series.Name} is {SeriesAnalyzer.Format(now)}"
                + (b?.Current is { } w ? $" (was {SeriesAnalyzer.Format(w)})" : string.Empty)
                + $", baseline {SeriesAnalyzer.Format(reference)} ± {SeriesAnalyzer.Format(tolerance)}{sloText}";
            if (withinBaseline && withinSlo)
            {
                back++;
                evidence.Add(new EvidenceItem(text + ": back to normal", Cite(a)));
            }
            else if (deviationBefore is { } d && d > 0 && deviationNow <= (1 - SubstantialImprovement) * d)
            {
                improved++;
                evidence.Add(new EvidenceItem(text + $": improved by {(1 - (deviationNow / d)) * 100:F0}% of the deviation but not back to normal", Cite(a)));
            }
            else
            {
                evidence.Add(new EvidenceItem(text + ": not recovered", Cite(a)));
            }
        }

        var verdict = back == judged.Count ? ResolutionVerdict.Resolved
            : back + improved > 0 ? ResolutionVerdict.PartiallyResolved
            : ResolutionVerdict.NotResolved;
        return (verdict, evidence);
    }

    private static bool WithinSlo(string kind, double value, SloTargets slo, out string text)
    {
        text = string.Empty;
        if (SeriesAnalyzer.ErrorRatio(kind, value) is { } error && slo.AllowedErrorRatio is { } allowed)
        {
            text = $", SLO allows an error ratio of {SeriesAnalyzer.Format(allowed)}";
            return error <= allowed;
        }

        if (SeriesAnalyzer.IsLatency(kind) && slo.LatencyP95Ms is { } limit)
        {
            text = $", SLO p95 {SeriesAnalyzer.Format(limit)} ms";
            return value <= limit;
        }

        return true;
    }

    private static string Key(SeriesAnalysis a) => $"{a.Series.Component}/{a.Series.Name}";

    private static SourceRef Cite(SeriesAnalysis a) => a.CurrentSource ?? a.Series.Source;

    private static string Describe(SeriesAnalysis a) =>
        a.Current is { } c ? $"current {SeriesAnalyzer.Format(c)}" + (a.Baseline is { } b ? $", baseline {SeriesAnalyzer.Format(b)}" : string.Empty) : "no samples";
}
