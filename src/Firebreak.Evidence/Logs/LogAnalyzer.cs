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
            var year = referenceOnset?.Year ?? File.GetLastWriteTimeUtc(path).Year;
            try
            {
                // The same header detection as 'logs templates': the message is what the file's format calls <Content>.
                var detected = HeaderDetector.DetectFile(path).Format;
                using var input = LogInput.Open(path);
                using var reader = new LogLineReader(input.Stream);
                ReadFile(reader, new FileContext(file, year, detected), referenceOnset, until, miner, stats, totals, cancellationToken);
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
        var folder = new RecordFolder(context.Year);
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

            var continuation = folder.IsContinuation(line, out var header);
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

            // A record stamped after the moment of analysis did not exist yet then; its continuation lines go with it.
            if (until is { } limit && header.Timestamp is { } stamp && stamp > limit)
            {
                totals.Late++;
                skippingLate = true;
                continue;
            }

            skippingLate = false;
            totals.Records++;
            var content = context.Format is { } format && format.TryMatch(line, out var range) ? line[range] : line[header.ContentStart..];
            var cluster = miner.Add(content);
            while (stats.Count <= cluster)
            {
                stats.Add(new TemplateStats());
            }

            var s = stats[cluster];
            var level = header.Level.Equals(default(Range)) ? null : LevelName(line[header.Level]);
            string? component = null;
            if (!header.Component.Equals(default(Range)))
            {
                var span = line[header.Component];
                component = lastComponent is not null && span.SequenceEqual(lastComponent) ? lastComponent : span.ToString();
                lastComponent = component;
            }

            var time = header.Timestamp;
            if (time is { } t)
            {
                totals.Observe(t);
            }

            var lineNumber = (int)Math.Min(reader.LineNumber, int.MaxValue);
            var after = reference is { } r && time is { } tt && tt >= r;
            if (s.WantsExample(after))
            {
                s.AddExample(new SourceRef(file, lineNumber), reader.Truncated ? Clip(line) + TruncatedMark : Clip(line), after);
            }

            open = new OpenRecord(cluster, time, level, component);
            hasOpen = true;
            folded = 0;
            stack.Reset();
            stack.Read(content);
        }

        if (hasOpen)
        {
            Close(open, stack, stats);
        }
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
            RateBefore = change.RateBefore,
            RateAfter = change.RateAfter,
            CountBefore = change.Before,
            CountAfter = change.After,
            IsStopped = change.IsStopped,
            FirstOccurrence = s.FirstExample,
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

    private sealed record FileContext(string File, int Year, LogFormat? Format);

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
