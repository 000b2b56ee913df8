using System.Globalization;

namespace Firebreak.Core;

/// <summary>Someone else takes a rotation's shift for a while: within [From, To) <see cref="Person"/> is on call in place of whoever's shift it is.</summary>
public sealed record RotationOverride
{
    /// <summary>Creates the override, throwing <see cref="ArgumentException"/> when it names nobody or ends before it starts.</summary>
    public RotationOverride(string rotation, string person, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rotation);
        ArgumentException.ThrowIfNullOrWhiteSpace(person);
        if (to <= from)
        {
            throw new ArgumentException("an override must end after it starts", nameof(to));
        }

        Rotation = rotation.Trim();
        Person = person.Trim();
        From = from;
        To = to;
    }

    public string Rotation { get; }
    public string Person { get; }
    public DateTimeOffset From { get; }
    public DateTimeOffset To { get; }

    /// <summary>True when the override is in force at <paramref name="instant"/>.</summary>
    public bool Covers(DateTimeOffset instant) => instant >= From && instant < To;
}

/// <summary>A person who cannot be paged: always (From and To null), or within [From, To).</summary>
public sealed record Unavailability
{
    /// <summary>Creates the entry, throwing <see cref="ArgumentException"/> when it names nobody or ends before it starts.</summary>
    public Unavailability(string person, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(person);
        if (from is { } f && to is { } t && t <= f)
        {
            throw new ArgumentException("an unavailability must end after it starts", nameof(to));
        }

        Person = person.Trim();
        From = from;
        To = to;
    }

    public string Person { get; }
    public DateTimeOffset? From { get; }
    public DateTimeOffset? To { get; }

    /// <summary>True when <paramref name="person"/> is unavailable at <paramref name="instant"/> by this entry.</summary>
    public bool Covers(string person, DateTimeOffset instant) =>
        string.Equals(Person, person, StringComparison.OrdinalIgnoreCase) && (From is null || instant >= From) && (To is null || instant < To);
}

/// <summary>Who holds a role: rotations layered bottom to top (a higher layer with someone on shift wins), and a backup.</summary>
public sealed record RoleSchedule
{
    /// <summary>Creates the schedule, throwing <see cref="ArgumentException"/> without a layer or backup.</summary>
    public RoleSchedule(string role, IReadOnlyList<string> layers, string? backup)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0 && string.IsNullOrWhiteSpace(backup))
        {
            throw new ArgumentException("a role needs at least one layer or a backup", nameof(layers));
        }

        Role = role;
        Layers = layers;
        Backup = string.IsNullOrWhiteSpace(backup) ? null : backup.Trim();
    }

    /// <summary>The role's name, one of <see cref="Roles"/>.</summary>
    public string Role { get; }

    /// <summary>Rotation names, lowest layer first.</summary>
    public IReadOnlyList<string> Layers { get; }

    public string? Backup { get; }
}

/// <summary>How an on-call answer was found.</summary>
public enum OnCallSource { Rotation, Override, Backup, Nobody }

/// <summary>Who holds a role at a moment, how that was decided, and whom it skipped.</summary>
public sealed record OnCallAnswer(
    string Role,
    string? Component,
    DateTimeOffset At,
    string? Person,
    OnCallSource Source,
    string? Rotation,
    DateTimeOffset? Until,
    string? SkippedUnavailable,
    string Reason);

/// <summary>Who would be paged at a functional tier.</summary>
public sealed record TierPage(Tier Tier, OnCallAnswer Answer);

/// <summary>A stretch of time in which no layer of a role has an available person: the backup covers it, or nobody does.</summary>
public sealed record CoverageGap(string Role, string? Component, DateTimeOffset From, DateTimeOffset To, string? CoveredBy);

