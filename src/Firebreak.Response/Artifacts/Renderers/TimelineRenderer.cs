using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>Renders timeline.md: the recorded events merged with evidence milestones, as a table and a Mermaid gantt chart.</summary>
public static class TimelineRenderer
{
    /// <summary>The artifact's path inside the incident folder.</summary>
    public const string Path = "timeline.md";

    private static readonly string[] KeyEvents =
    [
        "Incident detected", "Triage complete", "Escalated", "management notice decided", "executive notice decided", "legal notice decided",
        "Mitigation", "Acknowledged", "Major incident", "Change freeze", "⚠️ SLA breached", "Incident RESOLVED", "Incident CLOSED",
    ];

    private sealed record Row(DateTimeOffset At, string Section, string Event, string Actor, string Notes);

    /// <summary>Renders the timeline.</summary>
    public static string Render(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var doc = new MarkdownDoc();
        doc.Heading(1, $"Incident Timeline: {f.Id}");
        doc.Line($"All times UTC. Evidence milestones cite their source; response events come from the incident's event log (as of {Md.Time(f.D.AsOf)}). Firebreak's own bookkeeping (evidence read and preserved, findings stored, analysis versions, artifacts written) is in {AuditLogRenderer.Path}.");
        Body(doc, f);
        return doc.ToString();
    }

    /// <summary>Writes the table and the diagram into <paramref name="doc"/> (shared with the post-incident review).</summary>
    public static void Body(MarkdownDoc doc, DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(f);
        var rows = Rows(f);
        doc.Blank();
        doc.Raw(Md.Table(["Time", "Event", "Actor", "Notes"],
            rows.Select(r => (IReadOnlyList<string>)[Md.Time(r.At), r.Event, r.Actor, r.Notes])));

        var duration = f.EndOrNow - f.ImpactStart;
        doc.Blank();
        doc.Field("Impact start", Md.Time(f.ImpactStart) + (f.Onset is null ? " (detection; the onset is unknown without metrics or logs)" : " (onset)"))
            .Field(f.IsResolved ? "Resolved" : "Still open as of", Md.Time(f.EndOrNow))
            .Field(f.IsResolved ? "Duration" : "Duration so far", Md.Duration(duration) + (f.IsResolved ? string.Empty : " (incident not resolved)"));

        doc.Fence("mermaid", Gantt(f, rows));
    }

    private static List<Row> Rows(DossierFacts f)
    {
        var rows = new List<Row>();
        foreach (var milestone in f.Milestones())
        {
            rows.Add(new Row(milestone.At, milestone.Section, milestone.Event, milestone.Actor,
                $"{milestone.Notes} {Md.Cite(milestone.Source)}"));
        }

        // Firebreak's bookkeeping (evidence read and preserved, findings stored, actions tracked) is in the audit log.
        foreach (var e in f.D.State.Events.Where(e => !RecordKeeping.IsBookkeeping(e)))
        {
            var (what, notes) = Describe(e);
            rows.Add(new Row(e.At, "Response", what, e.Actor, Redactor.Redact(notes)));
        }

        if (!f.D.State.Events.OfType<IncidentDetected>().Any())
        {
            rows.Add(new Row(f.D.DetectedAt, "Response", "Incident detected", f.D.Reporter, Md.Clip(Redactor.Redact(f.D.ReportedSymptoms), 160)));
        }

        return [.. rows.OrderBy(r => r.At).ThenBy(r => r.Section == "Response" ? 1 : 0)];
    }

