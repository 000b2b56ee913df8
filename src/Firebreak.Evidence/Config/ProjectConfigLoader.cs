namespace Firebreak.Evidence;

/// <summary>Reads firebreak.yaml from a project directory.</summary>
public static class ProjectConfigLoader
{
    /// <summary>Loads the configuration; a missing file gives the defaults, a malformed one throws <see cref="ConfigException"/> with the line.</summary>
    public static ProjectConfig Load(string projectDirectory) => throw new NotImplementedException();
}
