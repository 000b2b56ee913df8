namespace Firebreak.Core;

/// <summary>A response role and who holds it; Person is null when nobody is configured.</summary>
public sealed record RoleAssignment(string Role, string? Person, string Reason);

/// <summary>A first choice that was unavailable, and the backup used instead.</summary>
public sealed record EscalationBlock(string Role, string Unavailable, string? Backup, string Reason);

/// <summary>Who does what in this incident.</summary>
public sealed record RoleRoster(IReadOnlyList<RoleAssignment> Assignments, IReadOnlyList<EscalationBlock> Blocks)
{
    /// <summary>The person holding a role, or null.</summary>
    public string? Holder(string role) => Assignments.FirstOrDefault(a => a.Role == role)?.Person;
}

/// <summary>The on-call schedule and the moment the roles are needed: a role the schedule staffs is held by whoever is on call then.</summary>
public sealed record OnCallAt(OnCallSchedule Schedule, DateTimeOffset At)
{
    public OnCallSchedule Schedule { get; } = Schedule ?? throw new ArgumentNullException(nameof(Schedule));
}

/// <summary>Role names used across the flow.</summary>
public static class Roles
{
    public const string IncidentCommander = "Incident Commander";
    public const string TechnicalLead = "Technical Lead";
    public const string CommunicationsLead = "Communications Lead";
    public const string Tier1OnCall = "Tier 1 On-Call";
    public const string Tier2ComponentOwner = "Tier 2 Component Owner";
    public const string Tier3Architect = "Tier 3 Architect";
    public const string Management = "Management";
    public const string Executive = "Executive";
    public const string SecurityLead = "Security Incident Lead";
    public const string Legal = "Legal";
    public const string SeniorIncidentCommander = "Senior Incident Commander";
    public const string DeploymentManager = "Deployment Manager";
}

/// <summary>Assigns roles from people: and components:, using backups when someone is unavailable.</summary>
/// <remarks>
/// Every incident gets a Tier 1 On-Call. P0 and P1 add an Incident Commander, a Technical Lead (the affected component's
/// owner, else its backup, else the on-call engineer), a Communications Lead and Management; P0 adds a Deployment Manager
/// and an Executive. Tier 2 adds the first affected component's owner; when the owner is unavailable the chain of the
/// seed's "If Escalation Path Blocked" is followed: the component's backup, then the next available on-call engineer,
/// then an architect for temporary coverage. Tier 3 adds an architect. Security or data loss (guidance or category) adds
/// a Security Incident Lead, Legal and an Executive; compliance adds Legal; revenue adds an Executive. Every rotation
/// takes its first available name; each unavailable person skipped is recorded as an <see cref="EscalationBlock"/>.
/// A role nobody can hold has a null person and a reason saying what to configure. With an <see cref="OnCallAt"/>, a role
/// the oncall: schedule staffs (for the first affected component, else service-wide) is held by whoever is on call at
/// that moment; when that person is unavailable or off shift the schedule's backup holds it and an
/// <see cref="EscalationBlock"/> names whom it replaced; when the schedule has nobody, the people: lists are used.
/// </remarks>
public static class RoleAssigner
{
    /// <summary>Assigns the roles the priority, tier reached and guidance call for.</summary>
    public static RoleRoster Assign(Priority priority, Tier tier, ServiceProfile profile, IReadOnlyList<string> affectedComponents, GuidanceProfile guidance) =>
        Assign(priority, tier, profile, affectedComponents, guidance, category: null);

    /// <summary>Assigns the roles the priority, tier reached, guidance and incident category call for.</summary>
    public static RoleRoster Assign(
        Priority priority, Tier tier, ServiceProfile profile, IReadOnlyList<string> affectedComponents, GuidanceProfile guidance, IncidentCategory? category) =>
        Assign(priority, tier, profile, affectedComponents, guidance, category, onCall: null);

