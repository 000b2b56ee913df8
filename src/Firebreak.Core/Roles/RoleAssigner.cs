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
public static class RoleAssigner
{
    /// <summary>Assigns the roles the priority, tier reached and guidance call for.</summary>
    public static RoleRoster Assign(Priority priority, Tier tier, ServiceProfile profile, IReadOnlyList<string> affectedComponents, GuidanceProfile guidance) =>
        throw new NotImplementedException();
}
