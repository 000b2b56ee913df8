namespace Firebreak.Evidence;

/// <summary>Scores runbooks against the incident's terms: components and third parties weigh 3, cause words 2, symptom words 1 (<see cref="RunbookOptions"/>).</summary>
internal static class RunbookMatcher
{
    private static readonly Dictionary<MetricKind, string[]> KindWords = new()
    {
        [MetricKind.ErrorRate] = ["error", "errors", "5xx", "exception", "exceptions", "rate"],
        [MetricKind.Latency] = ["latency", "slow", "p95", "timeouts"],
        [MetricKind.Throughput] = ["traffic", "load", "throughput", "requests"],
        [MetricKind.Saturation] = ["saturation", "pool", "connections", "utilization", "memory", "cpu"],
        [MetricKind.Availability] = ["availability", "outage", "down"],
        [MetricKind.Other] = [],
    };

    private static readonly Dictionary<CauseKind, string[]> CauseWords = new()
    {
        [CauseKind.Change] = ["deploy", "deployment", "release", "roll", "rollback", "revert", "flag", "config"],
        [CauseKind.Capacity] = ["scale", "replicas", "capacity", "saturation", "pool", "load", "traffic"],
        [CauseKind.Dependency] = ["provider", "outage", "backup", "failover", "upstream", "vendor", "third"],
        [CauseKind.Security] = ["security", "breach", "credential", "credentials", "rotate", "revoke", "block", "attack", "login"],
        [CauseKind.DataIntegrity] = ["data", "corruption", "restore", "backup", "migration", "integrity"],
        [CauseKind.Unknown] = [],
        [CauseKind.Certificate] = ["certificate", "tls", "renew", "expired", "x509", "cert"],
        [CauseKind.ClockStep] = ["clock", "ntp", "chrony", "time", "drain"],
        [CauseKind.Input] = ["input", "content", "hotfix", "feed", "import", "payload"],
    };

    public static IReadOnlyList<RunbookMatch> Match(IReadOnlyList<Runbook> runbooks, Signals signals, Scope scope, ComponentGraph graph, Hypothesis? leading, RunbookOptions o)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(IEnumerable<string> words, double weight)
        {
            foreach (var w in words)
            {
                var key = w.ToLowerInvariant();
                weights[key] = Math.Max(weights.GetValueOrDefault(key), weight);
            }
        }

        foreach (var c in scope.Affected.Concat(graph.ThirdPartiesOf(scope.Origin)).Concat(graph.ThirdParties.Where(p => signals.Texts.Any(t => Wording.Has(t.Text, p)))))
        {
            Add(Wording.Words(c), o.ComponentWeight);
            Add([c], o.ComponentWeight);
        }

        if (leading is not null)
        {
            Add(CauseWords.GetValueOrDefault(leading.Cause, []), o.CauseWeight);
            if (leading.Change?.Component is { } changed)
            {
                Add(Wording.Words(changed), o.ComponentWeight);
            }
        }

        foreach (var s in signals.Harmful.Concat(signals.Series.Where(s => s.Load)))
        {
            Add(KindWords[s.Kind], o.SymptomWeight);
        }

        foreach (var (text, _) in signals.Texts)
        {
            Add(Wording.Words(text).Where(w => w.Length >= 4 && !w.All(char.IsDigit)), o.SymptomWeight);
        }

        var matches = new List<RunbookMatch>();
        foreach (var runbook in runbooks)
        {
            var words = Wording.Words(runbook.Title + "\n" + runbook.Text);
            var text = runbook.Title + "\n" + runbook.Text;
            var matched = weights.Where(kv => words.Contains(kv.Key) || (kv.Key.Contains('-', StringComparison.Ordinal) && Wording.Has(text, kv.Key)))
                .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
            var sum = matched.Sum(kv => kv.Value);
            var score = 1 - Math.Exp(-sum / o.Saturation);
            if (score >= o.MatchFrom)
            {
                matches.Add(new RunbookMatch(runbook, Math.Round(score, 3), [.. matched.Select(kv => kv.Key)]));
            }
        }

        return [.. matches.OrderByDescending(m => m.Score).ThenBy(m => m.Runbook.Path, StringComparer.Ordinal)];
    }
}
