using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>Gathers what the steps found into the dossier the artifact writer renders.</summary>
public static class DossierBuilder
{
    /// <summary>Builds the dossier once all seven steps have run.</summary>
    public static IncidentDossier Build(FlowContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = context.Journal.State;
        var detection = context.Detection ?? throw new InvalidOperationException("step 1 has not run");
        var functional = context.Functional ?? new FunctionalEscalation(state.Tier, [], null, []);
        var escalation = context.Escalation ?? new EscalationDecision(functional.Tier, functional.Reasons, state.ManagementNotified, "not evaluated", state.ExecutiveNotified, "not evaluated");

        // The record decides what was done: a notice sent in an earlier run still counts.
        escalation = escalation with
        {
            Tier = state.Tier,
            ManagementNotified = escalation.ManagementNotified || context.Journal.Has($"notified:{Audiences.Management}"),
            ExecutiveNotified = escalation.ExecutiveNotified || context.Journal.Has($"notified:{Audiences.Executive}"),
            LegalNotified = context.Journal.Has($"notified:{Audiences.Legal}"),
        };

        return new IncidentDossier
        {
            Id = context.Request.Id,
            AsOf = context.AsOf,
            DetectedAt = context.DetectedAt,
            Reporter = detection.Reporter,
            DetectionMethod = detection.DetectionMethod,
            ReportedSymptoms = detection.Symptoms,
            Config = context.Config,
            Evidence = context.RequireEvidence(),
            Diagnosis = context.RequireDiagnosis(),
            Triage = context.RequireTriage(),
            Guidance = context.Guidance,
            Roster = context.RequireRoster(),
            Escalation = escalation,
            RootCause = context.RootCause ?? throw new InvalidOperationException("step 5 has not run"),
            Mitigation = context.Plan ?? throw new InvalidOperationException("step 6 has not run"),
            Outcome = context.Outcome ?? MitigationOutcome.NotExecuted("Not executed."),
            Clock = context.Clock(),
            State = state,
            Review = context.Review ?? new ReviewPlan(false, null, null, TimeSpan.FromMinutes(60), [], []),
            Actions = context.Actions,
            Preserved = context.Preserved,
            FlowWarnings = context.Warnings,
        };
    }
}
