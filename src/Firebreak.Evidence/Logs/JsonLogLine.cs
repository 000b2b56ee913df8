using System.Globalization;
using System.Text.Json;

namespace Firebreak.Evidence;

/// <summary>One JSON log line taken apart: the message is mined, the time, level and component are the record's own, and every other field is kept as a field (never as text in the mined message).</summary>
public sealed record JsonLogLine(string Message, DateTimeOffset? Time, string? Level, string? Component, IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>Keys of the time field, first found wins.</summary>
    public static readonly IReadOnlyList<string> TimeKeys = ["time", "timestamp", "@timestamp", "ts", "t", "datetime", "date", "@t", "__REALTIME_TIMESTAMP"];

    /// <summary>Keys of the level field, first found wins (numeric pino/bunyan levels are named).</summary>
    public static readonly IReadOnlyList<string> LevelKeys = ["level", "severity", "lvl", "loglevel", "log.level", "@l", "levelname"];

    /// <summary>Keys of the component field, first found wins.</summary>
    public static readonly IReadOnlyList<string> ComponentKeys = ["logger", "component", "logger_name", "loggerName", "module", "service", "name", "source", "SYSLOG_IDENTIFIER"];

    /// <summary>journald's level: a syslog priority, 0 (emerg) to 7 (debug).</summary>
    private const string SyslogPriorityKey = "PRIORITY";

    private const int MaxFields = 32;
    private const int MaxFieldChars = 200;

    /// <summary>Parses a line that is a JSON object with a message field; year-less times are placed relative to <paramref name="moment"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> line, DateTimeOffset moment, out JsonLogLine? result)
    {
        result = null;
        var trimmed = line.Trim();
        if (trimmed.Length < 2 || trimmed[0] != '{' || trimmed[^1] != '}')
        {
            return false;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(trimmed.ToString());
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (values.Count >= MaxFields)
                {
                    break;
                }

                var text = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString() ?? string.Empty,
                    JsonValueKind.Object or JsonValueKind.Array => property.Value.GetRawText(),
                    _ => property.Value.GetRawText(),
                };
                values.TryAdd(property.Name, text);
            }
        }
        catch (JsonException)
        {
            return false;
        }

        var messageKey = HeaderDetector.MessageKeys.FirstOrDefault(values.ContainsKey);
        if (messageKey is null)
        {
            return false;
        }

        var message = values[messageKey];
        values.Remove(messageKey);
        DateTimeOffset? time = null;
        if (Take(values, TimeKeys) is { } timeText && LogTimestamp.TryParse(timeText, moment, out var parsed))
        {
            time = parsed;
        }

        var level = Take(values, LevelKeys) is { } levelText ? LevelName(levelText) : null;
        if (values.Remove(SyslogPriorityKey, out var priority))
        {
            level ??= SyslogLevel(priority);
        }

        var component = Take(values, ComponentKeys);
        var fields = values.ToDictionary(p => p.Key, p => p.Value.Length <= MaxFieldChars ? p.Value : p.Value[..MaxFieldChars] + "…", StringComparer.Ordinal);
        result = new JsonLogLine(message, time, level, component, fields);
        return true;
    }

    private static string? Take(Dictionary<string, string> values, IReadOnlyList<string> keys)
    {
        foreach (var key in keys)
        {
            if (values.Remove(key, out var value))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The name of a syslog priority (journald's <c>PRIORITY</c>), or null.</summary>
    private static string? SyslogLevel(string text) => text switch
    {
        "0" => "emerg",
        "1" => "alert",
        "2" => "crit",
        "3" => "err",
        "4" => "warning",
        "5" => "notice",
        "6" => "info",
        "7" => "debug",
        _ => null,
    };

    /// <summary>The level word as written, or the name of a numeric pino/bunyan level (10 trace … 60 fatal).</summary>
    private static string? LevelName(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n switch { <= 10 => "trace", <= 20 => "debug", <= 30 => "info", <= 40 => "warn", <= 50 => "error", _ => "fatal" }
            : LogLineHeader.IsLevel(text) ? text : null;
}
