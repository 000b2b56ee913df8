namespace Firebreak.Evidence;

/// <summary>Where the incident is: the affected components, the one that went wrong first, and those failing only because of it.</summary>
internal sealed record Scope(
    IReadOnlyList<string> Affected,
    string? Origin,
    IReadOnlyList<string> Collateral,
    IReadOnlyDictionary<string, DateTimeOffset> OnsetByComponent,
    IReadOnlyList<EvidenceItem> Evidence)
{
    /// <summary>Places the incident; two component onsets closer than <see cref="ScopeOptions.SimultaneousWithin"/> are simultaneous (metric steps and log timestamps are that coarse).</summary>
    public static Scope Of(Signals signals, ComponentGraph graph, ScopeOptions? options = null)
    {
        var onsets = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
        var sources = new Dictionary<string, SourceRef>(StringComparer.OrdinalIgnoreCase);
        void Note(string? component, DateTimeOffset? at, SourceRef source)
        {
            if (string.IsNullOrWhiteSpace(component))
            {
                return;
            }

            var when = at ?? DateTimeOffset.MaxValue;
            if (!onsets.TryGetValue(component, out var known) || when < known)
            {
                onsets[component] = when;
                sources[component] = source;
            }
        }

        foreach (var s in signals.Harmful)
        {
            Note(s.Component, s.Start, s.Source);
        }

        foreach (var t in signals.Errors)
        {
            Note(t.Template.Component, t.Onset, t.Source);
        }

        foreach (var a in signals.Alerts)
        {
            // An alert fires after the symptom; it only places a component nothing else placed.
            if (a.Component is { } c && !onsets.ContainsKey(c))
            {
                Note(c, a.StartsAt, a.Source);
            }
        }

        if (onsets.Count == 0)
        {
            return new Scope([], null, [], onsets, []);
        }

        // The origin is looked for among the components related to the main symptom: an unrelated component that
        // happens to misbehave earlier is another problem, not where this one started.
        var main = signals.MainComponent;
        var related = onsets.Keys.Where(c => main is null || ComponentGraph.Same(c, main) || graph.DependsOn(c, main) || graph.DependsOn(main, c)).ToList();
        if (related.Count == 0)
        {
            related = [.. onsets.Keys];
        }

        var earliest = related.Min(c => onsets[c]);
        var first = related.Where(c => onsets[c] - earliest <= (options ?? ScopeOptions.Default).SimultaneousWithin).ToList();
        var origin = first
            .OrderByDescending(c => onsets.Keys.Count(other => !ComponentGraph.Same(other, c) && graph.DependsOn(other, c)))
            .ThenByDescending(graph.IsCritical)
            .ThenBy(c => onsets[c])
            .ThenBy(c => c, StringComparer.OrdinalIgnoreCase)
            .First();
        var collateral = onsets.Keys.Where(c => !ComponentGraph.Same(c, origin) && graph.DependsOn(c, origin)).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var affected = onsets.OrderBy(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase).Select(kv => kv.Key).ToList();

        var evidence = new List<EvidenceItem>
        {
            new(Wording.Inv($"{origin} went wrong first (at {Wording.Time(onsets[origin] == DateTimeOffset.MaxValue ? null : onsets[origin])})"), sources[origin]),
        };
        evidence.AddRange(collateral.Select(c => new EvidenceItem(
            Wording.Inv($"{c} depends on {origin} and went wrong at {Wording.Time(onsets[c] == DateTimeOffset.MaxValue ? null : onsets[c])}: collateral damage, not a separate cause"), sources[c])));
        return new Scope(affected, origin, collateral, onsets, evidence);
    }
}
