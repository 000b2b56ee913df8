using System.Globalization;
using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>The review's tunable numbers.</summary>
public sealed record ReviewOptions
{
    /// <summary>The defaults.</summary>
    public static ReviewOptions Default { get; } = new();

    /// <summary>
    /// Traffic at the onset at most this share of the throughput series' median counts as a low-traffic period (a
    /// "where we got lucky" fact). The default is 0.5.
    /// </summary>
    public double LowTrafficShare { get; init; } = 0.5;
}

/// <summary>The moments of an incident at which the review shows a metric's value.</summary>
public enum ImpactMoment { BeforeOnset, Onset, Peak, AfterMitigation, Now }

/// <summary>A metric's value at one moment: the sample and its citation, or (no sample) what would make it known.</summary>
public sealed record ImpactPoint(ImpactMoment Moment, MetricSample? Sample, SourceRef? Source, string? WouldNeed);

/// <summary>One metric's value over the incident (before onset, onset, peak, after mitigation, now).</summary>
public sealed record ImpactCurve(SeriesAnalysis Series, IReadOnlyList<ImpactPoint> Points);

/// <summary>The stages of the detection gap, in the order they happen.</summary>
public enum GapStage { ImpactStart, Detected, Acknowledged, Mitigated, Recovered }

/// <summary>How a stage's time is known.</summary>
public enum GapBasis
{
    /// <summary>No record of it: the time is unknown.</summary>
    Unknown,

    /// <summary>From the evidence: a metric or log onset, an alert's start.</summary>
    Evidence,

    /// <summary>From an event Firebreak recorded of its own action or measurement (a command it ran, a validation it made).</summary>
    Measured,

    /// <summary>From a person's record (an acknowledgement, a reported resolution, a report of the incident): their word, not a measurement.</summary>
    Reported,
}

/// <summary>One stage of the detection gap: when it happened, how that is known, what it rests on (or what would make it known).</summary>
/// <param name="Stage">The stage.</param>
/// <param name="At">When, or null when unknown.</param>
/// <param name="Basis">How the time is known.</param>
/// <param name="What">The thing that marks it (the metric, alert, person or strategy), as data for the sentence.</param>
/// <param name="Source">The citation.</param>
/// <param name="WouldNeed">For an unknown stage: what would make it known.</param>
public sealed record GapMark(GapStage Stage, DateTimeOffset? At, GapBasis Basis, string? What, SourceRef? Source, string? WouldNeed);

/// <summary>The time between two consecutive stages, or null when either is unknown.</summary>
public sealed record GapSpan(GapStage From, GapStage To, TimeSpan? Length);

/// <summary>Impact start → detection → acknowledgement → mitigation → recovery, each from evidence or events, with the gaps between them.</summary>
public sealed record DetectionGap(IReadOnlyList<GapMark> Marks, IReadOnlyList<GapSpan> Spans)
{
    /// <summary>The mark of a stage.</summary>
    public GapMark Mark(GapStage stage) => Marks.Single(m => m.Stage == stage);
}

/// <summary>The kinds of luck the review looks for.</summary>
public enum LuckKind
{
    /// <summary>The change that set the incident off could be undone, and the version before it is on record.</summary>
    ReversibleChange,

    /// <summary>The onset fell in a low-traffic period, per the throughput metric.</summary>
    LowTrafficOnset,

    /// <summary>Only one component of several in the catalogue was affected.</summary>
    SingleComponent,

    /// <summary>An alert detected the incident before any person reported it.</summary>
    AlertBeforeCustomers,
}

/// <summary>A fact of this incident that limited the damage by luck rather than design, with its sources.</summary>
public sealed record LuckyFact(LuckKind Kind, IReadOnlyList<SourceRef> Sources)
{
    /// <summary>The change, for <see cref="LuckKind.ReversibleChange"/>.</summary>
    public ChangeRecord? Change { get; init; }

    /// <summary>The version a rollback returns to, for <see cref="LuckKind.ReversibleChange"/>.</summary>
    public string? RestoreVersion { get; init; }

    /// <summary>The one affected component and the catalogue's size, for <see cref="LuckKind.SingleComponent"/>.</summary>
    public string? Component { get; init; }

    /// <summary>The number of components in the catalogue.</summary>
    public int CatalogueSize { get; init; }

