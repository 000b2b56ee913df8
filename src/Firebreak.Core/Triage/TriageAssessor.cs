using System.Globalization;

namespace Firebreak.Core;

/// <summary>Turns evidence facts into Impact and Urgency with the seed's criteria, then a priority from the matrix.</summary>
/// <remarks>
/// <para>Impact is HIGH on a complete outage, more than 50% of users affected, data loss or corruption, or a security breach;
/// MEDIUM on severe degradation, 10-50% of users affected, or a critical component unavailable; LOW otherwise.
/// The affected share is the measured one; without a measurement the reporter's share (interactive Q2) or reported
/// outage (Q1) is used and the reasons say so.</para>
/// <para>Urgency is HIGH when the symptom is worsening, the error budget runs out within an hour at the current burn
/// rate, the service is completely down (budget burns at the maximum rate), a critical component fails severely while
/// its SLO is violated (the seed's "immediate resolution required"), a security breach or data loss is
/// established or reported, or the reporter says the SLA is breached and no burn rate was measured; MEDIUM on a stable
/// degradation (an SLO violated or a symptom present without a worsening trend) or a budget that runs out within 24 hours;
/// LOW when improving or without SLA risk. Revenue impact raises urgency to at least MEDIUM.</para>
/// <para>The priority is <see cref="PriorityMatrix.Classify"/>. The evidence decides: the reporter's severity and a
/// severity suggested by interactive answers are kept and compared in the verdict, never applied over the evidence.</para>
/// </remarks>
public static class TriageAssessor
{
    private static readonly TimeSpan ImminentBudget = TimeSpan.FromHours(1);
    private static readonly TimeSpan HoursBudget = TimeSpan.FromHours(24);

    private static readonly string[] UrgencyWords =
        ["trend", "budget", "burn", "slo violated", "sla", "worsening", "improving", "stable", "rising", "falling"];

    private static readonly string[] ImpactWords =
        ["outage", "degradation", "degraded", "critical", "users", "affected", "data loss", "corrupt", "breach", "revenue"];

    /// <summary>Assesses the facts; <paramref name="reported"/> is the reporter's initial severity, kept beside the computed one.</summary>
    public static TriageResult Assess(TriageFacts facts, Priority? reported, GuidanceProfile guidance)
    {
        ArgumentNullException.ThrowIfNull(facts);
        guidance ??= GuidanceProfile.None;

        var (impactCitations, urgencyCitations) = SplitCitations(facts.Citations);
        var impact = AssessImpact(facts, guidance, impactCitations);
        var urgency = AssessUrgency(facts, guidance, urgencyCitations);
        var priority = PriorityMatrix.Classify(impact.Level, urgency.Level);
        return new TriageResult(impact, urgency, priority, reported, Verdict(priority, reported, impact.Level, urgency.Level, guidance));
    }

