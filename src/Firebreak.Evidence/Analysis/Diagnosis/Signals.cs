using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>The metric kinds the rules know; anything else is <see cref="Other"/> (shown, not scored).</summary>
internal enum MetricKind { ErrorRate, Latency, Throughput, Saturation, Availability, Other }

/// <summary>One analysed series with what the rules need: kind, harm direction, effective start and rise time.</summary>
internal sealed record SeriesSignal(
    SeriesAnalysis Analysis,
    MetricKind Kind,
    string? Component,
    bool Harmful,
    bool Load,
    DateTimeOffset? Start,
    TimeSpan Rise)
{
    public string Name => Analysis.Series.Name;

    public SourceRef Source => Analysis.CurrentSource ?? Analysis.Series.Source;

    public double? Current => Analysis.Current;

    public double? Baseline => Analysis.Baseline;

    /// <summary>Current over baseline, when both are known and the baseline is not zero.</summary>
    public double? Ratio => Analysis is { Current: { } c, Baseline: { } b } && Math.Abs(b) > 1e-9 ? c / b : null;

    /// <summary>A rise at least this long is gradual (<see cref="SignalOptions.GradualRise"/>).</summary>
    public TimeSpan GradualFrom { get; init; } = SignalOptions.Default.GradualRise;

    /// <summary>A gradual rise (a leak, a slow ramp) rather than a step.</summary>
    public bool Gradual => Rise >= GradualFrom;
}

/// <summary>A log template that is part of the incident (new or surging), with its error-ness.</summary>
internal sealed record TemplateSignal(LogTemplateSummary Template, bool Error)
{
    public DateTimeOffset? Onset => Template.Onset ?? Template.FirstSeen;

    public SourceRef Source => Template.Examples.Count > 0 ? Template.Examples[0] : new SourceRef("logs", Detail: $"template {Template.TemplateId}");

    /// <summary>Everything a rule may search: template, example line and stack frames.</summary>
    public string Text { get; } = string.Join('\n', new[] { Template.Template, Template.ExampleText ?? string.Empty, Template.Stack?.ExceptionType ?? string.Empty }
        .Concat(Template.Stack?.TopFrames ?? []));
}

/// <summary>Every symptom signal of the incident, read from the evidence bundle.</summary>
internal sealed record Signals(
    IReadOnlyList<SeriesSignal> Series,
    IReadOnlyList<TemplateSignal> Templates,
    IReadOnlyList<Alert> Alerts,
    DateTimeOffset? Onset,
    string OnsetBasis)
{
    /// <summary>The component of the main symptom (the worst harmful error ratio, else availability, latency…), if known.</summary>
    public string? MainComponent { get; init; }

    /// <summary>Templates that are not part of the incident (ordinary traffic, earlier warnings), for rules that need the background.</summary>
    public IReadOnlyList<TemplateSignal> Background { get; init; } = [];

    public IEnumerable<SeriesSignal> Harmful => Series.Where(s => s.Harmful);

    public IEnumerable<TemplateSignal> Errors => Templates.Where(t => t.Error);

    /// <summary>All text of firing alerts and incident templates, for keyword rules.</summary>
    public IEnumerable<(string Text, SourceRef Source)> Texts =>
        Alerts.Select(a => ($"{a.Name} {a.Summary} {a.Description}", a.Source))
            .Concat(Templates.Select(t => (t.Text, t.Source)));

    /// <summary>The worst current value of a kind (max, or min for availability), with its series.</summary>
    public SeriesSignal? Worst(MetricKind kind) =>
        Series.Where(s => s.Kind == kind && s.Current is not null)
            .OrderBy(s => s.Harmful ? 0 : 1)
            .ThenBy(s => kind == MetricKind.Availability ? s.Current : -s.Current)
            .FirstOrDefault();
}

/// <summary>Whether a mined template reports a failure, as the diagnosis judges it.</summary>
public static class FailingTemplates
{
    /// <summary>True when the template has a stack, an error level, or (at a warning, info or no level) an error word.</summary>
    public static bool IsError(LogTemplateSummary template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return SignalReader.IsError(template);
    }
}

/// <summary>Turns metric analyses, mined templates and alerts into <see cref="Signals"/>.</summary>
internal static class SignalReader
{
    private static readonly string[] ErrorLevels = ["ERROR", "ERR", "FATAL", "CRITICAL", "CRIT", "SEVERE", "EMERG", "ALERT", "PANIC"];