/// <summary>The on-call schedules of firebreak.yaml: rotations, the roles they staff (per component where it differs), overrides and unavailability.</summary>
public sealed record OnCallSchedule
{
    /// <summary>Creates the schedule, throwing <see cref="ArgumentException"/> when a layer or override names a rotation that does not exist.</summary>
    public OnCallSchedule(
        IReadOnlyList<Rotation> rotations,
        IReadOnlyList<RoleSchedule> roles,
        IReadOnlyDictionary<string, IReadOnlyList<RoleSchedule>> components,
        IReadOnlyList<RotationOverride> overrides,
        IReadOnlyList<Unavailability> unavailable)
    {
        ArgumentNullException.ThrowIfNull(rotations);
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(unavailable);
        var byName = new Dictionary<string, Rotation>(StringComparer.OrdinalIgnoreCase);
        foreach (var rotation in rotations)
        {
            if (!byName.TryAdd(rotation.Name, rotation))
            {
                throw new ArgumentException($"rotation {rotation.Name} is defined twice", nameof(rotations));
            }
        }

        foreach (var layer in roles.Concat(components.Values.SelectMany(r => r)).SelectMany(r => r.Layers).Concat(overrides.Select(o => o.Rotation)))
        {
            if (!byName.ContainsKey(layer))
            {
                throw new ArgumentException($"rotation {layer} is not defined", nameof(roles));
            }
        }

        Rotations = byName;
        RoleSchedules = roles;
        Components = new Dictionary<string, IReadOnlyList<RoleSchedule>>(components, StringComparer.OrdinalIgnoreCase);
        Overrides = overrides;
        Unavailable = unavailable;
    }

    /// <summary>No schedules: every question is answered "nobody".</summary>
    public static OnCallSchedule Empty { get; } = new([], [], new Dictionary<string, IReadOnlyList<RoleSchedule>>(), [], []);

    public IReadOnlyDictionary<string, Rotation> Rotations { get; }
    public IReadOnlyList<RoleSchedule> RoleSchedules { get; }

    /// <summary>Per component, the roles staffed differently from the service-wide schedule.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<RoleSchedule>> Components { get; }

    public IReadOnlyList<RotationOverride> Overrides { get; }
    public IReadOnlyList<Unavailability> Unavailable { get; }

    /// <summary>True when nothing is configured.</summary>
    public bool IsEmpty => Rotations.Count == 0 && RoleSchedules.Count == 0 && Components.Count == 0;

    /// <summary>The schedule with more people marked unavailable (e.g. people.unavailable).</summary>
    public OnCallSchedule WithUnavailable(IEnumerable<Unavailability> more) =>
        new([.. Rotations.Values], RoleSchedules, Components, Overrides, [.. Unavailable, .. more]);

    /// <summary>True when <paramref name="person"/> may be paged at <paramref name="instant"/>.</summary>
    public bool IsAvailable(string person, DateTimeOffset instant) => !Unavailable.Any(u => u.Covers(person, instant));

