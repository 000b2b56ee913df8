namespace Firebreak.Response;

/// <summary>Sections several artifacts share: guidance effects, flow warnings and the glossary of comprehensive documentation.</summary>
public static class ArtifactSections
{
    /// <summary>What the reporter's guidance changed, when any was given.</summary>
    public static void Guidance(MarkdownDoc doc, IncidentDossier dossier)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(dossier);
        var guidance = dossier.Guidance;
        if (string.IsNullOrWhiteSpace(guidance.Text) && guidance.Effects.Count == 0)
        {
            return;
        }

        doc.Heading(2, "Guidance Applied");
        if (!string.IsNullOrWhiteSpace(guidance.Text))
        {
            doc.Field("Guidance", "\"" + Md.Quote(guidance.Text) + "\"");
        }

        doc.Bullets(guidance.Effects.Select(Md.Safe), "the guidance matched no known keyword, so it changed nothing");
        if (guidance.Effects.Count > 0 && GuidanceEcho.Of(guidance) is { Unrecognised.Count: > 0 } echo)
        {
            doc.Blank();
            doc.Line($"Changed nothing (no keyword Firebreak acts on): {string.Join(", ", echo.Unrecognised.Select(u => "\"" + Md.Quote(u) + "\""))}.");
        }
    }

    /// <summary>Warnings raised by the flow and sources that were missing or unreadable.</summary>
    public static void Warnings(MarkdownDoc doc, IncidentDossier dossier)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(dossier);
        var flow = dossier.FlowWarnings;
        var sources = dossier.Evidence.Warnings;
        doc.Heading(2, "Warnings");
        if (flow.Count == 0 && sources.Count == 0)
        {
            doc.Line("None: every step of the flow ran and every configured source was read.");
            return;
        }

        foreach (var warning in flow)
        {
            doc.Bullet("⚠️ " + Md.Safe(warning));
        }

        foreach (var warning in sources)
        {
            doc.Bullet($"⚠️ {Md.Code(warning.Source)}: {Md.Safe(warning.Message)}");
        }
    }

    /// <summary>A glossary, written only when comprehensive documentation was asked for.</summary>
    public static void Glossary(MarkdownDoc doc, IncidentDossier dossier)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(dossier);
        if (!dossier.Guidance.ComprehensiveDocumentation)
        {
            return;
        }

        doc.Heading(2, "Glossary");
        doc.Line("Added because the guidance asked for comprehensive documentation.");
        doc.Blank();
        doc.Raw(Md.Table(["Term", "Meaning"],
        [
            ["Impact", "How much of the user base and business is affected: HIGH, MEDIUM or LOW."],
            ["Urgency", "How quickly the incident must be resolved: HIGH, MEDIUM or LOW."],
            ["Priority (P0-P3)", "Impact × Urgency from the priority matrix; P0 is the most severe."],
            ["Tier 1 / 2 / 3", "Functional escalation: on-call engineer with runbooks, then the component owner, then architecture."],
            ["Incident Commander", "Coordinates the response and owns decisions and communication cadence."],
            ["Onset", "The first moment a metric or log pattern left its baseline."],
            ["Error budget", "The failures an SLO allows over its window, e.g. 0.1% of requests for 99.9% availability over 30 days."],
            ["MTTD / MTTA / MTTR", "Mean time to detect, acknowledge and resolve."],
            ["5 Whys", "Asking why repeatedly, each answer backed by evidence, until the cause that can be fixed is reached."],
            ["Fishbone (Ishikawa)", "Contributing factors grouped by People, Process, Technology and Environment."],
            ["PIR", "Post-incident review: a blameless retrospective about systems, not people."],
        ]));
    }
}
