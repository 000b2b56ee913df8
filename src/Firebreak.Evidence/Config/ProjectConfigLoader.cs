using System.Globalization;
using Firebreak.Core;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Firebreak.Evidence;

/// <summary>Reads firebreak.yaml from a project directory.</summary>
public static class ProjectConfigLoader
{
    /// <summary>The configuration file's name.</summary>
    public const string FileName = "firebreak.yaml";

    // A policy tree larger than this is an alias bomb, not a configuration.
    private const int MaxTreeNodes = 10_000;

    private static readonly string[] DefaultRunbookGlobs = ["runbooks/*.md", "deployment/runbook-*.md"];

    /// <summary>Loads the configuration; a missing file gives the defaults, a malformed one throws <see cref="ConfigException"/> with the line.</summary>
    public static ProjectConfig Load(string projectDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectDirectory);
        var directory = Path.GetFullPath(projectDirectory);
        var defaultName = Path.GetFileName(directory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return Defaults(directory, defaultName);
        }

        // Only a regular file of bounded size: a named pipe would block forever, /dev/zero would never end.
        var problems = new List<EvidenceWarning>();
        if (BoundedFile.ReadText(path, FileName, InputLimits.ConfigBytes, problems) is not { } text)
        {
            var reason = problems.Count > 0 ? problems[0].Message : "cannot be read";
            throw new ConfigException(reason.StartsWith("skipped: it ", StringComparison.Ordinal) ? reason["skipped: it ".Length..] : reason);
        }

