namespace Firebreak.Core;

/// <summary>A policy: value in firebreak.yaml is not valid.</summary>
public sealed class PolicyException(string path, string message) : Exception($"policy.{path}: {message}")
{
    /// <summary>The dotted key path, e.g. resolve_sla.P0.</summary>
    public string Path { get; } = path;
}

/// <summary>Applies the policy: section of firebreak.yaml (a tree of dictionaries, lists and strings) over the defaults.</summary>
public static class PolicyOverrides
{
    /// <summary>Returns <paramref name="policy"/> with the overrides applied; throws <see cref="PolicyException"/> on an unknown key or bad value.</summary>
    public static ResponsePolicy Apply(ResponsePolicy policy, IReadOnlyDictionary<string, object?> overrides) =>
        throw new NotImplementedException();
}
