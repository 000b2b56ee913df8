using System.Globalization;
using System.Text.Json;
using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>Reads deploys.jsonl: one deploy, config, feature-flag, infra or migration record per line.</summary>
public static class DeployReader
{

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
            using (var lines = new BoundedLineReader(stream, InputLimits.DeployLineBytes, InputLimits.DeployFileBytes))
            {
                // Streamed line by line over one reused buffer: a deploy log can hold millions of records, and one bad line must not cost the rest.
                var parser = new LineParser(relativePath);
                while (lines.MoveNext())
                {
                    if (lines.LimitReached)
                    {
                        parser.LimitReached(lines.Number);
                        break;
                    }

                    if (lines.CutFromBytes > 0)
                    {
                        parser.TooLong(lines.Number, lines.CutFromBytes);
                        continue;
                    }

                    parser.Add(lines.Line, lines.Number);
                }

                return parser.Finish(warnings);
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
        var parser = new LineParser(sourceName);
        foreach (var bounded in lines)
        {
            if (bounded.LimitReached)
            {
                parser.LimitReached(bounded.Number);
                break;
            }

            if (bounded.Truncated)
            {
                parser.TooLong(bounded.Number, bounded.CutFromBytes);
                continue;
            }

            parser.Add(bounded.Text, bounded.Number);
        }

        return parser.Finish(warnings);
    }

    /// <summary>The state of one read: the records so far, the lines skipped, and the tables that let repeated texts cost nothing.</summary>
    private sealed class LineParser(string sourceName)
    {
        /// <summary>The most line numbers named in a warning.</summary>
        private const int LinesNamed = 10;

        private readonly List<ChangeRecord> _records = [];
        private readonly List<int> _bad = [];
        private readonly List<string> _tooLong = [];
        private readonly List<EvidenceWarning> _limit = [];
        // Keys, values and descriptions repeat across a deploy log (the same flag toggled, the same service released): each distinct text is redacted once.
        private readonly RedactionMemo _redacted = new();
        private readonly TextPool _texts = new();
        private readonly Dictionary<string, ChangeKind> _kinds = new(StringComparer.Ordinal);
        private readonly Slot[] _known = new Slot[KnownCount];
        private readonly List<(string Name, Slot Value)> _unknown = [];
        private readonly System.Text.StringBuilder _description = new();
        private int _badCount;
        private bool _inOrder = true;

        /// <summary>Records that the total limit stopped the read after line <paramref name="lastLine"/>.</summary>
        public void LimitReached(int lastLine) =>
            _limit.Add(new EvidenceWarning(sourceName, $"only the first {BoundedFile.Size(InputLimits.DeployFileBytes)} read: the records after line {lastLine} are past the limit for this input"));

        /// <summary>Records a line skipped for its length (a record cut in the middle is not JSON any more).</summary>
        public void TooLong(int lineNumber, long bytes)
        {
            if (_tooLong.Count < LinesNamed)
            {
                _tooLong.Add($"line {lineNumber} ({BoundedFile.Size(bytes)})");
            }
        }

        /// <summary>Parses one line given as UTF-8 bytes.</summary>
        public void Add(ReadOnlySpan<byte> line, int lineNumber)
        {
            // The common line, a JSON object in valid UTF-8 between ASCII blanks, is parsed from its bytes; anything else
            // (a byte-order mark, Unicode blanks, a comment, invalid UTF-8) takes the text path, which decodes it as before.
            var trimmed = line.Trim(" \t\r\n\v\f"u8);
            if (trimmed.IsEmpty)
            {
                return;
            }

            if (trimmed[0] == (byte)'{' && trimmed[^1] == (byte)'}' && System.Text.Unicode.Utf8.IsValid(trimmed))
            {
                Parse(trimmed, lineNumber);
                return;
            }

            Add(System.Text.Encoding.UTF8.GetString(line), lineNumber);
        }

        /// <summary>Parses one line given as text.</summary>
        public void Add(string text, int lineNumber)
        {
            var line = text.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal) || line.StartsWith('#'))
            {
                return;
            }

