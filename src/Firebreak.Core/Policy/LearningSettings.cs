using System.Globalization;

namespace Firebreak.Core;

/// <summary>A bad value under review: or recurrence: in firebreak.yaml, with its dotted path.</summary>
public sealed class LearningSettingsException(string path, string message) : Exception($"{path}: {message}")
{
    /// <summary>The dotted key path, e.g. review.time_zone.</summary>
    public string Path { get; } = path;
}

/// <summary>Reads the review: (the organiser's working hours) and recurrence: sections of firebreak.yaml.</summary>
/// <remarks>
/// <code>
/// review:
///   time_zone: Europe/Berlin      # IANA id; default UTC
///   working_hours: "09:00-17:00"  # default 09:00-17:00
///   working_days: mon-fri         # or a list [mon, tue]; default mon-fri
/// recurrence:
///   window: 90d                   # default 90d
///   similarity: 0.5               # Jaccard threshold in (0, 1]; default 0.5
/// </code>
/// </remarks>
public static class LearningSettingsParser
{
    private static readonly string[] ReviewKeys = ["time_zone", "working_hours", "working_days"];
    private static readonly string[] RecurrenceKeys = ["window", "similarity"];

    /// <summary>The organiser's working hours; the defaults for a missing section or key.</summary>
    public static WorkingHours ParseReview(IReadOnlyDictionary<string, object?>? section)
    {
        if (section is null)
        {
            return WorkingHours.Default;
        }

        Known("review", section, ReviewKeys);
        var defaults = WorkingHours.Default;
        var zone = defaults.Zone;
        if (Get(section, "time_zone") is { } zoneValue)
        {
            var id = Text("review.time_zone", zoneValue);
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                throw new LearningSettingsException("review.time_zone", $"'{id}' is not a known time zone; use an IANA id such as Europe/Berlin");
            }
        }

        var (start, end) = (defaults.Start, defaults.End);
        if (Get(section, "working_hours") is { } hoursValue)
        {
            var text = Text("review.working_hours", hoursValue);
            var parts = text.Split('-', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !TryTime(parts[0], out start) || !TryTime(parts[1], out end) || end <= start)
            {
                throw new LearningSettingsException("review.working_hours", $"'{text}' is not a working day; use HH:mm-HH:mm with the end after the start, e.g. 09:00-17:00");
            }
        }

        var days = defaults.Days;
        if (Get(section, "working_days") is { } daysValue)
        {
            days = Days("review.working_days", daysValue);
        }

        return new WorkingHours(zone, start, end, days);
    }

    /// <summary>The recurrence options; the defaults for a missing section or key.</summary>
    public static RecurrenceOptions ParseRecurrence(IReadOnlyDictionary<string, object?>? section)
    {
        if (section is null)
        {
            return RecurrenceOptions.Default;
        }

        Known("recurrence", section, RecurrenceKeys);
        var options = RecurrenceOptions.Default;
        if (Get(section, "window") is { } windowValue)
        {
            var text = Text("recurrence.window", windowValue);
            if (!DurationParser.TryParse(text, out var window, out var error) || window <= TimeSpan.Zero)
            {
                throw new LearningSettingsException("recurrence.window", error ?? $"'{text}' must be a positive duration, e.g. 90d");
            }

            options = options with { Window = window };
        }

        if (Get(section, "similarity") is { } similarityValue)
        {
            var text = Text("recurrence.similarity", similarityValue);
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold) || threshold <= 0 || threshold > 1)
            {
                throw new LearningSettingsException("recurrence.similarity", $"'{text}' must be a number in (0, 1], e.g. 0.5");
            }

            options = options with { SimilarityThreshold = threshold };
        }

        return options;
    }

    private static void Known(string section, IReadOnlyDictionary<string, object?> map, string[] keys)
    {
        foreach (var key in map.Keys.Where(k => !keys.Contains(Normalize(k))))
        {
            throw new LearningSettingsException($"{section}.{key}", $"unknown key; known keys are {string.Join(", ", keys)}");
        }
    }

    private static string Normalize(string key) => key.Trim().Replace('-', '_').ToLowerInvariant();

    private static object? Get(IReadOnlyDictionary<string, object?> map, string key) =>
        map.FirstOrDefault(kv => Normalize(kv.Key) == key).Value;

    private static string Text(string path, object? value) => value switch
    {
        string text when !string.IsNullOrWhiteSpace(text) => text.Trim(),
        null or string => throw new LearningSettingsException(path, "a value is required"),
        _ => throw new LearningSettingsException(path, "expected a single value, not a list or mapping"),
    };

    private static bool TryTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    private static HashSet<DayOfWeek> Days(string path, object? value)
    {
        List<string> names = value switch
        {
            string text => [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
            IReadOnlyList<object?> list => [.. list.Select(item => Text(path, item))],
            _ => throw new LearningSettingsException(path, "expected days such as mon-fri or [mon, tue]"),
        };
        var days = WeekDays.Expand(names, name => new LearningSettingsException(path, $"'{name}' is not a day; {WeekDays.Expected}"));
        return days.Count > 0 ? days : throw new LearningSettingsException(path, "at least one working day is needed");
    }
}
