using System.Globalization;
using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>What a role produced: a result and the events that record it.</summary>
public sealed record RoleResult<T>(T Value, IReadOnlyList<IncidentEvent> Events);

/// <summary>The role names of the flow (the seed's subagent types), used as event actors.</summary>
public static class Agents
{
    public const string IncidentResponder = "incident-responder";
    public const string ReliabilityEngineer = "reliability-engineer";
    public const string ComponentOwner = "component-owner";
    public const string ArchitectureDesigner = "architecture-designer";
    public const string DevOpsEngineer = "devops-engineer";
    public const string SecurityArchitect = "security-architect";
    public const string ProjectManager = "project-manager";
}

/// <summary>How and when the incident was detected, and what was reported.</summary>
public sealed record DetectionRecord(DateTimeOffset DetectedAt, string Reporter, string DetectionMethod, string Symptoms, string Source);

/// <summary>The tier reached and why, with the runbook Tier 1 followed.</summary>
public sealed record FunctionalEscalation(Tier Tier, IReadOnlyList<string> Reasons, string? Runbook, IReadOnlyList<Tier3Decision> Tier3Decisions);

/// <summary>Formatting shared by the roles and steps (times come from <see cref="Md"/>, like the artifacts).</summary>
internal static class Say
{
    /// <summary>Elapsed time as HH:MM.</summary>
    public static string Duration(TimeSpan span)
    {
        var total = (long)Math.Floor(Math.Max(0, span.TotalMinutes));
        return string.Create(CultureInfo.InvariantCulture, $"{total / 60:00}:{total % 60:00}");
    }

    /// <summary>A policy span in words: 15 min, 2h, 7d, immediate.</summary>
    public static string Span(TimeSpan? span) => span switch
    {
        null => "none",
        { TotalSeconds: <= 0 } => "immediate",
        { TotalDays: >= 1 } s when s.TotalDays % 1 == 0 => string.Create(CultureInfo.InvariantCulture, $"{s.TotalDays:0}d"),
        { TotalHours: >= 1 } s when s.TotalHours % 1 == 0 => string.Create(CultureInfo.InvariantCulture, $"{s.TotalHours:0}h"),
        { TotalMinutes: >= 1 } s => string.Create(CultureInfo.InvariantCulture, $"{s.TotalMinutes:0} min"),
        { } s => string.Create(CultureInfo.InvariantCulture, $"{s.TotalSeconds:0} s"),
    };

    public static string Names(IEnumerable<string?> names)
    {
        var list = names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!).Distinct(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "nobody configured" : string.Join(", ", list);
    }

    public static string Percent(double ratio) => PercentText.Of(ratio);
}
