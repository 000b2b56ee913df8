using System.Globalization;
using System.Text.RegularExpressions;
using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>Derives the triage facts (share of users hit, outage, severity, trend, budget, SLO, revenue) from the signals.</summary>
internal static partial class FactsBuilder
{
    private static readonly string[] RevenueWords = ["pay", "checkout", "billing", "order", "cart", "purchase", "subscription", "invoice", "charge", "card"];

    public static TriageFacts Build(
        EvidenceBundle evidence, Signals signals, Scope scope, ComponentGraph graph, GuidanceProfile guidance,
        Hypothesis? security, Hypothesis? integrity, Hypothesis? exposure = null, Segments? segments = null)
    {
        var options = evidence.Config.Reasoning;
        var o = options.Scope;
        segments ??= Segments.None;
        var profile = evidence.Config.Profile;
        var slo = profile.Slo;
        var citations = new List<string>();
        var errorBudget = slo.AllowedErrorRatio;

        // Share of users affected: worst failing share, else the share of slow requests estimated from the p95.
        var error = signals.Worst(MetricKind.ErrorRate);
        var availability = signals.Worst(MetricKind.Availability);
        var latency = signals.Worst(MetricKind.Latency);
        double? ratio = null;
        if (error?.Current is { } e)
        {
            ratio = Math.Clamp(e, 0, 1);
            citations.Add(Wording.Inv($"error ratio {Wording.Percent(ratio.Value)} now ({error.Name}, baseline {Wording.Num(error.Baseline)}) [{error.Source}]"));
        }

        if (availability?.Current is { } av && (ratio is null || 1 - av > ratio))
        {
            ratio = Math.Clamp(1 - av, 0, 1);
            citations.Add(Wording.Inv($"availability {Wording.Percent(av)} now ({availability.Name}) [{availability.Source}]"));
        }

        var latencyFactor = latency is { Current: { } p95 } && slo.LatencyP95Ms is { } target && target > 0 ? p95 / target : (double?)null;
        if (latency is { Harmful: true, Current: { } lp } && latencyFactor is { } lf && lf > 1)
        {
            // A p95 above the SLO means at least 5% of requests are slow; a median (p50) above it means at least half are (the defaults).
            var median = signals.Harmful.Any(s => s.Kind == MetricKind.Latency && s.Current > slo.LatencyP95Ms
                && (Wording.Has(s.Name, "p50") || Wording.Has(s.Name, "median") || Wording.Has(s.Analysis.Series.Kind, "p50")));
            // A saturated component queues every request that passes through it: with p95 at 2x the SLO, most are slow.
            var queue = lf >= o.QueueLatencyFactor ? signals.Harmful.FirstOrDefault(s => s.Kind == MetricKind.Saturation && s.Current >= o.FullSaturation
                && (ComponentGraph.Same(s.Component, latency.Component) || graph.DependsOn(latency.Component, s.Component) || s.Component is null)) : null;
            var slowShare = queue is not null ? o.SlowShareQueued : median ? o.SlowShareAboveMedian : o.SlowShareAboveP95;
            if (ratio is null || slowShare > ratio)
            {
                ratio = slowShare;
                citations.Add(queue is not null
                    ? Wording.Inv($"estimated ≥ {Wording.Percent(slowShare)} of requests slow: {queue.Name} is saturated at {Wording.Percent(Math.Min(1, queue.Current!.Value))} and p95 is {Wording.Num(lp)} ms ({Wording.Num(lf)}× the SLO), so requests queue for everyone [{latency.Source}; {queue.Source}]")
                    : Wording.Inv($"latency {Wording.Num(lp)} ms vs SLO {Wording.Num(slo.LatencyP95Ms)} ms: at least {Wording.Percent(slowShare)} of requests are slow [{latency.Source}]"));
            }
        }

        if (ratio is null && LogErrorShare(evidence, signals, scope) is { } share)
        {
            ratio = share;
            citations.Add(Wording.Inv($"estimated from log rates since the onset: {Wording.Percent(share)} of {scope.Origin ?? "the service"}'s log lines are the new errors (no error-ratio metric)"));
        }

        // What the evidence states ("about 30% of active users" in an alert) beats a request ratio: requests are not users.
        if (StatedShare(signals) is { } stated && (ratio is null || stated.Ratio > ratio))
        {
            ratio = stated.Ratio;
            citations.Add(Wording.Inv($"affected users as stated by alert {stated.Alert.Name}: \"{SignalReader.Shorten(stated.Text, 120)}\" [{stated.Alert.Source}]"));
        }

        if (ratio is null && guidance.ReportedAffectedRatio is { } reported)
        {
            ratio = reported;
            citations.Add(Wording.Inv($"reported share of users affected: {Wording.Percent(reported)} (guidance)"));
        }

        // A whole-service outage: a critical component (or any, when the catalog marks none critical) fails entirely.
        var anyCritical = profile.Components.Any(c => c.Critical);
        bool Counts(SeriesSignal s) => !anyCritical || s.Component is null || graph.IsCritical(s.Component);
        var outage = signals.Harmful.Where(Counts).Any(s =>
            (s.Kind == MetricKind.ErrorRate && s.Current >= o.OutageErrorRatio)
            || (s.Kind == MetricKind.Availability && s.Current <= 1 - o.OutageErrorRatio)
            || (s.Kind == MetricKind.Throughput && s is { Current: { } c, Baseline: { } b } && b > 0 && c <= b * o.OutageThroughputShare));
        if (outage)
        {
            citations.Add(Wording.Inv($"complete outage: error ratio ≥ {Wording.Percent(o.OutageErrorRatio)}, availability ≈ 0 or throughput collapsed to ≈ 0"));
        }

        var severeErrors = signals.Harmful.Where(s => s.Kind == MetricKind.ErrorRate && s.Current >= o.SevereErrorRatio && (s.Baseline is not { } b || b <= 0 || s.Current >= o.SevereErrorFactor * b)).ToList();
        var severeLatency = signals.Harmful.Where(s => s.Kind == MetricKind.Latency && s.Current is { } c
            && (slo.LatencyP95Ms is { } t ? c >= o.SevereLatencySloFactor * t : s.Ratio >= o.SevereLatencyBaselineFactor)).ToList();
        var severe = outage || severeErrors.Count > 0 || severeLatency.Count > 0;
        if (severeErrors.Count > 0)
        {
            citations.Add(Wording.Inv($"severe degradation: {severeErrors[0].Name} at {Wording.Percent(severeErrors[0].Current!.Value)}, ≥ {Wording.Num(o.SevereErrorFactor)}× its baseline {Wording.Num(severeErrors[0].Baseline)} [{severeErrors[0].Source}]"));
        }

        if (severeLatency.Count > 0)
        {
            citations.Add(Wording.Inv($"severe degradation: {severeLatency[0].Name} at {Wording.Num(severeLatency[0].Current)} ms, ≥ {Wording.Num(o.SevereLatencySloFactor)}× the SLO [{severeLatency[0].Source}]"));
        }

        var segmentDown = SegmentDown(signals, segments);
        if (segmentDown is { } down)
        {
            severe = true;
            citations.Add(Wording.Inv($"severe degradation: a whole segment fails completely ({down.What}) [{down.Source}]"));
        }

        var criticalHit = severeErrors.Concat(severeLatency).Select(s => s.Component)
            .Concat(segmentDown is { } sd ? [sd.Component ?? scope.Origin] : [])
            .Concat(outage ? scope.Affected : [])
            .FirstOrDefault(graph.IsCritical);
        if (criticalHit is not null)
        {
            citations.Add(Wording.Inv($"critical component {criticalHit} is severely degraded (critical: true in firebreak.yaml)"));
        }

        // Guidance is direction, not evidence: the detectors read only the project, so a breach or data loss needs evidence.
        var established = options.Ranking.EstablishedAt;
        var dataLoss = integrity is { } ig && ig.Score >= established;
        var exposed = exposure is { } ex && ex.Score >= established;
        var breach = exposed || security is { } sec && sec.Score >= established;
        if (dataLoss)
        {
            citations.Add("data loss/corruption suspected: " + integrity!.Evidence[0].Text);
        }

        if (breach)
        {
            citations.Add("security breach suspected: " + (exposed ? exposure!.Evidence[0].Text : security!.Evidence[0].Text));
        }

        var main = MainSymptom(signals, scope);
        var trend = main?.Analysis.Trend ?? Trend.Unknown;
        if (main is not null)
        {
            citations.Add(Wording.Inv($"trend of the main symptom {main.Name}: {trend.ToString().ToLowerInvariant()} [{main.Source}]"));
        }

        // "Improving" needs the symptom to have come down from its peak; a wobble on a plateau is not recovery.
        if (trend == Trend.Improving && main is { Kind: not MetricKind.Availability, Current: { } now, Baseline: { } from } && main.Analysis.Peak is { } peak && peak > from
            && now >= from + (o.ImprovingBelow * (peak - from)))
        {
            trend = Trend.Stable;
            citations.Add(Wording.Inv($"not improving yet: {main.Name} is still at {Wording.Num(now)}, ≥ {Wording.Percent(o.ImprovingBelow)} of the way from its baseline {Wording.Num(from)} to its peak {Wording.Num(peak)} [{main.Source}]"));
        }

        // A resource that has grown for a long time and sits at its limit keeps failing (OOM kills, exhausted pools):
        // the incident worsens even when the error curve looks flat between restarts.
        var leak = signals.Harmful.FirstOrDefault(s => s.Kind == MetricKind.Saturation && s.Gradual && s.Current >= o.FullSaturation);
        if (trend != Trend.Worsening && leak is not null)
        {
            trend = Trend.Worsening;
            citations.Add(Wording.Inv($"worsening: {leak.Name} grew for {Wording.Span(leak.Rise)} and is at {Wording.Percent(Math.Min(1, leak.Current!.Value))} of its limit [{leak.Source}]"));
        }

        TimeSpan? budget = null;
        foreach (var s in signals.Series.Where(s => s.Kind is MetricKind.ErrorRate or MetricKind.Availability && (s.Harmful || s.Analysis.BudgetExhaustedIn is not null)))
        {
            var left = s.Analysis.BudgetExhaustedIn;
            if (left is null && errorBudget is > 0 && s.Current is { } cur)
            {
                var burn = (s.Kind == MetricKind.Availability ? 1 - cur : cur) / errorBudget.Value;
                left = burn > 1 ? SeriesAnalyzer.BudgetWindow / burn : null;
            }

            if (left is { } l && (budget is null || l < budget))
            {
                budget = l;
                citations.Add(Wording.Inv($"error budget exhausted in {Wording.Span(l)} at the current burn ({s.Name}) [{s.Source}]"));
            }
        }

        var sloViolated = (errorBudget is { } eb && signals.Harmful.Any(s =>
                (s.Kind == MetricKind.ErrorRate && s.Current > eb) || (s.Kind == MetricKind.Availability && 1 - s.Current > eb)))
            || latencyFactor > 1 && latency is { Harmful: true };
        if (sloViolated)
        {
            citations.Add("SLO violated now (error ratio above the error budget or p95 above the latency objective)");
        }

        var revenueComponent = scope.Affected.FirstOrDefault(c => RevenueWords.Any(w => Wording.Has(c, w)));
        var revenue = guidance.Revenue || revenueComponent is not null;
        if (revenue)
        {
            citations.Add(guidance.Revenue ? "revenue impact: guidance" : Wording.Inv($"revenue impact: the affected component {revenueComponent} takes money or orders"));
        }

        var critical = profile.Components.Where(c => c.Critical).Select(c => c.Name).ToList();
        var limited = critical.Count > 0 && scope.Affected.Count > 0 && !outage && criticalHit is null
            && scope.Affected.All(c => !graph.IsCritical(c));
        if (limited)
        {
            citations.Add(Wording.Inv($"only components not marked critical fail ({string.Join(", ", scope.Affected)}); the critical ones ({string.Join(", ", critical)}) show no anomaly (firebreak.yaml)"));
        }

        var deferred = signals.Errors.Any() && signals.Errors.All(t => Wording.FirstOf(t.Text, CauseDetectors.DeferredWords) is not null);
        if (deferred)
        {
            citations.Add(Wording.Inv($"deferred effect: the failing work is kept and retried (\"{SignalReader.Shorten(signals.Errors.First().Template.Template, 100)}\") [{signals.Errors.First().Source}]"));
        }

        if (profile.Users is { } users)
        {
            citations.Add(Wording.Inv($"{users} active users (firebreak.yaml)"));
        }

        return new TriageFacts
        {
            Users = profile.Users,
            AffectedUserRatio = ratio,
            CompleteOutage = outage,
            SevereDegradation = severe,
            CriticalComponentUnavailable = criticalHit is not null,
            DataLoss = dataLoss,
            SecurityBreach = breach,
            Trend = trend,
            BudgetExhaustedIn = budget,
            SloViolated = sloViolated,
            RevenueImpact = revenue,
            LimitedToNonCritical = limited,
            DeferredEffect = deferred,
            SegmentDown = segmentDown?.What,
            Citations = citations,
        };
    }

