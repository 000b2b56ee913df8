using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>Picks the incident category from the symptoms and the leading explanation (rules in docs/reasoning.md).</summary>
internal static class Categorizer
{
    private static readonly string[] OutageWords = ["5xx", "500", "502", "503", "504", "unavailable", "outage", "down", "failing", "fail"];

    public static (IncidentCategory Category, string Why) Of(
        Signals signals, Hypothesis? leading, Hypothesis? security, Hypothesis? integrity, GuidanceProfile guidance, Hypothesis? exposure = null, ReasoningOptions? options = null)
    {
        options ??= ReasoningOptions.Default;
        var established = options.Ranking.EstablishedAt;

        // Data shown to the wrong people is a security incident whatever triggered it (a cache rule, a deploy, an attacker).
        if (exposure is { } ex && ex.Score >= established)
        {
            return (IncidentCategory.Security, "people are shown data that is not theirs (exposure): " + ex.Evidence[0].Text);
        }

        // A blamed change keeps its own category: a deploy that breaks login is not an attack (whatever the guidance says).
        var changeBlamed = leading?.Change is not null;
        var securityShown = security is { } sec && sec.Score >= established;
        if (leading?.Cause == CauseKind.Security || (securityShown && !changeBlamed))
        {
            return (IncidentCategory.Security, "security signals (hostile access, credentials) lead the evidence");
        }

        if (leading?.Cause == CauseKind.DataIntegrity || (integrity is { } ig && ig.Score >= established))
        {
            return (IncidentCategory.DataIntegrity, "records are corrupted, lost or inconsistent");
        }

        var error = signals.Worst(MetricKind.ErrorRate);
        var errorRatio = error is { Harmful: true, Current: { } e } ? e : 0;
        var availability = signals.Worst(MetricKind.Availability);
        var down = availability is { Harmful: true, Current: { } av } && av < 1 - options.Scope.AvailabilityErrorRatio;
        var collapsed = signals.Series.Any(s => s.Kind == MetricKind.Throughput && s.Harmful);
        if (errorRatio >= options.Scope.AvailabilityErrorRatio || down || collapsed)
        {
            return (IncidentCategory.Availability, errorRatio >= options.Scope.AvailabilityErrorRatio
                ? Wording.Inv($"{Wording.Percent(errorRatio)} of requests fail ({error!.Name})")
                : down ? Wording.Inv($"availability fell to {Wording.Percent(availability!.Current!.Value)}") : "throughput collapsed");
        }

        var slow = signals.Harmful.Any(s => s.Kind is MetricKind.Latency or MetricKind.Saturation);
        if (slow)
        {
            return (IncidentCategory.Performance, errorRatio > 0
                ? Wording.Inv($"latency/saturation rose while only {Wording.Percent(errorRatio)} of requests fail")
                : "latency/saturation rose without many errors");
        }

        if (signals.Errors.Any() || errorRatio > 0)
        {
            return (IncidentCategory.Functionality, Wording.Inv($"new errors in one feature while the service stays up (error share below {Wording.Percent(options.Scope.AvailabilityErrorRatio)})"));
        }

        if (signals.Alerts.Any(a => OutageWords.Any(w => Wording.Has($"{a.Summary} {a.Description}", w))))
        {
            return (IncidentCategory.Availability, "the firing alert reports failures");
        }

        // Security and data-loss guidance ask for a review and preservation; they never set the category (evidence does).
        if (guidance.Performance)
        {
            return (IncidentCategory.Performance, "the guidance says performance");
        }

        // Something is reported (an alert, a new warning) but nothing fails or slows down: a feature misbehaves.
        return signals.Alerts.Count > 0 || signals.Templates.Count > 0
            ? (IncidentCategory.Functionality, "a symptom is reported but no request fails or slows down: a feature misbehaves while the service stays up")
            : (IncidentCategory.Availability, "unknown: no metric or log symptom; availability is assumed until evidence says otherwise");
    }
}