    /// <summary>The throughput sample at the onset and the series' median, for <see cref="LuckKind.LowTrafficOnset"/>.</summary>
    public MetricSample? Traffic { get; init; }

    /// <summary>The throughput series' median over its samples.</summary>
    public double? TypicalTraffic { get; init; }

    /// <summary>The throughput series, for its unit.</summary>
    public SeriesAnalysis? Series { get; init; }

    /// <summary>The alert that detected it, for <see cref="LuckKind.AlertBeforeCustomers"/>.</summary>
    public Alert? Alert { get; init; }
}

/// <summary>
/// What the post-incident review shows beyond the record: the impact over time from the metric samples, the detection
/// gap from evidence and events, and where the team got lucky. Decided once from the dossier; the renderer only narrates.
/// </summary>
public sealed class ReviewFacts
{
    private ReviewFacts(IReadOnlyList<ImpactCurve> impact, DetectionGap gap, IReadOnlyList<LuckyFact> lucky)
    {
        Impact = impact;
        Gap = gap;
        Lucky = lucky;
    }

    /// <summary>The error-rate and latency curves (the primary series of each kind), in that order; empty when neither exists.</summary>
    public IReadOnlyList<ImpactCurve> Impact { get; }

    /// <summary>The detection gap.</summary>
    public DetectionGap Gap { get; }

    /// <summary>Where we got lucky; empty when nothing qualifies.</summary>
    public IReadOnlyList<LuckyFact> Lucky { get; }

    /// <summary>Decides the review's facts for a dossier.</summary>
    public static ReviewFacts Decide(DossierFacts f, ReviewOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        options ??= ReviewOptions.Default;
        var mitigatedAt = Mitigation(f.D.State) is { } m ? m.At : (DateTimeOffset?)null;
        var curves = new[] { f.ErrorRate, f.Latency }
            .OfType<SeriesAnalysis>()
            .Select(s => Curve(s, f.Onset, mitigatedAt, f.D.AsOf, f.D.Outcome.AfterMetrics))
            .ToList();
        return new ReviewFacts(curves, DecideGap(f), Luck(f, options));
    }

