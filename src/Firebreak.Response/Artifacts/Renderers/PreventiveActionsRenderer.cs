namespace Firebreak.Response;

/// <summary>Renders preventive-actions.md: immediate, short-term and long-term actions, with commands to open tracking tickets.</summary>
public static class PreventiveActionsRenderer
{
    /// <summary>The artifact's path inside the incident folder.</summary>
    public const string Path = "preventive-actions.md";

    private static readonly (string Key, string Title)[] Horizons =
    [
        ("immediate", "Immediate Actions (Complete within 1 week)"),
        ("short", "Short-Term Actions (Complete within 1 month)"),
        ("long", "Long-Term Actions (Complete within 3 months)"),
    ];

    /// <summary>Renders the actions.</summary>
    public static string Render(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var doc = new MarkdownDoc();
        doc.Heading(1, $"Preventive Actions: {f.Id}");
        doc.Line($"{f.D.Actions.Count} action(s) derived from this incident's evidence. Owners are the people configured in firebreak.yaml (\"unassigned\" where nobody is); priority and due date follow the policy's horizons. Each action is open: none has been done.");
        Tables(doc, f, 2);

        doc.Heading(2, "Tracked Tickets");
        doc.Line("Create one ticket per action (GitHub Issues shown; adapt for your tracker):");
        var commands = f.D.Actions.Select(a =>
            $"gh issue create --title {Shell($"[PIR-{f.Id}] {a.Action}")} --label incident-followup --body {Shell($"{a.Horizon} {TypeName(a.Type)} action from {f.Id}, priority {PriorityName(a.Priority)}, owner {a.Owner}, due {Md.Date(a.Due)}. Why: {a.Why}")}").ToList();
        if (commands.Count == 0)
        {
            doc.Line("No action to track.");
        }
        else
        {
            doc.Fence("sh", commands.Select(c => Evidence.Redactor.Redact(c)));
            doc.Blank();
            doc.Line("Jira equivalent: `jira create --project ACT --type Task --summary \"[PIR-" + f.Id + "] <action>\" --assignee <owner>`.");
        }

        return doc.ToString();
    }

    /// <summary>Writes the three horizon tables (shared with the post-incident review).</summary>
    public static void Tables(MarkdownDoc doc, DossierFacts f, int level)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(f);
        var actions = f.D.Actions;
        var placed = new HashSet<PreventiveAction>();
        foreach (var (key, title) in Horizons)
        {
            var inHorizon = actions.Where(a => a.Horizon.Trim().StartsWith(key, StringComparison.OrdinalIgnoreCase)).ToList();
            placed.UnionWith(inHorizon);
            doc.Heading(level, title);
            if (inHorizon.Count == 0)
            {
                doc.Line("None for this horizon.");
                continue;
            }

            doc.Raw(Md.Table(["Action", "Type", "Priority", "Owner", "Due Date", "Status", "Why"],
                inHorizon.Select(a => (IReadOnlyList<string>)[Evidence.Redactor.Redact(a.Action), TypeName(a.Type), PriorityName(a.Priority), a.Owner, Md.Date(a.Due), a.Status, Evidence.Redactor.Redact(a.Why)])));
        }

        var other = actions.Where(a => !placed.Contains(a)).ToList();
        if (other.Count > 0)
        {
            doc.Heading(level, "Other Actions");
            doc.Raw(Md.Table(["Horizon", "Action", "Owner", "Due Date", "Status", "Why"],
                other.Select(a => (IReadOnlyList<string>)[a.Horizon, Evidence.Redactor.Redact(a.Action), a.Owner, Md.Date(a.Due), a.Status, Evidence.Redactor.Redact(a.Why)])));
        }
    }

    /// <summary>"prevent", "detect", "mitigate" or "process".</summary>
    public static string TypeName(PreventiveType type) => type.ToString().ToLowerInvariant();

    /// <summary>"high", "medium" or "low".</summary>
    public static string PriorityName(ActionPriority priority) => priority.ToString().ToLowerInvariant();

    /// <summary>Quotes text for a POSIX shell: single quotes, with embedded single quotes escaped.</summary>
    public static string Shell(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var oneLine = text.Replace('\n', ' ').Replace('\r', ' ');
        return "'" + oneLine.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
