using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>What the reporter asked for: the incident, the project, guidance and the moment to evaluate.</summary>
public sealed record FlowRequest(IncidentId Id, ProjectConfig Config)
{
    /// <summary>The reporter's initial severity, if given.</summary>
    public Priority? ReportedPriority { get; init; }

    /// <summary>Guidance from --guidance and --interactive answers.</summary>
    public GuidanceProfile Guidance { get; init; } = GuidanceProfile.None;

    /// <summary>Reported symptoms (--description); the firing alerts' summaries are used when absent.</summary>
    public string? Description { get; init; }

    /// <summary>Detection time given by the reporter (--detected-at), used when no alert fired.</summary>
    public DateTimeOffset? DetectedAt { get; init; }

    /// <summary>Evaluate as of this moment (--at) instead of now.</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>Run the configured mitigation command and validate it (--execute).</summary>
    public bool Execute { get; init; }

    /// <summary>Run the mitigation again although an earlier run was interrupted while running it (--retry-action).</summary>
    public bool RetryAction { get; init; }

    /// <summary>The incident's folder: &lt;project&gt;/.aiwg/incidents/&lt;id&gt;.</summary>
    public string IncidentDirectory => Path.Combine(IncidentsDirectory(Config.ProjectDirectory), Id.Value);

    /// <summary>The folder that holds every incident of a project and the store.</summary>
    public static string IncidentsDirectory(string projectDirectory) => Path.Combine(projectDirectory, ".aiwg", "incidents");

    /// <summary>The event store file of a project.</summary>
    public static string StorePath(string projectDirectory) => Path.Combine(IncidentsDirectory(projectDirectory), "firebreak.db");
}
