using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>Renders logs/escalation-log.md: who was engaged or notified, when and why.</summary>
public static class EscalationLogRenderer
{
    /// <summary>The artifact's path inside the incident folder.</summary>
    public const string Path = "logs/escalation-log.md";

    /// <summary>Renders the log.</summary>
    public static string Render(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var d = f.D;
        var doc = new MarkdownDoc();
        doc.Heading(1, $"Escalation Log: {f.Id}");
        doc.Field("Functional tier reached", TierText.Of(d.Escalation.Tier))
            .Field("Management notice", d.Escalation.ManagementNotified ? NoticeText(f, Audiences.Management) : "not required")
            .Field("Executive notice", d.Escalation.ExecutiveNotified ? NoticeText(f, Audiences.Executive) : "not required");

        var rows = d.State.Events.Select(Row).OfType<IReadOnlyList<string>>().ToList();
        doc.Heading(2, "Who, When, Why");
        if (rows.Count == 0)
        {
            doc.Line("No escalation or notification was recorded in the incident's event log.");
        }
        else
        {
            doc.Raw(Md.Table(["Time", "What", "Who", "Why"], rows.Select(r => (IReadOnlyList<string>)[.. r.Select(Redactor.Redact)])));
        }

        doc.Heading(2, "Roles");
        if (d.Roster.Assignments.Count == 0)
        {
            doc.Line(Md.Unknown("nobody was assigned; add people: and components[].owner to firebreak.yaml"));
        }
        else
        {
            doc.Raw(Md.Table(["Role", "Person", "Why"], d.Roster.Assignments.Select(a => (IReadOnlyList<string>)
            [a.Role, a.Person ?? Md.Unknown("nobody configured in firebreak.yaml people:"), a.Reason])));
        }

        if (d.Roster.Blocks.Count > 0)
        {
            doc.Heading(2, "Blocked Escalations");
            doc.Raw(Md.Table(["Role", "Unavailable", "Backup", "Why"], d.Roster.Blocks.Select(b => (IReadOnlyList<string>)
                [b.Role, b.Unavailable, b.Backup ?? "none configured", b.Reason])));
        }

        doc.Heading(2, "Decisions");
        doc.Bullet($"Tier: {Md.Safe(d.Escalation.TierReasons.Count > 0 ? string.Join("; ", d.Escalation.TierReasons) : "no escalation beyond Tier 1")}");
        doc.Bullet($"Management: {Md.Safe(d.Escalation.ManagementReason)}");
        doc.Bullet($"Executive: {Md.Safe(d.Escalation.ExecutiveReason)}");
        doc.Heading(2, "Notices");
        doc.Bullets(f.Notifications.Select(n => $"{n.Audience} ({Md.Safe(n.Recipients)}): {f.StateText(n)}; due {(n.DueAt is { } due ? Md.Time(due) : "when decided")}"), "none decided");
        return doc.ToString();
    }

    private static IReadOnlyList<string>? Row(IncidentEvent e) => e switch
    {
        RoleAssigned r => [Md.Time(r.At), $"{r.Role} assigned", r.Person, r.Reason],
        EscalationBlocked b => [Md.Time(b.At), $"{b.Role}: {b.Unavailable} unavailable", b.Backup ?? "no backup", b.Reason],
        Escalated x => [Md.Time(x.At), "Escalated to " + TierText.Of(x.Tier), x.Actor, x.Reason],
        Notified n => [Md.Time(n.At), $"{n.Audience} notice decided (not sent: no delivery channel)", n.Recipients, n.Reason],
        MajorIncidentDeclared m => [Md.Time(m.At), "Major incident declared", m.Coordinator, $"open incidents: {string.Join(", ", m.OpenIncidents)}"],
        ChangeFreezeDeclared c => [Md.Time(c.At), "Change freeze declared", c.Actor, c.Reason],
        SlaBreached s => [Md.Time(s.At), $"SLA breached: {s.Sla}", s.Actor, $"target {Md.Duration(s.Target)}, elapsed {Md.Duration(s.Elapsed)}"],
        _ => null,
    };

    private static string NoticeText(DossierFacts f, string audience) =>
        f.Notice(audience) is { } n ? $"required by the policy; {f.StateText(n)}" : "required by the policy; not recorded";
}