    /// <summary>The schedule for <paramref name="role"/>, the component's own one first; null when neither exists.</summary>
    public RoleSchedule? ScheduleFor(string role, string? component = null)
    {
        if (component is not null && Components.TryGetValue(component, out var own)
            && own.FirstOrDefault(r => string.Equals(r.Role, role, StringComparison.OrdinalIgnoreCase)) is { } specific)
        {
            return specific;
        }

        return RoleSchedules.FirstOrDefault(r => string.Equals(r.Role, role, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Who holds <paramref name="role"/> (for <paramref name="component"/>, when given) at <paramref name="instant"/>.</summary>
    /// <remarks>
    /// The highest layer whose rotation has someone at that moment (an override, else the shift inside its active hours)
    /// names the person; when that person is unavailable, or no layer has anyone, the role's backup is used if available.
    /// </remarks>
    public OnCallAnswer WhoIsOnCall(string role, DateTimeOffset instant, string? component = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        if (ScheduleFor(role, component) is not { } schedule)
        {
            return new OnCallAnswer(role, component, instant, null, OnCallSource.Nobody, null, null, null,
                $"no on-call schedule for {role}" + (component is null ? string.Empty : $" or component {component}"));
        }

        string? skipped = null;
        for (var i = schedule.Layers.Count - 1; i >= 0; i--)
        {
            var rotation = Rotations[schedule.Layers[i]];
            var @override = Overrides.LastOrDefault(o => string.Equals(o.Rotation, rotation.Name, StringComparison.OrdinalIgnoreCase) && o.Covers(instant));
            var shift = @override is null ? rotation.CoveringShift(instant) : null;
            var person = @override?.Person ?? shift?.Person;
            if (person is null)
            {
                continue;
            }

            var until = @override?.To ?? shift!.End;
            if (IsAvailable(person, instant))
            {
                var how = @override is null
                    ? $"{person} is on shift in rotation {rotation.Name} until {Local(until, rotation.Zone)}"
                    : $"{person} covers rotation {rotation.Name} by override until {Local(until, rotation.Zone)}";
                return new OnCallAnswer(schedule.Role, component, instant, person,
                    @override is null ? OnCallSource.Rotation : OnCallSource.Override, rotation.Name, until, null, how);
            }

            skipped = person;
            break;
        }

        var why = skipped is null
            ? $"nobody is on shift in {string.Join(", ", schedule.Layers.DefaultIfEmpty("any layer"))}"
            : $"{skipped} is on shift but unavailable";
        if (schedule.Backup is { } backup && IsAvailable(backup, instant))
        {
            return new OnCallAnswer(schedule.Role, component, instant, backup, OnCallSource.Backup, null, null, skipped,
                $"{why}; backup {backup} is used");
        }

        var backupWhy = schedule.Backup is null ? "no backup is configured" : $"backup {schedule.Backup} is unavailable too";
        return new OnCallAnswer(schedule.Role, component, instant, null, OnCallSource.Nobody, null, null, skipped, $"{why}; {backupWhy}");
    }

    /// <summary>Who would be paged at Tier 1, 2 and 3 at <paramref name="instant"/> (for <paramref name="component"/> when given).</summary>
    public IReadOnlyList<TierPage> PagingPlan(DateTimeOffset instant, string? component = null) =>
    [
        new(Tier.Tier1, WhoIsOnCall(Roles.Tier1OnCall, instant, component)),
        new(Tier.Tier2, WhoIsOnCall(Roles.Tier2ComponentOwner, instant, component)),
        new(Tier.Tier3, WhoIsOnCall(Roles.Tier3Architect, instant, component)),
    ];

    /// <summary>The stretches of [<paramref name="from"/>, <paramref name="to"/>) in which no layer of <paramref name="role"/> has an available person, merged, in order.</summary>
    public IReadOnlyList<CoverageGap> Gaps(string role, DateTimeOffset from, DateTimeOffset to, string? component = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        if (to <= from)
        {
            throw new ArgumentException("the end must be after the start", nameof(to));
        }

        var changes = new SortedSet<DateTimeOffset> { from };
        if (ScheduleFor(role, component) is { } schedule)
        {
            foreach (var name in schedule.Layers)
            {
                foreach (var change in Rotations[name].ChangesBetween(from, to))
                {
                    changes.Add(change);
                }

                foreach (var o in Overrides.Where(o => string.Equals(o.Rotation, name, StringComparison.OrdinalIgnoreCase)))
                {
                    changes.Add(o.From);
                    changes.Add(o.To);
                }
            }

            foreach (var u in Unavailable)
            {
                changes.Add(u.From ?? from);
                changes.Add(u.To ?? from);
            }
        }

        var points = changes.Where(c => c >= from && c < to).ToList();
        var gaps = new List<CoverageGap>();
        for (var i = 0; i < points.Count; i++)
        {
            var start = points[i];
            var end = i + 1 < points.Count ? points[i + 1] : to;
            var answer = WhoIsOnCall(role, start, component);
            if (answer.Source is OnCallSource.Rotation or OnCallSource.Override)
            {
                continue;
            }

            var coveredBy = answer.Source == OnCallSource.Backup ? answer.Person : null;
            if (gaps.Count > 0 && gaps[^1].To == start && string.Equals(gaps[^1].CoveredBy, coveredBy, StringComparison.Ordinal))
            {
                gaps[^1] = gaps[^1] with { To = end };
            }
            else
            {
                gaps.Add(new CoverageGap(answer.Role, component, start, end, coveredBy));
            }
        }

        return gaps;
    }

    private static string Local(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture) + $" ({zone.Id})";
}
