using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>Renders incident-record.md: detection, initial description, classification and the assigned team.</summary>
public static class IncidentRecordRenderer
{
    /// <summary>The artifact's path inside the incident folder.</summary>
    public const string Path = "incident-record.md";

    /// <summary>Renders the record.</summary>
    public static string Render(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var d = f.D;
        var doc = new MarkdownDoc();
        doc.Heading(1, $"Incident Record: {f.Id}");
        doc.Field("Incident ID", f.Id)
            .Field("Detection Time", Md.TimeWithSeconds(d.DetectedAt))
            .Field("Reporter", Md.Quote(d.Reporter))
            .Field("Detection Method", Md.Quote(d.DetectionMethod))
            .Field("Status", f.StatusName)
            .Field("Record as of", Md.TimeWithSeconds(d.AsOf));

        doc.Heading(2, "Initial Description");
        doc.Line(Md.Quote(d.ReportedSymptoms));
        doc.Blank();
        doc.Field("User Impact", f.UserImpact)
            .Field("Affected Systems", Md.Safe(f.ComponentList))
            .Field("Affected User Count", f.AffectedUsers);
        if (d.Diagnosis.OriginComponent is { } origin)
        {
            doc.Field("Origin Component", Md.Safe(origin));
        }

        if (d.Diagnosis.CollateralComponents.Count > 0)
        {
            doc.Field("Collateral Components", Md.Safe(string.Join(", ", d.Diagnosis.CollateralComponents)) + " (failing because a dependency failed first)");
        }

        if (f.Onset is { } onset)
        {
            doc.Field("Impact Onset", Md.TimeWithSeconds(onset));
        }

        doc.Heading(2, "Initial Classification");
        doc.Field("Severity (reported)", d.Triage.ReportedPriority is { } reported ? reported.ToString() : "none given by the reporter")
            .Field("Severity (triaged)", $"{f.PriorityName} (Impact {WireNames.Of(d.Triage.Impact.Level)} × Urgency {WireNames.Of(d.Triage.Urgency.Level)})")
            .Field("Severity verdict", Md.Safe(d.Triage.Verdict))
            .Field("Category", f.CategoryName);

        doc.Heading(2, "Assigned Team");
        doc.Field("Incident Commander", Md.Safe(f.IncidentCommander))
            .Field("On-Call Engineer", Md.Safe(f.OnCall))
            .Field("Technical Lead", Md.Safe(f.TechnicalLead))
            .Field("Communications Lead", Md.Safe(f.CommunicationsLead))
            .Field("Status", f.StatusName);

        var others = d.Roster.Assignments
            .Where(a => a.Role is not (Roles.IncidentCommander or Roles.Tier1OnCall or Roles.TechnicalLead or Roles.CommunicationsLead))
            .ToList();
        if (others.Count > 0 || d.Roster.Blocks.Count > 0)
        {
            doc.Heading(3, "Other Roles");
            doc.Raw(Md.Table(["Role", "Person", "Why"], others.Select(a => (IReadOnlyList<string>)
                [a.Role, a.Person ?? Md.Unknown("nobody configured in firebreak.yaml people:"), a.Reason])));
            doc.Blank();
            foreach (var block in d.Roster.Blocks)
            {
                doc.Bullet($"⚠️ {Md.Safe(block.Role)}: {Md.Safe(block.Unavailable)} unavailable; backup {Md.Safe(block.Backup ?? "none configured")} ({Md.Safe(block.Reason)})");
            }
        }

        doc.Heading(2, "Escalation");
        doc.Field("Functional tier reached", TierText.Of(d.Escalation.Tier))
            .Field("Management notice", d.Escalation.ManagementNotified ? $"required ({Md.Safe(d.Escalation.ManagementReason)}); {(f.Notice(Audiences.Management) is { } m ? f.StateText(m) : "not recorded")}" : $"not required ({Md.Safe(d.Escalation.ManagementReason)})")
            .Field("Executive notice", d.Escalation.ExecutiveNotified ? $"required ({Md.Safe(d.Escalation.ExecutiveReason)}); {(f.Notice(Audiences.Executive) is { } e ? f.StateText(e) : "not recorded")}" : $"not required ({Md.Safe(d.Escalation.ExecutiveReason)})");
        if (d.Escalation.SecurityEngaged)
        {
            doc.Field("Security team", "engaged");
        }

        if (d.Escalation.LegalNotified)
        {
            doc.Field("Legal and compliance", "notice decided, not sent (no delivery channel)" + (d.Config.Profile.People.Legal.Count == 0 ? "; nobody configured under people.legal" : string.Empty));
        }

        if (d.Escalation.MajorIncidentCoordinator is { } coordinator)
        {
            doc.Field("Major incident", $"declared; coordinator {Md.Safe(coordinator)}; other open incidents: {Md.Safe(string.Join(", ", d.Escalation.OtherOpenIncidents))}");
        }

        if (d.Preserved is { } preserved)
        {
            doc.Heading(2, "Preserved Evidence");
            doc.Line($"{preserved.Files.Count} file(s) copied before mitigation; SHA-256 manifest: {Md.Code(preserved.ManifestPath)}.");
        }

        ArtifactSections.Guidance(doc, d);
        ArtifactSections.Warnings(doc, d);
        ArtifactSections.Glossary(doc, d);
        return doc.ToString();
    }
}
