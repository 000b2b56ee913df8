namespace Firebreak.Core;

/// <summary>The service described in firebreak.yaml: its users, SLO, component catalog and people.</summary>
public sealed record ServiceProfile(
    string Service,
    long? Users,
    SloTargets Slo,
    IReadOnlyList<ComponentInfo> Components,
    PeopleDirectory People)
{
    /// <summary>An empty profile, for a project without firebreak.yaml.</summary>
    public static ServiceProfile Unknown { get; } = new("unknown", null, SloTargets.None, [], PeopleDirectory.Empty);

    /// <summary>Finds a component by name (case-insensitive), or null.</summary>
    public ComponentInfo? Component(string? name) =>
        name is null ? null : Components.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Service level objectives; null when not set.</summary>
public sealed record SloTargets(double? AvailabilityPercent, double? LatencyP95Ms)
{
    /// <summary>No objectives set.</summary>
    public static SloTargets None { get; } = new(null, null);

    /// <summary>The error ratio the availability target allows (0.001 for 99.9), computed in decimal so 99.9 gives exactly 0.001; null without a target.</summary>
    public double? AllowedErrorRatio =>
        AvailabilityPercent is { } target and >= 0 and <= 100 ? (double)((100m - (decimal)target) / 100m) : null;
}

/// <summary>A component of the service catalog.</summary>
public sealed record ComponentInfo(
    string Name,
    string? Owner,
    string? Backup,
    IReadOnlyList<string> Paths,
    bool Critical,
    IReadOnlyList<string> DependsOn);

/// <summary>Rotation lists from firebreak.yaml; the first name of each list is the current one.</summary>
public sealed record PeopleDirectory(
    IReadOnlyList<string> Oncall,
    IReadOnlyList<string> IncidentCommanders,
    IReadOnlyList<string> Communications,
    IReadOnlyList<string> Architects,
    IReadOnlyList<string> Management,
    IReadOnlyList<string> Executives,
    IReadOnlyList<string> Security,
    IReadOnlyList<string> Legal,
    IReadOnlyList<string> DeploymentManagers,
    IReadOnlySet<string> Unavailable)
{
    /// <summary>Nobody configured.</summary>
    public static PeopleDirectory Empty { get; } = new([], [], [], [], [], [], [], [], [], new HashSet<string>());

    /// <summary>True when the person is listed under people.unavailable.</summary>
    public bool IsAvailable(string name) => !Unavailable.Contains(name);
}
