using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>Renders the learning artifacts: runbook-update-recommendation.md and knowledge-base-article.md.</summary>
public static class KnowledgeRenderer
{
    public const string RunbookPath = "runbook-update-recommendation.md";
    public const string KnowledgeBasePath = "knowledge-base-article.md";

    /// <summary>The scenario's name, e.g. "checkout-api errors after a deploy".</summary>
    public static string Scenario(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var cause = f.Leading switch
        {
            { Cause: CauseKind.Change, Change: { } c } => $" after a {WireNames.Of(c.Kind)}",
            { Cause: CauseKind.Capacity } => " under a capacity shortage",
            { Cause: CauseKind.Dependency } => " from a failing dependency",
            { Cause: CauseKind.Security } => " (security)",
            { Cause: CauseKind.DataIntegrity } => " (data integrity)",
            _ => string.Empty,
        };
        return f.Title + cause;
    }

    /// <summary>The runbook update recommendation.</summary>
    public static string RunbookUpdate(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var d = f.D;
        var doc = new MarkdownDoc();
        doc.Heading(1, $"Runbook Update: {Md.Safe(Scenario(f))}");
        doc.Field("Scenario", $"{f.CategoryName}: {Md.Safe(Scenario(f))} (from {f.Id})");
        doc.Field("Existing runbook", d.Diagnosis.Runbooks.Count > 0
            ? $"{Md.Safe(d.Diagnosis.Runbooks[0].Runbook.Title)} {Md.Cite(new SourceRef(d.Diagnosis.Runbooks[0].Runbook.Path))}: add the steps below"
            : "none matched: create deployment/runbook-" + Slug(Scenario(f)) + ".md from this recommendation");

        doc.Heading(2, "Symptoms");
        doc.Bullets(d.Diagnosis.Symptoms.Take(5).Select(Md.Cited), Md.Unknown("no symptom evidence was recorded"));
        doc.Bullet($"User impact: {f.Effect}");

        doc.Heading(2, "Diagnosis");
        doc.Line("Commands and checks to identify this issue:");
        doc.Fence("sh", DiagnosisCommands(f));

        doc.Heading(2, "Mitigation");
        var immediate = d.Mitigation.Steps.Count > 0 ? string.Join("; ", d.Mitigation.Steps.Take(3).Select(Md.Quote)) : f.StrategyWords;
        var shortTerm = ActionFor(d, "short") ?? ActionFor(d, "immediate") ?? Md.Unknown("no short-term fix derived; see root-cause-analysis.md");
        var longTerm = ActionFor(d, "long") ?? Md.Unknown("no long-term fix derived; see preventive-actions.md");
        doc.Numbered([$"Immediate: {f.StrategyWords}: {immediate}", $"Short-term: {shortTerm}", $"Long-term: {longTerm}"], "none");

        doc.Heading(2, "Escalation");
        var timer = d.Config.Policy.Tier1Timeout.TryGetValue(f.Priority, out var t) ? Md.Minutes(t) : "30 min";
        doc.Line($"If unresolved after {timer}, escalate to Tier 2: the component owner ({Md.Safe(f.Person(Roles.Tier2ComponentOwner, "components[].owner"))}). "
            + $"If still unresolved after {(d.Config.Policy.Tier2Timeout.TryGetValue(f.Priority, out var t2) ? Md.Minutes(t2) : "1 h")} more, or an architectural or vendor issue is suspected, escalate to Tier 3 ({Md.Safe(f.Person(Roles.Tier3Architect, "architects"))}).");

        doc.Heading(2, "Prevention");
        var prevention = new List<string>();
        foreach (var m in f.Metrics.Where(m => m.Anomalous).Take(4))
        {
            prevention.Add($"Alert on {Md.Safe(m.Series.Name)} leaving its baseline ({IncidentFacts.Value(m, m.Baseline)}) for 2 minutes {Md.Cite(m.Series.Source)}");
        }

        if (f.DetectionDelay is { } delay && delay > TimeSpan.FromMinutes(2))
        {
            prevention.Add($"Tighten alerting: detection took {Md.Minutes(delay)} after onset");
        }

        if (f.Leading?.Cause == CauseKind.Change)
        {
            prevention.Add("Gate rollouts on error rate and latency (canary or staged rollout with automatic rollback)");
        }

        doc.Bullets(prevention, "Add alerts on the service's error rate and latency against its SLO");
        return doc.ToString();
    }