        return Parse(directory, defaultName, text);
    }

    /// <summary>Parses firebreak.yaml text for the project in <paramref name="projectDirectory"/>.</summary>
    public static ProjectConfig Parse(string projectDirectory, string defaultServiceName, string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            // The representation model recurses once per level: measure the depth first, so a hostile file cannot overflow the stack.
            CheckDepth(yaml);
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ConfigException(ShortMessage(e), LineOf(e.Start));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // The representation model sometimes fails without a position: find it by replaying the raw events.
            throw new ConfigException("not valid YAML: " + e.Message, LineOfParseFailure(yaml));
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return Defaults(projectDirectory, defaultServiceName) with { HasConfigFile = true };
        }

        var root = stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new ConfigException("the top level must be a mapping of keys (service:, components:, ...)", LineOf(stream.Documents[0].RootNode.Start));

        var profile = new ServiceProfile(
            OptionalString(root, "service") ?? defaultServiceName,
            OptionalLong(root, "users"),
            ReadSlo(root),
            ReadComponents(root),
            ReadPeople(root));

        var policy = DefaultPolicy.Instance;
        var warnings = new List<EvidenceWarning>();
        if (Child(root, "policy") is { } policyNode && !IsNull(policyNode))
        {
            var tree = ToTree(policyNode) as IReadOnlyDictionary<string, object?>
                ?? throw new ConfigException("policy must be a mapping", LineOf(policyNode.Start));
            var ignored = new List<string>();
            try
            {
                policy = PolicyOverrides.Apply(DefaultPolicy.Instance, tree, ignored);
            }
            catch (PolicyException e)
            {
                throw new ConfigException(e.Message, LineOf(NodeAt(policyNode, e.Path).Start));
            }

            // An unknown setting is reported, not fatal: the incident still gets a response, and the person sees the typo.
            warnings.AddRange(ignored.Select(key => new EvidenceWarning(
                $"firebreak.yaml line {LineOf(NodeAt(policyNode, key).Start)}",
                $"policy.{key} is not a known setting and was ignored (known: {string.Join(", ", PolicyOverrides.KnownSettings)})")));
        }

        return new ProjectConfig(projectDirectory, profile, ReadEvidence(root), ReadMitigation(root), policy)
        {
            HasConfigFile = true,
            Warnings = warnings,
            OnCall = ReadOnCall(root, profile.People),
            Reasoning = ReadReasoning(root),
            Notify = ReadNotify(root),
            Review = ReadLearning(root, "review", LearningSettingsParser.ParseReview),
            Recurrence = ReadLearning(root, "recurrence", LearningSettingsParser.ParseRecurrence),
        };
    }

    private static T ReadLearning<T>(YamlMappingNode root, string key, Func<IReadOnlyDictionary<string, object?>?, T> parse)
    {
        if (Child(root, key) is not { } node || IsNull(node))
        {
            return parse(null);
        }

        var tree = ToTree(node) as IReadOnlyDictionary<string, object?>
            ?? throw new ConfigException($"{key} must be a mapping", LineOf(node.Start));
        try
        {
            return parse(tree);
        }
        catch (LearningSettingsException e)
        {
            throw new ConfigException(e.Message, LineOf(PathNode(node, e.Path[(key.Length + 1)..]).Start));
        }
    }

    private static OnCallSchedule ReadOnCall(YamlMappingNode root, PeopleDirectory people)
    {
        var schedule = OnCallSchedule.Empty;
        if (Child(root, "oncall") is { } node && !IsNull(node))
        {
            var tree = ToTree(node) as IReadOnlyDictionary<string, object?>
                ?? throw new ConfigException("oncall must be a mapping (rotations:, roles:, ...)", LineOf(node.Start));
            try
            {
                schedule = OnCallParser.Parse(tree);
            }
            catch (OnCallException e)
            {
                throw new ConfigException(e.Message, LineOf(PathNode(node, e.Path).Start));
            }
        }

        // people.unavailable holds for the schedules too.
        return people.Unavailable.Count == 0 ? schedule : schedule.WithUnavailable(people.Unavailable.Select(p => new Unavailability(p)));
    }

    private static NotifySettings ReadNotify(YamlMappingNode root)
    {
        if (Child(root, "notify") is not { } node || IsNull(node))
        {
            return NotifySettings.None;
        }

        var tree = ToTree(node) as IReadOnlyDictionary<string, object?>
            ?? throw new ConfigException("notify must be a mapping (webhook:, email:, delivery:)", LineOf(node.Start));
        try
        {
            return NotifyParser.Parse(tree);
        }
        catch (NotifyException e)
        {
            throw new ConfigException(e.Message, LineOf(PathNode(node, e.Path).Start));
        }
    }

    /// <summary>The node at a dotted path whose parts are mapping keys or list indexes (overrides.0.from), as deep as it exists.</summary>
    private static YamlNode PathNode(YamlNode start, string path)
    {
        var node = start;
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            YamlNode? next = node switch
            {
                YamlMappingNode map => map.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: { } k }
                    && string.Equals(k.Trim().Replace('-', '_'), part.Replace('-', '_'), StringComparison.OrdinalIgnoreCase)).Value,
                YamlSequenceNode list when int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < list.Children.Count => list.Children[i],
                _ => null,
            };
            if (next is null)
            {
                break;
            }

            node = next;
        }

        return node;
    }

    /// <summary>
    /// firebreak.yaml <c>reasoning:</c>: the weights and thresholds a user may tune (docs/reasoning.md). Unknown keys and
    /// out-of-range values are refused with their line.
    /// </summary>
    private static ReasoningOptions ReadReasoning(YamlMappingNode root)
    {
        var options = ReasoningOptions.Default;
        if (OptionalMapping(root, "reasoning") is not { } map)
        {
            return options;
        }

        var changes = options.Changes;
        var ranking = options.Ranking;
        var scope = options.Scope;
        var signals = options.Signals;
        var confidence = options.Confidence;
        var runbooks = options.Runbooks;
        foreach (var (k, value) in map.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? string.Empty;
            double Number() =>
                value is YamlScalarNode { Value: { } t } && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                    ? d
                    : throw new ConfigException($"reasoning.{key} must be a number", LineOf(value.Start));
            TimeSpan Span() => Duration(value, "reasoning." + key);

            // Each options record checks its own range (OptionGuard); its reason becomes the one line with the key and the line.
            try
            {
                switch (key)
                {
                    case "blame_threshold": ranking = ranking with { BlameThreshold = Number() }; break;
                    case "blame_margin": ranking = ranking with { BlameMargin = Number() }; break;
                    case "established_at": ranking = ranking with { EstablishedAt = Number() }; break;
                    case "unknown_below": ranking = ranking with { UnknownBelow = Number() }; break;
                    case "change_decay": changes = changes with { Decay = Span() }; break;
                    case "mechanism_decay": changes = changes with { MechanismDecay = Span() }; break;
                    case "clock_tolerance": changes = changes with { Tolerance = Span() }; break;
                    case "availability_error_ratio": scope = scope with { AvailabilityErrorRatio = Number() }; break;
                    case "outage_error_ratio": scope = scope with { OutageErrorRatio = Number() }; break;
                    case "severe_error_ratio": scope = scope with { SevereErrorRatio = Number() }; break;
                    case "metric_history": options = options with { MetricHistory = Span() }; break;
                    case "onset_reach": signals = signals with { OnsetReach = Span() }; break;
                    case "surge_ratio": signals = signals with { SurgeRatio = Number() }; break;
                    case "gradual_rise": signals = signals with { GradualRise = Span() }; break;
                    case "confidence_high": confidence = confidence with { HighAbove = Number() }; break;
                    case "confidence_medium": confidence = confidence with { MediumFrom = Number() }; break;
                    case "runbook_match": runbooks = runbooks with { MatchFrom = Number() }; break;
                    default:
                        throw new ConfigException($"reasoning.{key} is not a known setting (known: {string.Join(", ", ReasoningKeys)})", LineOf(k.Start));
                }
            }
            catch (ArgumentException e)
            {
                throw new ConfigException($"reasoning.{key} {e.Message}", LineOf(value.Start));
            }
        }

        if (confidence.MediumFrom > confidence.HighAbove)
        {
            throw new ConfigException("reasoning.confidence_medium must not be above reasoning.confidence_high", LineOf(map.Start));
        }

        return options with { Changes = changes, Ranking = ranking, Scope = scope, Signals = signals, Confidence = confidence, Runbooks = runbooks };
    }

    /// <summary>The keys of firebreak.yaml's <c>reasoning:</c> section (docs/reasoning.md §10).</summary>
    private static readonly string[] ReasoningKeys =
    [
        "blame_threshold", "blame_margin", "established_at", "unknown_below", "change_decay", "mechanism_decay", "clock_tolerance",
        "availability_error_ratio", "outage_error_ratio", "severe_error_ratio", "metric_history", "onset_reach", "surge_ratio",
        "gradual_rise", "confidence_high", "confidence_medium", "runbook_match",
    ];

    private static ProjectConfig Defaults(string directory, string service) =>
        new(directory, ServiceProfile.Unknown with { Service = string.IsNullOrEmpty(service) ? "unknown" : service },
            EvidenceSources.Default, MitigationCommands.None, DefaultPolicy.Instance);

    private static SloTargets ReadSlo(YamlMappingNode root)
    {
        if (OptionalMapping(root, "slo") is not { } slo)
        {
            return SloTargets.None;
        }

        var availability = OptionalDouble(slo, "availability");
        if (availability is { } a && (a <= 0 || a > 100))
        {
            throw new ConfigException($"slo.availability must be a percentage in (0, 100], not {a.ToString(CultureInfo.InvariantCulture)}", LineOf(Child(slo, "availability")!.Start));
        }

        var latency = OptionalDouble(slo, "latency_p95_ms");
        if (latency is { } l && l <= 0)
        {
            throw new ConfigException("slo.latency_p95_ms must be positive", LineOf(Child(slo, "latency_p95_ms")!.Start));
        }

        return new SloTargets(availability, latency);
    }

    private static List<ComponentInfo> ReadComponents(YamlMappingNode root)
    {
        var components = new List<ComponentInfo>();
        if (OptionalSequence(root, "components") is not { } list)
        {
            return components;
        }

        foreach (var item in list)
        {
            if (item is not YamlMappingNode c)
            {
                throw new ConfigException("each component must be a mapping with at least a name", LineOf(item.Start));
            }

            var name = OptionalString(c, "name");
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ConfigException("a component has no name", LineOf(c.Start));
            }

            components.Add(new ComponentInfo(
                name,
                OptionalString(c, "owner"),
                OptionalString(c, "backup"),
                StringList(c, "paths"),
                OptionalBool(c, "critical") ?? false,
                StringList(c, "depends_on")));
        }

        return components;
    }

    private static PeopleDirectory ReadPeople(YamlMappingNode root)
    {
        if (OptionalMapping(root, "people") is not { } p)
        {
            return PeopleDirectory.Empty;
        }

        return new PeopleDirectory(
            StringList(p, "oncall"),
            StringList(p, "incident_commanders"),
            StringList(p, "communications"),
            StringList(p, "architects"),
            StringList(p, "management"),
            StringList(p, "executives"),
            StringList(p, "security"),
            StringList(p, "legal"),
            StringList(p, "deployment_managers"),
            new HashSet<string>(StringList(p, "unavailable"), StringComparer.OrdinalIgnoreCase));
    }

    private static EvidenceSources ReadEvidence(YamlMappingNode root)
    {
        var defaults = EvidenceSources.Default;
        if (OptionalMapping(root, "evidence") is not { } e)
        {
            return defaults;
        }

        var metrics = new List<MetricSource>();
        if (OptionalSequence(e, "metrics") is { } metricList)
        {
            foreach (var item in metricList)
            {
                if (item is YamlScalarNode { Value: { Length: > 0 } bare })
                {
                    metrics.Add(new MetricSource(bare, KindFromFileName(bare), null));
                    continue;
                }

                if (item is not YamlMappingNode m)
                {
                    throw new ConfigException("each evidence.metrics entry must be a mapping {file, kind, component}", LineOf(item.Start));
                }

                var file = OptionalString(m, "file");
                if (string.IsNullOrWhiteSpace(file))
                {
                    throw new ConfigException("an evidence.metrics entry has no file", LineOf(m.Start));
                }

                metrics.Add(new MetricSource(file, OptionalString(m, "kind") ?? KindFromFileName(file), OptionalString(m, "component"), OptionalString(m, "name")));
            }
        }

        Uri? prometheusUrl = null;
        var queries = new List<PrometheusQuery>();
        var step = EvidenceSources.DefaultPrometheusStep;
        var window = EvidenceSources.DefaultPrometheusWindow;
        if (OptionalMapping(e, "prometheus") is { } prom)
        {
            if (Child(prom, "step") is { } stepNode)
            {
                step = Duration(stepNode, "evidence.prometheus.step");
            }

            if (Child(prom, "window") is { } windowNode)
            {
                window = Duration(windowNode, "evidence.prometheus.window");
            }

            if (OptionalString(prom, "url") is { } url)
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out prometheusUrl) || (prometheusUrl.Scheme != Uri.UriSchemeHttp && prometheusUrl.Scheme != Uri.UriSchemeHttps))
                {
                    throw new ConfigException($"evidence.prometheus.url is not an http(s) URL: {url}", LineOf(Child(prom, "url")!.Start));
                }
            }

            if (OptionalSequence(prom, "queries") is { } qs)
            {
                foreach (var item in qs)
                {
                    if (item is not YamlMappingNode q || OptionalString(q, "query") is not { Length: > 0 } query)
                    {
                        throw new ConfigException("each evidence.prometheus.queries entry needs a query", LineOf(item.Start));
                    }

                    var name = OptionalString(q, "name") ?? query;
                    queries.Add(new PrometheusQuery(name, query, OptionalString(q, "kind") ?? KindFromFileName(name), OptionalString(q, "component")));
                }
            }
        }

        var runbooks = StringListOrNull(e, "runbooks");
        return new EvidenceSources(
            StringListOrNull(e, "logs") ?? defaults.LogGlobs,
            metrics,
            StringListOrNull(e, "alerts") ?? defaults.AlertGlobs,
            OptionalString(e, "deployments") ?? defaults.Deployments,
            runbooks ?? [.. DefaultRunbookGlobs])
        {
            PrometheusUrl = prometheusUrl,
            PrometheusQueries = queries,
            PrometheusStep = step,
            PrometheusWindow = window,
        };
    }

    /// <summary>Guesses a metric's kind from its file name when the configuration does not say.</summary>
    internal static string KindFromFileName(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file).ToLowerInvariant();
        return name switch
        {
            _ when name.Contains("error", StringComparison.Ordinal) => "error_rate",
            _ when name.Contains("latency", StringComparison.Ordinal) || name.Contains("duration", StringComparison.Ordinal) => "latency_p95_ms",
            _ when name.Contains("availability", StringComparison.Ordinal) => "availability",
            _ when name.Contains("requests", StringComparison.Ordinal) || name.Contains("throughput", StringComparison.Ordinal) || name.Contains("rps", StringComparison.Ordinal) => "throughput",
            _ when name.Contains("utilization", StringComparison.Ordinal) || name.Contains("saturation", StringComparison.Ordinal) || name.Contains("usage", StringComparison.Ordinal) => "saturation",
            _ => "unknown",
        };
    }

    private static MitigationCommands ReadMitigation(YamlMappingNode root)
    {
        if (OptionalMapping(root, "mitigation") is not { } m)
        {
            return MitigationCommands.None;
        }

        var commands = new Dictionary<MitigationStrategy, IReadOnlyList<string>>();
        var validation = MitigationCommands.None.ValidationWindow;
        var timeout = MitigationCommands.None.CommandTimeout;
        foreach (var (keyNode, value) in m.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                throw new ConfigException("mitigation keys must be plain names (rollback:, hotfix:, timeout:, ...), not a list or mapping", LineOf(keyNode.Start));
            }

            switch (key.Replace('-', '_').ToLowerInvariant())
            {
                case "validation_window":
                    validation = Duration(value, "mitigation.validation_window");
                    break;
                case "timeout":
                    timeout = Duration(value, "mitigation.timeout");
                    break;
                case "rollback":
                    commands[MitigationStrategy.Rollback] = Command(value, key);
                    break;
                case "hotfix":
                    commands[MitigationStrategy.Hotfix] = Command(value, key);
                    break;
                case "config_change":
                    commands[MitigationStrategy.ConfigChange] = Command(value, key);
                    break;
                case "workaround":
                    commands[MitigationStrategy.Workaround] = Command(value, key);
                    break;
                case "scaling":
                    commands[MitigationStrategy.Scaling] = Command(value, key);
                    break;
                default:
                    // Unknown keys are tolerated: the kit may be extended by newer versions.
                    break;
            }
        }

        return new MitigationCommands(commands, validation, timeout);
    }

    private static List<string> Command(YamlNode node, string key)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                try
                {
                    var args = CommandLineSplitter.Split(scalar.Value ?? string.Empty);
                    return args.Count == 0 ? throw new ConfigException($"mitigation.{key} is empty", LineOf(node.Start)) : args;
                }
                catch (FormatException e)
                {
                    throw new ConfigException($"mitigation.{key}: {e.Message}", LineOf(node.Start));
                }

            case YamlSequenceNode list:
                var result = list.Select(item => item is YamlScalarNode { Value: { } v }
                    ? v
                    : throw new ConfigException($"mitigation.{key} must be a list of strings", LineOf(item.Start))).ToList();
                return result.Count == 0 ? throw new ConfigException($"mitigation.{key} is empty", LineOf(node.Start)) : result;
            default:
                throw new ConfigException($"mitigation.{key} must be a command string or a list of arguments", LineOf(node.Start));
        }
    }

    private static TimeSpan Duration(YamlNode node, string what)
    {
        if (node is YamlScalarNode { Value: { } text } && DurationParser.TryParse(text, out var value, out _) && value > TimeSpan.Zero)
        {
            return value;
        }

        throw new ConfigException($"{what} must be a positive duration such as 15m, 2h or 90s", LineOf(node.Start));
    }

    // ---- typed accessors: every type error names the key and the line ----

    private static YamlNode? Child(YamlMappingNode map, string key)
    {
        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && string.Equals(name, key, StringComparison.Ordinal))
            {
                return v;
            }
        }

        return null;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static string? OptionalString(YamlMappingNode map, string key)
    {
        var node = Child(map, key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        return node is YamlScalarNode { Value: { } value }
            ? value
            : throw new ConfigException($"{key} must be a single value, not a list or mapping", LineOf(node.Start));
    }

    private static long? OptionalLong(YamlMappingNode map, string key)
    {
        var text = OptionalString(map, key);
        if (text is null)
        {
            return null;
        }

        var cleaned = text.Replace("_", string.Empty, StringComparison.Ordinal).Replace(",", string.Empty, StringComparison.Ordinal);
        return long.TryParse(cleaned, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new ConfigException($"{key} must be a whole number, not '{text}'", LineOf(Child(map, key)!.Start));
    }

    private static double? OptionalDouble(YamlMappingNode map, string key)
    {
        var text = OptionalString(map, key);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new ConfigException($"{key} must be a number, not '{text}'", LineOf(Child(map, key)!.Start));
    }

    private static bool? OptionalBool(YamlMappingNode map, string key)
    {
        var text = OptionalString(map, key);
        return text?.ToLowerInvariant() switch
        {
            null => null,
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw new ConfigException($"{key} must be true or false, not '{text}'", LineOf(Child(map, key)!.Start)),
        };
    }

    private static YamlMappingNode? OptionalMapping(YamlMappingNode map, string key)
    {
        var node = Child(map, key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        return node as YamlMappingNode ?? throw new ConfigException($"{key} must be a mapping", LineOf(node.Start));
    }

    private static YamlSequenceNode? OptionalSequence(YamlMappingNode map, string key)
    {
        var node = Child(map, key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        return node as YamlSequenceNode ?? throw new ConfigException($"{key} must be a list", LineOf(node.Start));
    }

    private static List<string> StringList(YamlMappingNode map, string key) => StringListOrNull(map, key) ?? [];

    private static List<string>? StringListOrNull(YamlMappingNode map, string key)
    {
        var node = Child(map, key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        // A single string is accepted where a list is expected: `oncall: Alex Kim`.
        if (node is YamlScalarNode { Value: { } single })
        {
            return [single];
        }

        if (node is not YamlSequenceNode list)
        {
            throw new ConfigException($"{key} must be a list of strings", LineOf(node.Start));
        }

        return list.Select(item => item is YamlScalarNode { Value: { } v }
            ? v
            : throw new ConfigException($"{key} must be a list of strings", LineOf(item.Start))).ToList();
    }

    private static object? ToTree(YamlNode policy)
    {
        var count = 0;
        return ToTree(policy, ref count, 0, LineOf(policy.Start));
    }

    private static object? ToTree(YamlNode node, ref int count, int depth, int? policyLine)
    {
        if (++count > MaxTreeNodes || depth > 64)
        {
            throw new ConfigException("policy is too large or too deeply nested (alias expansion?)", policyLine);
        }

        switch (node)
        {
            case YamlScalarNode scalar:
                return IsNull(scalar) ? null : scalar.Value;
            case YamlSequenceNode list:
                var items = new List<object?>();
                foreach (var item in list)
                {
                    items.Add(ToTree(item, ref count, depth + 1, policyLine));
                }

                return items;
            case YamlMappingNode map:
                var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (k, v) in map.Children)
                {
                    if (k is not YamlScalarNode { Value: { } key })
                    {
                        throw new ConfigException("policy keys must be plain names", LineOf(k.Start));
                    }

                    dict[key] = ToTree(v, ref count, depth + 1, policyLine);
                }

                return dict;
            default:
                return null;
        }
    }

    /// <summary>The deepest node along a dotted policy path (e.g. resolve_sla.P0), so an error points at its own line.</summary>
    private static YamlNode NodeAt(YamlNode policy, string path)
    {
        var node = policy;
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (node is not YamlMappingNode map)
            {
                break;
            }

            var next = map.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: { } k }
                && string.Equals(k.Replace('-', '_'), part.Replace('-', '_'), StringComparison.OrdinalIgnoreCase));
            if (next.Key is null)
            {
                break;
            }

            node = next.Value is YamlScalarNode ? next.Key : next.Value;
            if (next.Value is YamlScalarNode)
            {
                break;
            }
        }

        return node;
    }

    /// <summary>Throws when mappings and lists nest deeper than <see cref="InputLimits.ConfigDepth"/>; reads events one by one, without recursion.</summary>
    private static void CheckDepth(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                    if (++depth > InputLimits.ConfigDepth)
                    {
                        throw new ConfigException($"nested more than {InputLimits.ConfigDepth} levels deep", LineOf(parser.Current.Start));
                    }

                    break;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    depth--;
                    break;
            }
        }
    }

    private static int? LineOfParseFailure(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var line = 1;
        try
        {
            while (parser.MoveNext())
            {
                if (parser.Current is { } current)
                {
                    line = (int)current.End.Line;
                }
            }
        }
        catch (YamlException e)
        {
            return LineOf(e.Start) ?? line;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // The scanner gave up after the last complete event.
            return line;
        }

        return line;
    }

    private static int? LineOf(Mark mark) => mark.Line > 0 ? (int)mark.Line : null;

    private static string ShortMessage(YamlException e)
    {
        // YamlDotNet prefixes its messages with "(Line: x, Col: y, Idx: z) - (...): "; the line is reported separately.
        var message = e.Message;
        var dash = message.LastIndexOf("): ", StringComparison.Ordinal);
        return "not valid YAML: " + (dash >= 0 ? message[(dash + 3)..] : message);
    }
}