    /// <summary>Assesses Impact alone with the criteria above.</summary>
    public static ImpactAssessment AssessImpact(TriageFacts facts, GuidanceProfile guidance, IReadOnlyList<string>? citations = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        guidance ??= GuidanceProfile.None;
        var high = new List<string>();
        var medium = new List<string>();

        var ratio = facts.AffectedUserRatio;
        var ratioSource = "measured";
        if (ratio is null && guidance.ReportedAffectedRatio is { } reportedRatio)
        {
            ratio = reportedRatio;
            ratioSource = "reported by the reporter (no measurement available)";
        }

        if (facts.CompleteOutage)
        {
            high.Add("The service is completely unavailable (complete outage).");
        }
        else if (guidance.ReportedOutage && facts.AffectedUserRatio is null)
        {
            high.Add("The reporter describes a complete outage; no measurement confirms or contradicts it.");
        }

        if (ratio is { } r)
        {
            var share = Percent(r);
            if (r > 0.5 && facts.LimitedToNonCritical)
            {
                medium.Add($"{share} of requests fail ({ratioSource}), but only on components not marked critical while the critical ones work: MEDIUM, not HIGH.");
            }
            else if (r > 0.5)
            {
                high.Add($"{share} of users are affected ({ratioSource}), more than the 50% threshold for HIGH impact.");
            }
            else if (r >= 0.1)
            {
                medium.Add($"{share} of users are affected ({ratioSource}), within the 10-50% band for MEDIUM impact.");
            }
        }

        if (facts.DataLoss)
        {
            high.Add("Data was lost or corrupted.");
        }

        if (facts.SecurityBreach)
        {
            high.Add("A security breach is suspected or confirmed.");
        }

        if (facts.SevereDegradation)
        {
            medium.Add("The service is severely degraded (latency or error ratio far above its objective or baseline).");
        }

        if (facts.SegmentDown is { } segment)
        {
            medium.Add($"A whole segment fails completely ({segment}), whatever the overall error ratio: at least MEDIUM.");
        }

        if (facts.CriticalComponentUnavailable)
        {
            medium.Add("A component marked critical in firebreak.yaml is unavailable or failing, so impact is at least MEDIUM.");
        }

        Impact level;
        var reasons = new List<string>();
        if (high.Count > 0)
        {
            level = Impact.High;
            reasons.AddRange(high);
            reasons.AddRange(medium);
        }
        else if (medium.Count > 0)
        {
            level = Impact.Medium;
            reasons.AddRange(medium);
        }
        else
        {
            level = Impact.Low;
            reasons.Add(ratio is { } low
                ? $"{Percent(low)} of users are affected ({ratioSource}), below 10%, with no outage, data loss, breach or critical component down."
                : "No outage, severe degradation, data loss, breach or critical component failure was found, and no affected share is known.");
        }

        // A deferred effect (the work is queued and retried) weighs one level less: users see it late, they do not lose it.
        if (facts.DeferredEffect && !facts.DataLoss && !facts.SecurityBreach && !facts.CompleteOutage && level != Impact.Low)
        {
            level = level == Impact.High ? Impact.Medium : Impact.Low;
            reasons.Insert(0, "The failing work is kept and retried (a deferred effect), so impact is one level lower than the failure ratio alone suggests.");
        }

        long? affectedUsers = ratio is { } known && facts.Users is { } users ? (long)Math.Round(known * users) : null;
        if (affectedUsers is { } count)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"About {count:N0} of {facts.Users:N0} users (users: in firebreak.yaml) are affected."));
        }
        else if (ratio is not null)
        {
            reasons.Add("The affected user count is unknown: set users: in firebreak.yaml to turn the share into a count.");
        }

        if (guidance.Revenue || facts.RevenueImpact)
        {
            reasons.Add("Business impact: revenue is affected.");
        }

        if (guidance.Compliance)
        {
            reasons.Add("Business impact: compliance risk was reported.");
        }

        if (guidance.Reputation)
        {
            reasons.Add("Business impact: reputation damage was reported.");
        }

        AddSources(reasons, citations);
        return new ImpactAssessment(level, affectedUsers, ratio, Effect(facts, guidance, level), reasons);
    }

    /// <summary>Assesses Urgency alone with the criteria above.</summary>
    public static UrgencyAssessment AssessUrgency(TriageFacts facts, GuidanceProfile guidance, IReadOnlyList<string>? citations = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        guidance ??= GuidanceProfile.None;
        var high = new List<string>();
        var medium = new List<string>();

        if (facts.Trend == Trend.Worsening)
        {
            high.Add("The main symptom is worsening.");
        }

        if (facts.BudgetExhaustedIn is { } budget)
        {
            if (budget <= ImminentBudget)
            {
                high.Add($"At the current burn rate the error budget is exhausted in {Describe(budget)}, within the 1 hour threshold: SLA breach is imminent.");
            }
            else if (budget <= HoursBudget)
            {
                medium.Add($"At the current burn rate the error budget is exhausted in {Describe(budget)}: resolution is needed within hours.");
            }
        }
        else if (guidance.SlaAtRisk)
        {
            high.Add("The reporter says the SLA is breached or the error budget is nearly exhausted (no burn rate was measured).");
        }

        if (facts.CompleteOutage)
        {
            high.Add("A complete outage consumes the error budget at the maximum rate: resolution is immediate.");
        }

        if (facts.CriticalComponentUnavailable && facts.SevereDegradation && facts.SloViolated)
        {
            high.Add("A critical component is failing severely and its SLO is violated: immediate resolution is required.");
        }

        if (facts.SecurityBreach || facts.DataLoss)
        {
            high.Add("A security breach or data loss requires immediate response (forensics, legal, containment).");
        }
        else if (guidance.Security || guidance.DataLoss)
        {
            high.Add("The reporter suspects a security incident or data loss: forensics and containment start immediately.");
        }

        var symptom = facts.SevereDegradation || facts.CriticalComponentUnavailable || facts.CompleteOutage
            || facts.AffectedUserRatio is > 0;
        if (facts.SloViolated)
        {
            medium.Add(facts.Trend == Trend.Stable
                ? "An SLO is violated and the degradation is stable."
                : "An SLO is violated.");
        }
        else if (symptom && facts.Trend is Trend.Stable or Trend.Unknown)
        {
            medium.Add(facts.Trend == Trend.Stable
                ? "The degradation is stable."
                : "A degradation is present and its trend is unknown, so it is treated as stable.");
        }

        Urgency level;
        var reasons = new List<string>();
        if (high.Count > 0)
        {
            level = Urgency.High;
            reasons.AddRange(high);
        }
        else if (facts.Trend == Trend.Improving)
        {
            level = Urgency.Low;
            reasons.Add("The symptom is improving and the error budget is not at imminent risk.");
        }
        else if (medium.Count > 0)
        {
            level = Urgency.Medium;
            reasons.AddRange(medium);
        }
        else
        {
            level = Urgency.Low;
            reasons.Add("No SLO is violated, nothing is worsening and the error budget is not at risk.");
        }

        if (level == Urgency.Low && (guidance.Revenue || facts.RevenueImpact))
        {
            level = Urgency.Medium;
            reasons.Add("Revenue is affected, which raises urgency to at least MEDIUM.");
        }

        if (facts.Trend == Trend.Unknown)
        {
            reasons.Add("The trend is unknown: a metric series covering the last minutes would show it.");
        }

        AddSources(reasons, citations);
        var sensitivity = level switch
        {
            Urgency.High => "immediate",
            Urgency.Medium => "hours",
            _ => "days",
        };
        return new UrgencyAssessment(level, sensitivity, facts.Trend, facts.BudgetExhaustedIn, reasons);
    }

    private static string Verdict(Priority priority, Priority? reported, Impact impact, Urgency urgency, GuidanceProfile guidance)
    {
        var matrix = $"Impact {WireNames.Of(impact)} x Urgency {WireNames.Of(urgency)} gives {priority}";
        var verdict = reported switch
        {
            null => $"No initial severity was reported; {matrix}.",
            { } r when r == priority => $"The reported severity {r} is confirmed: {matrix}.",
            { } r when r < priority => $"The reported severity {r} is lowered to {priority}: {matrix}; the evidence does not support {r}. Both values are kept.",
            { } r => $"The reported severity {r} is raised to {priority}: {matrix}; the evidence shows more than {r}. Both values are kept.",
        };

        if (guidance.SuggestedPriority is { } suggested && suggested != priority)
        {
            var direction = suggested < priority ? "more severe" : "less severe";
            verdict += $" The interactive answers suggest {suggested} ({direction}); the evidence-based {priority} stands, so reassess if the reported share is confirmed.";
        }

        return verdict;
    }

    private static string Effect(TriageFacts facts, GuidanceProfile guidance, Impact level)
    {
        if (facts.CompleteOutage || (guidance.ReportedOutage && facts.AffectedUserRatio is null))
        {
            return "complete outage";
        }

        if (facts.DataLoss)
        {
            return "data loss or corruption";
        }

        if (facts.SecurityBreach)
        {
            return "security breach";
        }

        return level == Impact.Low && !facts.SevereDegradation ? "minor issue" : "severe degradation";
    }

    private static (List<string> Impact, List<string> Urgency) SplitCitations(IReadOnlyList<string> citations)
    {
        var impact = new List<string>();
        var urgency = new List<string>();
        foreach (var citation in citations.Where(c => !string.IsNullOrWhiteSpace(c)))
        {
            // Impact words win: "severe degradation: p95 at 2× the SLO" is about impact, "error budget exhausted" about urgency.
            var forUrgency = UrgencyWords.Any(w => citation.Contains(w, StringComparison.OrdinalIgnoreCase))
                && !ImpactWords.Any(w => citation.Contains(w, StringComparison.OrdinalIgnoreCase));
            (forUrgency ? urgency : impact).Add(citation);
        }

        return (impact, urgency);
    }

    private static void AddSources(List<string> reasons, IReadOnlyList<string>? citations)
    {
        foreach (var citation in citations ?? [])
        {
            reasons.Add($"Source: {citation}");
        }
    }

    private static string Percent(double ratio) => PercentText.Of(ratio);

    private static string Describe(TimeSpan span) => span <= TimeSpan.Zero ? "no time (already exhausted)" : DurationParser.Format(
        TimeSpan.FromMinutes(Math.Max(1, Math.Round(span.TotalMinutes))));
}