    /// <summary>A sample's citation: the series file and the sample's moment.</summary>
    public static SourceRef SampleSource(SeriesAnalysis series, MetricSample sample)
    {
        ArgumentNullException.ThrowIfNull(series);
        return series.Series.Source with { Detail = "sample at " + sample.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) };
    }

    private static MitigationExecuted? Mitigation(IncidentState state) =>
        state.Events.OfType<MitigationExecuted>().Where(e => e.Succeeded).OrderBy(e => e.At).FirstOrDefault();

    private static ImpactCurve Curve(SeriesAnalysis series, DateTimeOffset? onset, DateTimeOffset? mitigatedAt, DateTimeOffset asOf, IReadOnlyList<SeriesAnalysis> after)
    {
        // The samples read now and, after a validation, the ones read after the window; one list in time order, none after as-of.
        var later = after.FirstOrDefault(a => string.Equals(a.Series.Name, series.Series.Name, StringComparison.Ordinal));
        var samples = series.Series.Samples.Concat(later?.Series.Samples ?? [])
            .Where(s => s.At <= asOf)
            .GroupBy(s => s.At).Select(g => g.Last())
            .OrderBy(s => s.At)
            .ToList();
        ImpactPoint Point(ImpactMoment moment, MetricSample? sample, string wouldNeed) =>
            sample is { } s ? new(moment, s, SampleSource(later is not null && !series.Series.Samples.Contains(s) ? later : series, s), null) : new(moment, null, null, wouldNeed);

        var points = new List<ImpactPoint>();
        if (samples.Count == 0)
        {
            foreach (var moment in Enum.GetValues<ImpactMoment>())
            {
                points.Add(Point(moment, null, $"{series.Series.Name} has no samples up to {Md.Time(asOf)}"));
            }

            return new ImpactCurve(series, points);
        }

        if (onset is { } start)
        {
            var before = samples.LastOrDefault(s => s.At < start);
            points.Add(Point(ImpactMoment.BeforeOnset, before.At == default ? null : before, $"{series.Series.Name} has no sample before the onset at {Md.Time(start)}"));
            var at = samples.FirstOrDefault(s => s.At >= start);
            points.Add(Point(ImpactMoment.Onset, at.At == default ? null : at, $"{series.Series.Name} has no sample from the onset at {Md.Time(start)}"));
            var during = samples.Where(s => s.At >= start).ToList();
            var up = !string.Equals(series.Direction, "down", StringComparison.Ordinal);
            var peak = during.Count == 0 ? (MetricSample?)null : up ? during.MaxBy(s => s.Value) : during.MinBy(s => s.Value);
            points.Add(Point(ImpactMoment.Peak, peak, $"{series.Series.Name} has no sample since the onset"));
        }
        else
        {
            const string noOnset = "no onset was found in the metrics or logs; a series that left its baseline would date it";
            points.Add(Point(ImpactMoment.BeforeOnset, null, noOnset));
            points.Add(Point(ImpactMoment.Onset, null, noOnset));
            points.Add(Point(ImpactMoment.Peak, null, noOnset));
        }

        if (mitigatedAt is { } mitigated)
        {
            var next = samples.FirstOrDefault(s => s.At > mitigated);
            points.Add(Point(ImpactMoment.AfterMitigation, next.At == default ? null : next, $"no {series.Series.Name} sample was read after the mitigation at {Md.Time(mitigated)}; re-run respond to read it"));
        }
        else
        {
            points.Add(Point(ImpactMoment.AfterMitigation, null, "no mitigation was carried out by Firebreak; a run with --execute, or the metrics after a person's mitigation, would show it"));
        }

        points.Add(Point(ImpactMoment.Now, samples[^1], string.Empty));
        return new ImpactCurve(series, points);
    }

    private static DetectionGap DecideGap(DossierFacts f)
    {
        var d = f.D;
        var state = d.State;
        var marks = new List<GapMark>();

        // Impact start: the onset the diagnosis found, cited to the series or log pattern that shows it.
        if (f.Onset is { } onset)
        {
            var series = f.Metrics.Where(m => m.Anomalous && m.Onset == onset).OrderBy(m => m.Series.Name, StringComparer.Ordinal).FirstOrDefault();
            var template = series is null ? d.Evidence.Logs.Templates.FirstOrDefault(t => t.IsNew && (t.Onset ?? t.FirstSeen) == onset) : null;
            var (what, source) = series is not null
                ? (series.Series.Name, series.Series.Source)
                : template is not null
                    ? ("a new log pattern", template.Examples.Count > 0 ? template.Examples[0] : new SourceRef("logs"))
                    : ("the earliest onset the diagnosis found", (SourceRef?)null);
            marks.Add(new GapMark(GapStage.ImpactStart, onset, GapBasis.Evidence, what, source, null));
        }
        else
        {
            marks.Add(new GapMark(GapStage.ImpactStart, null, GapBasis.Unknown, null, null, "no metric or log onset; an error-rate or latency series covering the start would date it"));
        }

        // Detection: the first alert when it fired by the time of detection, else how the incident was reported.
        if (f.FirstAlert is { } alert && alert.StartsAt <= d.DetectedAt)
        {
            marks.Add(new GapMark(GapStage.Detected, alert.StartsAt, GapBasis.Evidence, alert.Name, alert.Source, null));
        }
        else
        {
            marks.Add(new GapMark(GapStage.Detected, d.DetectedAt, GapBasis.Reported, d.Reporter, new SourceRef("event log", Detail: $"detected via {d.DetectionMethod}"), null));
        }

        // Acknowledgement: only a recorded one (an alert's status, --acknowledged-at, firebreak ack), never the run's own time.
        if (state.Events.OfType<IncidentAcknowledged>().OrderBy(e => e.At).FirstOrDefault() is { } ack)
        {
            marks.Add(new GapMark(GapStage.Acknowledged, ack.At, GapBasis.Reported, ack.By, new SourceRef("event log", Detail: $"acknowledged, {ack.Source}"), null));
        }
        else
        {
            marks.Add(new GapMark(GapStage.Acknowledged, null, GapBasis.Unknown, null, null,
                $"no acknowledgement recorded; firebreak ack {f.Id}, or respond --acknowledged-at, records one"));
        }

        // Mitigation: a command Firebreak ran and saw succeed.
        if (Mitigation(state) is { } executed)
        {
            marks.Add(new GapMark(GapStage.Mitigated, executed.At, GapBasis.Measured, WireNames.Of(executed.Strategy), new SourceRef(executed.OutputFile), null));
        }
        else
        {
            marks.Add(new GapMark(GapStage.Mitigated, null, GapBasis.Unknown, null, null,
                "no mitigation was carried out by Firebreak; a run with --execute records when it ran"));
        }

        // Recovery: a validation that measured it, else a person's reported resolution (their word), else unknown.
        var validated = state.Events.OfType<MitigationValidated>().Where(v => v.Verdict == ResolutionVerdict.Resolved).OrderBy(v => v.At).FirstOrDefault();
        // The resolution that holds: the latest, and none while a reopened incident is open again.
        var resolved = state.ResolvedAt is null ? null : state.Events.OfType<IncidentResolved>().OrderBy(r => r.At).LastOrDefault();
        if (validated is not null)
        {
            var source = d.Outcome.ValidationEvidence.Count > 0 ? d.Outcome.ValidationEvidence[0].Source : new SourceRef("event log", Detail: "mitigation validated");
            marks.Add(new GapMark(GapStage.Recovered, validated.At, GapBasis.Measured, null, source, null));
        }
        else if (resolved is not null)
        {
            marks.Add(new GapMark(GapStage.Recovered, resolved.At, GapBasis.Reported, resolved.Actor, new SourceRef("event log", Detail: "resolved"), null));
        }
        else
        {
            marks.Add(new GapMark(GapStage.Recovered, null, GapBasis.Unknown, null, null,
                "no validation measured recovery and nobody reported the incident resolved"));
        }

        // Each stage is measured from the stage before it; when that one is unknown, from the last known stage before it.
        var spans = new List<GapSpan>();
        for (var i = 1; i < marks.Count; i++)
        {
            var to = marks[i];
            var from = marks[i - 1].At is null && marks.Take(i).LastOrDefault(m => m.At is not null) is { } known && to.At is not null ? known : marks[i - 1];
            spans.Add(new GapSpan(from.Stage, to.Stage, from.At is { } a && to.At is { } b && b >= a ? b - a : null));
        }

        return new DetectionGap(marks, spans);
    }

    private static List<LuckyFact> Luck(DossierFacts f, ReviewOptions options)
    {
        var d = f.D;
        var lucky = new List<LuckyFact>();

        // The trigger could be undone: a rollback plan to a known earlier version, and no record says the change is irreversible.
        if (f.Suspected?.Change is { } change && change.Reversible != false
            && d.Mitigation.Strategy == MitigationStrategy.Rollback
            && (d.Mitigation.TargetVersion ?? change.PreviousVersion) is { Length: > 0 } restore)
        {
            lucky.Add(new LuckyFact(LuckKind.ReversibleChange, [change.Source]) { Change = change, RestoreVersion = restore });
        }

        // The onset fell in a quiet period: throughput at the onset well below the series' median.
        if (f.Onset is { } onset && f.Throughput is { } throughput && throughput.Series.Samples.Count >= 3)
        {
            var samples = throughput.Series.Samples.OrderBy(s => s.At).ToList();
            var at = samples.FirstOrDefault(s => s.At >= onset);
            var values = samples.Select(s => s.Value).Order().ToList();
            var median = values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
            if (at.At != default && median > 0 && at.Value <= median * options.LowTrafficShare)
            {
                lucky.Add(new LuckyFact(LuckKind.LowTrafficOnset, [SampleSource(throughput, at)]) { Traffic = at, TypicalTraffic = median, Series = throughput });
            }
        }

        // Only one component of a larger catalogue was affected.
        var catalogue = f.Profile.Components.Count;
        if (f.Components.Count == 1 && catalogue > 1)
        {
            var sources = new List<SourceRef> { new("firebreak.yaml", Detail: "components") };
            if (f.ErrorRate is { } er && string.Equals(er.Series.Component, f.Components[0], StringComparison.OrdinalIgnoreCase))
            {
                sources.Add(er.Series.Source);
            }
            else if (f.FirstAlert is { } first)
            {
                sources.Add(first.Source);
            }

            lucky.Add(new LuckyFact(LuckKind.SingleComponent, sources) { Component = f.Components[0], CatalogueSize = catalogue });
        }

        // An alert detected it, before any person reported it.
        if (string.Equals(d.DetectionMethod, "automated-alert", StringComparison.Ordinal) && f.FirstAlert is { } alert && alert.StartsAt <= d.DetectedAt)
        {
            lucky.Add(new LuckyFact(LuckKind.AlertBeforeCustomers, [alert.Source]) { Alert = alert });
        }

        return lucky;
    }
}