    /// <summary>Assigns the roles the priority, tier reached, guidance and incident category call for, from the on-call schedule at a moment where it staffs a role.</summary>
    public static RoleRoster Assign(
        Priority priority, Tier tier, ServiceProfile profile, IReadOnlyList<string> affectedComponents, GuidanceProfile guidance, IncidentCategory? category,
        OnCallAt? onCall)
    {
        ArgumentNullException.ThrowIfNull(profile);
        affectedComponents ??= [];
        guidance ??= GuidanceProfile.None;

        var people = profile.People;
        var component = affectedComponents.Select(profile.Component).FirstOrDefault(c => c is not null);
        var roster = new RosterBuilder(people, onCall, component?.Name ?? affectedComponents.FirstOrDefault());
        var major = priority <= Priority.P1;
        var security = guidance.Security || guidance.DataLoss || category is IncidentCategory.Security or IncidentCategory.DataIntegrity;

        var oncall = roster.FromRotation(Roles.Tier1OnCall, people.Oncall, "people.oncall",
            "Tier 1 acknowledges every incident, confirms impact and runs the runbook");

        if (major)
        {
            AssignCommander(roster, priority);
            AssignTechnicalLead(roster, component, oncall);
            roster.FromRotation(Roles.CommunicationsLead, people.Communications, "people.communications",
                $"{priority} requires a Communications Lead for status page and stakeholder updates");
        }

        if (tier >= Tier.Tier2)
        {
            AssignComponentOwner(roster, component, affectedComponents, oncall);
        }

        if (tier >= Tier.Tier3)
        {
            roster.FromRotation(Roles.Tier3Architect, people.Architects, "people.architects",
                "Tier 3 was reached: architectural analysis and emergency decision authority");
        }

        if (priority == Priority.P0)
        {
            roster.FromRotation(Roles.DeploymentManager, people.DeploymentManagers, "people.deployment_managers",
                "P0 escalation path: the Deployment Manager approves rollbacks and emergency deploys");
        }

        if (major)
        {
            roster.FromRotation(Roles.Management, people.Management, "people.management", priority == Priority.P0
                ? "P0: management is notified within 30 minutes of detection"
                : "P1: management is notified if the incident is unresolved after 2 hours");
        }

        var executiveWhy = new List<string>();
        if (priority == Priority.P0)
        {
            executiveWhy.Add("P0: executives are notified if unresolved after 2 hours or on major business impact");
        }

        if (security)
        {
            executiveWhy.Add("security breach or data loss: executives are notified immediately");
        }

        if (guidance.Revenue)
        {
            executiveWhy.Add("revenue impact: executives are notified immediately");
        }

        if (executiveWhy.Count > 0)
        {
            roster.FromRotation(Roles.Executive, people.Executives, "people.executives", string.Join("; ", executiveWhy));
        }

        if (security)
        {
            roster.FromRotation(Roles.SecurityLead, people.Security, "people.security",
                "security incident or data loss: the Security Incident Lead directs containment and forensics");
        }

        if (security || guidance.Compliance)
        {
            roster.FromRotation(Roles.Legal, people.Legal, "people.legal", security
                ? "security incident or data loss: legal and compliance are notified immediately"
                : "compliance risk: legal assesses regulatory reporting obligations");
        }

        return roster.Build();
    }

    private static void AssignCommander(RosterBuilder roster, Priority priority)
    {
        var people = roster.People;
        var why = $"{priority} requires an Incident Commander";
        if (roster.FromSchedule(Roles.IncidentCommander, why, out _))
        {
            return;
        }

        var available = roster.FirstAvailable(people.IncidentCommanders);
        if (available is not null || people.IncidentCommanders.Count == 0)
        {
            roster.FromRotation(Roles.IncidentCommander, people.IncidentCommanders, "people.incident_commanders", why);
            return;
        }

        // Every commander is unavailable: the seed escalates to the engineering manager for an alternate assignment.
        var manager = roster.FirstAvailable(people.Management);
        roster.Block(Roles.IncidentCommander, people.IncidentCommanders, manager,
            manager is null ? "no incident commander or manager is available" : $"{manager} (people.management) assigns or takes the role");
        roster.Add(Roles.IncidentCommander, manager, manager is null
            ? $"{why}; every person in people.incident_commanders is unavailable and no manager is available: assign one by hand"
            : $"{why}; every person in people.incident_commanders is unavailable, so the engineering manager {manager} covers");
    }

