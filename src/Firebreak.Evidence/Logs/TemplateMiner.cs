using System.Runtime.CompilerServices;
using System.Text;

namespace Firebreak.Evidence;

/// <summary>A streaming log template miner in the Drain family: masks variables, routes by token count and first token, and merges a line into the most similar template.</summary>
/// <remarks>
/// Tokens are interned to integers so the hot path compares ints; an exact-sequence cache skips the search for
/// lines whose masked tokens were seen before. Memory grows with distinct tokens and templates, not with lines.
/// Not thread-safe: use one miner per thread.
/// </remarks>
public sealed class TemplateMiner
{
    /// <summary>The similarity a line needs to join an existing template.</summary>
    public const double SimilarityThreshold = 0.7;

    private const int WildcardId = 0;
    private const int MaxTokens = 256;
    private const int MinListRun = 5;

    /// <summary>The fewest tokens of a message whose variable first word is found by its siblings (short messages are too ambiguous).</summary>
    private const int MinFirstWordTokens = 8;

    /// <summary>The fewest distinct first words that make a first word variable.</summary>
    private const int MinFirstWordSiblings = 3;

    /// <summary>The fewest distinct words seen in one position of otherwise equal messages that make that position a variable (fewer are constants of sibling templates: <c>Instance spawned</c>, <c>Instance destroyed</c>).</summary>
    public const int MinVariableWords = 3;

    /// <summary>The most word positions in which a line may differ from a sibling template (words that change together, such as a tag and its owner).</summary>
    private const int MaxSiblingConflicts = 2;

    /// <summary>The most clusters one bucket (token count and first token) holds before two different words in one position merge again as in Drain, so a cache miss never scans an unbounded bucket.</summary>
    private const int MaxBucketClusters = 64;
    private static readonly string[] SizeUnits = ["B", "bytes", "KB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB"];
    private static readonly string[] TimeUnits = ["ms", "s", "sec", "secs", "seconds", "min", "mins", "minutes", "h", "hours"];
    private const int MaxTokenLength = 512;
    private const int MaxDistinctTokens = 1_000_000;

    /// <summary>The fewest messages of a cluster that must all carry the same <c>key=value</c> token before its value is shown as a constant.</summary>
    public const int MinConstantOccurrences = 5;

