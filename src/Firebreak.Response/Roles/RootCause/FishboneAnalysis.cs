using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>What the fishbone reads besides the evidence facts: who was engaged, the guidance, the clocks and the other incidents.</summary>
public sealed record FishboneContext(RoleRoster Roster, GuidanceProfile Guidance, ClockReport Clock, string DetectionMethod, IReadOnlyList<string> OtherOpenIncidents);

/// <summary>The reliability-engineer's fishbone: contributing factors derived from the evidence, never from assumptions about people.</summary>
internal static class FishboneAnalysis
{
    /// <summary>Finds the factors of each category.</summary>
    public static RcaFishbone Run(IncidentFacts f, FishboneContext c)
    {
        var people = new List<string>();
        foreach (var block in c.Roster.Blocks)
        {
            people.Add($"{Md.Safe(block.Role)}: {Md.Safe(block.Unavailable)} was unavailable, {(block.Backup is null ? "and no backup was configured" : $"so the backup {Md.Safe(block.Backup)} was engaged")} [firebreak.yaml people]");
        }

        if (c.Guidance.ComprehensiveDocumentation)
        {
            people.Add($"The reporter's guidance points to a team with little incident experience (\"{Md.Quote(Md.Clip(c.Guidance.Text, 80))}\") [guidance]");
        }

        var process = new List<string>();
        if (f.Suspected?.Change is { } change && change.Kind != ChangeKind.Commit && f.ChangeToOnset(change) is { } gap && FiveWhysAnalysis.WithinCanaryWindow(gap))
        {
            process.Add($"{Md.Safe(IncidentFacts.Describe(change))} reached production and errors began {Md.Minutes(gap)} later: no canary or staged rollout stopped it {Md.Cite(change.Source)}");
        }

        if (f.Diagnosis.Runbooks.Count == 0)
        {
            process.Add("No runbook matched the symptoms, so Tier 1 had no documented procedure [runbooks/]");
        }

        var technology = new List<string>();
        foreach (var t in f.Evidence.Logs.Templates.Where(t => (t.IsNew || t.IsSurging) && t.Stack is not null).Take(2))
        {
            technology.Add($"{Md.Quote(t.Stack!.ToString())} in {Md.Safe(t.Component ?? "the service")} ({Md.Num(t.Count)}×)" + (t.Examples.Count > 0 ? " " + Md.Cite(t.Examples[0]) : string.Empty));
        }

        if (f.Saturation is { Anomalous: true } sat)
        {
            technology.Add($"Resource saturation: {Md.Safe(sat.Series.Name)} at {IncidentFacts.Value(sat, IncidentFacts.PeakOf(sat))} {IncidentFacts.CiteSeries(sat)}");
        }

        if (f.DetectionDelay is { } delay && delay > TimeSpan.Zero)
        {
            technology.Add($"Monitoring gap: the first alert ({Md.Safe(f.FirstAlert!.Name)}) started {Md.Minutes(delay)} after the onset at {Md.Time(f.Onset!.Value)} {Md.Cite(f.FirstAlert.Source)}");
        }
        else if (f.Evidence.Alerts.Count == 0)
        {
            technology.Add($"No alert fired: detection method was {Md.Quote(c.DetectionMethod)}");
        }

        foreach (var warning in f.Evidence.Warnings.Take(3))
        {
            technology.Add($"Evidence gap: {Md.Safe(warning.Source)}: {Md.Safe(warning.Message)}");
        }

        var environment = new List<string>();
        if (f.Throughput is { Anomalous: true } tp && tp.Peak is { } peak && tp.Baseline is { } baseline && peak > baseline)
        {
            environment.Add($"Traffic spike: {Md.Safe(tp.Series.Name)} rose from {IncidentFacts.Value(tp, baseline)} to {IncidentFacts.Value(tp, peak)} {IncidentFacts.CiteSeries(tp)}");
        }

        if (f.Leading?.Cause == CauseKind.Dependency)
        {
            environment.Add($"Third-party or upstream dependency failure: {Md.Quote(f.Leading.Statement)}" + (f.Leading.Evidence.Count > 0 ? " " + Md.Cite(f.Leading.Evidence[0].Source) : string.Empty));
        }
        else
        {
            var external = f.Components.Select(f.Profile.Component).OfType<ComponentInfo>()
                .SelectMany(i => i.DependsOn).Where(dep => f.Profile.Component(dep) is null).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (external.Count > 0)
            {
                environment.Add($"Dependencies outside the catalog (possible third parties): {Md.Safe(string.Join(", ", external))} [firebreak.yaml components]");
            }
        }

        if (c.OtherOpenIncidents.Count > 0)
        {
            environment.Add($"Concurrent incidents competed for responders: {Md.Safe(string.Join(", ", c.OtherOpenIncidents))} [incident store]");
        }

        return new RcaFishbone(people, process, technology, environment);
    }

    /// <summary>
    /// The fishbone as of a moment: the stored factors plus the response targets the clock shows missed. Only a measured time
    /// (a recorded acknowledgement, the resolution, the time since detection against a target) can miss; a time nobody
    /// recorded is unknown and never a factor.
    /// </summary>
    public static RcaFishbone AsOf(RcaFishbone stored, ClockReport clock)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(clock);
        return ResponseTargets(clock) is { } factor ? stored.WithProcess(factor) : stored;
    }

    /// <summary>The process factor of the response targets the clock shows missed, or null.</summary>
    public static string? ResponseTargets(ClockReport clock) =>
        clock.Slas.Where(s => s.Outcome == SlaOutcome.Missed).ToList() is { Count: > 0 } missed
            ? $"Response targets missed: {Md.Safe(string.Join(", ", missed.Select(s => s.Name)))} [escalation clock]"
            : null;

    /// <summary>The process factor found once the mitigation is chosen: no command to run it, so it is manual.</summary>
    public static string? MitigationReadiness(MitigationPlan plan, MitigationCommands commands) =>
        commands.Commands.ContainsKey(plan.Strategy)
            ? null
            : $"No {WireNames.Of(plan.Strategy)} command is configured under mitigation: in firebreak.yaml, so the mitigation is manual";
}