    private static readonly string[] ErrorWords =
    [
        "exception", "error", "failed", "failure", "timeout", "timed out", "refused", "unavailable", " 500 ", " 502 ", " 401 ", " 403 ",
        " 503 ", " 504 ", "denied", "unauthorized", "forbidden", "corrupt", "mismatch", "exhausted", "panic", "oom",
        "out of memory", "invalid", "rejected",
    ];

    public static Signals Read(EvidenceBundle evidence, ComponentGraph graph, DateTimeOffset asOf, DateTimeOffset? reportedStart)
    {
        var o = evidence.Config.Reasoning.Signals;
        var series = evidence.Metrics.Select(a => ReadSeries(a, o)).ToList();
        var templates = IncidentTemplates(evidence, asOf)
            // A template seen for longer than a day (by default) that is not surging is background noise, whatever the miner says.
            .Where(t => t.IsSurging || t.FirstSeen is not { } first || first >= asOf - o.BackgroundAfter)
            .Where(t => (t.Onset ?? t.FirstSeen) is not { } on || on <= asOf)
            .Select(t => new TemplateSignal(t, IsError(t)))
            .ToList();
        var alerts = evidence.Alerts.Where(a => a.IsFiring && a.StartsAt <= asOf).ToList();

        var candidates = new List<(DateTimeOffset At, string Basis, string? Component)>();
        foreach (var s in series.Where(s => (s.Harmful || s.Load) && s.Start is not null))
        {
            candidates.Add((s.Start!.Value, $"metric {s.Name} left its baseline", s.Component));
        }

        foreach (var t in templates.Where(t => t.Error && t.Onset is not null))
        {
            candidates.Add((t.Onset!.Value, $"log template \"{Shorten(t.Template.Template)}\" began", t.Template.Component));
        }

        // The main symptom anchors the onset: anomalies in unrelated components count only when close to it in time.
        var main = series.Where(s => s.Harmful && s.Start is not null)
            .OrderBy(s => s.Kind switch { MetricKind.ErrorRate => 0, MetricKind.Availability => 1, MetricKind.Latency => 2, _ => 3 })
            .ThenByDescending(s => s.Kind == MetricKind.Availability ? -(s.Current ?? 0) : s.Current ?? 0)
            .Select(s => (Start: s.Start, s.Component))
            .FirstOrDefault();
        if (main.Start is { } mainStart)
        {
            candidates.RemoveAll(c => c.Component is not null && main.Component is not null
                && !ComponentGraph.Same(c.Component, main.Component) && !graph.DependsOn(c.Component, main.Component) && !graph.DependsOn(main.Component, c.Component)
                && (c.At - mainStart).Duration() > o.OnsetReach);
        }

        if (candidates.Count == 0)
        {
            // Nothing errors: lines that report wrong, lost or exposed data (support tickets, audits) are the symptom.
            candidates.AddRange(templates.Where(t => t.Onset is not null && Wording.FirstOf(t.Text, [.. CauseDetectors.ExposureWords, .. CauseDetectors.IntegrityWords]) is not null)
                .Select(t => (t.Onset!.Value, $"log template \"{Shorten(t.Template.Template)}\" began", t.Template.Component)));
        }

        if (candidates.Count == 0)
        {
            candidates.AddRange(alerts.Select(a => (a.StartsAt, $"alert {a.Name} started firing", a.Component)));
        }

        if (candidates.Count == 0 && reportedStart is { } reported)
        {
            candidates.Add((reported, "the reporter's stated start", null));
        }

        if (candidates.Count == 0)
        {
            return new Signals(series, templates, alerts, null, "unknown (no anomalous metric, new error template or firing alert)") { MainComponent = main.Component, Background = Background(evidence, templates) };
        }

        var first = candidates.MinBy(c => c.At);
        return new Signals(series, templates, alerts, first.At, first.Basis) { MainComponent = main.Component, Background = Background(evidence, templates) };
    }

