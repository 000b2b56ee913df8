using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Firebreak.Evidence;

/// <summary>Reads Alertmanager webhook payloads (version 4), also a JSON array of payloads or of API v2 alerts.</summary>
public static class AlertReader
{
    /// <summary>Reads one file; problems become warnings.</summary>
    public static IReadOnlyList<Alert> ReadFile(string fullPath, string relativePath, ICollection<EvidenceWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        if (BoundedFile.ReadText(fullPath, relativePath, InputLimits.DocumentBytes, warnings) is not { } text)
        {
            return [];
        }

        return Parse(text, relativePath, warnings);
    }

    /// <summary>Parses a payload; <paramref name="sourceName"/> is the file cited.</summary>
    public static IReadOnlyList<Alert> Parse(string json, string sourceName, ICollection<EvidenceWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            warnings.Add(new EvidenceWarning(sourceName, $"not a valid Alertmanager payload: {e.Message}"));
            return [];
        }

        using (document)
        {
            var alerts = new List<Alert>();
            var root = document.RootElement;
            var skipped = 0;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("alerts", out _))
            {
                ReadPayload(root, sourceName, alerts, ref skipped);
            }
            else if (root.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in root.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("alerts", out _))
                    {
                        ReadPayload(item, sourceName, alerts, ref skipped);
                    }
                    else if (ReadAlert(item, default, sourceName) is { } alert)
                    {
                        alerts.Add(alert);
                    }
                    else
                    {
                        skipped++;
                    }
                }
            }
            else
            {
                warnings.Add(new EvidenceWarning(sourceName, "not an Alertmanager payload (no alerts list)"));
                return [];
            }

            if (skipped > 0)
            {
                warnings.Add(new EvidenceWarning(sourceName, $"{skipped} alert(s) skipped: no alertname or no valid startsAt"));
            }

            return Deduplicate(alerts);
        }
    }

    /// <summary>Keeps the first of alerts with the same fingerprint, status and start.</summary>
    public static List<Alert> Deduplicate(IEnumerable<Alert> alerts) =>
        alerts.DistinctBy(a => (a.Fingerprint, a.Status.ToLowerInvariant(), a.StartsAt)).ToList();

    private static void ReadPayload(JsonElement payload, string sourceName, List<Alert> alerts, ref int skipped)
    {
        if (!payload.TryGetProperty("alerts", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var item in list.EnumerateArray())
        {
            if (ReadAlert(item, payload, sourceName) is { } alert)
            {
                alerts.Add(alert);
            }
            else
            {
                skipped++;
            }
        }
    }

    private static Alert? ReadAlert(JsonElement alert, JsonElement payload, string sourceName)
    {
        if (alert.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var hasPayload = payload.ValueKind == JsonValueKind.Object;
        // commonLabels hold only what all alerts share: each alert's own labels win.
        var labels = hasPayload ? Map(payload, "commonLabels") : new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in Map(alert, "labels"))
        {
            labels[k] = v;
        }

        var annotations = hasPayload ? Map(payload, "commonAnnotations") : new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in Map(alert, "annotations"))
        {
            annotations[k] = v;
        }

        if (!labels.TryGetValue("alertname", out var name) || name.Length == 0 || Time(alert, "startsAt") is not { } startsAt)
        {
            return null;
        }

        var status = StatusOf(alert) ?? (hasPayload ? Text(payload, "status") : null) ?? "firing";
        var endsAt = Time(alert, "endsAt");
        var fingerprint = Text(alert, "fingerprint") ?? Fingerprint(labels);
        return new Alert(
            name,
            status.ToLowerInvariant(),
            labels.GetValueOrDefault("severity") ?? "unknown",
            labels.GetValueOrDefault("component") ?? labels.GetValueOrDefault("app"),
            Quoted.Field(annotations.GetValueOrDefault("summary") ?? annotations.GetValueOrDefault("message") ?? string.Empty),
            Quoted.Field(annotations.GetValueOrDefault("description") ?? string.Empty),
            startsAt,
            endsAt,
            fingerprint,
            labels,
            new SourceRef(sourceName, null, name));
    }

    private static string? StatusOf(JsonElement alert)
    {
        if (!alert.TryGetProperty("status", out var status))
        {
            return null;
        }

        if (status.ValueKind == JsonValueKind.String)
        {
            return status.GetString();
        }

        // API v2 alerts: {"status": {"state": "active" | "suppressed" | "unprocessed"}}.
        return status.ValueKind == JsonValueKind.Object && Text(status, "state") is { } state
            ? state.Equals("active", StringComparison.OrdinalIgnoreCase) ? "firing" : state
            : null;
    }

    private static Dictionary<string, string> Map(JsonElement element, string property)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in value.EnumerateObject())
            {
                map[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? string.Empty : p.Value.GetRawText();
            }
        }

        return map;
    }

    private static DateTimeOffset? Time(JsonElement element, string property)
    {
        // Alertmanager writes the zero time 0001-01-01T00:00:00Z for "not ended".
        return Text(element, property) is { } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            && at.Year > 1970
            ? at
            : null;
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string Fingerprint(Dictionary<string, string> labels)
    {
        var canonical = string.Join('\u001f', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..16];
    }
}
