using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>Gathers the steps' typed results into the dossier the renderers read; it decides nothing new.</summary>
public static class DossierBuilder
{
    /// <summary>Builds the dossier once all seven steps have run.</summary>
    public static IncidentDossier Build(FlowRun run, Detected detected, Triaged triaged, FunctionallyEscalated escalated, Mitigated mitigated, Reviewed reviewed)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(detected);
        ArgumentNullException.ThrowIfNull(triaged);
        ArgumentNullException.ThrowIfNull(escalated);
        ArgumentNullException.ThrowIfNull(mitigated);
        ArgumentNullException.ThrowIfNull(reviewed);
        var state = run.Journal.State;

        // The record decides what was done: a notice sent in an earlier run still counts.
        var escalation = mitigated.Escalation with
        {
            Tier = state.Tier,
            ManagementNotified = mitigated.Escalation.ManagementNotified || run.Journal.Has($"notified:{Audiences.Management}"),
            ExecutiveNotified = mitigated.Escalation.ExecutiveNotified || run.Journal.Has($"notified:{Audiences.Executive}"),
            LegalNotified = run.Journal.Has($"notified:{Audiences.Legal}"),
        };

        return new IncidentDossier
        {
            Id = run.Request.Id,
            AsOf = mitigated.AsOf,
            DetectedAt = detected.DetectedAt,
            Reporter = detected.Detection.Reporter,
            DetectionMethod = detected.Detection.DetectionMethod,
            ReportedSymptoms = detected.Detection.Symptoms,
            Config = run.Config,
            Evidence = detected.Evidence,
            Diagnosis = detected.Diagnosis,
            Triage = triaged.Triage,
            Guidance = run.Guidance,
            Roster = escalated.Roster,
            Escalation = escalation,
            RootCause = mitigated.RootCause,
            Mitigation = mitigated.Plan,
            Outcome = mitigated.Outcome,
            Clock = run.Clock(mitigated.AsOf),
            State = state,
            Review = reviewed.Review,
            Actions = reviewed.Actions,
            Preserved = triaged.Preserved,
            FlowWarnings = run.Warnings,
        };
    }
}
