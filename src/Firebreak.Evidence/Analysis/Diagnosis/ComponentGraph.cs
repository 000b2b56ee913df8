using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>The service catalog as a dependency graph: who depends on whom, which paths belong to which component, and which dependencies are third parties.</summary>
internal sealed class ComponentGraph(ServiceProfile profile)
{
    /// <summary>Dependencies named in depends_on that are not components of the catalog: outside our control.</summary>
    public IReadOnlyList<string> ThirdParties { get; } = [.. profile.Components
        .SelectMany(c => c.DependsOn)
        .Where(d => profile.Component(d) is null)
        .Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The catalog's component names.</summary>
    public IReadOnlyList<string> Names { get; } = [.. profile.Components.Select(c => c.Name)];

    public bool IsCritical(string? name) => profile.Component(name)?.Critical == true;

    public static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="component"/> depends on <paramref name="dependency"/>, directly or through other components.</summary>
    public bool DependsOn(string? component, string? dependency)
    {
        if (component is null || dependency is null)
        {
            return false;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<string>([component]);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var next in profile.Component(current)?.DependsOn ?? [])
            {
                if (Same(next, dependency))
                {
                    return true;
                }

                if (seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return false;
    }

    /// <summary>Third parties the component depends on (directly or through catalog components).</summary>
    public IReadOnlyList<string> ThirdPartiesOf(string? component) =>
        [.. ThirdParties.Where(t => DependsOn(component, t))];

    /// <summary>The component owning a repository path (longest matching <c>paths</c> prefix), or null.</summary>
    public string? ComponentOfPath(string path)
    {
        var normalized = Normalize(path);
        string? best = null;
        var bestLength = -1;
        foreach (var component in profile.Components)
        {
            foreach (var prefix in component.Paths)
            {
                var p = Normalize(prefix);
                if (p.Length > bestLength && p.Length > 0 && normalized.StartsWith(p, StringComparison.OrdinalIgnoreCase))
                {
                    best = component.Name;
                    bestLength = p.Length;
                }
            }
        }

        return best;
    }

    /// <summary>The component most of the files belong to, or null.</summary>
    public string? ComponentOfFiles(IEnumerable<string> files) =>
        files.Select(ComponentOfPath).OfType<string>()
            .GroupBy(c => c, StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(g => g.Count())
            .Select(g => g.Key)
            .FirstOrDefault();

    private static string Normalize(string path)
    {
        var p = path.Replace('\\', '/').Trim();
        while (p.StartsWith("./", StringComparison.Ordinal))
        {
            p = p[2..];
        }

        return p.TrimStart('/');
    }
}