    private static void AssignTechnicalLead(RosterBuilder roster, ComponentInfo? component, string? oncall)
    {
        const string why = "P0/P1 requires a Technical Lead";
        if (roster.FromSchedule(Roles.TechnicalLead, why, out _))
        {
            return;
        }

        if (component?.Owner is { } owner)
        {
            if (roster.IsAvailable(owner))
            {
                roster.Add(Roles.TechnicalLead, owner, $"{why}: {owner} owns {component.Name}, the affected component");
                return;
            }

            if (component.Backup is { } backup && roster.IsAvailable(backup))
            {
                roster.Block(Roles.TechnicalLead, [owner], backup, $"{owner} is unavailable; {backup} is the backup of {component.Name}");
                roster.Add(Roles.TechnicalLead, backup, $"{why}: {backup} is the backup owner of {component.Name} ({owner} is unavailable)");
                return;
            }

            roster.Block(Roles.TechnicalLead, [owner], oncall, $"{owner} is unavailable and {component.Name} has no available backup");
        }

        roster.Add(Roles.TechnicalLead, oncall, oncall is null
            ? $"{why}; no component owner or on-call engineer is available: configure components[].owner or people.oncall"
            : $"{why}: the on-call engineer {oncall} leads, since {(component is null ? "no affected component with an owner is known" : $"the owner of {component.Name} cannot")}");
    }

    private static void AssignComponentOwner(RosterBuilder roster, ComponentInfo? component, IReadOnlyList<string> affected, string? oncall)
    {
        const string why = "Tier 2 was reached: deep component knowledge and code changes";
        if (roster.FromSchedule(Roles.Tier2ComponentOwner, why, out _))
        {
            return;
        }

        if (component?.Owner is { } owner && roster.IsAvailable(owner))
        {
            roster.Add(Roles.Tier2ComponentOwner, owner, $"{why}; {owner} owns {component.Name}");
            return;
        }

        var missing = component switch
        {
            null when affected.Count == 0 => "no affected component is known",
            null => $"none of {string.Join(", ", affected)} is in components: of firebreak.yaml",
            { Owner: null } => $"{component.Name} has no owner in firebreak.yaml",
            _ => $"{component.Owner} (owner of {component.Name}) is unavailable",
        };

        var unavailable = new List<string>();
        if (component?.Owner is { } absentOwner)
        {
            unavailable.Add(absentOwner);
        }

        if (component?.Backup is { } backup)
        {
            if (roster.IsAvailable(backup))
            {
                roster.Block(Roles.Tier2ComponentOwner, unavailable, backup, $"{missing}; {backup} is the backup of {component.Name}");
                roster.Add(Roles.Tier2ComponentOwner, backup, $"{why}; {missing}, so the backup {backup} takes Tier 2");
                return;
            }

            unavailable.Add(backup);
            missing += $" and the backup {backup} is unavailable too";
        }

        // The seed's blocked path: the on-call rotation's secondary, then an architect for temporary coverage.
        var secondary = roster.People.Oncall.FirstOrDefault(p => roster.IsAvailable(p) && !string.Equals(p, oncall, StringComparison.OrdinalIgnoreCase));
        var architect = roster.FirstAvailable(roster.People.Architects);
        var (cover, how) = secondary is not null
            ? (secondary, $"{secondary}, the secondary on-call engineer, covers Tier 2")
            : architect is not null
                ? (architect, $"the architect {architect} provides temporary coverage")
                : ((string?)null, "nobody is available: configure a backup for the component, a second people.oncall entry or people.architects");

        if (unavailable.Count > 0)
        {
            roster.Block(Roles.Tier2ComponentOwner, unavailable, cover, $"{missing}; {how}");
        }

        roster.Add(Roles.Tier2ComponentOwner, cover, $"{why}; {missing}: {how}");
    }