    /// <summary>An event's row text and notes (shared with the audit log).</summary>
    internal static (string Event, string Notes) Describe(IncidentEvent e) => e switch
    {
        IncidentDetected d => ("Incident detected", $"{d.Summary} (via {d.DetectionMethod}; reported {d.ReportedPriority?.ToString() ?? "no severity"}; source {d.Source})"),
        IncidentClassified c => ($"Triage complete, severity {c.Priority} assigned", $"Impact: {WireNames.Of(c.Impact)}, Urgency: {WireNames.Of(c.Urgency)}, Category: {WireNames.Of(c.Category)}. {c.Reason}"),
        StatusChanged s => ($"Status {WireNames.Of(s.From)} → {WireNames.Of(s.To)}", s.Reason),
        RoleAssigned r => ($"{r.Role} assigned: {r.Person}", r.Reason),
        EscalationBlocked b => ($"Escalation blocked: {b.Role} {b.Unavailable} unavailable", $"backup: {b.Backup ?? "none"}; {b.Reason}"),
        Escalated x => ("Escalated to " + TierText.Of(x.Tier), x.Reason),
        Notified n => ($"{n.Audience} notice decided and drafted (not sent)", $"{n.Recipients}: {n.Reason}"),
        EvidenceCollected c => ($"Evidence collected: {c.Source}", c.Summary),
        EvidencePreserved p => ("Evidence preserved before mitigation", $"{p.FileCount} file(s), manifest {p.Manifest}"),
        HypothesisRecorded h => ($"Hypothesis recorded ({WireNames.Of(h.Confidence)})", h.Statement + (h.ChangeRef is null ? string.Empty : $" [change {IncidentFacts.ShortRef(h.ChangeRef)}]")),
        MitigationChosen m => ($"Mitigation chosen: {WireNames.Of(m.Strategy)}", m.Rationale),
        MitigationDecided m => ($"Mitigation decided by {m.Actor}: {WireNames.Of(m.Strategy)} (decided, not carried out by this entry)", m.Detail ?? "no detail given"),
        MitigationExecuted m => ($"Mitigation executed: {WireNames.Of(m.Strategy)}", $"exit code {m.ExitCode} ({(m.Succeeded ? "succeeded" : "failed")}); output {m.OutputFile}"),
        MitigationValidated v => ($"Mitigation validated: {WireNames.Of(v.Verdict)}", v.Summary),
        MajorIncidentDeclared m => ("Major incident declared", $"coordinator {m.Coordinator}; open incidents {string.Join(", ", m.OpenIncidents)}"),
        ChangeFreezeDeclared c => ("Change freeze declared", c.Reason),
        SlaBreached s => ($"⚠️ SLA breached: {s.Sla}", $"target {Md.Duration(s.Target)}, elapsed {Md.Duration(s.Elapsed)}"),
        IncidentResolved r => ("Incident RESOLVED", r.Summary),
        ReviewScheduled r => ("Post-incident review scheduled", $"{Md.Time(r.MeetingAt)}, facilitator {r.Facilitator}"),
        ActionAdded a => ($"Preventive action added ({a.Horizon})", $"{a.Action} (owner {a.Owner}, due {Md.Date(a.Due)})"),
        IncidentClosed c => ("Incident CLOSED", c.Reason),
        NoteRecorded n => ("Note", n.Text + (n.Source is null ? string.Empty : $" [{n.Source}]")),
        ImpactStarted i => ("Impact start recorded", i.Basis),
        CauseRecorded c => ($"Cause recorded ({c.Kind})", $"{c.Statement} (component {c.Component ?? "unknown"})"),
        IncidentAcknowledged a => ($"Acknowledged by {a.By}", $"recorded from {a.Source}"),
        MitigationStarted m => ($"Mitigation command started: {WireNames.Of(m.Strategy)}", $"intent recorded before the command ran ({m.Binary ?? "binary not resolved"})"),
        UpdatePosted u => ($"{u.Audience} update recorded by {u.Actor}", Md.Clip(u.Text, 160)),
        WorkingStatusSet w => ($"Working status set to {w.State} by {w.Actor}", "a person's report of the working state"),
        ReviewHeld r => ("Post-incident review held", $"{Md.Time(r.HeldAt)}; attendees {string.Join(", ", r.Attendees)}"),
        ActionCompleted a => ($"Preventive action {a.ActionId} done", $"reported by {a.Actor}"),
        RecurrenceLinked r => ($"Recurrence of {r.EarlierIncident}", $"same component {r.Component} and cause kind {r.Kind}; key-term similarity {r.Similarity:0.00} (shared: {string.Join(", ", r.SharedTerms)})"),
        _ => (e.GetType().Name, string.Empty),
    };

    private static IEnumerable<string> Gantt(DossierFacts f, List<Row> rows)
    {
        yield return "gantt";
        yield return $"    title {Md.Mermaid(f.Id)} timeline (UTC)";
        yield return "    dateFormat YYYY-MM-DD HH:mm";
        yield return "    axisFormat %H:%M";
        var n = 0;
        foreach (var section in new[] { "Changes", "Symptoms", "Response" })
        {
            var inSection = rows.Where(r => r.Section == section).ToList();
            if (section == "Response")
            {
                // Keep the chart legible: the milestones of the flow, not every role assignment or evidence read.
                inSection = [.. inSection.Where(r => KeyEvents.Any(k => r.Event.StartsWith(k, StringComparison.Ordinal))).Take(12)];
            }
            else
            {
                inSection = [.. inSection.Take(12)];
            }

            if (inSection.Count == 0)
            {
                continue;
            }

            yield return $"    section {section}";
            foreach (var row in inSection)
            {
                n++;
                var at = GanttTime(row.At);
                var label = Md.Mermaid(row.Event.Replace(',', ' '), 50);
                yield return $"    {(label.Length == 0 ? "event" : label)} :milestone, m{n}, {at}, 0m";
            }
        }

        if (f.Onset is not null || f.IsResolved)
        {
            var from = GanttTime(f.ImpactStart);
            var minutes = Math.Max(1, (long)Math.Ceiling((f.EndOrNow - f.ImpactStart).TotalMinutes));
            yield return "    section Impact";
            yield return $"    {(f.IsResolved ? "User impact" : "User impact so far")} :crit, impact, {from}, {minutes}m";
        }
    }

    /// <summary>A time in the Mermaid gantt's dateFormat (UTC, no zone suffix).</summary>
    private static string GanttTime(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
