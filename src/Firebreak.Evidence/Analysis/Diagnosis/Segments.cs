using System.Text.RegularExpressions;

namespace Firebreak.Evidence;

/// <summary>
/// Which hosts, zones, regions or clients fail and which keep serving, read from <c>label=value</c> pairs in the log
/// lines: the failing values come from the incident's error lines, the healthy ones from ordinary lines still written
/// after the onset. A failure confined to some values cannot come from a change that reached all of them.
/// </summary>
internal sealed partial record Segments(IReadOnlyDictionary<string, SegmentLabel> Labels)
{
    /// <summary>No label found.</summary>
    public static Segments None { get; } = new(new Dictionary<string, SegmentLabel>());

    /// <summary>Labels whose failure is confined: some values fail, others keep serving.</summary>
    public IEnumerable<SegmentLabel> Confined => Labels.Values.Where(l => l.Failing.Count > 0 && l.Healthy.Except(l.Failing, StringComparer.OrdinalIgnoreCase).Any());

    /// <summary>Values that fail with no healthy traffic left (a whole client, host or region down).</summary>
    public IEnumerable<(string Label, string Value)> Down => Labels.Values.SelectMany(l => l.Failing.Where(v => !l.Healthy.Contains(v)).Select(v => (l.Label, v)));

    /// <summary>Normalises a label name so a deploy's <c>region</c> meets a log's <c>region=</c>, <c>zone</c> meets <c>az</c>, <c>host</c> meets <c>node</c>, <c>nodepool</c> meets <c>node_group</c>.</summary>
    public static string? Normalise(string label) => label.ToLowerInvariant() switch
    {
        "region" or "regions" or "dc" or "datacenter" or "datacenters" => "region",
        "zone" or "zones" or "az" or "availability_zone" => "zone",
        "host" or "hosts" or "node" or "nodes" or "instance" or "instances" or "pod" or "pods" => "host",
        "client" or "clients" or "platform" or "platforms" or "os" or "app" => "client",
        "nodepool" or "nodepools" or "node_pool" or "node_pools" or "nodegroup" or "node_group" => "nodepool",
        "cluster" or "clusters" => "cluster",
        "tenant" or "tenants" or "shard" or "shards" => "tenant",
        _ => null,
    };

    public static Segments Of(Signals signals, LogAnalysis logs)
    {
        var labels = new Dictionary<string, SegmentLabel>(StringComparer.OrdinalIgnoreCase);
        SegmentLabel Get(string label) => labels.TryGetValue(label, out var l) ? l : labels[label] = new SegmentLabel(label, new(StringComparer.OrdinalIgnoreCase), new(StringComparer.OrdinalIgnoreCase));
        var failingIds = new HashSet<int>(signals.Errors.Select(t => t.Template.TemplateId));
        foreach (var t in signals.Errors)
        {
            foreach (var (label, value) in Pairs(t.Template.ExampleText ?? t.Template.Template))
            {
                Get(label).Failing.Add(value);
            }
        }

        if (labels.Count == 0)
        {
            return None;
        }

        var onset = signals.Onset ?? DateTimeOffset.MinValue;
        foreach (var t in logs.Templates.Where(t => !failingIds.Contains(t.TemplateId) && t.LastSeen is { } last && last > onset && !IsFailure(t)))
        {
            foreach (var (label, value) in Pairs(t.ExampleText ?? t.Template))
            {
                if (labels.TryGetValue(label, out var l))
                {
                    l.Healthy.Add(value);
                }
            }
        }

        return new Segments(labels);
    }

    /// <summary>The values a change record says it was limited to (region, zone, hosts, cluster, clients), by normalised label.</summary>
    public static IReadOnlyDictionary<string, HashSet<string>> ScopeOf(ChangeRecord change)
    {
        var scope = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in change.Extra)
        {
            if (Normalise(key) is { } label && !string.IsNullOrWhiteSpace(value))
            {
                var set = scope.TryGetValue(label, out var s) ? s : scope[label] = new(StringComparer.OrdinalIgnoreCase);
                set.UnionWith(value.Trim('[', ']').Split([',', ';', ' ', '"'], StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return scope;
    }

    private static bool IsFailure(LogTemplateSummary t) =>
        t.Stack is not null || Wording.FirstOf(" " + t.Template + " ", [" 500 ", " 502 ", " 503 ", " 504 ", " 401 ", " 403 ", "error", "fail", "timeout", "timed out", "refused"]) is not null;

    private static IEnumerable<(string Label, string Value)> Pairs(string text)
    {
        foreach (Match m in PairPattern().Matches(text))
        {
            if (Normalise(m.Groups[1].Value) is { } label && m.Groups[2].Value is { Length: > 1 } value && !value.Contains("<*>", StringComparison.Ordinal))
            {
                yield return (label, value.TrimEnd('.', ',', ':', ';', ')'));
            }
        }
    }

    [GeneratedRegex(@"\b(region|zone|az|dc|datacenter|host|node|nodepool|node_pool|nodegroup|node_group|instance|pod|client|platform|os|cluster|tenant|shard)\s*[=:]\s*([A-Za-z][\w./-]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PairPattern();
}

/// <summary>One label (region, zone, host, client…) with the values seen failing and the values still serving.</summary>
internal sealed record SegmentLabel(string Label, HashSet<string> Failing, HashSet<string> Healthy);
