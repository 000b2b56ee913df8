using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>Step 4: management and executive notification per the severity matrix, major incidents, SLA breaches and the status page.</summary>
public sealed class Step4HierarchicalEscalation : IFlowStep
{
    /// <inheritdoc/>
    public int Number => 4;

    /// <inheritdoc/>
    public string Name => "Hierarchical Escalation (Management / Executive)";

    /// <summary>Decides and records management, executive and status-page notices, major incidents and SLA breaches.</summary>
    public static async Task<EscalationDecision> RunAsync(FlowRun run, Detected detected, Triaged triaged, FunctionallyEscalated escalated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(detected);
        ArgumentNullException.ThrowIfNull(triaged);
        ArgumentNullException.ThrowIfNull(escalated);
        var context = run;
        var journal = run.Journal;
        var reporter = run.Reporter;
        var people = run.Config.Profile.People;
        var at = run.AsOf;
        var priority = run.Priority(triaged.Triage);
        var functional = escalated.Functional;

        if (functional.Tier >= Tier.Tier2)
        {
            reporter.Report(ProgressMark.Done, "Tier 2 analysis complete");
        }

        reporter.Report(ProgressMark.Working, "Escalating per severity matrix...");

        var others = await OtherOpenIncidentsAsync(run, cancellationToken).ConfigureAwait(false);
        var coordinator = (string?)null;
        if (priority <= Priority.P1 && others.Count > 0)
        {
            coordinator = people.Management.FirstOrDefault(people.IsAvailable) ?? "Senior Engineering Manager (unknown: people.management is not configured)";
            reporter.Block($"""
                ⚠️ Multiple concurrent incidents detected: {others.Count + 1} P0/P1 incidents ({string.Join(", ", others.Select(o => $"{o.Id} {o.Priority}").Prepend($"{context.Request.Id} {priority}"))})

                Declaring MAJOR INCIDENT status.
                Senior Incident Commander: {coordinator}; change freeze: all deployments halted; executive notification immediate.
                """);
            journal.Record(new MajorIncidentDeclared(at, Agents.IncidentResponder, [.. others.Select(o => o.Id)], coordinator));
            journal.Record(new RoleAssigned(at, Agents.IncidentResponder, Roles.SeniorIncidentCommander, coordinator, "major incident: central coordination"));
            journal.Record(new ChangeFreezeDeclared(at, Agents.IncidentResponder, "major incident: halt all deployments"));
            context.Warn($"Major incident: {others.Count + 1} P0/P1 incidents open; change freeze declared; senior incident commander {coordinator}");
        }

        var clock = run.Clock(at);
        RecordSlaBreaches(run, clock, priority, escalated.Roster);

        var triage = triaged.Triage;
        var management = ProjectManager.Management(priority, context.Request.ReportedPriority, journal.State, clock, context.Policy, triage);
        if (management.Yes)
        {
            journal.Record(ProjectManager.Notice(Audiences.Management, people.Management, management.Reason, at));
        }

        var managementNotified = journal.Has($"notified:{Audiences.Management}");
        reporter.Report(managementNotified ? ProgressMark.Working : ProgressMark.Skipped,
            managementNotified ? $"Management notice decided for {Say.Names(people.Management)} ({management.Reason}); drafted in communications/, not sent (no channel configured)" : $"Management notice not required ({management.Reason})", 1);

        var executive = ProjectManager.Executive(priority, journal.State, clock, context.Policy, context.Guidance, detected.Diagnosis.Facts, triaged.SecurityPath, journal.State.MajorIncident, criticalPath: false);
        if (executive.Yes)
        {
            journal.Record(ProjectManager.Notice(Audiences.Executive, people.Executives, executive.Reason, at, "executives"));
        }

        var executiveNotified = journal.Has($"notified:{Audiences.Executive}");
        reporter.Report(executiveNotified ? ProgressMark.Working : ProgressMark.Skipped,
            executiveNotified ? $"Executive notice decided for {Say.Names(people.Executives)} ({executive.Reason}); drafted in communications/, not sent (no channel configured)" : $"Executive notice not required ({executive.Reason})", 1);

        var statusPage = journal.Record(IncidentResponder.StatusPage(priority, context.Policy, at)).Count > 0 || journal.Has($"notified:{Audiences.StatusPage}");
        reporter.Report(statusPage ? ProgressMark.Working : ProgressMark.Skipped, statusPage
            ? "Status page notice decided (policy posts for this priority); drafted, not posted"
            : $"Status page notice not required for {priority} (policy posts for {string.Join("/", run.Policy.StatusPageFirstWithin.Keys.Order())}); a draft is kept", 1);
        reporter.Report(ProgressMark.Done, "Hierarchical escalation complete");

        return new EscalationDecision(functional.Tier, functional.Reasons, managementNotified, management.Reason, executiveNotified, executive.Reason)
        {
            LegalNotified = journal.Has($"notified:{Audiences.Legal}"),
            SecurityEngaged = triaged.SecurityPath || triaged.Preserved is not null,
            Tier3Decisions = functional.Tier3Decisions,
            MajorIncidentCoordinator = coordinator ?? journal.OfType<MajorIncidentDeclared>().FirstOrDefault()?.Coordinator,
            OtherOpenIncidents = [.. others.Select(o => o.Id)],
        };
    }

