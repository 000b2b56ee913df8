using System.Text;

namespace Firebreak.Evidence;

/// <summary>One line's header as detected: the Loghub-style format it fits (or <c>json</c>) and the range of its message.</summary>
public readonly record struct DetectedHeader(string Format, int ContentStart, int ContentEnd)
{
    /// <summary>The message of <paramref name="line"/>.</summary>
    public ReadOnlySpan<char> Content(ReadOnlySpan<char> line) => line[ContentStart..ContentEnd];
}

/// <summary>What was detected for a file: the format most of its lines fit, and how many of a sample fit it.</summary>
public sealed record DetectedFormat(LogFormat? Format, int Matched, int Sampled, bool JsonLines, string? JsonMessageField)
{
    /// <summary>Nothing detected.</summary>
    public static DetectedFormat None { get; } = new(null, 0, 0, false, null);

    /// <summary>True when most lines are logfmt (<c>key=value</c> pairs): the message is the value of <see cref="JsonMessageField"/>.</summary>
    public bool Logfmt { get; init; }

    /// <summary>What a user can copy into <c>--format</c>, or how the lines are read.</summary>
    public string Explain() =>
        Logfmt ? $"logfmt lines (key=value pairs): the message is the \"{JsonMessageField}\" value, the other pairs stay out of it"
        : JsonLines ? $"JSON lines: the message is the \"{JsonMessageField}\" field, the other fields are kept as fields"
        : Format is null ? "no common header found: every line is mined whole, its leading timestamp and level removed when recognised"
        : $"--format '{Format.Text}'  ({Matched} of {Sampled} sampled lines fit)";
}

/// <summary>Finds the header of log lines without a format: timestamps in the common shapes, levels, pids/tids, hosts, components, bracketed fields and JSON lines, written as a Loghub-style format.</summary>
/// <remarks>
/// Each line proposes the format its own header fits; the proposal that fits most lines of a sample becomes the
/// file's format (lines that do not fit it fall back to their own proposal). The rules name shapes, never systems.
/// </remarks>
public static class HeaderDetector
{
    /// <summary>How many leading lines of a file are sampled to choose its format.</summary>
    public const int SampleLines = 1000;

    /// <summary>The share of sampled lines a format must fit to be used for the file.</summary>
    public const double MinShare = 0.5;

    /// <summary>The format of a line with no header: the whole line is the message.</summary>
    public const string NoHeader = "<Content>";

    /// <summary>The share of the lines the best-fitting format fits that the format most lines propose must fit to be chosen over it.</summary>
    public const double ConsensusShare = 0.95;

    private const int MaxCandidates = 8;
    private const int MaxHeaderTokens = 16;
    private const int Lookahead = 5;
    private const string JsonFormat = "json";
    private const string LogfmtFormat = "logfmt";

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    private static readonly string[] Weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    /// <summary>The keys whose value is the message of a JSON line, first found wins.</summary>
    internal static readonly string[] MessageKeys = ["msg", "message", "@message", "MESSAGE", "log", "text", "event"];

    private enum Kind
    {
        Date,
        Time,
        DateTime,
        Epoch,
        Month,
        Weekday,
        Small,
        Year,
        Number,
        Level,
        Letter,
        Dash,
        Punct,
        Zone,
        Colon,
        ComponentPid,
        BracketTime,
        BracketLevel,
        Bracket,
        Ident,
        Word,
    }

    /// <summary>The most bytes sampled from a stream that cannot seek (standard input) to detect its header.</summary>
    public const int SampleBytes = 1 << 20;

    /// <summary>Detects the header format of an opened input from its first <see cref="SampleLines"/> lines, leaving them to be read.</summary>
    public static DetectedFormat DetectInput(LogInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return DetectFormat(input.Peek(SampleLines, SampleBytes));
    }

    /// <summary>Detects the header format of a file (as kept: gzip, UTF-16) from its first <see cref="SampleLines"/> lines.</summary>
    public static DetectedFormat DetectFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var sample = new List<string>();
        using var input = LogInput.Open(path);
        using var reader = new LogLineReader(input.Stream);
        while (sample.Count < SampleLines && reader.TryReadLine(out var line))
        {
            sample.Add(line.ToString());
        }

