using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>What the executive is asked to do: nothing, approve an emergency release, or decide on disclosure with legal.</summary>
public enum ExecutiveAsk { None, AwarenessOnly, ApproveHotfix, DisclosureWithLegal }

/// <summary>
/// The incident in plain words for executives and the public, decided once: the feature users lost, the likely cause
/// without commit hashes or service names, what is being done, when service is expected back, and the decision asked.
/// Renderers print these fields and add nothing.
/// </summary>
/// <param name="Feature">The feature users lost, in plain words ("checkout"), or null when no component was identified.</param>
/// <param name="WhatUsersSee">What users see ("checkout failing for most users").</param>
/// <param name="Cause">The likely cause in plain words ("a software release at 21:32 UTC (likely)") or an unknown.</param>
/// <param name="BeingDone">What the response team is doing, saying what was carried out and what was only chosen.</param>
/// <param name="Eta">When service is expected back, or "unknown (what would make it known)".</param>
/// <param name="Ask">The decision asked of the executive.</param>
/// <param name="AskReason">Why that decision is asked (or why none is).</param>
public sealed record PlainBrief(string? Feature, string WhatUsersSee, string Cause, string BeingDone, string Eta, ExecutiveAsk Ask, string AskReason)
{
    /// <summary>Suffixes that name a deployable unit rather than what users use ("checkout-api" → "checkout").</summary>
    private static readonly string[] TechnicalSuffixes = ["api", "service", "svc", "server", "backend", "worker", "web", "app", "frontend", "daemon", "job", "db"];