    /// <summary>
    /// The templates the miner marked new or surging. Without an anomalous metric the miner has no reference onset and
    /// marks nothing, so <see cref="TemplateChange.IsNewWithoutOnset"/> judges (first seen well after the logs begin).
    /// </summary>
    private static IEnumerable<LogTemplateSummary> IncidentTemplates(EvidenceBundle evidence, DateTimeOffset asOf)
    {
        var all = evidence.Logs.Templates;
        if (all.Any(t => t.IsNew || t.IsSurging) || evidence.Metrics.Any(m => m.Anomalous) || all.Count == 0)
        {
            return all.Where(t => t.IsNew || t.IsSurging);
        }

        var logStart = all.Where(t => t.FirstSeen is not null).Select(t => t.FirstSeen!.Value).DefaultIfEmpty(asOf).Min();
        return all.Where(t => TemplateChange.IsNewWithoutOnset(t.FirstSeen, logStart, asOf)).Select(t => t with { IsNew = true, Onset = t.Onset ?? t.FirstSeen });
    }

    private static List<TemplateSignal> Background(EvidenceBundle evidence, List<TemplateSignal> incident)
    {
        var ids = incident.Select(t => t.Template.TemplateId).ToHashSet();
        return [.. evidence.Logs.Templates.Where(t => !ids.Contains(t.TemplateId)).Select(t => new TemplateSignal(t, IsError(t)))];
    }

    public static string Shorten(string text, int max = 90)
    {
        var redacted = Redactor.Redact(text);
        return redacted.Length <= max ? redacted : redacted[..(max - 1)] + "…";
    }

    public static MetricKind KindOf(string kind)
    {
        var k = kind.ToLowerInvariant();
        return k switch
        {
            _ when k.Contains("error", StringComparison.Ordinal) || k.Contains("fail", StringComparison.Ordinal) => MetricKind.ErrorRate,
            _ when k.Contains("latency", StringComparison.Ordinal) || k.Contains("duration", StringComparison.Ordinal) => MetricKind.Latency,
            _ when k.Contains("throughput", StringComparison.Ordinal) || k.Contains("requests", StringComparison.Ordinal) || k.Contains("rps", StringComparison.Ordinal) => MetricKind.Throughput,
            _ when k.Contains("saturation", StringComparison.Ordinal) || k.Contains("utili", StringComparison.Ordinal) || k.Contains("memory", StringComparison.Ordinal) || k.Contains("cpu", StringComparison.Ordinal) => MetricKind.Saturation,
            _ when k.Contains("availability", StringComparison.Ordinal) || k.Contains("uptime", StringComparison.Ordinal) => MetricKind.Availability,
            _ => MetricKind.Other,
        };
    }

    private static SeriesSignal ReadSeries(SeriesAnalysis a, SignalOptions o)
    {
        var kind = KindOf(a.Series.Kind);
        var up = IsUp(a);
        var harmful = a.Anomalous && Significant(a, kind, up, o) && kind switch
        {
            MetricKind.ErrorRate or MetricKind.Latency or MetricKind.Saturation => up,
            MetricKind.Availability => !up,
            MetricKind.Throughput => !up && a is { Current: { } c, Baseline: { } b } && c < b * o.CollapseBelow,
            _ => true,
        };
        var load = a.Anomalous && kind == MetricKind.Throughput && up && a is { Current: { } cur, Baseline: { } bas } && bas > 0 && cur >= bas * o.SurgeRatio;
        var (start, rise) = Departure(a, up, o);
        return new SeriesSignal(a, kind, a.Series.Component, harmful, load, start, rise) { GradualFrom = o.GradualRise };
    }

    /// <summary>
    /// A flagged series counts as a symptom only when it moved by at least 25% of its baseline, 3 robust sigmas, and a
    /// floor for ratios (0.5 points of error ratio or availability, 5 points of saturation; the defaults of
    /// <see cref="SignalOptions"/>): noise flags nothing.
    /// </summary>
    private static bool Significant(SeriesAnalysis a, MetricKind kind, bool up, SignalOptions o)
    {
        if (a is not { Current: { } c, Baseline: { } b })
        {
            return true;
        }

        var delta = Math.Abs(c - b);
        if (a.Trend == Trend.Improving && up && a.Peak is { } peak)
        {
            delta = Math.Max(delta, peak - b);
        }

        var sigma = (a.BaselineMad ?? 0) * SignalOptions.MadToSigma;
        var relative = Math.Abs(b) > 1e-9 ? delta / Math.Abs(b) : double.PositiveInfinity;
        var floor = kind switch { MetricKind.ErrorRate or MetricKind.Availability => o.ErrorRatioFloor, MetricKind.Saturation => o.SaturationFloor, _ => 0 };
        return relative >= o.SignificantShare && delta >= o.SignificantSigmas * sigma && delta >= floor;
    }

