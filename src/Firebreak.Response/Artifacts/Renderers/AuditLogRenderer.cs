using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>
/// Renders logs/audit-log.md: what Firebreak itself did for the incident (evidence read and preserved, findings stored,
/// actions tracked, analysis versions stored, the artifacts of this render), kept out of the incident's timeline.
/// </summary>
public static class AuditLogRenderer
{
    /// <summary>The artifact's path inside the incident folder.</summary>
    public const string Path = "logs/audit-log.md";

    /// <summary>Renders the audit log; <paramref name="artifacts"/> are the files this render writes besides it.</summary>
    public static string Render(DossierFacts f, IReadOnlyList<string> artifacts)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(artifacts);
        var d = f.D;
        var doc = new MarkdownDoc();
        doc.Heading(1, $"Audit Log: {f.Id}");
        doc.Line($"Firebreak's own bookkeeping for this incident, as of {Md.Time(d.AsOf)}: what it read, preserved, stored and wrote. The incident's events are in {TimelineRenderer.Path}. All times UTC.");

        doc.Heading(2, "Recorded Bookkeeping");
        var rows = d.State.Events.Where(RecordKeeping.IsBookkeeping)
            .OrderBy(e => e.At)
            .Select(e =>
            {
                var (what, notes) = TimelineRenderer.Describe(e);
                return (IReadOnlyList<string>)[Md.Time(e.At), Md.Safe(what), Md.Safe(e.Actor), Md.Safe(Redactor.Redact(notes))];
            })
            .ToList();
        if (rows.Count == 0)
        {
            doc.Line("None recorded.");
        }
        else
        {
            doc.Raw(Md.Table(["Time", "Entry", "Actor", "Notes"], rows));
        }

        doc.Heading(2, "Analysis Versions");
        if (d.AnalysisVersions.Count == 0)
        {
            doc.Line("None stored yet: the analysis is stored in the incident store (.aiwg/incidents/firebreak.db) when respond records it.");
        }
        else
        {
            doc.Raw(Md.Table(["Version", "Recorded", "Why"],
                d.AnalysisVersions.Select(v => (IReadOnlyList<string>)[$"v{v.Version}", Md.Time(v.RecordedAt), Md.Safe(v.Reason)])));
        }

        doc.Heading(2, "Evidence Preserved");
        if (d.Preserved is { } p)
        {
            doc.Line($"{p.Copies.Count} file(s) copied byte-exact and private before mitigation, manifest {Md.Code(p.ManifestPath)}, the originals' hashes in {Md.Code(EvidenceVault.OriginalsName)}; redacted shareable copies in `logs/` ({Md.Code(EvidenceVault.LabelName)}).");
            doc.Blank();
            doc.Raw(Md.Table(["Original", "Private copy", "SHA-256", "Redacted copy"],
                p.Copies.Select(c => (IReadOnlyList<string>)[Md.Code(c.Source), Md.Code(c.Path), Md.Code(c.Sha256[..Math.Min(16, c.Sha256.Length)]) + "…", Md.Code(c.RedactedPath)])));
        }
        else
        {
            doc.Line("None: nothing called for preserving evidence (no security incident, data loss or forensics guidance).");
        }

        doc.Heading(2, "Artifacts Written");
        doc.Line($"This render ({Md.Time(d.AsOf)}) produced these files; a file edited by hand is kept and the new version is written beside it.");
        doc.Bullets([.. artifacts.Append(Path).Append(IncidentArtifacts.IncidentJson).Distinct(StringComparer.Ordinal).Select(Md.Code)], "none");
        return doc.ToString();
    }
}