        return DetectFormat(sample);
    }

    /// <summary>Chooses the format that fits most of <paramref name="sample"/>; null format when none fits at least <see cref="MinShare"/> of it.</summary>
    public static DetectedFormat DetectFormat(IReadOnlyList<string> sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var lines = sample.Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        if (lines.Count == 0)
        {
            return DetectedFormat.None;
        }

        var proposals = new Dictionary<string, int>(StringComparer.Ordinal);
        var json = 0;
        string? jsonKey = null;
        var logfmt = 0;
        string? logfmtKey = null;
        foreach (var line in lines)
        {
            var header = Detect(line);
            if (header.Format.StartsWith(LogfmtFormat, StringComparison.Ordinal))
            {
                logfmt++;
                logfmtKey ??= header.Format[(LogfmtFormat.Length + 1)..];
                continue;
            }

            if (header.Format.StartsWith(JsonFormat, StringComparison.Ordinal))
            {
                json++;
                jsonKey ??= header.Format.Length > JsonFormat.Length ? header.Format[(JsonFormat.Length + 1)..] : null;
                continue;
            }

            proposals[header.Format] = proposals.GetValueOrDefault(header.Format) + 1;
            if (header.Format.Contains(@"\[<Pid>\]:", StringComparison.Ordinal))
            {
                var optional = header.Format.Replace(@"\[<Pid>\]:", @"(\[<Pid>\])?:", StringComparison.Ordinal);
                proposals.TryAdd(optional, 0);
            }
        }

        if (json * 2 > lines.Count)
        {
            return new DetectedFormat(null, json, lines.Count, true, jsonKey ?? "msg");
        }

        if (logfmt * 2 > lines.Count)
        {
            return new DetectedFormat(null, logfmt, lines.Count, false, logfmtKey) { Logfmt = true };
        }

        LogFormat? best = null;
        var bestMatched = 0;
        LogFormat? consensus = null;
        var consensusMatched = 0;
        foreach (var (text, proposed) in proposals.OrderByDescending(p => p.Value).Take(MaxCandidates))
        {
            if (text == NoHeader || !LogFormat.TryParse(text, out var format, out _))
            {
                continue;
            }

            var matched = lines.Count(l => format!.TryMatch(l, out _));
            if (consensus is null && proposed >= MinShare * lines.Count)
            {
                consensus = format;
                consensusMatched = matched;
            }

            // Proposals come most proposed first; a tie in lines fitted goes to the plain format (faster) over a regular expression.
            var better = matched > bestMatched || (matched == bestMatched && best is not null && best.UsesRegex && !format!.UsesRegex);
            if (better)
            {
                best = format;
                bestMatched = matched;
            }
        }

        // The header most lines propose for themselves wins over a looser one that fits only a few more lines
        // (<Host> <Content> fits every syslog line, the tag and pid included): the lines it misses keep their own header.
        if (consensus is not null && consensusMatched >= ConsensusShare * bestMatched)
        {
            best = consensus;
            bestMatched = consensusMatched;
        }

        return best is not null && bestMatched >= MinShare * lines.Count ? new DetectedFormat(best, bestMatched, lines.Count, false, null) : new DetectedFormat(null, 0, lines.Count, false, null);
    }

    /// <summary>Detects the header of one line.</summary>
    public static DetectedHeader Detect(ReadOnlySpan<char> line)
    {
        var trimmed = line.TrimEnd();
        if (trimmed.Length > 1 && trimmed[0] == '{' && trimmed[^1] == '}' && JsonMessage(trimmed, out var key, out var start, out var end))
        {
            return new DetectedHeader(JsonFormat + ":" + key, start, end);
        }

        if (line.Length == 0 || char.IsWhiteSpace(line[0]))
        {
            return new DetectedHeader(NoHeader, 0, line.Length);
        }

        if (Logfmt(line, out var logfmt))
        {
            return logfmt;
        }

        if (line.IndexOf('\t') > 0 && TabColumns(line, out var columns))
        {
            return columns;
        }

        // A syslog priority (<34>) before the header, as RFC 3164 and RFC 5424 messages carry it on the wire.
        var format = new StringBuilder();
        var from = Priority(line);
        if (from > 0)
        {
            format.Append(@"\<<Priority>\>");
        }

        Span<(int Start, int End)> tokens = stackalloc (int, int)[MaxHeaderTokens];
        var count = Tokenize(line, tokens, from);
        if (from > 0 && Rfc5424(line, tokens[..count], format, out var rfc5424))
        {
            return rfc5424;
        }

        if (count > 0 && line[tokens[0].Start..tokens[0].End].IndexOf('|') > 0 && Piped(line, out var piped))
        {
            return piped;
        }

        Span<Kind> kinds = stackalloc Kind[MaxHeaderTokens];
        for (var i = 0; i < count; i++)
        {
            kinds[i] = Classify(line, tokens, kinds, i, count);
        }

        var names = new Names();
        if (from > 0)
        {
            names.Next("Priority");
        }

        bool sawTime = false, sawLevel = false, syslog = false, host = false;
        var i2 = 0;
        var contentStart = line.Length;
        for (; i2 < count; i2++)
        {
            var (s, e) = tokens[i2];
            var kind = kinds[i2];
            var text = line[s..e];
            var trail = text.Length > 1 && text[^1] == ',' && kind is Kind.Time or Kind.Date or Kind.DateTime or Kind.Level or Kind.Zone ? "," : string.Empty;
            string? piece = null;
            if (i2 == 0 || sawTime)
            {
                if (!sawLevel && Logcat(line, s, out var tag, out var tagEnd))
                {
                    // logcat's brief and time formats: I/ActivityManager( 1234): message, or I/ActivityManager: message.
                    format.Append(Separator(i2)).Append(tag);
                    return Finish(format, line, tagEnd);
                }

                if (i2 == 0 && LevelLogger(text, out var levelLogger, out var after))
                {
                    // Python's default: INFO:app.module:message.
                    format.Append(levelLogger).Append("<Content>");
                    return new DetectedHeader(format.ToString(), s + after, line.Length);
                }
            }

            switch (kind)
            {
                case Kind.Date or Kind.Time or Kind.DateTime or Kind.Epoch or Kind.Weekday or Kind.Year or Kind.BracketTime:
                    piece = Field(kind == Kind.BracketTime ? @"\[" : string.Empty, names.Next(kind switch
                    {
                        Kind.Date => "Date",
                        Kind.Epoch => "Timestamp",
                        Kind.Weekday => "Weekday",
                        Kind.Year => "Year",
                        _ => "Time",
                    }), kind == Kind.BracketTime ? @"\]" : trail);
                    syslog |= kind == Kind.Time && i2 >= 2 && kinds[i2 - 1] == Kind.Small && kinds[i2 - 2] == Kind.Month;
                    sawTime = true;
                    break;
                case Kind.Month:
                    piece = Field(string.Empty, names.Next("Month"), string.Empty);
                    break;
                case Kind.Zone:
                    piece = Field(string.Empty, names.Next(text is "AM" or "PM" ? "Meridiem" : "Zone"), trail);
                    break;
                case Kind.Small when i2 > 0 && kinds[i2 - 1] == Kind.Month:
                    piece = Field(string.Empty, names.Next("Day"), string.Empty);
                    break;
                case Kind.Level or Kind.BracketLevel:
                    piece = Field(kind == Kind.BracketLevel ? @"\[" : string.Empty, names.Next("Level"), kind == Kind.BracketLevel ? @"\]" : text[^1] == ':' ? ":" : trail);
                    sawLevel = true;
                    break;
                case Kind.Letter when i2 > 0 && kinds[i2 - 1] == Kind.Number:
                    piece = Field(string.Empty, names.Next("Level"), string.Empty);
                    sawLevel = true;
                    break;
                case Kind.Number or Kind.Small when !sawLevel && ((sawTime && kinds[i2 - 1] is Kind.Time or Kind.DateTime or Kind.Epoch or Kind.Number or Kind.Small) || Ahead(kinds, i2, count, inMessage: true)):
                    piece = Field(string.Empty, names.Next(names.Has("Pid") ? "Tid" : "Pid"), string.Empty);
                    break;
                case Kind.Number or Kind.Small when sawLevel && !names.Has("Pid") && kinds[i2 - 1] is Kind.Level && i2 + 1 < count && kinds[i2 + 1] is Kind.Dash:
                    piece = Field(string.Empty, names.Next("Pid"), string.Empty);
                    break;
                case Kind.Dash when sawTime || sawLevel:
                    piece = text.ToString();
                    break;
                case Kind.Punct when sawTime || sawLevel:
                    // A lone colon ends a column-aligned header (Spring Boot's "logger : message").
                    format.Append(Separator(i2)).Append(':');
                    return Finish(format, line, Next(tokens, i2, count, line));
                case Kind.Colon when sawTime || sawLevel || host:
                    contentStart = Next(tokens, i2, count, line);
                    format.Append(Separator(i2)).Append(Field(string.Empty, names.Next("Component"), ":"));
                    return Finish(format, line, contentStart);
                case Kind.ComponentPid when sawTime || sawLevel || host:
                    var pid = @"\[<" + names.Next("Pid") + @">\]";
                    if (text[^1] == ':')
                    {
                        format.Append(Separator(i2)).Append('<').Append(names.Next("Component")).Append('>').Append(pid).Append(':');
                        return Finish(format, line, Next(tokens, i2, count, line));
                    }

                    if (i2 + 1 < count && line[tokens[i2 + 1].Start] == '(' && line[tokens[i2 + 1].Start..tokens[i2 + 1].End].EndsWith("):", StringComparison.Ordinal))
                    {
                        format.Append(Separator(i2)).Append('<').Append(names.Next("Component")).Append('>').Append(pid)
                            .Append(Separator(i2 + 1)).Append(@"\(<").Append(names.Next("Address")).Append(@">\):");
                        return Finish(format, line, Next(tokens, i2 + 1, count, line));
                    }

                    break;
                case Kind.Bracket when (sawTime || sawLevel) && !names.Has("Pid") && text.Length > 2 && text[^1] == ']' && AllDigits(text[1..^1]):
                    piece = Field(@"\[", names.Next("Pid"), @"\]");
                    break;
                case Kind.Bracket when sawTime || sawLevel:
                    piece = Field(@"\[", names.Next(sawLevel ? "Thread" : "Field"), @"\]");
                    break;
                case Kind.Dash or Kind.Number or Kind.Ident or Kind.Bracket when !sawTime && !sawLevel && Ahead(kinds, i2, count):
                    piece = Field(string.Empty, names.Next(i2 == 0 ? "Label" : "Field"), string.Empty);
                    break;
                case Kind.Ident or Kind.Word when !host && (syslog || (sawTime && !sawLevel && kinds[i2 - 1] is Kind.Time or Kind.DateTime or Kind.Zone && i2 + 1 < count && kinds[i2 + 1] is Kind.ComponentPid or Kind.Colon)):
                    piece = Field(string.Empty, names.Next("Host"), string.Empty);
                    host = true;
                    break;
                case Kind.Ident when sawLevel && !names.Has("Pid") && PidHashTid(text):
                    // nginx's error log: 2026/11/25 10:00:00 [error] 1234#1234: *1 connect() failed.
                    format.Append(Separator(i2)).Append('<').Append(names.Next("Pid")).Append(">#<").Append(names.Next("Tid")).Append(">:");
                    return Finish(format, line, Next(tokens, i2, count, line));
                case Kind.Ident or Kind.Word when names.Has("Pid") && kinds[i2 - 1] is Kind.Number or Kind.Small && text.Length > 1 && text[^1] == ']' && text.IndexOf('[') < 0:
                    // klog's source location closes its header: I1125 10:00:00.123456 1234 main.go:42] message.
                    format.Append(Separator(i2)).Append('<').Append(names.Next("Component")).Append(@">\]");
                    return Finish(format, line, Next(tokens, i2, count, line));
                case Kind.Ident or Kind.Word when (sawTime || sawLevel) && i2 + 1 < count && kinds[i2 + 1] == Kind.Dash && i2 + 2 < count:
                    piece = Field(string.Empty, names.Next("Program"), string.Empty);
                    break;
                case Kind.Ident or Kind.Word when sawLevel && text.Length <= 64 && (WideGap(line, tokens, i2, count) || (text.IndexOfAny('.', '$') > 0 && i2 + 1 < count && kinds[i2 + 1] is Kind.Bracket)):
                    piece = Field(string.Empty, names.Next("Component"), string.Empty);
                    break;
                case Kind.Ident when (sawTime || sawLevel) && Ahead(kinds, i2, count, inMessage: true):
                    piece = Field(string.Empty, names.Next("Field"), string.Empty);
                    break;
            }

            if (piece is null)
            {
                break;
            }

            format.Append(Separator(i2)).Append(piece);
        }

        if (i2 == 0 || (!sawTime && !sawLevel))
        {
            return new DetectedHeader(NoHeader, 0, line.Length);
        }

        contentStart = i2 < count ? tokens[i2].Start : line.Length;
        return Finish(format, line, contentStart);
    }

    private static DetectedHeader Finish(StringBuilder format, ReadOnlySpan<char> line, int contentStart)
    {
        format.Append(format.Length > 0 ? " <Content>" : "<Content>");
        return new DetectedHeader(format.ToString(), Math.Min(contentStart, line.Length), line.Length);
    }

    /// <summary>The separator written before token <paramref name="i"/>: nothing for the first, otherwise a space (a run of spaces matches any whitespace).</summary>
    private static string Separator(int i) => i == 0 ? string.Empty : " ";

    private static int Next(ReadOnlySpan<(int Start, int End)> tokens, int i, int count, ReadOnlySpan<char> line)
    {
        if (i + 1 < count)
        {
            return tokens[i + 1].Start;
        }

        var p = tokens[i].End;
        while (p < line.Length && char.IsWhiteSpace(line[p]))
        {
            p++;
        }

        return p;
    }

    private static string Field(string before, string name, string after) => $"{before}<{name}>{after}";

    /// <summary>True when a timestamp part or a level follows within a few tokens: what comes before it is header too.</summary>
    private static bool Ahead(ReadOnlySpan<Kind> kinds, int i, int count, bool inMessage = false)
    {
        for (var k = i + 1; k < Math.Min(count, i + 1 + Lookahead); k++)
        {
            if (kinds[k] is Kind.Date or Kind.Time or Kind.DateTime or Kind.Epoch or Kind.Month or Kind.Level or Kind.BracketTime or Kind.BracketLevel)
            {
                return true;
            }

            // Once a timestamp was seen, a dash or a plain word ends the header: a level word further on is message text.
            if (kinds[k] is Kind.Word || (inMessage && kinds[k] is Kind.Dash or Kind.Colon or Kind.ComponentPid))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Two or more spaces after a token: a column-aligned header.</summary>
    private static bool WideGap(ReadOnlySpan<char> line, ReadOnlySpan<(int Start, int End)> tokens, int i, int count) =>
        i + 1 < count && tokens[i + 1].Start - tokens[i].End >= 2;

    private static int Tokenize(ReadOnlySpan<char> line, Span<(int Start, int End)> tokens, int from)
    {
        var count = 0;
        var p = from;
        while (count < tokens.Length)
        {
            while (p < line.Length && char.IsWhiteSpace(line[p]))
            {
                p++;
            }

            if (p >= line.Length)
            {
                break;
            }

            var start = p;
            if (line[p] == '[')
            {
                var depth = 0;
                for (; p < line.Length; p++)
                {
                    depth += line[p] == '[' ? 1 : line[p] == ']' ? -1 : 0;
                    if (depth == 0)
                    {
                        p++;
                        break;
                    }
                }

                // A bracket group ends the token only at whitespace (or a colon before it).
                while (p < line.Length && !char.IsWhiteSpace(line[p]))
                {
                    p++;
                }
            }
            else
            {
                while (p < line.Length && !char.IsWhiteSpace(line[p]))
                {
                    p++;
                }
            }

            tokens[count++] = (start, p);
        }

        return count;
    }

    private static Kind Classify(ReadOnlySpan<char> line, ReadOnlySpan<(int Start, int End)> tokens, ReadOnlySpan<Kind> before, int i, int count)
    {
        var text = line[tokens[i].Start..tokens[i].End];
        if (text[0] == '[' && text[^1] == ']')
        {
            var inner = text[1..^1];
            return LooksLikeTime(inner) ? Kind.BracketTime : LogLineHeader.IsLevel(inner) ? Kind.BracketLevel : Kind.Bracket;
        }

        var bare = text.Length > 1 && text[^1] == ',' ? text[..^1] : text;
        if (text is "-" or "--" or "---")
        {
            return Kind.Dash;
        }

        if (text is ":")
        {
            return Kind.Punct;
        }

        if (i > 0 && before[i - 1] is Kind.Time or Kind.DateTime && IsZone(bare))
        {
            return Kind.Zone;
        }

        if (i == 0 && text.Length == 5 && text[0] is 'I' or 'W' or 'E' or 'F' && AllDigits(text[1..]) && count > 1 && LooksLikeTime(line[tokens[1].Start..tokens[1].End]))
        {
            // klog (Kubernetes, glog): the severity letter and the month and day in one token, I1125.
            return Kind.Date;
        }

        if (AllDigits(bare))
        {
            var next = i + 1 < count ? line[tokens[i + 1].Start..tokens[i + 1].End] : default;
            return bare.Length switch
            {
                10 when bare[0] == '1' => Kind.Epoch,
                13 when bare[0] == '1' => Kind.Epoch,
                6 or 8 when i > 0 && before[i - 1] == Kind.Date => Kind.Time,
                6 or 8 when !next.IsEmpty && (LooksLikeTime(next) || (AllDigits(next) && next.Length == 6)) => Kind.Date,
                4 when i >= 3 && before[i - 1] == Kind.Time && before[i - 2] == Kind.Small && before[i - 3] == Kind.Month && bare[0] is '1' or '2' => Kind.Year,
                <= 2 => Kind.Small,
                _ => Kind.Number,
            };
        }

        if (LooksLikeDate(bare))
        {
            return Kind.Date;
        }

        if (LooksLikeTime(bare))
        {
            return Kind.Time;
        }

        if (LooksLikeDateTime(bare))
        {
            return Kind.DateTime;
        }

        if (bare.Length == 3 && Months.Contains(bare.ToString()))
        {
            return Kind.Month;
        }

        if (bare.Length == 3 && Weekdays.Contains(bare.ToString()))
        {
            return Kind.Weekday;
        }

        var level = text[^1] == ':' ? text[..^1] : bare;
        if (LogLineHeader.IsLevel(level))
        {
            return Kind.Level;
        }

        if (text.Length == 1 && text[0] is 'V' or 'D' or 'I' or 'W' or 'E' or 'F' or 'A')
        {
            return Kind.Letter;
        }

        var open = text.IndexOf('[');
        if (open > 0 && (text.EndsWith("]:", StringComparison.Ordinal) || text[^1] == ']') && AllDigits(text[(open + 1)..text.LastIndexOf(']')]))
        {
            return Kind.ComponentPid;
        }

        if (text.Length >= 2 && text[^1] == ':' && char.IsAsciiLetter(text[0]) && (text[..^1].IndexOfAny("=:/\"'") < 0 || SourceLocation(text[..^1])))
        {
            return Kind.Colon;
        }

        return IsIdent(text) ? Kind.Ident : Kind.Word;
    }

    /// <summary>The length of a syslog priority such as <c>&lt;34&gt;</c> at the start of a line, or 0.</summary>
    private static int Priority(ReadOnlySpan<char> line)
    {
        if (line.Length < 4 || line[0] != '<')
        {
            return 0;
        }

        var close = line[..Math.Min(line.Length, 5)].IndexOf('>');
        return close > 1 && AllDigits(line[1..close]) && close + 1 < line.Length && !char.IsWhiteSpace(line[close + 1]) ? close + 1 : 0;
    }

    /// <summary>An RFC 5424 header after its priority: version, time, host, app, process id, message id, then structured data (<c>-</c> or bracketed).</summary>
    private static bool Rfc5424(ReadOnlySpan<char> line, ReadOnlySpan<(int Start, int End)> tokens, StringBuilder format, out DetectedHeader header)
    {
        header = default;
        if (tokens.Length < 8 || tokens[0].End - tokens[0].Start > 2 || !AllDigits(line[tokens[0].Start..tokens[0].End]))
        {
            return false;
        }

        var time = line[tokens[1].Start..tokens[1].End];
        if (time is not "-" && !LooksLikeDateTime(time))
        {
            return false;
        }

        var data = line[tokens[6].Start..tokens[6].End];
        if (data is not "-" && (data[0] != '[' || data[^1] != ']'))
        {
            return false;
        }

        format.Append("<Version> <Time> <Host> <Component> <Pid> <MsgId> ").Append(data is "-" ? "-" : @"\[<Data>\]");
        header = Finish(format, line, tokens[7].Start);
        return true;
    }

    /// <summary>A time zone written after a time: <c>UTC</c>, <c>GMT</c>, <c>Z</c>, <c>+0000</c>, <c>-07:00</c>, <c>CET</c>, <c>PDT</c>.</summary>
    private static bool IsZone(ReadOnlySpan<char> s)
    {
        if (s is "UTC" or "GMT" or "Z" or "AM" or "PM")
        {
            return true;
        }

        if (s.Length is 5 or 6 && s[0] is '+' or '-' && char.IsAsciiDigit(s[1]) && char.IsAsciiDigit(s[2]))
        {
            var rest = s[3] == ':' ? s[4..] : s[3..];
            return rest.Length == 2 && AllDigits(rest);
        }

        return s.Length is 3 or 4 && s[^1] == 'T' && !s.ContainsAnyExceptInRange('A', 'Z') && !LogLineHeader.IsLevel(s);
    }

    /// <summary>logcat's <c>I/Tag( 1234): </c> or <c>I/Tag: </c> at <paramref name="at"/>: the format piece and where the message starts.</summary>
    private static bool Logcat(ReadOnlySpan<char> line, int at, out string piece, out int contentStart)
    {
        piece = string.Empty;
        contentStart = 0;
        if (line.Length < at + 4 || line[at] is not ('V' or 'D' or 'I' or 'W' or 'E' or 'F' or 'A') || line[at + 1] != '/')
        {
            return false;
        }

        var p = at + 2;
        while (p < line.Length && line[p] is not ('(' or ':' or ' ' or '\t'))
        {
            p++;
        }

        if (p == at + 2 || p >= line.Length)
        {
            return false;
        }

        if (line[p] == '(')
        {
            var close = line[p..].IndexOf("):", StringComparison.Ordinal);
            if (close < 2 || close > 12 || line.Slice(p + 1, close - 1).Trim().IsEmpty || line.Slice(p + 1, close - 1).Trim().ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }

            piece = @"<Level>/<Component>\(<Pid>\):";
            p += close + 2;
        }
        else if (line[p] == ':')
        {
            piece = "<Level>/<Component>:";
            p++;
        }
        else
        {
            return false;
        }

        if (p < line.Length && !char.IsWhiteSpace(line[p]))
        {
            return false;
        }

        while (p < line.Length && char.IsWhiteSpace(line[p]))
        {
            p++;
        }

        contentStart = p;
        return true;
    }

    /// <summary>Python logging's default <c>LEVEL:logger:message</c> in the first token: the format piece up to the message and its offset in the token.</summary>
    private static bool LevelLogger(ReadOnlySpan<char> token, out string piece, out int after)
    {
        piece = string.Empty;
        after = 0;
        var colon = token.IndexOf(':');
        if (colon < 3 || colon + 1 >= token.Length || !LogLineHeader.IsLevel(token[..colon]) || token[..colon].ContainsAnyInRange('a', 'z'))
        {
            return false;
        }

        var second = token[(colon + 1)..].IndexOf(':');
        if (second <= 0 || token.Slice(colon + 1, second).IndexOfAny("/\"'=") >= 0)
        {
            return false;
        }

        piece = "<Level>:<Component>:";
        after = colon + 1 + second + 1;
        return true;
    }

    /// <summary>A logfmt line (<c>time=… level=info msg="…" key=value</c>): the message is the value of its <c>msg</c> or <c>message</c> key.</summary>
    private static bool Logfmt(ReadOnlySpan<char> line, out DetectedHeader header)
    {
        header = default;
        var pairs = 0;
        var p = 0;
        int start = -1, end = -1;
        string? key = null;
        while (p < line.Length)
        {
            var keyStart = p;
            while (p < line.Length && (char.IsAsciiLetterOrDigit(line[p]) || line[p] is '_' or '.' or '-' or '@'))
            {
                p++;
            }

            if (p == keyStart || p >= line.Length || line[p] != '=')
            {
                return false;
            }

            var name = line[keyStart..p];
            p++;
            int valueStart, valueEnd;
            if (p < line.Length && line[p] == '"')
            {
                valueStart = ++p;
                while (p < line.Length && line[p] != '"')
                {
                    p += line[p] == '\\' ? 2 : 1;
                }

                valueEnd = Math.Min(p, line.Length);
                p = Math.Min(p + 1, line.Length);
            }
            else
            {
                valueStart = p;
                while (p < line.Length && !char.IsWhiteSpace(line[p]))
                {
                    p++;
                }

                valueEnd = p;
            }

            pairs++;
            if (key is null && name is "msg" or "message")
            {
                key = name.ToString();
                start = valueStart;
                end = valueEnd;
            }

            while (p < line.Length && char.IsWhiteSpace(line[p]))
            {
                p++;
            }
        }

        if (key is null || pairs < 2)
        {
            return false;
        }

        header = new DetectedHeader(LogfmtFormat + ":" + key, start, end);
        return true;
    }

    /// <summary>Columns separated by tabs (Windows Event Viewer's text export, zap's console encoder): level, time, numbers, a source before an event id and the category after it are header; the first other column starts the message.</summary>
    private static bool TabColumns(ReadOnlySpan<char> line, out DetectedHeader header)
    {
        header = default;
        var format = new StringBuilder();
        var names = new Names();
        bool sawTime = false, sawLevel = false;
        var p = 0;
        var column = 0;
        while (column < MaxHeaderTokens)
        {
            var tab = line[p..].IndexOf('\t');
            if (tab < 0)
            {
                break;
            }

            var text = line.Slice(p, tab).Trim();
            var nextTab = line[(p + tab + 1)..].IndexOf('\t');
            var following = nextTab < 0 ? line[(p + tab + 1)..] : line.Slice(p + tab + 1, nextTab);
            string? name = null;
            if (text.IsEmpty)
            {
                return false;
            }

            if (LogLineHeader.IsLevel(text) && !sawLevel)
            {
                name = "Level";
                sawLevel = true;
            }
            else if (!sawTime && (LooksLikeDateTime(text) || HasClock(text)) && text.Length <= 40)
            {
                name = "Time";
                sawTime = true;
            }
            else if (sawTime && sawLevel && AllDigits(text))
            {
                name = "Id";
            }
            else if (sawTime && sawLevel && names.Has("Id") && !names.Has("Category") && text.Length <= 40)
            {
                name = "Category";
            }
            else if (sawTime && sawLevel && !names.Has("Id") && nextTab >= 0 && AllDigits(following.Trim()) && text.Length <= 64)
            {
                name = "Source";
            }
            else if (sawTime && sawLevel && !names.Has("Component") && text.IndexOf(' ') < 0 && text.IndexOfAny(":/.") > 0)
            {
                name = "Component";
            }

            if (name is null)
            {
                break;
            }

            format.Append('<').Append(names.Next(name)).Append(@">\t");
            p += tab + 1;
            column++;
        }

        if (!sawTime || !sawLevel)
        {
            return false;
        }

        format.Append("<Content>");
        header = new DetectedHeader(format.ToString(), p, line.Length);
        return true;
    }

    /// <summary><c>1234#5678:</c>: a process id and a thread id, as nginx writes them.</summary>
    private static bool PidHashTid(ReadOnlySpan<char> text)
    {
        var hash = text.IndexOf('#');
        return hash > 0 && text.Length > hash + 2 && text[^1] == ':' && AllDigits(text[..hash]) && AllDigits(text[(hash + 1)..^1]);
    }

    /// <summary>A source location such as <c>main.go:42</c>: a file name with an extension, a colon and a line number.</summary>
    private static bool SourceLocation(ReadOnlySpan<char> text)
    {
        var colon = text.LastIndexOf(':');
        var dot = text.LastIndexOf('.');
        return colon > 2 && dot > 0 && dot < colon - 1 && AllDigits(text[(colon + 1)..]) && text[..colon].IndexOfAny(":=\"'") < 0;
    }

    private static bool IsIdent(ReadOnlySpan<char> text)
    {
        var upper = true;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c) || c is '.' or '-' or '_' or '/' or ':' or '@' or '$')
            {
                return true;
            }

            upper &= !char.IsLower(c);
        }

        return upper && text.Length >= 2;
    }

    private static bool AllDigits(ReadOnlySpan<char> s) => s.Length > 0 && !s.ContainsAnyExceptInRange('0', '9');

    /// <summary><c>2026-11-25</c>, <c>2026/11/25</c>, <c>2005.06.03</c>, <c>17/06/09</c>, <c>11/25/2026</c>, <c>03-17</c>.</summary>
    private static bool LooksLikeDate(ReadOnlySpan<char> s)
    {
        if (s.Length is 10 && AllDigits(s[..4]) && s[4] is '-' or '/' or '.' && AllDigits(s.Slice(5, 2)) && s[7] == s[4] && AllDigits(s[8..]))
        {
            return true;
        }

        if (s.Length is 8 && AllDigits(s[..2]) && s[2] is '/' or '-' or '.' && AllDigits(s.Slice(3, 2)) && s[5] == s[2] && AllDigits(s[6..]))
        {
            return true;
        }

        if (s.Length is 10 && AllDigits(s[..2]) && s[2] == '/' && AllDigits(s.Slice(3, 2)) && s[5] == '/' && AllDigits(s[6..]))
        {
            return true;
        }

        return s.Length is 5 && AllDigits(s[..2]) && s[2] is '-' or '/' && AllDigits(s[3..]);
    }

    /// <summary><c>15:16:01</c>, <c>16:13:38.811</c>, <c>17:41:44,747</c>, <c>10.30 16:49:06</c> (inside brackets), <c>Sun Dec 04 04:47:44 2005</c>.</summary>
    private static bool LooksLikeTime(ReadOnlySpan<char> s)
    {
        var colon = s.IndexOf(':');
        if (colon is < 1 or > 2 || !AllDigits(s[..colon]) || s.Length < colon + 3 || !AllDigits(s.Slice(colon + 1, 2)))
        {
            // A bracketed timestamp with words, such as [Sun Dec 04 04:47:44 2005] or [10/Oct/2000:13:55:36 -0700].
            return s.Length >= 8 && s.Length <= 40 && s.IndexOf(' ') > 0 && HasClock(s) || (s.Length >= 14 && s.Length <= 40 && HasClock(s) && char.IsAsciiDigit(s[0]));
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c) && c is not (':' or '.' or ',' or 'Z' or '+' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasClock(ReadOnlySpan<char> s)
    {
        for (var i = 1; i + 3 < s.Length; i++)
        {
            if (s[i] == ':' && char.IsAsciiDigit(s[i - 1]) && char.IsAsciiDigit(s[i + 1]) && char.IsAsciiDigit(s[i + 2]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>2026-11-25T10:00:00Z</c>, <c>2005-06-03-15.42.50.675872</c>, <c>20171223-22:15:29:606</c>.</summary>
    private static bool LooksLikeDateTime(ReadOnlySpan<char> s)
    {
        if (s.Length < 12 || s.Length > 40 || !AllDigits(s[..4]))
        {
            return false;
        }

        var digits = 0;
        foreach (var c in s)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not ('-' or ':' or '.' or 'T' or '_' or 'Z' or '+' or '/' or ','))
            {
                return false;
            }
        }

        return digits >= 10;
    }

    /// <summary>A header of fields joined by <c>|</c>: a time first, then short fields, then the message.</summary>
    private static bool Piped(ReadOnlySpan<char> line, out DetectedHeader header)
    {
        header = default;
        var firstPipe = line.IndexOf('|');
        if (!LooksLikeTime(line[..firstPipe]) && !LooksLikeDateTime(line[..firstPipe]) && !LooksLikeDate(line[..firstPipe]))
        {
            return false;
        }

        var format = new StringBuilder("<Time>");
        var names = new Names();
        names.Next("Time");
        var p = firstPipe + 1;
        for (var field = 0; field < 4; field++)
        {
            var next = line[p..].IndexOf('|');
            if (next < 0 || line.Slice(p, next).IndexOf(' ') >= 0)
            {
                break;
            }

            format.Append(@"\|<").Append(names.Next(AllDigits(line.Slice(p, next)) ? "Pid" : "Component")).Append('>');
            p += next + 1;
        }

        format.Append(@"\|<Content>");
        header = new DetectedHeader(format.ToString(), p, line.Length);
        return true;
    }

    /// <summary>Finds the message field of a JSON line: the value of the first of the usual keys, as its raw text between the quotes.</summary>
    private static bool JsonMessage(ReadOnlySpan<char> line, out string key, out int start, out int end)
    {
        foreach (var name in MessageKeys)
        {
            var at = 0;
            while (true)
            {
                var found = line[at..].IndexOf($"\"{name}\"", StringComparison.Ordinal);
                if (found < 0)
                {
                    break;
                }

                var p = at + found + name.Length + 2;
                while (p < line.Length && line[p] is ' ' or '\t')
                {
                    p++;
                }

                if (p < line.Length && line[p] == ':')
                {
                    p++;
                    while (p < line.Length && line[p] is ' ' or '\t')
                    {
                        p++;
                    }

                    if (p < line.Length && line[p] == '"')
                    {
                        var q = p + 1;
                        while (q < line.Length && line[q] != '"')
                        {
                            q += line[q] == '\\' ? 2 : 1;
                        }

                        key = name;
                        start = p + 1;
                        end = Math.Min(q, line.Length);
                        return true;
                    }
                }

                at = p;
            }
        }

        key = string.Empty;
        start = end = 0;
        return false;
    }

    /// <summary>Unique field names: the second <c>Field</c> is <c>Field2</c>.</summary>
    private sealed class Names
    {
        private readonly Dictionary<string, int> _used = new(StringComparer.Ordinal);

        public bool Has(string name) => _used.ContainsKey(name);

        public string Next(string name)
        {
            var n = _used.GetValueOrDefault(name) + 1;
            _used[name] = n;
            return n == 1 ? name : name + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