    private static bool IsUp(SeriesAnalysis a)
    {
        if (a is { Current: { } c, Baseline: { } b })
        {
            var peakUp = a.Peak is { } p && p > b;
            return Math.Abs(c - b) > 1e-12 ? c > b : peakUp;
        }

        var d = a.Direction.ToLowerInvariant();
        return d.StartsWith("up", StringComparison.Ordinal) || d.Contains("increas", StringComparison.Ordinal) || d.Contains("rise", StringComparison.Ordinal) || d.Contains("high", StringComparison.Ordinal);
    }

    /// <summary>
    /// Walks back from the reported onset to where the (median-smoothed) series first left its baseline by more than
    /// max(3 MAD-sigma, 10% of the excursion): a slow leak is flagged late but starts early. When the series had not yet
    /// left its baseline at the reported onset, walks forward to where it leaves it for good (three samples in a row):
    /// a back-dated onset would rule out the deploy that caused it. Also measures how long the rise to 90% of the
    /// excursion took, which tells a step from a ramp (the defaults of <see cref="SignalOptions"/>).
    /// </summary>
    private static (DateTimeOffset? Start, TimeSpan Rise) Departure(SeriesAnalysis a, bool up, SignalOptions o)
    {
        if (!a.Anomalous || a.Onset is not { } onset || a.Baseline is not { } baseline || a.Series.Samples.Count < 3)
        {
            return (a.Anomalous ? a.Onset : null, TimeSpan.Zero);
        }

        var samples = a.Series.Samples.OrderBy(s => s.At).ToList();
        var smooth = new double[samples.Count];
        var window = new List<double>(5);
        for (var i = 0; i < samples.Count; i++)
        {
            window.Clear();
            for (var j = Math.Max(0, i - 2); j <= Math.Min(samples.Count - 1, i + 2); j++)
            {
                window.Add(samples[j].Value);
            }

            window.Sort();
            smooth[i] = window[window.Count / 2];
        }

        var extreme = up ? smooth.Max() : smooth.Min();
        var excursion = Math.Abs(extreme - baseline);
        var sigma = (a.BaselineMad ?? 0) * SignalOptions.MadToSigma;
        var threshold = Math.Max(o.DepartureSigmas * sigma, o.DepartureShare * excursion);
        bool Away(int i) => up ? smooth[i] > baseline + threshold : smooth[i] < baseline - threshold;

        var onsetIndex = samples.FindIndex(s => s.At >= onset);
        if (onsetIndex < 0)
        {
            return (onset, TimeSpan.Zero);
        }

        var startIndex = onsetIndex;
        if (!Away(onsetIndex))
        {
            // The analysis placed the onset before the series visibly moved (a noisy point, a back-dated change point):
            // the start is where it leaves the baseline for good, or the analysis' onset when it never clearly does.
            bool Sustained(int i) => Away(i) && (i + 1 >= samples.Count || Away(i + 1)) && (i + 2 >= samples.Count || Away(i + 2));
            var next = Enumerable.Range(onsetIndex, samples.Count - onsetIndex).FirstOrDefault(Sustained, -1);
            if (next < 0)
            {
                return (onset, TimeSpan.Zero);
            }

            startIndex = next;
        }
        else
        {
            while (startIndex > 0 && Away(startIndex - 1) && samples[startIndex - 1].At >= onset - o.WalkBackLimit)
            {
                startIndex--;
            }
        }

        var start = samples[startIndex].At;
        var reach = o.RiseShare * excursion;
        var reachedIndex = Enumerable.Range(startIndex, samples.Count - startIndex)
            .FirstOrDefault(i => Math.Abs(smooth[i] - baseline) >= reach, samples.Count - 1);
        var rise = samples[reachedIndex].At - start;
        return (start, rise < TimeSpan.Zero ? TimeSpan.Zero : rise);
    }

    internal static bool IsError(LogTemplateSummary t)
    {
        if (t.Stack is not null)
        {
            return true;
        }

        var level = t.Level?.ToUpperInvariant();
        if (level is not null && ErrorLevels.Contains(level))
        {
            return true;
        }

        var text = " " + t.Template + " " + (t.ExampleText ?? string.Empty) + " ";
        return level is "WARN" or "WARNING" or null or "INFO" && ErrorWords.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));
    }
}