    /// <summary>The knowledge base article.</summary>
    public static string KnowledgeBase(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var d = f.D;
        var doc = new MarkdownDoc();
        doc.Heading(1, $"Knowledge Base Article: {f.Id}");
        doc.Field("Title", $"How to Troubleshoot {Md.Safe(Scenario(f))}");
        doc.Field("Keywords", Md.Safe(string.Join(", ", Keywords(f))));
        doc.Field("Problem", $"Users of {Md.Safe(f.Service)} see {f.Effect}.");
        doc.Field("Root Cause", f.RootCauseSentence);
        doc.Field("Resolution Steps", $"see [runbook-update-recommendation.md](runbook-update-recommendation.md); in this incident: {f.StrategyWords}" + (d.Mitigation.Steps.Count > 0 ? $" ({Md.Quote(d.Mitigation.Steps[0])})" : string.Empty));
        doc.Field("Prevention", "see [preventive-actions.md](preventive-actions.md)" + (d.Actions.Count > 0 ? $"; first: {Md.Quote(d.Actions[0].Action)}" : string.Empty));
        var related = d.RelatedIncidents;
        doc.Field("Related Incidents", related.Count > 0 ? Md.Safe(string.Join(", ", related)) : "none recorded");
        return doc.ToString();
    }

    private static IEnumerable<string> Keywords(DossierFacts f)
    {
        var words = new List<string> { f.CategoryName, f.Service };
        words.AddRange(f.Components);
        if (f.Leading is { } lead)
        {
            words.Add(lead.Cause.ToString().ToLowerInvariant());
            if (lead.Change is { } c)
            {
                words.Add(WireNames.Of(c.Kind));
            }
        }

        words.AddRange(f.D.Evidence.Logs.Templates.Where(t => t.IsNew && t.Stack is not null).Take(2).Select(t => t.Stack!.ExceptionType));
        words.AddRange(f.D.Evidence.Alerts.Select(a => a.Name).Take(3));
        words.Add(f.StrategyName);
        return words.Where(w => !string.IsNullOrWhiteSpace(w)).Distinct(StringComparer.OrdinalIgnoreCase);
    }

    private static IEnumerable<string> DiagnosisCommands(DossierFacts f)
    {
        var d = f.D;
        var component = f.Profile.Component(f.D.Diagnosis.OriginComponent ?? (f.Components.Count > 0 ? f.Components[0] : null));
        yield return "# 1. What changed recently?";
        yield return $"git log --since='{Md.Minutes(d.Config.Policy.ChangeWindow)} ago' --stat" + (component is { Paths.Count: > 0 } ? " -- " + string.Join(' ', component.Paths) : string.Empty);
        yield return $"tail -n 20 {d.Config.Sources.Deployments}";
        yield return "# 2. Which log patterns are new or surging?";
        foreach (var file in d.Evidence.Logs.Files.Take(2))
        {
            yield return $"firebreak logs templates {file}";
        }

        if (d.Evidence.Logs.Files.Count == 0)
        {
            yield return "firebreak logs templates <log-file>";
        }

        var exception = d.Evidence.Logs.Templates.Where(t => (t.IsNew || t.IsSurging) && t.Stack is not null).Select(t => t.Stack!.ExceptionType).FirstOrDefault();
        if (exception is not null && d.Evidence.Logs.Files.Count > 0)
        {
            yield return $"grep -c '{exception.Replace("'", string.Empty, StringComparison.Ordinal)}' {d.Evidence.Logs.Files[0]}";
        }

        yield return "# 3. Are error rate, latency and saturation off their baseline?";
        foreach (var m in f.Metrics.Where(m => m.Anomalous).Take(4))
        {
            yield return $"# check {m.Series.Name} ({m.Series.Kind}) in {m.Series.Source.File}: baseline {IncidentFacts.Value(m, m.Baseline)}";
        }

        yield return "# 4. Which alerts fire?";
        foreach (var glob in d.Config.Sources.AlertGlobs.Take(2))
        {
            yield return $"ls {glob}";
        }
    }

    private static string? ActionFor(IncidentDossier d, string horizon)
    {
        var action = d.Actions.FirstOrDefault(a => a.Horizon.Trim().StartsWith(horizon, StringComparison.OrdinalIgnoreCase));
        return action is null ? null : $"{Md.Quote(action.Action)} (owner {Md.Safe(action.Owner)}, due {Md.Date(action.Due)})";
    }

    private static string Slug(string text)
    {
        var chars = text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length > 60 ? slug[..60].TrimEnd('-') : slug;
    }
}
