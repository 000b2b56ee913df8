using System.Globalization;

namespace Firebreak.Core;

/// <summary>Reads the oncall: section of firebreak.yaml (a tree of dictionaries, lists and strings) into an <see cref="OnCallSchedule"/>.</summary>
/// <remarks>
/// <code>
/// oncall:
///   rotations:
///     primary: {time_zone: Europe/Berlin, start: 2026-11-02, handoff: "09:00", shift: 1w, members: [Alex, Sam]}
///     business: {time_zone: Europe/Berlin, start: 2026-11-02, shift: 1d, members: [Kim], hours: "09:00-17:00", days: mon-fri}
///   roles:
///     tier1: {layers: [primary, business], backup: Jordan}   # or just a list of rotations
///   components:
///     checkout: {tier2: {layers: [checkout-owners], backup: Dana}}
///   overrides: [{rotation: primary, person: Sam, from: 2026-11-03T09:00:00+01:00, to: 2026-11-04T09:00:00+01:00}]
///   unavailable: [Alex, {person: Sam, from: ..., to: ...}]
/// </code>
/// <c>handoff</c> defaults to 09:00 and <c>shift</c> to one week; <c>days</c> is a list or a range of mon..sun. Instants
/// must carry an offset or Z. Role keys: tier1, tier2, tier3, incident_commander, technical_lead, communications,
/// management, executive, security, legal, deployment_manager (or the role's full name).
/// </remarks>
public static class OnCallParser
{
    /// <summary>The default handoff time: 09:00 local.</summary>
    public static TimeOnly DefaultHandoff { get; } = new(9, 0);

    /// <summary>The default shift length: one week.</summary>
    public static TimeSpan DefaultShift { get; } = TimeSpan.FromDays(7);

    /// <summary>The role keys oncall.roles accepts, with the role each names.</summary>
    public static IReadOnlyDictionary<string, string> RoleKeys { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["tier1"] = Roles.Tier1OnCall,
        ["tier2"] = Roles.Tier2ComponentOwner,
        ["tier3"] = Roles.Tier3Architect,
        ["incident_commander"] = Roles.IncidentCommander,
        ["technical_lead"] = Roles.TechnicalLead,
        ["communications"] = Roles.CommunicationsLead,
        ["management"] = Roles.Management,
        ["executive"] = Roles.Executive,
        ["security"] = Roles.SecurityLead,
        ["legal"] = Roles.Legal,
        ["deployment_manager"] = Roles.DeploymentManager,
    };

    private static readonly string[] SectionKeys = ["rotations", "roles", "components", "overrides", "unavailable"];
    private static readonly string[] RotationKeys = ["time_zone", "start", "handoff", "shift", "members", "hours", "days"];

    /// <summary>Parses the section; throws <see cref="OnCallException"/> naming the key path on any unknown key or bad value.</summary>
    public static OnCallSchedule Parse(IReadOnlyDictionary<string, object?>? section)
    {
        if (section is null || section.Count == 0)
        {
            return OnCallSchedule.Empty;
        }

        foreach (var key in section.Keys.Where(k => !SectionKeys.Contains(Normalize(k))))
        {
            throw new OnCallException(key, $"unknown key; known keys are {string.Join(", ", SectionKeys)}");
        }

        var rotations = new List<Rotation>();
        foreach (var (name, value) in Map(section, "rotations"))
        {
            rotations.Add(ParseRotation(name, value));
        }

        var known = rotations.Select(r => r.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var roles = ParseRoles("roles", Map(section, "roles"), known);
        var components = new Dictionary<string, IReadOnlyList<RoleSchedule>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (component, value) in Map(section, "components"))
        {
            components[component.Trim()] = ParseRoles($"components.{component}", AsMap($"components.{component}", value), known);
        }

        var overrides = new List<RotationOverride>();
        var index = 0;
        foreach (var item in List(section, "overrides"))
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"overrides.{index++}");
            var entry = AsMap(path, item);
            var rotation = Text($"{path}.rotation", Get(entry, "rotation"));
            if (!known.Contains(rotation))
            {
                throw new OnCallException($"{path}.rotation", $"rotation {rotation} is not defined under oncall.rotations");
            }

            var from = Instant($"{path}.from", Get(entry, "from"));
            var to = Instant($"{path}.to", Get(entry, "to"));
            if (to <= from)
            {
                throw new OnCallException($"{path}.to", "must be after from");
            }