    /// <summary>The default bound on distinct clusters: past it, lines of a new shape fold into one <c>&lt;*&gt;</c> cluster so memory stays bounded.</summary>
    public const int DefaultMaxClusters = 100_000;

    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];
    private static readonly string[] StatusKeys = ["status=", "status:", "code=", "http_status="];

    private readonly List<string> _tokens = [TokenMasker.Wildcard];
    private readonly List<TokenKind> _kinds = [TokenKind.Wildcard];
    private readonly List<TokenShape> _shapes = [TokenShape.Word];
    private readonly List<QuantityRole> _roles = [QuantityRole.None];

    /// <summary>Per token id: true when a raw token with that very text masks to it, so the raw text's id is its masked id.</summary>
    private readonly List<bool> _verbatim = [false];
    private readonly TokenTable _ids = new();
    private readonly bool _keepStatus;
    private readonly int _maxClusters;
    private readonly Dictionary<long, List<int>> _buckets = [];
    private readonly SequenceCache _cache = new();
    private readonly List<int[]> _templates = [];

    /// <summary>Per cluster: the cluster whose template it now shares (itself unless a sibling position turned variable).</summary>
    private readonly List<int> _alias = [];

    /// <summary>Sibling clusters that differ from one another in one word position, keyed by that position and the rest of the template.</summary>
    private readonly Dictionary<ulong, List<int>> _siblings = [];
    private readonly List<long> _counts = [];
    private readonly int[] _line = new int[MaxTokens];
    private readonly bool _keepConstants;

    /// <summary>Per position of the current message: where its raw <c>key=value</c> text starts when masking changed it, else -1.</summary>
    private readonly int[] _rawStart = new int[MaxTokens];
    private readonly int[] _rawEnd = new int[MaxTokens];

    /// <summary>Per position of the current message before folding: where its token starts and ends in the message.</summary>
    private readonly int[] _tokenStart = new int[MaxTokens];
    private readonly int[] _tokenEnd = new int[MaxTokens];

    /// <summary>Per cluster: the raw <c>key=value</c> text at each position while every message had the same one there (null once it varied); null when nothing is tracked.</summary>
    private readonly List<string?[]?> _constants = [];
    private readonly char[] _masked = new char[MaxTokenLength + 8];

    /// <summary>Creates an empty miner; with <paramref name="keepHttpStatusClass"/> an HTTP status after a request method or a status key stays as its class (<c>5xx</c>), so failing requests get their own template.</summary>
    /// <param name="keepHttpStatusClass">Keep HTTP status classes (see the summary).</param>
    /// <param name="maxClusters">The bound on the template table.</param>
    /// <param name="keepConstantValues">Show a masked <c>key=value</c> token whose value is a name (<c>name=latency_p99</c>, <c>mfa=true</c>) as written when every one of at least <see cref="MinConstantOccurrences"/> messages of its cluster has the same one; numeric values stay variables, as in the Loghub ground truth (<c>uid=0</c>).</param>
    public TemplateMiner(bool keepHttpStatusClass = false, int maxClusters = DefaultMaxClusters, bool keepConstantValues = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxClusters, 1);
        _keepStatus = keepHttpStatusClass;
        _keepConstants = keepConstantValues;
        _maxClusters = maxClusters;
        _ids.Add(TokenMasker.Wildcard);
    }

    /// <summary>How many messages were folded into the overflow cluster because the template table was full.</summary>
    public long Folded { get; private set; }

    /// <summary>The cluster that takes new shapes once the table is full, or -1 while it is not.</summary>
    public int OverflowCluster { get; private set; } = -1;

    private enum QuantityRole : byte
    {
        None,
        OpenValue,
        BoundValue,
        SizeUnit,
        ClosingSizeUnit,
        TimeUnit,
    }

    private enum TokenShape : byte
    {
        Word,
        State,
        QualifiedName,
    }

    private enum TokenKind : byte
    {
        Constant,
        Wildcard,
        Pattern,
    }

    /// <summary>Number of clusters mined so far (several may share a final template).</summary>
    public int ClusterCount => _templates.Count;

    /// <summary>Adds one message (or a template mined elsewhere, with its count) and returns the id of the cluster it joined.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Add(ReadOnlySpan<char> message, long occurrences = 1)
    {
        var count = Tokenize(message);
        var line = _line.AsSpan(0, count);
        var hash = Hash(line);
        if (_cache.TryGet(hash, out var cached))
        {
            _counts[cached] += occurrences;
            if (_keepConstants)
            {
                TrackConstants(cached, message, count);
            }

            return cached;
        }

        var bucketKey = ((long)count << 32) | (uint)RouteToken(line);
        if (!_buckets.TryGetValue(bucketKey, out var bucket))
        {
            bucket = [];
            _buckets[bucketKey] = bucket;
        }

        var best = -1;
        var bestScore = -1.0;
        var bestWildcards = -1;
        var bestConflicts = 0;
        var bestConflictAt = -1;
        var bestConflictAt2 = -1;
        foreach (var cluster in bucket)
        {
            var score = Similarity(_templates[cluster], line, out var wildcards, out var conflicts, out var conflictAt, out var conflictAt2);
            if (score > bestScore || (score == bestScore && (conflicts < bestConflicts || (conflicts == bestConflicts && wildcards > bestWildcards))))
            {
                best = cluster;
                bestScore = score;
                bestWildcards = wildcards;
                bestConflicts = conflicts;
                bestConflictAt = conflictAt;
                bestConflictAt2 = conflictAt2;
            }
        }

        var similar = best >= 0 && bestScore >= SimilarityThreshold;
        if (similar && bestConflicts > 0 && bucket.Count < MaxBucketClusters)
        {
            // Two different words in one position are sibling constants until enough distinct ones make it a variable.
            if (bestConflicts > MaxSiblingConflicts || !JoinSiblings(best, line, bestConflictAt, bestConflictAt2, bucket))
            {
                similar = false;
            }
        }

        if (similar)
        {
            Merge(_templates[best], line);
            _counts[best] += occurrences;
        }
        else if (_templates.Count >= _maxClusters)
        {
            // The table is full: a new shape joins the one overflow template instead of growing memory.
            if (OverflowCluster < 0)
            {
                OverflowCluster = _templates.Count;
                _templates.Add([WildcardId]);
                _alias.Add(OverflowCluster);
                _counts.Add(0);
                _constants.Add(null);
            }

            best = OverflowCluster;
            _counts[best] += occurrences;
            Folded += occurrences;
        }
        else
        {
            var sibling = best >= 0 && bestScore >= SimilarityThreshold && bestConflicts is > 0 and <= MaxSiblingConflicts ? best : -1;
            best = _templates.Count;
            _templates.Add(line.ToArray());
            _alias.Add(best);
            _counts.Add(occurrences);
            _constants.Add(_keepConstants ? FirstConstants(message, count) : null);
            bucket.Add(best);
            if (sibling >= 0)
            {
                AddSibling(sibling, best, bestConflictAt, bestConflictAt2);
            }

            _cache.Set(hash, best);
            return best;
        }

        if (_keepConstants)
        {
            TrackConstants(best, message, count);
        }

        _cache.Set(hash, best);
        return best;
    }

    /// <summary>The current template of a cluster, variables written as <c>&lt;*&gt;</c>.</summary>
    public string Template(int cluster)
    {
        cluster = Find(cluster);
        var tokens = _templates[cluster];
        var constants = _counts[cluster] >= MinConstantOccurrences ? _constants[cluster] : null;
        var builder = new StringBuilder();
        for (var i = 0; i < tokens.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            builder.Append(constants?[i] ?? _tokens[tokens[i]]);
        }

        var chars = builder.ToString().ToCharArray();
        return new string(chars, 0, TokenMasker.Collapse(chars));
    }

    /// <summary>How many messages joined a cluster.</summary>
    public long Count(int cluster) => _counts[cluster];

    /// <summary>Maps every cluster to an event index so clusters with the same final template share one event; returns the templates in order of first appearance.</summary>
    public IReadOnlyList<string> Events(out int[] eventOfCluster)
    {
        eventOfCluster = new int[_templates.Count];
        var events = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var variableFirst = VariableFirstWords();
        for (var c = 0; c < _templates.Count; c++)
        {
            var r = Find(c);
            var template = variableFirst.TryGetValue(r, out var firstWord) ? firstWord + Template(r)[_tokens[_templates[r][0]].Length..] : Template(r);
            if (!index.TryGetValue(template, out var e))
            {
                e = events.Count;
                events.Add(template);
                index[template] = e;
            }

            eventOfCluster[c] = e;
        }

        return events;
    }

    /// <summary>
    /// Clusters that differ only in a lower-case or dotted first word, with at least <see cref="MinFirstWordSiblings"/> of
    /// them and <see cref="MinFirstWordTokens"/> tokens, mapped to the first word that replaces theirs (a shared dotted
    /// prefix stays: <c>com.example.&lt;*&gt;:</c>): lines are routed by their first token, so a long message that starts
    /// with a variable name (<c>billing is not responding …</c>) would otherwise keep one template per name.
    /// </summary>
    private Dictionary<int, string> VariableFirstWords()
    {
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var c = 0; c < _templates.Count; c++)
        {
            var tokens = _templates[c];
            if (tokens.Length >= MinFirstWordTokens && c != OverflowCluster && _alias[c] == c
                && (IsLowerWord(_tokens[tokens[0]]) || _shapes[tokens[0]] == TokenShape.QualifiedName))
            {
                var key = string.Join(',', tokens.Skip(1));
                if (!groups.TryGetValue(key, out var group))
                {
                    group = [];
                    groups[key] = group;
                }

                group.Add(c);
            }
        }

        var result = new Dictionary<int, string>();
        foreach (var group in groups.Values)
        {
            var words = group.Select(c => _tokens[_templates[c][0]]).Distinct(StringComparer.Ordinal).ToList();
            if (words.Count >= MinFirstWordSiblings)
            {
                var first = CommonFrame(words);
                foreach (var c in group)
                {
                    result[c] = first;
                }
            }
        }

        return result;
    }

    /// <summary>The words with their differing middle as one variable, keeping a shared prefix up to a dot or punctuation and a shared punctuation suffix (<c>com.apple.&lt;*&gt;:</c>).</summary>
    private static string CommonFrame(List<string> words)
    {
        var first = words[0];
        var prefix = first.Length;
        var suffix = first.Length;
        foreach (var word in words)
        {
            prefix = Math.Min(prefix, first.AsSpan().CommonPrefixLength(word));
            var s = 0;
            while (s < Math.Min(first.Length, word.Length) && first[^(s + 1)] == word[^(s + 1)])
            {
                s++;
            }

            suffix = Math.Min(suffix, s);
        }

        while (prefix > 0 && !IsCut(first[prefix - 1]) && first[prefix - 1] != '.')
        {
            prefix--;
        }

        while (suffix > 0 && !IsCut(first[^suffix]))
        {
            suffix--;
        }

        suffix = Math.Min(suffix, first.Length - prefix);
        return string.Concat(first.AsSpan(0, prefix), TokenMasker.Wildcard, first.AsSpan(first.Length - suffix));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Tokenize(ReadOnlySpan<char> message)
    {
        var count = 0;
        var i = 0;
        var http = false;
        var month = -1;
        while (i < message.Length && count < MaxTokens)
        {
            var skip = CharClass.IndexOfExcept(message[i..], CharClass.Blank);
            if (skip < 0)
            {
                break;
            }

            // One pass finds the token's end and the classes of its characters.
            var start = i + skip;
            var classes = CharClass.ScanToBlank(message, start, out i);
            _rawStart[count] = -1;
            _tokenStart[count] = start;
            _tokenEnd[count] = i;

            if (count == MaxTokens - 1 && i < message.Length)
            {
                // The tail of a pathological line is one variable.
                _line[count++] = WildcardId;
                break;
            }

            var token = message[start..i];
            if (token.Length > MaxTokenLength)
            {
                _line[count++] = WildcardId;
                continue;
            }

            if (_keepStatus && StatusClass(token, ref http) is { } status)
            {
                _line[count++] = Intern(status);
            }
            else if ((classes & CharClass.Special) == 0)
            {
                // A plain word (no digit, slash or structural punctuation): only a default value (true, null) masks.
                if (token.Length == 3 && month < 0 && IsMonthName(token))
                {
                    month = count;
                }

                _line[count++] = token.Length is 4 or 5 && TokenMasker.MayMask(token) ? WildcardId : Intern(token);
            }
            else if ((classes & CharClass.Digit) != 0 && IsNumber(token))
            {
                _line[count++] = WildcardId;
            }
            else
            {
                if (count > 0 && _line[count - 1] == WildcardId && (classes & CharClass.Digit) != 0 && HttpVersionLength(token) is > 0 and var version)
                {
                    // The protocol of a request line belongs to the request target before it: "GET <*>".
                    _line[count - 1] = version == token.Length ? WildcardId : InternVariableWithTail(token[version..]);
                    continue;
                }

                if ((classes & CharClass.Digit) == 0 && _ids.TryGet(token, out var known) && _verbatim[known])
                {
                    // Seen before and known to mask to itself (src:, state=IDLE, NameSystem.addStoredBlock:): skip the
                    // masker. Tokens with digits are mostly values seen once, so they skip this look-up instead.
                    _line[count++] = known;
                    continue;
                }

                var length = TokenMasker.Mask(token, _masked);
                var masked = _masked.AsSpan(0, length);
                var id = Intern(masked);
                if (masked.SequenceEqual(token))
                {
                    _verbatim[id] |= id != WildcardId;
                }
                else if (_keepConstants && IsNamedValue(token))
                {
                    _rawStart[count] = start;
                    _rawEnd[count] = i;
                }

                _line[count++] = id;
            }
        }

        if (month >= 0)
        {
            count = CollapseDate(message, count, month);
        }

        count = FoldQuantities(count);
        return _line.AsSpan(0, count).Count(WildcardId) >= MinListRun ? CollapseVariableRuns(count) : count;
    }

    /// <summary>
    /// A date written inside a message (<c>Fri Jun 17 07:07:00 2005</c>, <c>Jul 01 08:16:53 PDT 2005</c>) is one variable:
    /// an optional weekday name, the month name at <paramref name="month"/>, then numbers, a clock time and at most one
    /// time-zone abbreviation, holding at least a day number and a clock time.
    /// </summary>
    private int CollapseDate(ReadOnlySpan<char> message, int count, int month)
    {
        var first = month > 0 && IsWeekdayName(message[_tokenStart[month - 1].._tokenEnd[month - 1]]) ? month - 1 : month;
        var end = month + 1;
        var numbers = 0;
        var clocks = 0;
        var zones = 0;
        while (end < count)
        {
            var token = message[_tokenStart[end].._tokenEnd[end]];
            if (token.Length <= 4 && token.IndexOfAnyExceptInRange('0', '9') < 0)
            {
                numbers++;
            }
            else if (IsClock(token))
            {
                clocks++;
            }
            else if (zones == 0 && token.Length is >= 2 and <= 5 && token.IndexOfAnyExceptInRange('A', 'Z') < 0)
            {
                zones++;
            }
            else
            {
                break;
            }

            end++;
        }

        if (numbers == 0 || clocks == 0)
        {
            return count;
        }

        _rawStart[first] = -1;
        _line[first] = WildcardId;
        var removed = end - first - 1;
        for (var k = end; k < count; k++)
        {
            _line[k - removed] = _line[k];
            MoveRaw(k, k - removed);
        }

        return count - removed;
    }

    /// <summary>A clock time: digits and colons (at least one), with an optional fraction (<c>07:07:00</c>, <c>13:48:39.362</c>).</summary>
    private static bool IsClock(ReadOnlySpan<char> token)
    {
        if (token.Length < 4 || !char.IsAsciiDigit(token[0]) || !char.IsAsciiDigit(token[^1]) || token.IndexOf(':') < 0)
        {
            return false;
        }

        foreach (var c in token)
        {
            if (!char.IsAsciiDigit(c) && c is not ':' and not '.')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsMonthName(ReadOnlySpan<char> token) =>
        token is "Jan" or "Feb" or "Mar" or "Apr" or "May" or "Jun" or "Jul" or "Aug" or "Sep" or "Oct" or "Nov" or "Dec";

    private static bool IsWeekdayName(ReadOnlySpan<char> token) =>
        token is "Mon" or "Tue" or "Wed" or "Thu" or "Fri" or "Sat" or "Sun";

    /// <summary>The length of an HTTP protocol version at the start of a token (<c>HTTP/1.1</c>, <c>HTTP/2</c>), or 0.</summary>
    private static int HttpVersionLength(ReadOnlySpan<char> token)
    {
        if (!token.StartsWith("HTTP/", StringComparison.Ordinal))
        {
            return 0;
        }

        var end = 5;
        while (end < token.Length && (char.IsAsciiDigit(token[end]) || token[end] == '.'))
        {
            end++;
        }

        return end > 5 && char.IsAsciiDigit(token[end - 1]) && (end == token.Length || !char.IsAsciiLetterOrDigit(token[end])) ? end : 0;
    }

    /// <summary>The id of a variable followed by punctuation (<c>&lt;*&gt;"</c>), or of a plain variable when the tail holds more than punctuation.</summary>
    private int InternVariableWithTail(ReadOnlySpan<char> tail)
    {
        if (tail.Length > 4)
        {
            return WildcardId;
        }

        foreach (var c in tail)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                return WildcardId;
            }
        }

        Span<char> text = stackalloc char[8];
        TokenMasker.Wildcard.AsSpan().CopyTo(text);
        tail.CopyTo(text[3..]);
        return Intern(text[..(3 + tail.Length)]);
    }

    /// <summary>Folds quantities whose shape varies between lines of one event: a restated size <c>(3.9 KB)</c> after a size is dropped and a bound duration <c>&lt;1 sec</c> becomes one variable.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int FoldQuantities(int count)
    {
        var written = 0;
        for (var i = 0; i < count; i++)
        {
            var id = _line[i];
            var role = _roles[id];
            if (role == QuantityRole.OpenValue && i + 1 < count && written > 0
                && _roles[_line[written - 1]] == QuantityRole.SizeUnit && _roles[_line[i + 1]] == QuantityRole.ClosingSizeUnit)
            {
                i++;
                continue;
            }

            if (role == QuantityRole.BoundValue && i + 1 < count && _roles[_line[i + 1]] == QuantityRole.TimeUnit)
            {
                _rawStart[written] = -1;
                _line[written++] = WildcardId;
                i++;
                continue;
            }

            MoveRaw(i, written);
            _line[written++] = id;
        }

        return written;
    }

    private static QuantityRole RoleOf(string text) =>
        text switch
        {
            "(<*>" => QuantityRole.OpenValue,
            "<<*>" or "><*>" or "~<*>" => QuantityRole.BoundValue,
            _ when IsUnit(text, SizeUnits) => QuantityRole.SizeUnit,
            _ when text.EndsWith(')') && IsUnit(text.AsSpan(0, text.Length - 1), SizeUnits) => QuantityRole.ClosingSizeUnit,
            _ when IsUnit(text.AsSpan().TrimEnd(",;."), TimeUnits) => QuantityRole.TimeUnit,
            _ => QuantityRole.None,
        };

    private static bool IsUnit(ReadOnlySpan<char> word, string[] units)
    {
        foreach (var unit in units)
        {
            if (word.Equals(unit, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A run of five or more variables is one list-valued variable (block lists, hex dumps) whose length varies between lines.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int CollapseVariableRuns(int count)
    {
        var written = 0;
        var i = 0;
        while (i < count)
        {
            var run = 0;
            while (i + run < count && _line[i + run] == WildcardId)
            {
                run++;
            }

            if (run >= MinListRun)
            {
                _rawStart[written] = -1;
                _line[written++] = WildcardId;
                i += run;
            }
            else if (run > 0)
            {
                for (var k = 0; k < run; k++)
                {
                    MoveRaw(i + k, written);
                    _line[written++] = WildcardId;
                }

                i += run;
            }
            else
            {
                MoveRaw(i, written);
                _line[written++] = _line[i++];
            }
        }

        return written;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MoveRaw(int from, int to)
    {
        _rawStart[to] = _rawStart[from];
        _rawEnd[to] = _rawEnd[from];
    }

    /// <summary>The raw <c>key=value</c> texts of a cluster's first message, or null when it has none.</summary>
    private string?[]? FirstConstants(ReadOnlySpan<char> message, int count)
    {
        string?[]? constants = null;
        for (var i = 0; i < count; i++)
        {
            if (_rawStart[i] >= 0)
            {
                constants ??= new string?[count];
                constants[i] = message[_rawStart[i].._rawEnd[i]].ToString();
            }
        }

        return constants;
    }

    /// <summary>Forgets a cluster's constant <c>key=value</c> texts that this message does not repeat.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void TrackConstants(int cluster, ReadOnlySpan<char> message, int count)
    {
        var constants = _constants[cluster];
        if (constants is null)
        {
            return;
        }

        var left = 0;
        for (var i = 0; i < constants.Length; i++)
        {
            if (constants[i] is { } text)
            {
                if (i < count && _rawStart[i] >= 0 && message[_rawStart[i].._rawEnd[i]].SequenceEqual(text))
                {
                    left++;
                }
                else
                {
                    constants[i] = null;
                }
            }
        }

        if (left == 0)
        {
            _constants[cluster] = null;
        }
    }

    /// <summary>
    /// True for a <c>key=value</c> token whose value is a name rather than a number or an id: letters outnumber digits,
    /// only letters, digits, <c>_</c>, <c>-</c> and <c>.</c>, and not hexadecimal (<c>name=latency_p99</c>, <c>mfa=true</c>,
    /// <c>region=eu-west-1</c>; not <c>uid=0</c>, <c>port=8080</c>, <c>id=8a2a501</c>).
    /// </summary>
    private static bool IsNamedValue(ReadOnlySpan<char> token)
    {
        var equals = token.IndexOf('=');
        if (equals <= 0 || !char.IsAsciiLetter(token[0]))
        {
            return false;
        }

        var value = token[(equals + 1)..].TrimEnd(",;.");
        var letters = 0;
        var digits = 0;
        var hex = true;
        foreach (var c in value)
        {
            if (char.IsAsciiLetter(c))
            {
                letters++;
                hex &= char.IsAsciiHexDigit(c);
            }
            else if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not '_' and not '-' and not '.')
            {
                return false;
            }
            else
            {
                hex = false;
            }
        }

        return letters > digits && !(hex && value.Length >= 4 && digits > 0);
    }

    /// <summary>The class of an HTTP status (<c>5xx</c>, <c>status=4xx</c>) when the token is one, noting request methods on the way.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? StatusClass(ReadOnlySpan<char> token, ref bool http)
    {
        if (token.Length == 3 && http && token[0] is >= '1' and <= '5' && char.IsAsciiDigit(token[1]) && char.IsAsciiDigit(token[2]))
        {
            return StatusClasses[token[0] - '1'];
        }

        foreach (var key in StatusKeys)
        {
            if (token.Length == key.Length + 3 && token.StartsWith(key, StringComparison.OrdinalIgnoreCase) && token[key.Length] is >= '1' and <= '5'
                && char.IsAsciiDigit(token[^2]) && char.IsAsciiDigit(token[^1]))
            {
                return string.Concat(token[..key.Length], token.Slice(key.Length, 1), "xx");
            }
        }

        var bare = token.Trim("\"'[(:");
        http |= bare is "GET" or "POST" or "PUT" or "DELETE" or "PATCH" or "HEAD" or "OPTIONS" or "status" or "Status" or "STATUS" or "code";
        return null;
    }

    /// <summary>Numbers, IPs and endpoints (<c>42</c>, <c>10.0.0.1:50010</c>, <c>/10.0.0.1</c>) mask to one variable: a shortcut past the masker.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsNumber(ReadOnlySpan<char> token)
    {
        var start = token.Length > 1 && token[0] == '/' ? 1 : 0;
        if (char.IsAsciiDigit(token[start]) && char.IsAsciiDigit(token[^1]) && CharClass.IndexOfExcept(token[start..], CharClass.Number) < 0)
        {
            return true;
        }

        // Identifiers of letters, digits and underscores with two or more digits (blk_123, attempt_1_0) are values.
        var digits = 0;
        foreach (var c in token)
        {
            if (!CharClass.Is(c, CharClass.Identifier))
            {
                return false;
            }

            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
        }

        return digits >= 2;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Intern(ReadOnlySpan<char> token)
    {
        if (token.Length == 3 && token.SequenceEqual(TokenMasker.Wildcard))
        {
            return WildcardId;
        }

        if (_ids.TryGet(token, out var id))
        {
            return id;
        }

        if (_tokens.Count >= MaxDistinctTokens)
        {
            return WildcardId;
        }

        var text = token.ToString();
        var star = text.IndexOf(TokenMasker.Wildcard, StringComparison.Ordinal);
        return Add(text, star < 0 ? TokenKind.Constant : star == text.LastIndexOf(TokenMasker.Wildcard, StringComparison.Ordinal) ? TokenKind.Pattern : TokenKind.Constant);
    }

    private int Add(string text, TokenKind kind)
    {
        var id = _tokens.Count;
        _tokens.Add(text);
        _kinds.Add(kind);
        _shapes.Add(kind != TokenKind.Constant ? TokenShape.Word : IsEnumWord(text.AsSpan(text.LastIndexOfAny(['.', ':', '=']) + 1)) ? TokenShape.State : IsQualifiedName(text) ? TokenShape.QualifiedName : TokenShape.Word);
        _roles.Add(RoleOf(text));
        _verbatim.Add(false);
        _ids.Add(text);
        return id;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int RouteToken(ReadOnlySpan<int> line)
    {
        if (line.Length == 0)
        {
            return WildcardId;
        }

        var first = line[0];
        return _kinds[first] == TokenKind.Constant && !_tokens[first].Contains(TokenMasker.Wildcard, StringComparison.Ordinal) ? first : WildcardId;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Similarity(int[] template, ReadOnlySpan<int> line, out int wildcards, out int conflicts, out int conflictAt, out int conflictAt2)
    {
        var same = 0;
        var names = 0;
        wildcards = 0;
        conflicts = 0;
        conflictAt = -1;
        conflictAt2 = -1;
        for (var i = 0; i < line.Length; i++)
        {
            var t = template[i];
            var l = line[i];
            if (t == l)
            {
                same++;
            }
            else if (_kinds[t] != TokenKind.Constant && Fits(t, l))
            {
                wildcards++;
            }
            else if (_shapes[t] == _shapes[l] && _shapes[t] != TokenShape.Word)
            {
                if (_shapes[t] == TokenShape.State)
                {
                    return 0;
                }

                names++;
            }
            else if (_kinds[t] != TokenKind.Wildcard && _kinds[l] != TokenKind.Wildcard && !(_kinds[l] == TokenKind.Pattern && Fits(l, t)))
            {
                // Two different words (or a word and a pattern that does not cover it) in one position.
                conflicts++;
                conflictAt2 = conflictAt;
                conflictAt = i;
            }
        }

        // Two different qualified names (class names, host names) in one slot are half a match: they are usually values.
        return line.Length == 0 ? 1.0 : (same + wildcards + (0.5 * names)) / line.Length;
    }

    /// <summary>
    /// Records <paramref name="added"/> as a sibling of <paramref name="cluster"/>: their templates differ in one word at
    /// <paramref name="position"/>.
    /// </summary>
    private void AddSibling(int cluster, int added, int position, int position2)
    {
        var key = SiblingKey(_templates[cluster], position, position2);
        if (!_siblings.TryGetValue(key, out var siblings))
        {
            siblings = [cluster];
            _siblings[key] = siblings;
        }

        siblings.Add(added);
    }

    /// <summary>
    /// True when a line whose one differing word is at <paramref name="position"/> makes <see cref="MinVariableWords"/>
    /// distinct words there: the position becomes a variable of <paramref name="cluster"/>, and its siblings share its
    /// template from now on (and leave the bucket).
    /// </summary>
    private bool JoinSiblings(int cluster, ReadOnlySpan<int> line, int position, int position2, List<int> bucket)
    {
        var key = SiblingKey(_templates[cluster], position, position2);
        var known = _siblings.TryGetValue(key, out var siblings) ? siblings.Count : 1;
        if (known + 1 < MinVariableWords)
        {
            return false;
        }

        var template = _templates[cluster];
        template[position] = Generalize(template[position], line[position]);
        if (position2 >= 0)
        {
            template[position2] = Generalize(template[position2], line[position2]);
        }

        if (siblings is not null)
        {
            foreach (var sibling in siblings)
            {
                if (sibling != cluster && Find(sibling) == sibling && _templates[sibling].Length == template.Length)
                {
                    Merge(template, _templates[sibling]);
                    _alias[sibling] = cluster;
                    bucket.Remove(sibling);
                }
            }

            _siblings.Remove(key);
        }

        return true;
    }

    /// <summary>The cluster whose template <paramref name="cluster"/> shares, shortening the chain on the way.</summary>
    private int Find(int cluster)
    {
        var root = cluster;
        while (_alias[root] != root)
        {
            root = _alias[root];
        }

        while (_alias[cluster] != root)
        {
            (cluster, _alias[cluster]) = (_alias[cluster], root);
        }

        return root;
    }

    /// <summary>A hash of a template's length, the position that varies, and every other token.</summary>
    private static ulong SiblingKey(int[] template, int position, int position2)
    {
        var h = 14695981039346656037UL ^ (ulong)template.Length ^ ((ulong)position << 40) ^ ((ulong)(position2 + 1) << 50);
        for (var i = 0; i < template.Length; i++)
        {
            h = (h ^ (uint)(i == position || i == position2 ? WildcardId : template[i])) * 1099511628211UL;
            h ^= h >> 29;
        }

        return h;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Fits(int pattern, int token)
    {
        if (_kinds[pattern] == TokenKind.Wildcard)
        {
            return true;
        }

        var p = _tokens[pattern];
        var star = p.IndexOf(TokenMasker.Wildcard, StringComparison.Ordinal);
        var text = _tokens[token];
        return text.Length >= p.Length - 3
            && text.AsSpan().StartsWith(p.AsSpan(0, star), StringComparison.Ordinal)
            && text.AsSpan().EndsWith(p.AsSpan(star + 3), StringComparison.Ordinal);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Merge(int[] template, ReadOnlySpan<int> line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            var t = template[i];
            if (t == line[i] || (_kinds[t] != TokenKind.Constant && Fits(t, line[i])))
            {
                continue;
            }

            template[i] = Generalize(t, line[i]);
        }
    }

    /// <summary>The most specific variable covering two tokens: a shared key such as <c>user=</c> is kept.</summary>
    private int Generalize(int a, int b)
    {
        var x = _tokens[a];
        var y = _tokens[b];
        if (_kinds[a] == TokenKind.Pattern)
        {
            var star = x.IndexOf(TokenMasker.Wildcard, StringComparison.Ordinal);
            x = string.Concat(x.AsSpan(0, star), "\u0001", x.AsSpan(star + 3));
        }

        var prefix = 0;
        var limit = Math.Min(x.Length, y.Length);
        var lastCut = 0;
        while (prefix < limit && x[prefix] == y[prefix])
        {
            prefix++;
            if (IsCut(x[prefix - 1]))
            {
                lastCut = prefix;
            }
        }

        prefix = lastCut;
        var suffix = 0;
        var firstCut = 0;
        while (suffix < limit - prefix && x[^(suffix + 1)] == y[^(suffix + 1)])
        {
            suffix++;
            if (IsCut(x[^suffix]))
            {
                firstCut = suffix;
            }
        }

        suffix = firstCut;
        if (prefix == 0 && suffix == 0)
        {
            return WildcardId;
        }

        var merged = string.Concat(y.AsSpan(0, prefix), TokenMasker.Wildcard, y.AsSpan(y.Length - suffix));
        var chars = merged.ToCharArray();
        merged = new string(chars, 0, TokenMasker.Collapse(chars));
        if (merged == TokenMasker.Wildcard)
        {
            return WildcardId;
        }

        if (_ids.TryGet(merged, out var id))
        {
            return _kinds[id] == TokenKind.Pattern ? id : WildcardId;
        }

        return merged.IndexOf(TokenMasker.Wildcard, StringComparison.Ordinal) == merged.LastIndexOf(TokenMasker.Wildcard, StringComparison.Ordinal)
            ? Add(merged, TokenKind.Pattern)
            : WildcardId;
    }

    /// <summary>Upper-case words (RUNNING, HTTPS, SOCKS5, action.SCREEN_ON, state=IDLE) and capitalised words (Paused) name states and protocols: two different ones never merge into a variable.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsEnumWord(ReadOnlySpan<char> text)
    {
        // Quotes around a word (\"GET, 'Active') do not change what it names; brackets often hold ids ([CPU0]).
        text = text.TrimEnd(".,;:").Trim("\"'");
        if (text.Length == 3 && text[0] is >= '1' and <= '5' && text.EndsWith("xx", StringComparison.Ordinal))
        {
            // An HTTP status class kept by keepHttpStatusClass.
            return true;
        }

        // Capitalised words (Paused, Resumed) are states too; three-letter ones are often day or month names in dates.
        if (text.Length >= 4 && char.IsAsciiLetterUpper(text[0]) && IsLowerWord(text[1..]))
        {
            return true;
        }

        var letters = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                letters++;
            }
            else if (!char.IsAsciiDigit(c) && c != '_')
            {
                return false;
            }
        }

        return letters >= 2;
    }

    private static bool IsLowerWord(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterLower(c))
            {
                return false;
            }
        }

        return text.Length >= 2;
    }

    /// <summary>Dotted names such as <c>org.apache.Foo</c> or <c>ns1.example.com</c>.</summary>
    private static bool IsQualifiedName(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < text.Length - 1 && char.IsAsciiLetter(text[dot - 1]) && char.IsAsciiLetter(text[dot + 1]);
    }

    private static bool IsCut(char c) => TokenMasker.IsStructural(c) || c is '-' or '#' or '/';

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong Hash(ReadOnlySpan<int> line)
    {
        var h = 14695981039346656037UL ^ (ulong)line.Length;
        foreach (var t in line)
        {
            h = (h ^ (uint)t) * 1099511628211UL;
            h ^= h >> 29;
        }

        return h;
    }
}
