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

    /// <summary>Reads the file (only a regular file, each line cut to <see cref="InputLimits.DeployLineBytes"/> before decoding, at most <see cref="InputLimits.DeployFileBytes"/>); lines that are not JSON records are counted in one warning, never fatal.</summary>
    public static IReadOnlyList<ChangeRecord> ReadFile(string fullPath, string relativePath, ICollection<EvidenceWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        if (BoundedFile.Open(fullPath, relativePath, warnings) is not { } stream)
        {
            return [];
        }

        try
        {
            using (stream)
            {
                // Streamed line by line: a deploy log can be long, and one bad line must not cost the rest.
                return Parse(BoundedFile.ReadLines(stream, InputLimits.DeployLineBytes, InputLimits.DeployFileBytes), relativePath, warnings);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warnings.Add(new EvidenceWarning(relativePath, $"not available: {e.Message}"));
            return [];
        }
    }

    /// <summary>Parses deploys.jsonl text; <paramref name="sourceName"/> is the file cited.</summary>
    public static IReadOnlyList<ChangeRecord> Parse(string text, string sourceName, ICollection<EvidenceWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text.Split('\n').Select((line, i) => new BoundedLine(i + 1, line, 0, LimitReached: false)), sourceName, warnings);
    }

    /// <summary>Parses deploys.jsonl lines; <paramref name="sourceName"/> is the file cited.</summary>
    public static IReadOnlyList<ChangeRecord> Parse(IEnumerable<BoundedLine> lines, string sourceName, ICollection<EvidenceWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(warnings);
        var records = new List<ChangeRecord>();
        var bad = new List<int>();
        var badCount = 0;
        var tooLong = new List<string>();
        foreach (var bounded in lines)
        {
            if (bounded.LimitReached)
            {
                warnings.Add(new EvidenceWarning(sourceName, $"only the first {BoundedFile.Size(InputLimits.DeployFileBytes)} read: the records after line {bounded.Number} are past the limit for this input"));
                break;
            }

            var lineNumber = bounded.Number;
            if (bounded.Truncated)
            {
                // A record cut in the middle is not JSON any more: say which line and how long it was.
                if (tooLong.Count < 10)
                {
                    tooLong.Add($"line {lineNumber} ({BoundedFile.Size(bounded.CutFromBytes)})");
                }

                continue;
            }

            var line = bounded.Text.Trim().TrimStart('\uFEFF');
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
                badCount++;
                if (bad.Count < 10)
                {
                    bad.Add(lineNumber);
                }
            }
        }

        if (tooLong.Count > 0)
        {
            warnings.Add(new EvidenceWarning(sourceName, $"record(s) skipped: longer than the {BoundedFile.Size(InputLimits.DeployLineBytes)} a change record may have: {string.Join(", ", tooLong)}"));
        }

        if (badCount > 0)
        {
            var shown = string.Join(", ", bad) + (badCount > bad.Count ? ", ..." : string.Empty);
            warnings.Add(new EvidenceWarning(sourceName, $"{badCount} line(s) skipped: not a JSON record with a valid \"at\" time (line {shown})"));
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
            // A deploy is named by what it shipped (commit, else version); any other change by the setting it touched (key).
            var reference = (kind == ChangeKind.Deploy ? commit ?? version ?? key : key ?? version ?? commit) ?? $"{sourceName}:{lineNumber}";
            var description = Quoted.Field(Text(root, "description")
                ?? string.Join(' ', new[] { component, kindText, version, key }.Where(s => !string.IsNullOrEmpty(s))));

            var extra = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!KnownKeys.Contains(property.Name))
                {
                    extra[property.Name] = Secret(property.Name, ValueText(property.Value)) ?? string.Empty;
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
                OldValue = Secret(key, Text(root, "old")),
                NewValue = Secret(key, Text(root, "new")),
                Author = Text(root, "author"),
                Reversible = Reversible(root),
                Extra = extra,
            };
        }
    }

    /// <summary>Masks a value when its key names a secret (a config change of <c>db_password</c>) or it holds one itself.</summary>
    private static string? Secret(string? key, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (key is not null && Redactor.Redact($"{key}={value}") != $"{key}={value}")
        {
            return Redactor.Mask;
        }

        return Redactor.Redact(value);
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