            overrides.Add(new RotationOverride(rotation, Text($"{path}.person", Get(entry, "person")), from, to));
        }

        var unavailable = new List<Unavailability>();
        index = 0;
        foreach (var item in List(section, "unavailable"))
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"unavailable.{index++}");
            if (item is string person)
            {
                unavailable.Add(new Unavailability(Text(path, person)));
                continue;
            }

            var entry = AsMap(path, item);
            var from = Get(entry, "from") is { } f ? Instant($"{path}.from", f) : (DateTimeOffset?)null;
            var to = Get(entry, "to") is { } t ? Instant($"{path}.to", t) : (DateTimeOffset?)null;
            if (from is { } a && to is { } b && b <= a)
            {
                throw new OnCallException($"{path}.to", "must be after from");
            }

            unavailable.Add(new Unavailability(Text($"{path}.person", Get(entry, "person")), from, to));
        }

        return new OnCallSchedule(rotations, roles, components, overrides, unavailable);
    }

    private static Rotation ParseRotation(string name, object? value)
    {
        var path = $"rotations.{name}";
        var map = AsMap(path, value);
        foreach (var key in map.Keys.Where(k => !RotationKeys.Contains(Normalize(k))))
        {
            throw new OnCallException($"{path}.{key}", $"unknown key; known keys are {string.Join(", ", RotationKeys)}");
        }

        var zoneId = Text($"{path}.time_zone", Get(map, "time_zone"));
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new OnCallException($"{path}.time_zone", $"'{zoneId}' is not a known IANA time zone, e.g. Europe/Berlin or America/New_York");
        }

        var startText = Text($"{path}.start", Get(map, "start"));
        if (!DateOnly.TryParseExact(startText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            throw new OnCallException($"{path}.start", $"'{startText}' is not a date; use yyyy-MM-dd, the local date of the first handoff");
        }

        var handoff = Get(map, "handoff") is { } h ? Time($"{path}.handoff", h) : DefaultHandoff;
        var shift = DefaultShift;
        if (Get(map, "shift") is { } s)
        {
            var shiftText = Text($"{path}.shift", s);
            if (!DurationParser.TryParse(shiftText, out shift, out var error))
            {
                throw new OnCallException($"{path}.shift", error);
            }

            if (shift < Rotation.MinimumShift || shift.Ticks % TimeSpan.TicksPerMinute != 0)
            {
                throw new OnCallException($"{path}.shift", $"must be whole minutes and at least {DurationParser.Format(Rotation.MinimumShift)}");
            }
        }

        var members = Strings($"{path}.members", Get(map, "members"));
        if (members.Count == 0)
        {
            throw new OnCallException($"{path}.members", "a rotation needs at least one member");
        }

        var duplicate = members.GroupBy(m => m, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new OnCallException($"{path}.members", $"{duplicate.Key} is listed twice");
        }

        ActiveHours? active = null;
        if (Get(map, "hours") is not null || Get(map, "days") is not null)
        {
            var (from, to) = Get(map, "hours") is { } hours ? Window($"{path}.hours", hours) : (TimeOnly.MinValue, TimeOnly.MinValue);
            var days = Get(map, "days") is { } d ? Days($"{path}.days", d) : Enum.GetValues<DayOfWeek>().ToHashSet();
            active = new ActiveHours(from, to, days);
        }

        return new Rotation(name, zone, start, handoff, shift, members, active);
    }

    private static List<RoleSchedule> ParseRoles(string path, IReadOnlyDictionary<string, object?> map, HashSet<string> known)
    {
        var result = new List<RoleSchedule>();
        foreach (var (key, value) in map)
        {
            var rolePath = $"{path}.{key}";
            var role = RoleKeys.TryGetValue(Normalize(key), out var byKey)
                ? byKey
                : RoleKeys.Values.FirstOrDefault(r => string.Equals(r, key.Trim(), StringComparison.OrdinalIgnoreCase))
                    ?? throw new OnCallException(rolePath, $"unknown role; use {string.Join(", ", RoleKeys.Keys)}");
            if (result.Any(r => r.Role == role))
            {
                throw new OnCallException(rolePath, $"{role} is given twice");
            }

            List<string> layers;
            string? backup = null;
            if (value is IReadOnlyDictionary<string, object?> entry)
            {
                foreach (var extra in entry.Keys.Where(k => Normalize(k) is not ("layers" or "backup")))
                {
                    throw new OnCallException($"{rolePath}.{extra}", "unknown key; use layers and backup");
                }

                layers = Get(entry, "layers") is { } l ? Strings($"{rolePath}.layers", l) : [];
                backup = Get(entry, "backup") is { } b ? Text($"{rolePath}.backup", b) : null;
            }
            else
            {
                layers = Strings(rolePath, value);
            }

            foreach (var layer in layers.Where(l => !known.Contains(l)))
            {
                throw new OnCallException($"{rolePath}.layers", $"rotation {layer} is not defined under oncall.rotations");
            }

            if (layers.Count == 0 && backup is null)
            {
                throw new OnCallException(rolePath, "a role needs layers (rotation names) or a backup");
            }

            result.Add(new RoleSchedule(role, layers, backup));
        }

        return result;
    }

    private static string Normalize(string key) => key.Trim().Replace('-', '_').ToLowerInvariant();

    private static object? Get(IReadOnlyDictionary<string, object?> map, string key) =>
        map.FirstOrDefault(kv => Normalize(kv.Key) == key).Value;

    private static IReadOnlyDictionary<string, object?> Map(IReadOnlyDictionary<string, object?> parent, string key) =>
        Get(parent, key) is { } value ? AsMap(key, value) : new Dictionary<string, object?>();

    private static IReadOnlyDictionary<string, object?> AsMap(string path, object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> map => map,
        null => new Dictionary<string, object?>(),
        _ => throw new OnCallException(path, "expected a mapping of keys"),
    };

    private static IReadOnlyList<object?> List(IReadOnlyDictionary<string, object?> parent, string key) => Get(parent, key) switch
    {
        null => [],
        IReadOnlyList<object?> list => list,
        _ => throw new OnCallException(key, "expected a list"),
    };

    private static string Text(string path, object? value) => value switch
    {
        string text when !string.IsNullOrWhiteSpace(text) => text.Trim(),
        null or string => throw new OnCallException(path, "a value is required"),
        _ => throw new OnCallException(path, "expected a single value, not a list or mapping"),
    };

    private static List<string> Strings(string path, object? value) => value switch
    {
        string one => [Text(path, one)],
        IReadOnlyList<object?> list => [.. list.Select(item => Text(path, item))],
        null => [],
        _ => throw new OnCallException(path, "expected a list of names"),
    };

    private static TimeOnly Time(string path, object? value)
    {
        var text = Text(path, value);
        return TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new OnCallException(path, $"'{text}' is not a time of day; use HH:mm, e.g. 09:00 or 00:00 for midnight");
    }

    private static (TimeOnly From, TimeOnly To) Window(string path, object? value)
    {
        var text = Text(path, value);
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
        {
            throw new OnCallException(path, $"'{text}' is not a window; use HH:mm-HH:mm, e.g. 09:00-17:00");
        }

        var from = Time(path, parts[0]);
        var to = parts[1] is "24:00" ? TimeOnly.MinValue : Time(path, parts[1]);
        return from == to && from != TimeOnly.MinValue
            ? throw new OnCallException(path, $"'{text}' is empty; use 00:00-24:00 for the whole day")
            : (from, to);
    }

    private static HashSet<DayOfWeek> Days(string path, object? value)
    {
        List<string> names = value is string text && text.Contains('-', StringComparison.Ordinal) ? [text] : Strings(path, value);
        var days = WeekDays.Expand(names, name => new OnCallException(path, $"'{name}' is not a day; {WeekDays.Expected}"));
        return days.Count > 0 ? days : throw new OnCallException(path, "at least one day is needed");
    }

    private static DateTimeOffset Instant(string path, object? value)
    {
        var text = Text(path, value);
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            || !(text.EndsWith('Z') || text.EndsWith('z') || HasOffset(text)))
        {
            throw new OnCallException(path, $"'{text}' is not a moment with an offset; use e.g. 2026-11-03T09:00:00+01:00 or 2026-11-03T08:00:00Z");
        }

        return instant;
    }

    private static bool HasOffset(string text)
    {
        var t = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        return t > 0 && text.AsSpan(t).IndexOfAny('+', '-') > 0;
    }
}
