namespace Firebreak.Core;

/// <summary>A policy: value in firebreak.yaml is not valid.</summary>
public sealed class PolicyException(string path, string message) : Exception($"policy.{path}: {message}")
{
    /// <summary>The dotted key path, e.g. resolve_sla.P0.</summary>
    public string Path { get; } = path;
}

/// <summary>Applies the policy: section of firebreak.yaml (a tree of dictionaries, lists and strings) over the defaults.</summary>
/// <remarks>
/// Keys (snake_case; dashes are accepted too):
/// <c>acknowledge_sla</c>, <c>engage_sla</c>, <c>resolve_sla</c> (per priority, e.g. <c>{P0: 2h, P1: 4h}</c>;
/// <c>none</c> removes the target); <c>update_every</c> (another name for <c>status_page_every</c>: one cadence); <c>tier1_timeout</c>, <c>tier2_timeout</c>, <c>management_after</c>,
/// <c>status_page_every</c>, <c>status_page_first_within</c>, <c>review_within</c> (per priority, or one duration that
/// replaces every priority that already has a value; <c>none</c> removes a priority); <c>executive_after</c>,
/// <c>change_window</c>, <c>validation_window</c> (one duration); <c>actions</c> (<c>immediate</c>, <c>short_term</c>,
/// <c>long_term</c>). Durations follow <see cref="DurationParser"/>.
/// </remarks>
public static class PolicyOverrides
{
    /// <summary>The settings policy: accepts.</summary>
    public static IReadOnlyList<string> KnownSettings => KnownKeys;

    private static readonly string[] KnownKeys =
    [
        "acknowledge_sla", "engage_sla", "resolve_sla", "update_every", "tier1_timeout", "tier2_timeout",
        "management_after", "executive_after", "status_page_every", "status_page_first_within", "review_within",
        "actions", "change_window", "validation_window",
    ];

    /// <summary>Returns <paramref name="policy"/> with the overrides applied; throws <see cref="PolicyException"/> on an unknown key or bad value.</summary>
    public static ResponsePolicy Apply(ResponsePolicy policy, IReadOnlyDictionary<string, object?> overrides) =>
        Apply(policy, overrides, ignored: null);

    /// <summary>Applies the overrides; an unknown top-level key is added to <paramref name="ignored"/> and skipped (thrown when it is null); a bad value always throws.</summary>
    public static ResponsePolicy Apply(ResponsePolicy policy, IReadOnlyDictionary<string, object?> overrides, ICollection<string>? ignored)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (overrides is null)
        {
            return policy;
        }

        foreach (var (rawKey, value) in overrides)
        {
            var key = Normalize(rawKey);
            if (ignored is not null && !KnownKeys.Contains(key))
            {
                ignored.Add(rawKey);
                continue;
            }

            policy = key switch
            {
                "acknowledge_sla" => WithSla(policy, key, value, (s, v) => s with { Acknowledge = v }),
                "engage_sla" => WithSla(policy, key, value, (s, v) => s with { Engage = v }),
                "resolve_sla" => WithSla(policy, key, value, (s, v) => s with { Resolve = v }),
                "update_every" or "status_page_every" => policy with { StatusPageEvery = PerPriority(policy.StatusPageEvery, key, value) },
                "tier1_timeout" => policy with { Tier1Timeout = PerPriority(policy.Tier1Timeout, key, value) },
                "tier2_timeout" => policy with { Tier2Timeout = PerPriority(policy.Tier2Timeout, key, value) },
                "management_after" => policy with { ManagementAfter = PerPriority(policy.ManagementAfter, key, value) },
                "status_page_first_within" => policy with { StatusPageFirstWithin = PerPriority(policy.StatusPageFirstWithin, key, value) },
                "review_within" => policy with { ReviewWithin = PerPriority(policy.ReviewWithin, key, value) },
                "executive_after" => policy with { ExecutiveAfter = ExecutiveAfter(key, value) },
                "change_window" => policy with { ChangeWindow = Duration(key, value) },
                "validation_window" => policy with { ValidationWindow = Duration(key, value) },
                "actions" => WithActions(policy, key, value),
                _ => throw new PolicyException(rawKey, $"unknown key; known keys are {string.Join(", ", KnownKeys)}"),
            };
        }

