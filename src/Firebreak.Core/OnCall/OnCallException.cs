namespace Firebreak.Core;

/// <summary>An oncall: value in firebreak.yaml is not valid.</summary>
public sealed class OnCallException(string path, string message) : Exception($"oncall.{path}: {message}")
{
    /// <summary>The dotted key path under oncall:, e.g. rotations.primary.time_zone or overrides.0.from.</summary>
    public string Path { get; } = path;
}