            Parse(System.Text.Encoding.UTF8.GetBytes(line), lineNumber);
        }

        /// <summary>The records in time order, the warnings added to <paramref name="warnings"/>.</summary>
        public IReadOnlyList<ChangeRecord> Finish(ICollection<EvidenceWarning> warnings)
        {
            foreach (var warning in _limit)
            {
                warnings.Add(warning);
            }

            if (_tooLong.Count > 0)
            {
                warnings.Add(new EvidenceWarning(sourceName, $"record(s) skipped: longer than the {BoundedFile.Size(InputLimits.DeployLineBytes)} a change record may have: {string.Join(", ", _tooLong)}"));
            }

            if (_badCount > 0)
            {
                var shown = string.Join(", ", _bad) + (_badCount > _bad.Count ? ", ..." : string.Empty);
                warnings.Add(new EvidenceWarning(sourceName, $"{_badCount} line(s) skipped: not a JSON record with a valid \"at\" time (line {shown})"));
            }

            // Lines are unique, so this order is total and the sort needs no stability; a file written in time order needs none.
            if (!_inOrder)
            {
                _records.Sort(static (a, b) => Compare(a, b));
            }

            return _records;
        }

        private static int Compare(ChangeRecord a, ChangeRecord b) =>
            a.At != b.At ? a.At.CompareTo(b.At) : Nullable.Compare(a.Source.Line, b.Source.Line);

        private void Parse(ReadOnlySpan<byte> json, int lineNumber)
        {
            if (Read(json, lineNumber) is { } record)
            {
                if (_inOrder && _records.Count > 0 && Compare(_records[^1], record) > 0)
                {
                    _inOrder = false;
                }

                _records.Add(record);
            }
            else
            {
                _badCount++;
                if (_bad.Count < LinesNamed)
                {
                    _bad.Add(lineNumber);
                }
            }
        }

        // One pass of the reader over the line finds where each field's value is; texts are made only for the fields a record keeps.
        private ChangeRecord? Read(ReadOnlySpan<byte> json, int lineNumber)
        {
            Array.Clear(_known);
            _unknown.Clear();
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            try
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var index = reader.ValueIsEscaped ? KnownIndex(reader.GetString()!) : KnownIndex(reader.ValueSpan);
                    var name = index < 0 ? reader.GetString()! : null;
                    reader.Read();
                    var slot = SlotOf(ref reader);
                    if (index >= 0)
                    {
                        _known[index] = slot;
                    }
                    else
                    {
                        _unknown.Add((name!, slot));
                    }
                }

                // The whole line must be one JSON value: anything after the object makes it a bad line.
                while (reader.Read())
                {
                }
            }
            catch (JsonException)
            {
                return null;
            }

            return Record(json, lineNumber);
        }

        private static Slot SlotOf(ref Utf8JsonReader reader)
        {
            var type = reader.TokenType;
            switch (type)
            {
                case JsonTokenType.String when reader.ValueIsEscaped:
                    return new Slot(type, 0, 0, reader.GetString());
                case JsonTokenType.String:
                    // The value without its quotes.
                    return new Slot(type, (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, null);
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    return new Slot(type, start, (int)reader.BytesConsumed - start, null);
                default:
                    return new Slot(type, (int)reader.TokenStartIndex, reader.ValueSpan.Length, null);
            }
        }

        private ChangeRecord? Record(ReadOnlySpan<byte> json, int lineNumber)
        {
            if (At(json, _known[At_]) is not { } at)
            {
                return null;
            }

            var kindText = Text(json, _known[Kind_]) ?? "deploy";
            var kind = KindOf(kindText);
            var commit = Text(json, _known[Commit_]);
            var version = Text(json, _known[Version_]);
            var key = Text(json, _known[Key_]);
            var component = Text(json, _known[Component_]);
            // A deploy is named by what it shipped (commit, else version); any other change by the setting it touched (key).
            var reference = (kind == ChangeKind.Deploy ? commit ?? version ?? key : key ?? version ?? commit) ?? $"{sourceName}:{lineNumber}";
            var description = _redacted.Field(Text(json, _known[Description_]) ?? Described(component, kindText, version, key));

            Dictionary<string, string>? extra = null;
            foreach (var (name, value) in _unknown)
            {
                extra ??= new Dictionary<string, string>(StringComparer.Ordinal);
                extra[name] = _redacted.Secret(name, ValueText(json, value)) ?? string.Empty;
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
                PreviousVersion = Text(json, _known[PreviousVersion_]),
                Key = key,
                OldValue = _redacted.Secret(key, Text(json, _known[Old_])),
                NewValue = _redacted.Secret(key, Text(json, _known[New_])),
                Author = Text(json, _known[Author_]),
                Reversible = Reversible(json, _known[Reversible_]),
                Extra = extra ?? NoExtra,
            };
        }

        // The description a record without one gets: its component, kind, version and key, in that order.
        private string Described(string? component, string kind, string? version, string? key)
        {
            _description.Clear();
            foreach (var part in (ReadOnlySpan<string?>)[component, kind, version, key])
            {
                if (!string.IsNullOrEmpty(part))
                {
                    (_description.Length > 0 ? _description.Append(' ') : _description).Append(part);
                }
            }

            return _description.ToString();
        }

        private ChangeKind KindOf(string kindText)
        {
            if (!_kinds.TryGetValue(kindText, out var kind))
            {
                kind = DeployReader.KindOf(kindText);
                if (_kinds.Count < TextPool.Capacity)
                {
                    _kinds[kindText] = kind;
                }
            }

            return kind;
        }

        private DateTimeOffset? At(ReadOnlySpan<byte> json, Slot slot)
        {
            if (slot.Type == JsonTokenType.String && slot.Escaped is null && IsoTime.TryParse(json.Slice(slot.Start, slot.Length), out var fast))
            {
                return fast;
            }

            return Text(json, slot) is { } text
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
                ? at
                : null;
        }

        // A string value (null when empty), the raw text of a number or boolean, and null for anything else, as the record has always read them.
        private string? Text(ReadOnlySpan<byte> json, Slot slot) => slot.Type switch
        {
            JsonTokenType.String => (slot.Escaped ?? _texts.Get(json.Slice(slot.Start, slot.Length))) is { Length: > 0 } s ? s : null,
            JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => _texts.Get(json.Slice(slot.Start, slot.Length)),
            _ => null,
        };

        private string ValueText(ReadOnlySpan<byte> json, Slot slot) =>
            slot.Type == JsonTokenType.String ? slot.Escaped ?? _texts.Get(json.Slice(slot.Start, slot.Length)) : _texts.Get(json.Slice(slot.Start, slot.Length));

        private static bool? Reversible(ReadOnlySpan<byte> json, Slot slot) => slot.Type switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.String when bool.TryParse(slot.Escaped ?? System.Text.Encoding.UTF8.GetString(json.Slice(slot.Start, slot.Length)), out var b) => b,
            _ => null,
        };
    }

    // Where the values of the keys the record reads are kept while a line is read; any other key goes to Extra.
    private const int KnownCount = 12;
    private const int At_ = 0, Kind_ = 1, Component_ = 2, Description_ = 3, Commit_ = 4, Version_ = 5, PreviousVersion_ = 6, Key_ = 7, Old_ = 8, New_ = 9, Reversible_ = 10, Author_ = 11;

    private static int KnownIndex(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when name.SequenceEqual("at"u8) => At_,
        3 when name.SequenceEqual("key"u8) => Key_,
        3 when name.SequenceEqual("old"u8) => Old_,
        3 when name.SequenceEqual("new"u8) => New_,
        4 when name.SequenceEqual("kind"u8) => Kind_,
        6 when name.SequenceEqual("commit"u8) => Commit_,
        6 when name.SequenceEqual("author"u8) => Author_,
        7 when name.SequenceEqual("version"u8) => Version_,
        9 when name.SequenceEqual("component"u8) => Component_,
        10 when name.SequenceEqual("reversible"u8) => Reversible_,
        11 when name.SequenceEqual("description"u8) => Description_,
        16 when name.SequenceEqual("previous_version"u8) => PreviousVersion_,
        _ => -1,
    };

    private static int KnownIndex(string name) => KnownIndex(System.Text.Encoding.UTF8.GetBytes(name));

    /// <summary>Where one value lies in the line: its token type and byte range (a string's without quotes), or its text when it had escapes.</summary>
    private readonly record struct Slot(JsonTokenType Type, int Start, int Length, string? Escaped);

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
}