    /// <summary>A share of users an alert states ("about 30% of active users"), the largest one.</summary>
    private static (double Ratio, Alert Alert, string Text)? StatedShare(Signals signals)
    {
        (double Ratio, Alert Alert, string Text)? best = null;
        foreach (var a in signals.Alerts)
        {
            var text = $"{a.Summary} {a.Description}";
            foreach (Match m in SharePattern().Matches(text))
            {
                if (double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var pct) && pct is > 0 and <= 100
                    && (best is null || pct / 100 > best.Value.Ratio))
                {
                    best = (pct / 100, a, text);
                }
            }
        }

        return best;
    }

    /// <summary>A whole client, host, zone or region failing: no healthy line of it left in the logs, or an alert saying all of it fails.</summary>
    private static (string What, string? Component, SourceRef Source)? SegmentDown(Signals signals, Segments segments)
    {
        foreach (var (label, value) in segments.Down)
        {
            var template = signals.Errors.FirstOrDefault(t => Wording.Has(t.Template.ExampleText ?? t.Template.Template, value));
            if (template is not null && segments.Labels[label].Healthy.Count > 0)
            {
                return (Wording.Inv($"{label} {value}: every request fails, other {label}s serve normally"), template.Template.Component, template.Source);
            }
        }

        foreach (var a in signals.Alerts)
        {
            var m = AllFailPattern().Match($"{a.Summary} {a.Description}");
            if (m.Success)
            {
                return (Wording.Inv($"alert {a.Name}: \"{SignalReader.Shorten(m.Value, 100)}\""), a.Component, a.Source);
            }
        }

        return null;
    }

    [GeneratedRegex(@"(\d{1,3}(?:\.\d+)?)\s*%\s+of\s+(?:all\s+|the\s+|our\s+|active\s+|daily\s+)*(?:users|customers|clients|members|accounts|subscribers|players|visitors|shoppers)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SharePattern();

    [GeneratedRegex(@"\b(?:100\s*%|all)\s+of\s+(?:the\s+)?[A-Za-z][\w-]*[^.;]{0,60}?\b(?:fail|fails|failing|down|unavailable|cannot|can't|locked out|rejected)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AllFailPattern();

    /// <summary>Error lines per minute over all lines per minute of the origin since the onset, when the miner measured rates.</summary>
    private static double? LogErrorShare(EvidenceBundle evidence, Signals signals, Scope scope)
    {
        bool Here(string? component) => scope.Origin is null || component is null || ComponentGraph.Same(component, scope.Origin);
        var errors = signals.Errors.Where(t => Here(t.Template.Component)).Sum(t => t.Template.RateAfter);
        var all = evidence.Logs.Templates.Where(t => Here(t.Component)).Sum(t => t.RateAfter);
        return errors > 0 && all > 0 ? Math.Clamp(errors / all, 0, 1) : null;
    }

    /// <summary>The symptom users feel most: the worst harmful error series (origin first), else availability, latency, anything harmful.</summary>
    public static SeriesSignal? MainSymptom(Signals signals, Scope scope) =>
        signals.Harmful
            .OrderBy(s => s.Kind switch { MetricKind.ErrorRate => 0, MetricKind.Availability => 1, MetricKind.Latency => 2, MetricKind.Saturation => 3, _ => 4 })
            .ThenBy(s => ComponentGraph.Same(s.Component, scope.Origin) ? 0 : 1)
            .ThenByDescending(s => s.Kind == MetricKind.Availability ? -(s.Current ?? 0) : s.Current ?? 0)
            .FirstOrDefault();
}