    private static async Task<IReadOnlyList<IncidentSummary>> OtherOpenIncidentsAsync(FlowRun context, CancellationToken cancellationToken)
    {
        if (context.Store is null)
        {
            return [];
        }

        var open = await context.Store.OpenIncidentsAsync(cancellationToken).ConfigureAwait(false);
        return open
            .Where(o => o.Id != context.Request.Id.Value && o.Priority is <= Priority.P1 && o.DetectedAt <= context.AsOf)
            .OrderBy(o => o.Id, StringComparer.Ordinal)
            .ToList();
    }

    private static void RecordSlaBreaches(FlowRun context, ClockReport clock, Priority priority, RoleRoster roster)
    {
        var journal = context.Journal;
        var people = context.Config.Profile.People;
        foreach (var sla in clock.Slas.Where(s => s.Outcome == SlaOutcome.Missed && s.Target is not null && s.Elapsed is not null))
        {
            journal.Record(new SlaBreached(context.AsOf, Agents.IncidentResponder, sla.Name, sla.Target!.Value, sla.Elapsed!.Value));
            if (sla.Name != EscalationClock.Resolve)
            {
                context.Reporter.Report(ProgressMark.Warning, $"{sla.Name} SLA missed: {Say.Duration(sla.Elapsed.Value)} against {Say.Span(sla.Target)}", 1);
                continue;
            }

            var cadence = context.Policy.StatusPageEvery.TryGetValue(priority, out var every) ? "every " + Say.Span(every) : "as the incident commander decides (no cadence set for this priority)";
            var owners = context.Config.Profile.Components.Select(c => c.Owner).Where(o => o is not null);
            context.Reporter.Block($"""
                ⚠️ Incident exceeds resolution SLA ({priority} >{Say.Span(sla.Target)})

                Current status: {WireNames.Of(journal.State.Status)}
                Elapsed time: {Say.Duration(sla.Elapsed.Value)}

                Actions:
                1. Escalating to Incident Commander ({roster.Holder(Roles.IncidentCommander) ?? "unknown: people.incident_commanders is not configured"})
                2. Assembling war room with all Component Owners ({Say.Names(owners)})
                3. Considering emergency measures: rollback to last known-good version, maintenance mode, vendor support
                4. Updating stakeholders {cadence}
                5. Notifying {(priority == Priority.P0 ? "executive sponsor" : "management")}
                """);
            journal.Record(new NoteRecorded(context.AsOf, Agents.IncidentResponder, $"War room assembled: resolution SLA exceeded; stakeholders updated {cadence}", "EscalationClock"));
            journal.Record(ProjectManager.Notice(Audiences.Management, people.Management, $"resolution SLA exceeded ({Say.Duration(sla.Elapsed.Value)} > {Say.Span(sla.Target)})", context.AsOf));
            context.Warn($"Resolution SLA exceeded: {Say.Duration(sla.Elapsed.Value)} elapsed against {Say.Span(sla.Target)}; war room assembled, stakeholders updated {cadence}");
        }
    }
}
