using System.Buffers;
using System.Globalization;

namespace Firebreak.Evidence;

/// <summary>
/// Who and what a template's lines from the onset on name: the distinct values of one subject key (<c>user=</c>,
/// <c>customer_id=</c>, …), the rows those lines say they returned (<c>rows=</c>), and the data kinds they list
/// (<c>fields=name,email</c>). Counted, not estimated.
/// </summary>
/// <param name="Key">The subject key counted, as written in the log (<c>customer</c>, <c>user_id</c>).</param>
/// <param name="Distinct">Distinct values of that key.</param>
/// <param name="Capped">True when counting stopped at <see cref="SubjectTally.MaxDistinct"/>: the count is a lower bound.</param>
/// <param name="Lines">Lines that named a subject.</param>
/// <param name="Rows">The sum of <c>rows=</c> or <c>records=</c> values in the template's lines from the onset on, when any line had one.</param>
/// <param name="DataKinds">The data kinds listed by <c>fields=</c>, in order of first appearance.</param>
public sealed record CountedSubjects(string Key, long Distinct, bool Capped, long Lines, long? Rows, IReadOnlyList<string> DataKinds);

/// <summary>Counts subjects, rows and data kinds in lines, without a regular expression; memory bounded by <see cref="MaxDistinct"/>.</summary>
internal sealed class SubjectTally
{
    /// <summary>Distinct values kept per template; beyond it the count is reported as "at least".</summary>
    public const int MaxDistinct = 100_000;

    private const int MaxDataKinds = 16;
    private const int MaxValueChars = 128;

    /// <summary>Keys naming a person or an account, most specific first.</summary>
    private static readonly string[] SubjectKeys =
        ["user_id", "userid", "user", "uid", "account_id", "account", "customer_id", "customer", "member_id", "member"];

    private static readonly SearchValues<char> ValueEnd = SearchValues.Create(" \t,;&\"'}])");

    /// <summary>A list value (<c>fields=name,email</c>) runs past commas.</summary>
    private static readonly SearchValues<char> ListEnd = SearchValues.Create(" \t;&\"'}])");

    private readonly Dictionary<string, HashSet<string>> _values = new(StringComparer.Ordinal);
    private readonly List<string> _dataKinds = [];
    private long _rows;
    private bool _hasRows;
    private bool _capped;
    private long _lines;

    /// <summary>Reads one line's content.</summary>
    public void Observe(ReadOnlySpan<char> content)
    {
        if (content.IndexOf('=') < 0 && content.IndexOf(':') < 0)
        {
            return;
        }

        var named = false;
        foreach (var key in SubjectKeys)
        {
            if (Value(content, key) is { Length: > 0 } value)
            {
                Add(key, value);
                named = true;
                break;
            }
        }

        if (named)
        {
            _lines++;
        }

        var rows = Value(content, "rows");
        if (rows.IsEmpty)
        {
            rows = Value(content, "records");
        }

        if (long.TryParse(rows, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            _rows = AddSaturating(_rows, n);
            _hasRows = true;
        }

        if (Value(content, "fields", ListEnd) is { Length: > 0 } fields && _dataKinds.Count < MaxDataKinds)
        {
            foreach (var range in fields.Split(','))
            {
                var kind = fields[range].Trim();
                if (!kind.IsEmpty && _dataKinds.Count < MaxDataKinds && !Listed(kind))
                {
                    _dataKinds.Add(kind.ToString());
                }
            }
        }
    }

    /// <summary>Reads a JSON line's fields: a subject key among them counts as <c>key=value</c> would.</summary>
    public void Observe(IReadOnlyDictionary<string, string> fields)
    {
        foreach (var key in SubjectKeys)
        {
            if (fields.TryGetValue(key, out var value) && value.Length is > 0 and <= MaxValueChars)
            {
                Add(key, value);
                _lines++;
                return;
            }
        }
    }

    /// <summary>Adds another tally's counts (two clusters merged into one template).</summary>
    public void Merge(SubjectTally other)
    {
        foreach (var (key, values) in other._values)
        {
            foreach (var value in values)
            {
                Add(key, value);
            }
        }

        _capped |= other._capped;
        _lines += other._lines;
        if (other._hasRows)
        {
            _rows = AddSaturating(_rows, other._rows);
            _hasRows = true;
        }

        foreach (var kind in other._dataKinds)
        {
            if (_dataKinds.Count < MaxDataKinds && !_dataKinds.Contains(kind))
            {
                _dataKinds.Add(kind);
            }
        }
    }

    /// <summary>What was counted, or null when the lines named no subject, rows or data kinds.</summary>
    public CountedSubjects? Result()
    {
        var top = _values.OrderByDescending(p => p.Value.Count).ThenBy(p => p.Key, StringComparer.Ordinal).FirstOrDefault();
        if (top.Key is null && !_hasRows && _dataKinds.Count == 0)
        {
            return null;
        }

        return new CountedSubjects(top.Key ?? string.Empty, top.Value?.Count ?? 0, _capped, _lines, _hasRows ? _rows : null, [.. _dataKinds]);
    }

    /// <summary>A sum of non-negative counts that stops at <see cref="long.MaxValue"/> instead of overflowing.</summary>
    private static long AddSaturating(long sum, long n) => n > long.MaxValue - sum ? long.MaxValue : sum + n;

    private bool Listed(ReadOnlySpan<char> kind)
    {
        foreach (var listed in _dataKinds)
        {
            if (kind.SequenceEqual(listed))
            {
                return true;
            }
        }

        return false;
    }

    private void Add(string key, ReadOnlySpan<char> value) => Add(key, value.ToString());

    private void Add(string key, string value)
    {
        if (!_values.TryGetValue(key, out var set))
        {
            set = new HashSet<string>(StringComparer.Ordinal);
            _values[key] = set;
        }

        if (set.Count >= MaxDistinct)
        {
            _capped |= !set.Contains(value);
            return;
        }

        set.Add(value);
    }

    /// <summary>The value of <c>key=value</c> or <c>"key":"value"</c> in a line, where the key stands as a word of its own.</summary>
    private static ReadOnlySpan<char> Value(ReadOnlySpan<char> content, string key, SearchValues<char>? ends = null)
    {
        var from = 0;
        while (from < content.Length)
        {
            var at = content[from..].IndexOf(key, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return default;
            }

            at += from;
            from = at + key.Length;
            if (at > 0 && (char.IsLetterOrDigit(content[at - 1]) || content[at - 1] == '_'))
            {
                continue;
            }

            var rest = content[(at + key.Length)..];
            if (rest.StartsWith("\":", StringComparison.Ordinal))
            {
                rest = rest[2..].TrimStart().TrimStart('"');
            }
            else if (rest.StartsWith('='))
            {
                rest = rest[1..];
            }
            else
            {
                continue;
            }

            var end = rest.IndexOfAny(ends ?? ValueEnd);
            var value = end < 0 ? rest : rest[..end];
            return value.Length > MaxValueChars ? value[..MaxValueChars] : value;
        }

        return default;
    }
}