    /// <summary>Decides the brief from the dossier; pure.</summary>
    public static PlainBrief Decide(IncidentDossier d, IncidentFacts facts)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(facts);
        var feature = FeatureOf(d.Diagnosis.OriginComponent ?? facts.Components.FirstOrDefault());
        var what = (feature ?? (facts.Service == "the service" ? "the service" : facts.Service)) + " " + Failing(d.Diagnosis.Category) + Share(d.Triage.Impact.AffectedRatio);
        var (ask, askReason) = DecideAsk(d);
        return new PlainBrief(feature, what, CauseOf(facts.Leading, d), BeingDoneOf(d), EtaOf(d), ask, askReason);
    }

    /// <summary>A component's name in plain words: technical suffixes dropped, dashes and underscores as spaces ("checkout-api" → "checkout"); null for none.</summary>
    public static string? FeatureOf(string? component)
    {
        if (string.IsNullOrWhiteSpace(component))
        {
            return null;
        }

        var words = component.Split(['-', '_', '.', ' '], StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 1 && TechnicalSuffixes.Contains(words[^1], StringComparer.OrdinalIgnoreCase))
        {
            words.RemoveAt(words.Count - 1);
        }

        return string.Join(' ', words).ToLowerInvariant();
    }

    private static string Failing(IncidentCategory category) => category switch
    {
        IncidentCategory.Availability => "failing",
        IncidentCategory.Performance => "slow",
        IncidentCategory.Functionality => "not working as expected",
        IncidentCategory.Security => "affected by a suspected security issue",
        IncidentCategory.DataIntegrity => "showing incorrect or missing information",
        _ => "disrupted",
    };

    private static string Share(double? ratio) => ratio switch
    {
        >= 0.5 => " for most users",
        >= 0.1 => " for many users",
        > 0 => " for some users",
        _ => string.Empty,
    };

    private static string CauseOf(Hypothesis? leading, IncidentDossier d)
    {
        if (leading is null)
        {
            return Md.Unknown("no cause is supported by the evidence yet; the investigation continues");
        }

        var likely = d.Outcome.Executed && d.Outcome.Verdict == ResolutionVerdict.Resolved ? "confirmed: undoing it resolved the incident" : "likely, not yet confirmed";
        var what = leading.Cause switch
        {
            CauseKind.Change when leading.Change is { } c => c.Kind switch
            {
                ChangeKind.Config => "a configuration change",
                ChangeKind.FeatureFlag => "a feature switch change",
                ChangeKind.Infra => "an infrastructure change",
                ChangeKind.Migration => "a database change",
                _ => "a software release",
            } + $" at {Md.Time(c.At)}",
            CauseKind.Change => "a recent change",
            CauseKind.Capacity => "more demand than the system could handle",
            CauseKind.Dependency => "a failure in a service we depend on",
            CauseKind.Security => "a suspected security issue",
            CauseKind.DataIntegrity => "a data processing error",
            CauseKind.Certificate => "an expired or invalid security certificate",
            CauseKind.ClockStep => "a clock error on our servers",
            CauseKind.Input => "unexpected input reaching our systems",
            _ => null,
        };
        return what is null ? Md.Unknown("the evidence does not yet point to a cause; the investigation continues") : $"{what} ({likely})";
    }

    private static string BeingDoneOf(IncidentDossier d)
    {
        var plan = FixWords(d.Mitigation.Strategy);
        if (d.State.Status is IncidentStatus.Resolved or IncidentStatus.Closed)
        {
            // Only a measurement says service is back; a person's resolve is their report, and says so.
            var reported = ReportedResolution(d);
            return reported is null
                ? $"The team {plan.Past}; measurements afterwards show service back; a review will follow."
                : d.Outcome.Executed
                    ? $"The team {plan.Past}; responders report service is back ({reported}), which no measurement has confirmed yet; a review will follow."
                    : $"Responders report service is back ({reported}); the chosen fix was to {plan.Infinitive}, and no measurement has confirmed the recovery yet; a review will follow.";
        }

        if (d.Outcome.Executed)
        {
            return d.Outcome.Verdict switch
            {
                ResolutionVerdict.Resolved => $"The team {plan.Past}; measurements afterwards show service back.",
                ResolutionVerdict.PartiallyResolved => $"The team {plan.Past}; service improved but is not fully back, and work continues.",
                ResolutionVerdict.NotResolved => $"The team {plan.Past}, but it did not bring service back; the team is choosing the next step.",
                _ => $"The team {plan.Past} and is checking whether service is back.",
            };
        }

        // Only a person's mitigate makes it the team's choice; otherwise it is Firebreak's recommendation.
        return d.State.Events.OfType<MitigationDecided>().Any()
            ? $"The team has chosen to {plan.Infinitive}; it has not been carried out yet."
            : $"The recommended fix is to {plan.Infinitive}; nobody has carried it out yet.";
    }

    /// <summary>Null when a validation measured the recovery; else who reported the incident resolved, and when.</summary>
    private static string? ReportedResolution(IncidentDossier d)
    {
        if (d.Outcome.Verdict == ResolutionVerdict.Resolved
            || d.State.Events.OfType<MitigationValidated>().Any(v => v.Verdict == ResolutionVerdict.Resolved))
        {
            return null;
        }

        // The resolution that holds: the latest (a reopened incident was not resolved the first time).
        return d.State.Events.OfType<IncidentResolved>().OrderBy(r => r.At).LastOrDefault() is { } resolved
            ? $"{resolved.Actor} resolved it at {Md.Time(resolved.At)}"
            : "the incident is recorded as resolved";
    }

    private static (string Infinitive, string Past) FixWords(MitigationStrategy strategy) => strategy switch
    {
        MitigationStrategy.Rollback => ("undo the recent change (roll it back)", "undid the recent change"),
        MitigationStrategy.Hotfix => ("release an emergency fix", "released an emergency fix"),
        MitigationStrategy.ConfigChange => ("change a configuration setting", "changed a configuration setting"),
        MitigationStrategy.Scaling => ("add capacity", "added capacity"),
        _ => ("apply a workaround", "applied a workaround"),
    };

    private static string EtaOf(IncidentDossier d)
    {
        if (d.State.ResolvedAt is { } at)
        {
            return ReportedResolution(d) is null ? "service back at " + Md.Time(at) + " (measured)" : $"responders report service back at {Md.Time(at)} (not measured)";
        }

        var window = Md.Minutes(d.Config.Policy.ValidationWindow);
        return d.Outcome.Executed
            ? Md.Unknown($"known once the fix has been measured for {window}")
            : Md.Unknown($"known once the chosen fix is carried out and measured for {window}");
    }

    // Only evidence asks for a disclosure decision (guidance never does); an unexecuted hotfix needs approval outside the normal release.
    private static (ExecutiveAsk Ask, string Reason) DecideAsk(IncidentDossier d)
    {
        var facts = d.Diagnosis.Facts;
        if (facts.SecurityBreach || facts.DataLoss)
        {
            return (ExecutiveAsk.DisclosureWithLegal, facts.SecurityBreach ? "the evidence shows data accessed by someone not entitled to it" : "the evidence shows data lost or corrupted");
        }

        if (d.Mitigation.Strategy == MitigationStrategy.Hotfix && !d.Outcome.Executed)
        {
            return (ExecutiveAsk.ApproveHotfix, "the chosen fix is an emergency release outside the normal release process");
        }

        return d.State.Status is IncidentStatus.Resolved or IncidentStatus.Closed
            ? (ExecutiveAsk.None, "the incident is resolved")
            : (ExecutiveAsk.AwarenessOnly, "the chosen fix needs no approval beyond the response team");
    }
}