    private sealed class RosterBuilder(PeopleDirectory people, OnCallAt? onCall, string? component)
    {
        private readonly List<RoleAssignment> _assignments = [];
        private readonly List<EscalationBlock> _blocks = [];

        public PeopleDirectory People { get; } = people;

        public bool IsAvailable(string name) =>
            !People.Unavailable.Any(u => string.Equals(u.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase));

        public string? FirstAvailable(IReadOnlyList<string> rotation) => rotation.FirstOrDefault(IsAvailable);

        /// <summary>Assigns <paramref name="role"/> from the on-call schedule when it staffs the role and has someone; false to fall back to the people: lists.</summary>
        public bool FromSchedule(string role, string why, out string? person)
        {
            person = null;
            if (onCall is not { } at || at.Schedule.ScheduleFor(role, component) is not { } schedule)
            {
                return false;
            }

            var answer = at.Schedule.WhoIsOnCall(role, at.At, component);
            if (answer.Source is OnCallSource.Rotation or OnCallSource.Override)
            {
                person = answer.Person;
                Add(role, person, $"{why}; on call: {answer.Reason}");
                return true;
            }

            var replaced = answer.SkippedUnavailable ?? OffShift(at, schedule);
            if (answer.Source == OnCallSource.Backup)
            {
                person = answer.Person;
                _blocks.Add(new EscalationBlock(role, replaced, person, $"on-call schedule: {answer.Reason}"));
                Add(role, person, $"{why}; the on-call backup holds it: {answer.Reason}");
                return true;
            }

            _blocks.Add(new EscalationBlock(role, replaced, null, $"on-call schedule: {answer.Reason}; the people: lists of firebreak.yaml are used instead"));
            return false;
        }

        // Who the schedule would have named: the holder of the highest layer's shift (outside its active hours), else nobody.
        private static string OffShift(OnCallAt at, RoleSchedule schedule)
        {
            for (var i = schedule.Layers.Count - 1; i >= 0; i--)
            {
                var name = schedule.Layers[i];
                if (at.Schedule.Rotations[name].ShiftAt(at.At) is { } shift)
                {
                    return $"{shift.Person} (off shift in rotation {name})";
                }
            }

            return schedule.Layers.Count == 0 ? "nobody (the role has only a backup)" : $"nobody (no shift in {string.Join(", ", schedule.Layers)} yet)";
        }

        public string? FromRotation(string role, IReadOnlyList<string> rotation, string listName, string why)
        {
            if (FromSchedule(role, why, out var scheduled))
            {
                return scheduled;
            }

            if (rotation.Count == 0)
            {
                Add(role, null, $"{why}; unknown: nobody is configured under {listName} in firebreak.yaml");
                return null;
            }

            var chosen = FirstAvailable(rotation);
            var skipped = rotation.TakeWhile(p => !IsAvailable(p)).ToList();
            if (skipped.Count > 0)
            {
                Block(role, skipped, chosen, chosen is null
                    ? $"everyone in {listName} is unavailable"
                    : $"next available in {listName}");
            }

            Add(role, chosen, chosen is null
                ? $"{why}; everyone in {listName} is unavailable ({string.Join(", ", skipped)}): assign someone by hand"
                : skipped.Count > 0
                    ? $"{why}; {chosen} is the first available in {listName} ({string.Join(", ", skipped)} unavailable)"
                    : $"{why}; {chosen} is first in {listName}");
            return chosen;
        }

        public void Block(string role, IEnumerable<string> unavailable, string? backup, string detail)
        {
            foreach (var person in unavailable)
            {
                _blocks.Add(new EscalationBlock(role, person, backup, $"{person} is listed under people.unavailable; {detail}"));
            }
        }

        public void Add(string role, string? person, string reason) => _assignments.Add(new RoleAssignment(role, person, reason));

        public RoleRoster Build() => new(_assignments, _blocks);
    }
}
