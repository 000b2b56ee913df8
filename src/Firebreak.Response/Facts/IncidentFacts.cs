using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>
/// Values derived from what the flow knows by step 5 (evidence, diagnosis, triage, detection): shared by the roles'
/// root cause analysis and, through <see cref="DossierFacts"/>, by the renderers, so both read the same facts.
/// </summary>
public sealed class IncidentFacts
{
    /// <summary>Reads the derived values of the flow's findings.</summary>
    public IncidentFacts(ProjectConfig config, EvidenceBundle evidence, Diagnosis diagnosis, TriageResult triage, DateTimeOffset detectedAt, string reportedSymptoms)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(diagnosis);
        ArgumentNullException.ThrowIfNull(triage);
        Config = config;
        Evidence = evidence;
        Diagnosis = diagnosis;
        Triage = triage;
        DetectedAt = detectedAt;
        ReportedSymptoms = reportedSymptoms ?? string.Empty;
        Profile = config.Profile;
        Service = string.IsNullOrWhiteSpace(Profile.Service) || Profile.Service == "unknown" ? "the service" : Profile.Service;
        Components = diagnosis.AffectedComponents;
        Leading = diagnosis.Leading;
        Suspected = diagnosis.Suspected;
        Onset = diagnosis.Onset;
        Metrics = evidence.Metrics;
        ErrorRate = Primary("error_rate");
        Latency = Primary("latency_p95_ms");
        Throughput = Primary("throughput");
        Availability = Primary("availability");
        Saturation = Primary("saturation");
        FirstAlert = evidence.Alerts.OrderBy(a => a.StartsAt).FirstOrDefault();
        Counted = CountedScope.From(evidence.Logs);
        UserEstimate = ImpactEstimator.Users(
            [.. evidence.Alerts.OrderBy(a => a.StartsAt).SelectMany(a => new[] { (a.Summary, a.Source.ToString()), (a.Description, a.Source.ToString()) })],
            Profile.Users,
            triage.Impact.AffectedRatio,
            ErrorRate?.Series.Source.ToString() ?? "the reporter's answer",
            Counted.Users());
    }

    /// <summary>Users, records and data kinds counted in the log lines that changed at the onset.</summary>
    public CountedScope Counted { get; }

    /// <summary>Affected users as a range with its basis (stated, counted, estimated): computed once, written everywhere.</summary>
    public EstimateRange UserEstimate { get; }

    public ProjectConfig Config { get; }
    public EvidenceBundle Evidence { get; }
    public Diagnosis Diagnosis { get; }
    public TriageResult Triage { get; }

    /// <summary>When the incident was detected.</summary>
    public DateTimeOffset DetectedAt { get; }

    /// <summary>What the reporter (or the alerts) said.</summary>
    public string ReportedSymptoms { get; }

    public ServiceProfile Profile { get; }

    /// <summary>The service's name ("the service" when the project names none).</summary>
    public string Service { get; }

    public IReadOnlyList<string> Components { get; }

    /// <summary>"shop users", or "users" when the service has no name.</summary>
    public string UsersPhrase => Service == "the service" ? "users" : $"{Md.Safe(Service)} users";
    public Hypothesis? Leading { get; }
    public Hypothesis? Suspected { get; }
    public DateTimeOffset? Onset { get; }
    public IReadOnlyList<SeriesAnalysis> Metrics { get; }
    public SeriesAnalysis? ErrorRate { get; }
    public SeriesAnalysis? Latency { get; }
    public SeriesAnalysis? Throughput { get; }
    public SeriesAnalysis? Availability { get; }
    public SeriesAnalysis? Saturation { get; }
    public Alert? FirstAlert { get; }

    /// <summary>Affected users as a count with its share, or an unknown.</summary>
    public string AffectedUsers => Md.Safe(UserEstimate.Text("users"));

    /// <summary>Start of user impact: the onset when known, else detection.</summary>
    public DateTimeOffset ImpactStart => Onset is { } onset && onset < DetectedAt ? onset : DetectedAt;

    /// <summary>Detection delay: first alert start minus onset, when both are known.</summary>
    public TimeSpan? DetectionDelay => Onset is { } onset && FirstAlert is { } alert ? alert.StartsAt - onset : null;

    /// <summary>The user-facing effect from triage, else the reported symptoms, else an unknown.</summary>
    public string Effect
    {
        get
        {
            var effect = Triage.Impact.Effect;
            if (!string.IsNullOrWhiteSpace(effect))
            {
                return Md.Safe(effect);
            }

            return string.IsNullOrWhiteSpace(ReportedSymptoms)
                ? Md.Unknown("no symptom evidence; a firing alert or error-rate metric would show it")
                : $"the reported symptoms (\"{Md.Quote(Md.Clip(ReportedSymptoms, 120))}\")";
        }
    }

    /// <summary>Minutes between a change and the onset, when both are known.</summary>
    public TimeSpan? ChangeToOnset(ChangeRecord change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Onset is { } onset ? onset - change.At : null;
    }

    /// <summary>The change description in one line.</summary>
    public static string Describe(ChangeRecord change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var what = WireNames.Of(change.Kind);
        var component = change.Component is null ? string.Empty : $" of {change.Component}";
        var version = change.Version is null ? string.Empty : $" version {change.Version}";
        var key = change.Key is null ? string.Empty : $" {change.Key}: {change.OldValue ?? "?"} → {change.NewValue ?? "?"}";
        return $"{what}{component}{version}{key} ({ShortRef(change.Ref)})";
    }

    /// <summary>A commit SHA shortened to 12 characters; other references as they are.</summary>
    public static string ShortRef(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return reference.Length == 40 && reference.All(Uri.IsHexDigit) ? reference[..12] : reference;
    }

    /// <summary>Baseline, current and peak of a series, in its unit.</summary>
    public static string MetricSummary(SeriesAnalysis series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return $"baseline {Value(series, series.Baseline)}, current {Value(series, series.Current)}, peak {Value(series, PeakOf(series))}";
    }

    /// <summary>The peak, never below the current value (a window that ends on its highest sample peaks there).</summary>
    public static double? PeakOf(SeriesAnalysis series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return (series.Peak, series.Current) switch
        {
            ({ } p, { } c) => Math.Max(p, c),
            ({ } p, null) => p,
            (null, var c) => c,
        };
    }

    /// <summary>A metric value in its unit (ratios as percentages, latency in ms).</summary>
    public static string Value(SeriesAnalysis series, double? value)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (value is not { } v)
        {
            return "unknown (no samples)";
        }

        return series.Series.Kind switch
        {
            // Saturation is a ratio of a limit: a sample above 1 is a scrape artefact, shown as 100% (full).
            "saturation" => Md.Percent(Math.Clamp(v, 0, 1), 1),
            "error_rate" or "availability" => Md.Percent(v, 2),
            "latency_p95_ms" => Md.Num(v, 0) + " ms",
            "throughput" => Md.Num(v, 1) + " req/s",
            _ => Md.Num(v, 3),
        };
    }

    /// <summary>The citation of a series' current value (or the series file).</summary>
    public static string CiteSeries(SeriesAnalysis series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return Md.Cite(series.CurrentSource ?? series.Series.Source);
    }

    private SeriesAnalysis? Primary(string kind)
    {
        var ofKind = Metrics.Where(m => string.Equals(m.Series.Kind, kind, StringComparison.OrdinalIgnoreCase)).ToList();
        return ofKind.FirstOrDefault(m => m.Anomalous && m.Series.Component is { } c && Components.Contains(c, StringComparer.OrdinalIgnoreCase))
            ?? ofKind.FirstOrDefault(m => m.Anomalous)
            ?? ofKind.FirstOrDefault(m => m.Series.Component is { } c && Components.Contains(c, StringComparer.OrdinalIgnoreCase))
            ?? ofKind.FirstOrDefault();
    }
}
