using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>
/// The security-architect: on a breach or data loss, preserves the evidence before any mitigation,
/// contains the affected systems and notifies legal and executives immediately.
/// </summary>
public static class SecurityArchitect
{
    private const string Me = Agents.SecurityArchitect;

    /// <summary>True when the incident takes the security path.</summary>
    public static bool Applies(Diagnosis diagnosis, GuidanceProfile guidance)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        ArgumentNullException.ThrowIfNull(guidance);
        return diagnosis.Category is IncidentCategory.Security or IncidentCategory.DataIntegrity
            || diagnosis.Facts.SecurityBreach || diagnosis.Facts.DataLoss
            || diagnosis.Leading?.Cause is CauseKind.Security or CauseKind.DataIntegrity
            || guidance.Security || guidance.DataLoss || guidance.PreserveForensics;
    }

    /// <summary>True when the evidence (not the guidance) shows a breach or data loss: the full security path with legal and executive notices.</summary>
    public static bool EvidenceShows(Diagnosis diagnosis)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        return diagnosis.Category is IncidentCategory.Security or IncidentCategory.DataIntegrity
            || diagnosis.Facts.SecurityBreach || diagnosis.Facts.DataLoss
            || (diagnosis.Leading?.Cause is CauseKind.Security or CauseKind.DataIntegrity);
    }

    /// <summary>What guidance alone brings (security lead, preserved evidence, a security review), for a run where the evidence shows no breach.</summary>
    public static IReadOnlyList<IncidentEvent> Review(PreservedEvidence preserved, GuidanceProfile guidance, ServiceProfile profile, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(preserved);
        ArgumentNullException.ThrowIfNull(guidance);
        ArgumentNullException.ThrowIfNull(profile);
        var people = profile.People;
        var events = new List<IncidentEvent>
        {
            new EvidencePreserved(asOf, Me, preserved.ManifestPath, preserved.Files.Count),
            new NoteRecorded(asOf, Me, $"Security review requested by the guidance (\"{Md.Clip(guidance.Text, 80)}\"): evidence preserved ({preserved.Files.Count} files, manifest {preserved.ManifestPath}); the evidence shows no breach, so the category, impact and notices are unchanged", preserved.ManifestPath),
        };
        if (people.Security.FirstOrDefault(people.IsAvailable) is { } lead)
        {
            events.Add(new RoleAssigned(asOf, Me, Roles.SecurityLead, lead, "security review requested by the guidance"));
        }

        return events;
    }

    /// <summary>The evidence files to preserve (relative to the project): logs, alerts, metrics and the deploy records.</summary>
    public static IReadOnlyList<string> EvidenceFiles(EvidenceBundle evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var files = new List<string>();
        files.AddRange(evidence.Logs.Files);
        files.AddRange(evidence.Alerts.Select(a => a.Source.File));
        files.AddRange(evidence.Metrics.Select(m => m.Series.Source.File));
        files.AddRange(evidence.Changes.Where(c => c.Kind != ChangeKind.Commit).Select(c => c.Source.File));
        files.Add(evidence.Config.Sources.Deployments);
        return files
            .Where(f => !string.IsNullOrWhiteSpace(f) && !f.StartsWith("git", StringComparison.Ordinal))
            .Select(f => f.Replace('\\', '/'))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Records the preserved evidence, containment, and the immediate legal and executive notices.</summary>
    public static IReadOnlyList<IncidentEvent> Respond(PreservedEvidence preserved, Diagnosis diagnosis, ServiceProfile profile, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(preserved);
        ArgumentNullException.ThrowIfNull(diagnosis);
        ArgumentNullException.ThrowIfNull(profile);
        var people = profile.People;
        var affected = diagnosis.AffectedComponents.Count > 0 ? string.Join(", ", diagnosis.AffectedComponents) : "the affected systems (unknown: no component identified)";
        var events = new List<IncidentEvent>
        {
            new EvidencePreserved(asOf, Me, preserved.ManifestPath, preserved.Files.Count),
            new NoteRecorded(asOf, Me, $"Containment: isolate {affected}; forensic analysis required before system restoration", preserved.ManifestPath),
        };
        if (people.Security.FirstOrDefault(people.IsAvailable) is { } lead)
        {
            events.Add(new RoleAssigned(asOf, Me, Roles.SecurityLead, lead, "security incident or data loss"));
        }

        events.Add(new Notified(asOf, Me, Audiences.Legal, Say.Names(people.Legal.Count > 0 ? people.Legal : ["General Counsel (people.legal is not configured)"]), "security incident or data loss: legal and compliance notice due immediately"));
        events.Add(new Notified(asOf, Me, Audiences.Executive, Say.Names(people.Executives.Count > 0 ? people.Executives : ["unknown (people.executives is not configured)"]), "security incident or data loss: executive notification immediate"));
        return events;
    }
}
