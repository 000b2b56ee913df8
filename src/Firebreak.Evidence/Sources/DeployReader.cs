using System.Globalization;
using System.Text.Json;
using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>Reads deploys.jsonl: one deploy, config, feature-flag, infra or migration record per line.</summary>
public static class DeployReader
{
    private static readonly HashSet<string> KnownKeys = new(StringComparer.Ordinal)
    {
        "at", "kind", "component", "description", "commit", "version", "previous_version", "key", "old", "new", "reversible", "author",
    };

    /// <summary>Reads the file; lines that are not JSON records are counted in one warning, never fatal.</summary>
    public static IReadOnlyList<ChangeRecord> ReadFile(string fullPath, string relativePath, ICollection<EvidenceWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warnings.Add(new EvidenceWarning(relativePath, $"not available: {e.Message}"));
            return [];
        }

        return Parse(text, relativePath, warnings);
    }

    /// <summary>Parses deploys.jsonl text; <paramref name="sourceName"/> is the file cited.</summary>
    public static IReadOnlyList<ChangeRecord> Parse(string text, string sourceName, ICollection<EvidenceWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(warnings);
        var records = new List<ChangeRecord>();
        var bad = new List<int>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal) || line.StartsWith('#'))
            {
                continue;
            }

            if (ParseLine(line, sourceName, lineNumber) is { } record)
            {
                records.Add(record);
            }
            else
            {
                bad.Add(lineNumber);
            }
        }

        if (bad.Count > 0)
        {
            var shown = string.Join(", ", bad.Take(10)) + (bad.Count > 10 ? ", ..." : string.Empty);
            warnings.Add(new EvidenceWarning(sourceName, $"{bad.Count} line(s) skipped: not a JSON record with a valid \"at\" time (line {shown})"));
        }

        return records.OrderBy(r => r.At).ThenBy(r => r.Source.Line).ToList();
    }

    private static ChangeRecord? ParseLine(string line, string sourceName, int lineNumber)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || Text(root, "at") is not { } atText
                || !DateTimeOffset.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            {
                return null;
            }

            var kindText = Text(root, "kind") ?? "deploy";
            var kind = KindOf(kindText);
            var commit = Text(root, "commit");
            var version = Text(root, "version");
            var key = Text(root, "key");
            var component = Text(root, "component");
            var reference = (kind == ChangeKind.Deploy ? commit ?? version : version ?? commit) ?? key ?? $"{sourceName}:{lineNumber}";
            var description = Text(root, "description")
                ?? string.Join(' ', new[] { component, kindText, version, key }.Where(s => !string.IsNullOrEmpty(s)));

            var extra = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!KnownKeys.Contains(property.Name))
                {
                    extra[property.Name] = ValueText(property.Value);
                }
            }

            if (kind == ChangeKind.Infra && !kindText.Equals("infra", StringComparison.OrdinalIgnoreCase))
            {
                extra["kind"] = kindText;
            }

            return new ChangeRecord(kind, at, component, reference, description, new SourceRef(sourceName, lineNumber))
            {
                Commit = commit,
                Version = version,
                PreviousVersion = Text(root, "previous_version"),
                Key = key,
                OldValue = Text(root, "old"),
                NewValue = Text(root, "new"),
                Author = Text(root, "author"),
                Reversible = Reversible(root),
                Extra = extra,
            };
        }
    }

    private static ChangeKind KindOf(string kind) => kind.Trim().ToLowerInvariant().Replace('_', '-') switch
    {
        "deploy" or "deployment" or "release" or "rollout" => ChangeKind.Deploy,
        "config" or "configuration" or "config-change" => ChangeKind.Config,
        "feature-flag" or "flag" or "featureflag" or "feature" => ChangeKind.FeatureFlag,
        "migration" or "schema" or "db-migration" => ChangeKind.Migration,
        // Anything else (infra, scaling, certificate rotation...) is an infrastructure change; the original kind is kept in Extra.
        _ => ChangeKind.Infra,
    };

    private static bool? Reversible(JsonElement root)
    {
        if (!root.TryGetProperty("reversible", out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var b) => b,
            _ => null,
        };
    }

    private static string? Text(JsonElement root, string property)
    {
        if (!root.TryGetProperty(property, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : null,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
    }

    private static string ValueText(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : value.GetRawText();
}
