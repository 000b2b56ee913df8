using System.Runtime.CompilerServices;

namespace Firebreak.Evidence;

/// <summary>Streams log files into templates with counts, onsets, stack signatures and cited examples, and flags the templates that appeared or surged at the incident's onset.</summary>
public sealed class LogAnalyzer : ILogAnalyzer
{
    /// <summary>How close before the reference onset a first occurrence still counts as new (see <see cref="TemplateChange"/>).</summary>
    public static readonly TimeSpan NewTolerance = TemplateChange.NewTolerance;

    /// <summary>How many times the rate before the onset the rate after must be to count as a surge (see <see cref="TemplateChange"/>).</summary>
    public const double SurgeFactor = TemplateChange.SurgeFactor;

    private const int MaxExampleChars = 500;
    private const int MaxFoldedLinesRead = 200;

    /// <summary>Appended to an example line that was cut at the line-length cap.</summary>
    public const string TruncatedMark = " …[line truncated]";

    /// <summary>Analyzes every record of the files, however recent.</summary>
    public LogAnalysis Analyze(string projectDirectory, IReadOnlyList<string> files, DateTimeOffset? referenceOnset, CancellationToken cancellationToken = default) =>
        Analyze(projectDirectory, files, referenceOnset, until: null, cancellationToken);

    /// <inheritdoc/>
    public LogAnalysis Analyze(string projectDirectory, IReadOnlyList<string> files, DateTimeOffset? referenceOnset, DateTimeOffset? until, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectDirectory);
        ArgumentNullException.ThrowIfNull(files);
        var miner = new TemplateMiner(keepHttpStatusClass: true);
        var stats = new List<TemplateStats>();
        var read = new List<string>();
        var problems = new List<EvidenceWarning>();
        var totals = new Totals();
        foreach (var file in files)
        {
            var path = Path.Combine(projectDirectory, file);
            if (!File.Exists(path))
            {
                continue;
            }

            // One unreadable file (binary, damaged, no permission) is skipped and said; the others still count.
            // Timestamps without a year are placed relative to the moment of analysis (see LogTimestamp): --at or
            // respond's moment; else the end of the onset's year; else the file's last write (nothing in it is later).
            var moment = until ?? (referenceOnset is { } onsetTime ? LogLineHeader.EndOfYear(onsetTime.Year) : new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero));
            try
            {
                // The same header detection as 'logs templates': the message is what the file's format calls <Content>,
                // the time what its time fields say, and JSON lines keep their other fields as fields.
                var detected = HeaderDetector.DetectFile(path);
                using var input = LogInput.Open(path);
                using var reader = new LogLineReader(input.Stream);
                ReadFile(reader, new FileContext(file, moment, detected.Format, detected.JsonLines), referenceOnset, until, miner, stats, totals, cancellationToken);
                read.Add(file);
                if (input.Damage is { } damage)
                {
                    problems.Add(new EvidenceWarning(file, $"read only up to line {reader.LineNumber:N0}: {damage}"));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(new EvidenceWarning(file, $"not read: {e.Message}"));
            }
        }

        if (totals.Truncated > 0)
        {
            problems.Add(new EvidenceWarning("logs", $"{totals.Truncated:N0} lines longer than {LogLineReader.DefaultMaxLineChars / 1024} KiB were cut to that length (marked '{TruncatedMark}' in examples)"));
        }

