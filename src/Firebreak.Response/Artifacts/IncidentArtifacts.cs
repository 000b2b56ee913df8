using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>One rendered artifact: its path relative to the incident folder (forward slashes) and its text.</summary>
public sealed record RenderedArtifact(string Path, string Content);

/// <summary>Renders the whole ITIL record of an incident from its dossier; pure, no clock, no I/O.</summary>
public static class IncidentArtifacts
{
    /// <summary>The machine-readable state file.</summary>
    public const string IncidentJson = "incident.json";

    /// <summary>The folders the seed's layout asks for, created even when empty.</summary>
    public static IReadOnlyList<string> Folders { get; } = ["logs", "actions", "diagnostics", "communications"];

    /// <summary>Renders every artifact the dossier calls for, Markdown first and incident.json last.</summary>
    public static IReadOnlyList<RenderedArtifact> Render(IncidentDossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var f = new DossierFacts(dossier);
        var list = new List<RenderedArtifact>
        {
            new(IncidentRecordRenderer.Path, IncidentRecordRenderer.Render(f)),
            new(TimelineRenderer.Path, TimelineRenderer.Render(f)),
            new(TriageAssessmentRenderer.Path, TriageAssessmentRenderer.Render(f)),
            new(DiagnosticsRenderer.Tier1Path, DiagnosticsRenderer.RenderTier1(f)),
            new(DiagnosticsRenderer.Tier2Path, DiagnosticsRenderer.RenderTier2(f)),
        };
        if (dossier.Escalation.Tier == Tier.Tier3)
        {
            list.Add(new(DiagnosticsRenderer.Tier3Path, DiagnosticsRenderer.RenderTier3(f)));
        }

        list.Add(new(RootCauseAnalysisRenderer.Path, RootCauseAnalysisRenderer.Render(f)));
        list.Add(new(MitigationReportRenderer.Path, MitigationReportRenderer.Render(f)));
        list.Add(new(CommunicationsRenderer.InitialAlertPath, CommunicationsRenderer.InitialAlert(f)));
        if (dossier.Escalation.ManagementNotified)
        {
            list.Add(new(CommunicationsRenderer.ManagementPath, CommunicationsRenderer.Management(f)));
        }

        if (dossier.Escalation.ExecutiveNotified)
        {
            list.Add(new(CommunicationsRenderer.ExecutivePath, CommunicationsRenderer.Executive(f)));
        }

        list.Add(new(CommunicationsRenderer.StatusPagePath, CommunicationsRenderer.StatusPage(f)));
        list.Add(new(CommunicationsRenderer.DeliveryLogPath, CommunicationsRenderer.DeliveryLog(f)));
        if (f.IsResolved)
        {
            list.Add(new(CommunicationsRenderer.ResolutionPath, CommunicationsRenderer.Resolution(f)));
        }

        list.Add(new(PostIncidentReviewRenderer.Path, PostIncidentReviewRenderer.Render(f)));
        list.Add(new(PreventiveActionsRenderer.Path, PreventiveActionsRenderer.Render(f)));
        list.Add(new(PirMeetingInviteRenderer.Path, PirMeetingInviteRenderer.Render(f)));
        list.Add(new(KnowledgeRenderer.RunbookPath, KnowledgeRenderer.RunbookUpdate(f)));
        list.Add(new(KnowledgeRenderer.KnowledgeBasePath, KnowledgeRenderer.KnowledgeBase(f)));
        list.Add(new(EscalationLogRenderer.Path, EscalationLogRenderer.Render(f)));

        // Renderers redact what they quote; this second pass catches anything quoted through a path they missed
        // (warnings, names, commands), and evidence that reads like an unfilled placeholder.
        list = [.. list.Select(a => a with { Content = PlaceholderGuard.Neutralize(Quoted.Text(a.Content)) })];
        if (PirCalendarRenderer.Render(f) is { } calendar)
        {
            // iCalendar text is not Markdown: the placeholder pass would break its lines; names are redacted on their own.
            list.Add(new(PirCalendarRenderer.Path, Redactor.Redact(calendar)));
        }

        // Firebreak's bookkeeping, apart from the incident's timeline; it lists what this render writes.
        var written = list.Select(a => a.Path).ToList();
        list.Add(new(AuditLogRenderer.Path, PlaceholderGuard.Neutralize(Quoted.Text(AuditLogRenderer.Render(f, written)))));
        var paths = list.Select(a => a.Path).ToList();
        list.Add(new(IncidentJson, Redactor.RedactJson(IncidentJsonRenderer.Render(f, paths))));
        return list;
    }
}