        return policy;
    }

    private static string Normalize(string key) => key.Trim().Replace('-', '_').ToLowerInvariant();

    private static ResponsePolicy WithSla(ResponsePolicy policy, string key, object? value, Func<ResponseSla, TimeSpan?, ResponseSla> set)
    {
        var map = Map(key, value);
        var sla = new Dictionary<Priority, ResponseSla>(policy.Sla);
        foreach (var (rawPriority, rawValue) in map)
        {
            var priority = PriorityKey(key, rawPriority);
            var path = $"{key}.{priority}";
            var target = IsNone(rawValue) ? (TimeSpan?)null : Duration(path, rawValue);
            var current = sla.TryGetValue(priority, out var existing) ? existing : new ResponseSla(null, null, null);
            sla[priority] = set(current, target);
        }

        return policy with { Sla = sla };
    }

    private static Dictionary<Priority, TimeSpan> PerPriority(IReadOnlyDictionary<Priority, TimeSpan> current, string key, object? value)
    {
        var result = new Dictionary<Priority, TimeSpan>(current);
        if (value is string)
        {
            var duration = Duration(key, value);
            var priorities = result.Count == 0 ? Enum.GetValues<Priority>() : [.. result.Keys];
            foreach (var priority in priorities)
            {
                result[priority] = duration;
            }

            return result;
        }

        foreach (var (rawPriority, rawValue) in Map(key, value))
        {
            var priority = PriorityKey(key, rawPriority);
            if (IsNone(rawValue))
            {
                result.Remove(priority);
            }
            else
            {
                result[priority] = Duration($"{key}.{priority}", rawValue);
            }
        }

        return result;
    }

    private static TimeSpan ExecutiveAfter(string key, object? value)
    {
        if (value is not IReadOnlyDictionary<string, object?> map)
        {
            return Duration(key, value);
        }

        // The seed's executive trigger is P0-only, so a per-priority form may name P0 alone.
        if (map.Count != 1 || !string.Equals(map.Keys.Single().Trim(), "P0", StringComparison.OrdinalIgnoreCase))
        {
            throw new PolicyException(key, "executive notification applies to P0 only; give one duration, e.g. 2h, or {P0: 2h}");
        }

        return Duration($"{key}.P0", map.Values.Single());
    }

    private static ResponsePolicy WithActions(ResponsePolicy policy, string key, object? value)
    {
        foreach (var (rawHorizon, rawValue) in Map(key, value))
        {
            var horizon = Normalize(rawHorizon);
            var path = $"{key}.{horizon}";
            policy = horizon switch
            {
                "immediate" => policy with { ImmediateActions = Positive(path, rawValue) },
                "short_term" => policy with { ShortTermActions = Positive(path, rawValue) },
                "long_term" => policy with { LongTermActions = Positive(path, rawValue) },
                _ => throw new PolicyException($"{key}.{rawHorizon}", "unknown horizon; use immediate, short_term or long_term"),
            };
        }

        return policy;
    }

    private static IReadOnlyDictionary<string, object?> Map(string key, object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> map => map,
        null => throw new PolicyException(key, "a value is required, e.g. {P0: 2h, P1: 4h}"),
        _ => throw new PolicyException(key, "expected a map of priorities to durations, e.g. {P0: 2h, P1: 4h}"),
    };

    private static Priority PriorityKey(string key, string raw)
    {
        var trimmed = raw.Trim();
        if (trimmed.Length == 2 && (trimmed[0] == 'P' || trimmed[0] == 'p') && trimmed[1] is >= '0' and <= '3')
        {
            return (Priority)(trimmed[1] - '0');
        }

        throw new PolicyException($"{key}.{raw}", "unknown priority; use P0, P1, P2 or P3");
    }

    private static bool IsNone(object? value) =>
        value is string text && (string.Equals(text.Trim(), "none", StringComparison.OrdinalIgnoreCase) || text.Trim() == "-");

    private static TimeSpan Duration(string path, object? value)
    {
        if (value is not string text)
        {
            throw new PolicyException(path, value is null
                ? "a duration is required, e.g. 15m, 2h or 1d"
                : "expected a duration such as 15m, 2h or 1d, not a list or map");
        }

        if (!DurationParser.TryParse(text, out var duration, out var error))
        {
            throw new PolicyException(path, error);
        }

        return duration;
    }

    private static TimeSpan Positive(string path, object? value)
    {
        var duration = Duration(path, value);
        return duration > TimeSpan.Zero ? duration : throw new PolicyException(path, "must be longer than zero");
    }
}
