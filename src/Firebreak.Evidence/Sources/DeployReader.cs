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
        // Keys, values and descriptions repeat across a deploy log (the same flag toggled, the same service released): each distinct text is redacted once.
        var redacted = new RedactionMemo();
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

            if (ParseLine(line, sourceName, lineNumber, redacted) is { } record)
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

        // Lines are unique, so this order is total and the sort needs no stability.
        records.Sort(static (a, b) => a.At != b.At ? a.At.CompareTo(b.At) : Nullable.Compare(a.Source.Line, b.Source.Line));
        return records;
    }

    private static ChangeRecord? ParseLine(string line, string sourceName, int lineNumber, RedactionMemo redacted)
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
            var description = redacted.Field(Text(root, "description")
                ?? string.Join(' ', new[] { component, kindText, version, key }.Where(s => !string.IsNullOrEmpty(s))));

            Dictionary<string, string>? extra = null;
            foreach (var property in root.EnumerateObject())
            {
                if (!KnownKeys.Contains(property.Name))
                {
                    extra ??= new Dictionary<string, string>(StringComparer.Ordinal);
                    extra[property.Name] = redacted.Secret(property.Name, ValueText(property.Value)) ?? string.Empty;
                }
            }

            if (kind == ChangeKind.Infra && !kindText.Equals("infra", StringComparison.OrdinalIgnoreCase))
            {
                extra ??= new Dictionary<string, string>(StringComparer.Ordinal);
                extra["kind"] = kindText;
            }

            return new ChangeRecord(kind, at, component, reference, description, new SourceRef(sourceName, lineNumber))
            {
                Commit = commit,
                Version = version,
                PreviousVersion = Text(root, "previous_version"),
                Key = key,
                OldValue = redacted.Secret(key, Text(root, "old")),
                NewValue = redacted.Secret(key, Text(root, "new")),
                Author = Text(root, "author"),
                Reversible = Reversible(root),
                Extra = extra ?? NoExtra,
            };
        }
    }

    private static readonly IReadOnlyDictionary<string, string> NoExtra = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Redaction results of one read, remembered for the texts that repeat (a bounded table: past its size texts are redacted each time).</summary>
    private sealed class RedactionMemo
    {
        /// <summary>The most distinct texts remembered; enough for the keys, values and services of a deploy log, small enough to stay a few MB.</summary>
        private const int Capacity = 16_384;

        /// <summary>The longest text remembered; descriptions longer than this are rarely repeated.</summary>
        private const int MaxLength = 256;

        private readonly Dictionary<string, string> _field = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _value = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Key, string Value), string> _secret = [];

        /// <summary><see cref="Quoted.Field"/> of <paramref name="text"/>.</summary>
        public string Field(string text) => Remember(_field, text, text, static t => Quoted.Field(t));

        /// <summary>Masks a value when its key names a secret (a config change of <c>db_password</c>) or it holds one itself.</summary>
        public string? Secret(string? key, string? value)
        {
            if (value is null)
            {
                return null;
            }

            if (key is null)
            {
                return Remember(_value, value, value, Redactor.Redact);
            }

            if (_secret.TryGetValue((key, value), out var known))
            {
                return known;
            }

            var pair = $"{key}={value}";
            var result = Redactor.Redact(pair) != pair ? Redactor.Mask : Remember(_value, value, value, Redactor.Redact);
            if (pair.Length <= MaxLength && _secret.Count < Capacity)
            {
                _secret[(key, value)] = result;
            }

            return result;
        }

        private static string Remember<TKey>(Dictionary<TKey, string> table, TKey key, string text, Func<string, string> compute)
            where TKey : notnull
        {
            if (table.TryGetValue(key, out var known))
            {
                return known;
            }

            var result = compute(text);
            if (text.Length <= MaxLength && table.Count < Capacity)
            {
                table[key] = result;
            }

            return result;
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