        var templates = Summarize(miner, stats, totals, referenceOnset);
        return new LogAnalysis(templates, totals.Lines, totals.Records, totals.Skipped, read) { RecordsAfterUntil = totals.Late, Problems = problems };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadFile(LogLineReader reader, FileContext context, DateTimeOffset? reference, DateTimeOffset? until, TemplateMiner miner, List<TemplateStats> stats, Totals totals, CancellationToken cancellationToken)
    {
        var file = context.File;
        var skippingLate = false;
        var folder = new RecordFolder(context.Moment);
        var format = context.Format;
        Span<Range> ranges = new Range[format?.Fields.Count ?? 0];
        var stack = new StackTraceReader();
        var open = default(OpenRecord);
        var hasOpen = false;
        var folded = 0;
        string? lastComponent = null;
        while (reader.TryReadLine(out var line))
        {
            if ((totals.Lines & 0x3FFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            totals.Lines++;
            if (reader.Truncated)
            {
                totals.Truncated++;
            }

            if (IsGarbage(line))
            {
                totals.Skipped++;
                continue;
            }

            if (line.IsWhiteSpace())
            {
                continue;
            }

            JsonLogLine? json = null;
            var matched = false;
            var continuation = false;
            LogLineHeader header = default;
            if (context.Json && JsonLogLine.TryParse(line, context.Moment, out json))
            {
                if (json!.Time is not null)
                {
                    folder.SawRecord();
                }
            }
            else if (format is not null && format.TryMatch(line, ranges) && MatchedHeader(line, ranges, format, context.Moment, out header))
            {
                // Fields match lazily and may be empty: a line counts as fitting a format with time fields only when they hold a time.
                matched = true;
                if (header.Timestamp is not null)
                {
                    folder.SawRecord();
                }
            }
            else
            {
                continuation = folder.IsContinuation(line, out header);
            }

            if (continuation && skippingLate)
            {
                continue;
            }

            if (continuation && hasOpen)
            {
                if (folded++ < MaxFoldedLinesRead)
                {
                    stack.Read(line);
                }

                continue;
            }

            if (hasOpen)
            {
                Close(open, stack, stats);
                hasOpen = false;
            }

            var time = json is not null ? json.Time : header.Timestamp;

            // A record stamped after the moment of analysis did not exist yet then; its continuation lines go with it.
            if (until is { } limit && time is { } stamp && stamp > limit)
            {
                totals.Late++;
                skippingLate = true;
                continue;
            }

            skippingLate = false;
            totals.Records++;
            var content = json is not null ? json.Message.AsSpan() : matched ? line[ranges[format!.IndexOf("Content")]] : line[header.ContentStart..];
            var cluster = miner.Add(content);
            while (stats.Count <= cluster)
            {
                stats.Add(new TemplateStats());
            }

            var s = stats[cluster];
            string? level;
            string? component = null;
            if (json is not null)
            {
                level = json.Level is null ? null : LevelName(json.Level);
                component = json.Component;
            }
            else
            {
                level = matched && format!.LevelField >= 0 ? LevelOf(line[ranges[format.LevelField]]) : null;
                level ??= header.Level.Equals(default(Range)) ? null : LevelName(line[header.Level]);
                level ??= LevelOf(FirstWord(content));
                var componentRange = matched && format!.ComponentField >= 0 && !line[ranges[format.ComponentField]].IsEmpty ? ranges[format.ComponentField] : header.Component;
                if (!componentRange.Equals(default(Range)))
                {
                    var span = line[componentRange];
                    component = lastComponent is not null && span.SequenceEqual(lastComponent) ? lastComponent : span.ToString();
                    lastComponent = component;
                }
            }

            if (time is { } t)
            {
                totals.Observe(t);
            }

            var lineNumber = (int)Math.Min(reader.LineNumber, int.MaxValue);
            var after = reference is { } r && time is { } tt && tt >= r;
            if (after)
            {
                s.ObserveSubjects(content, json?.Fields);
            }

            if (s.WantsExample(after))
            {
                s.AddExample(new SourceRef(file, lineNumber), reader.Truncated ? Clip(line) + TruncatedMark : Clip(line), after, json?.Fields);
            }

            open = new OpenRecord(cluster, time, level, component);
            hasOpen = true;
            folded = 0;
            stack.Reset();
            stack.Read(content);
            if (json is not null)
            {
                ReadJsonStack(json, stack);
            }
        }

        if (hasOpen)
        {
            Close(open, stack, stats);
        }
    }

    /// <summary>A JSON line's stack trace is a field of its own (<c>stack</c>, <c>stack_trace</c>, <c>exception</c>, …): its lines are read as continuation lines.</summary>
    private static void ReadJsonStack(JsonLogLine json, StackTraceReader stack)
    {
        foreach (var key in StackKeys)
        {
            if (json.Fields.TryGetValue(key, out var trace))
            {
                foreach (var part in trace.AsSpan().EnumerateLines())
                {
                    stack.Read(part);
                }

                return;
            }
        }
    }

    private static bool MatchedHeader(ReadOnlySpan<char> line, ReadOnlySpan<Range> ranges, LogFormat format, DateTimeOffset moment, out LogLineHeader header)
    {
        header = LogLineHeader.Parse(line, moment);
        if (!format.HasTime)
        {
            return true;
        }

        if (format.Timestamp(line, ranges, moment) is not { } time)
        {
            return false;
        }

        header = header with { Timestamp = time };
        return true;
    }

    /// <summary>The first word of a message, when it is written as a level (<c>ERROR:</c>, <c>[warn]</c>).</summary>
    private static ReadOnlySpan<char> FirstWord(ReadOnlySpan<char> content)
    {
        var end = content.IndexOfAny(' ', '\t');
        var word = end < 0 ? content : content[..end];
        return word.Trim("[]:").Length >= 3 && (word[^1] == ':' || word[0] == '[') ? word : default;
    }

    /// <summary>The level named by a format's level field (<c>ERROR</c>, <c>[warn]</c>, <c>E</c>), or null when it names none.</summary>
    private static string? LevelOf(ReadOnlySpan<char> field)
    {
        var word = field.Trim().Trim("[]:");
        return word.Length == 1
            ? word[0] switch { 'V' or 'T' => "TRACE", 'D' => "DEBUG", 'I' => "INFO", 'W' => "WARN", 'E' => "ERROR", 'F' or 'A' => "FATAL", _ => null }
            : LogLineHeader.IsLevel(word) ? LevelName(word) : null;
    }

    private static void Close(OpenRecord record, StackTraceReader stack, List<TemplateStats> stats)
    {
        stats[record.Cluster].Add(record.Time, record.Level, record.Component, stack.Signature());
    }

    private static List<LogTemplateSummary> Summarize(TemplateMiner miner, List<TemplateStats> stats, Totals totals, DateTimeOffset? reference)
    {
        var templates = miner.Events(out var eventOfCluster);
        var merged = new TemplateStats?[templates.Count];
        for (var c = 0; c < stats.Count; c++)
        {
            var e = eventOfCluster[c];
            if (merged[e] is null)
            {
                merged[e] = stats[c];
            }
            else
            {
                merged[e]!.Merge(stats[c]);
            }
        }

        var result = new List<LogTemplateSummary>();
        for (var e = 0; e < templates.Count; e++)
        {
            if (merged[e] is { } s)
            {
                result.Add(Summary(e + 1, templates[e], s, totals, reference));
            }
        }

        return [.. result
            .OrderBy(t => Rank(t))
            .ThenByDescending(t => t.Count)
            .ThenBy(t => t.TemplateId)];
    }

    private static int Rank(LogTemplateSummary t)
    {
        var changed = t.IsNew || t.IsSurging;
        var error = t.Level is "ERROR" or "FATAL" || t.Stack is not null;
        return changed && error ? 0 : changed ? 1 : error ? 2 : 3;
    }

    private static LogTemplateSummary Summary(int id, string template, TemplateStats s, Totals totals, DateTimeOffset? reference)
    {
        var timeline = s.Timeline;
        DateTimeOffset? onset = totals.Start is { } start && totals.End is { } end ? timeline.Onset(start, end) : null;
        var change = reference is { } r && totals.Start is { } logStart && totals.End is { } logEnd
            ? TemplateChange.Judge(timeline, logStart, logEnd, r)
            : TemplateChangeResult.Unknown;
        var examples = s.Examples(change.IsNew || change.IsSurging);
        return new LogTemplateSummary(
            id,
            template,
            s.Level,
            s.Component,
            s.Count,
            timeline.First,
            timeline.Last,
            onset,
            change.IsNew,
            change.IsSurging,
            s.Stack,
            [.. examples.Select(x => x.Source)])
        {
            ExampleText = examples.Count > 0 ? Redactor.Redact(examples[0].Text) : null,
            ExampleFields = examples.Count > 0 && examples[0].Fields is { } fields ? fields.ToDictionary(p => p.Key, p => Redactor.Redact(p.Value), StringComparer.Ordinal) : null,
            RateBefore = change.RateBefore,
            RateAfter = change.RateAfter,
            CountBefore = change.Before,
            CountAfter = change.After,
            IsStopped = change.IsStopped,
            FirstOccurrence = s.FirstExample,
            Subjects = s.Subjects?.Result(),
        };
    }

    private static string Clip(ReadOnlySpan<char> line) =>
        line.Length <= MaxExampleChars ? line.ToString() : string.Concat(line[..MaxExampleChars], "…");

    /// <summary>A line is garbage when it holds NUL or is mostly control characters or undecodable bytes (binary data).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool IsGarbage(ReadOnlySpan<char> line)
    {
        if (line.IndexOfAnyInRange('\u0000', '\u0008') < 0 && line.IndexOfAnyInRange('\u000E', '\u001F') < 0 && !line.Contains('\uFFFD'))
        {
            return false;
        }

        if (line.Contains('\0'))
        {
            return true;
        }

        var bad = 0;
        foreach (var c in line)
        {
            if ((c < ' ' && c != '\t') || c == '\uFFFD')
            {
                bad++;
            }
        }

        return bad * 10 > line.Length;
    }

    private static string LevelName(ReadOnlySpan<char> word)
    {
        Span<char> upper = stackalloc char[word.Length];
        word.ToUpperInvariant(upper);
        return upper switch
        {
            "WARN" or "WARNING" or "WRN" => "WARN",
            "ERROR" or "ERR" or "ERRO" => "ERROR",
            "INFO" or "INFORMATION" or "INF" => "INFO",
            "DEBUG" or "DBG" => "DEBUG",
            "TRACE" => "TRACE",
            "NOTICE" => "NOTICE",
            _ => "FATAL",
        };
    }

    private static readonly string[] StackKeys = ["stack", "stack_trace", "stacktrace", "exception", "exc_info", "error.stack", "err"];

    private sealed record FileContext(string File, DateTimeOffset Moment, LogFormat? Format, bool Json);

    private readonly record struct OpenRecord(int Cluster, DateTimeOffset? Time, string? Level, string? Component);

    private sealed class Totals
    {
        public long Lines { get; set; }

        public long Records { get; set; }

        public long Skipped { get; set; }

        public long Late { get; set; }

        public long Truncated { get; set; }

        public DateTimeOffset? Start { get; private set; }

        public DateTimeOffset? End { get; private set; }

        public void Observe(DateTimeOffset time)
        {
            if (Start is null || time < Start)
            {
                Start = time;
            }

            if (End is null || time > End)
            {
                End = time;
            }
        }
    }
}
