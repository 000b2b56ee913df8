using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Firebreak.Evidence;

/// <summary>How much of one Prometheus answer is read and kept; every limit bounds memory on a runaway or hostile answer.</summary>
/// <param name="MaxBytes">The most bytes of the answer read; reading stops there and the series read so far are kept.</param>
/// <param name="MaxSeries">The most series kept; later series are skipped and counted.</param>
/// <param name="MaxPoints">The most points kept per series; later points are skipped and counted.</param>
/// <param name="MaxLabels">The most labels kept per series.</param>
/// <param name="MaxTokenBytes">The longest single JSON value (a label, a number); a longer one stops the reading.</param>
public sealed record PrometheusAnswerLimits(long MaxBytes, int MaxSeries, int MaxPoints, int MaxLabels, int MaxTokenBytes)
{
    /// <summary>The limits in <see cref="InputLimits"/>.</summary>
    public static PrometheusAnswerLimits Default { get; } = new(
        InputLimits.PrometheusAnswerBytes, InputLimits.SeriesPerAnswer, InputLimits.PointsPerSeries, InputLimits.LabelsPerSeries, InputLimits.JsonValueBytes);

    /// <summary>The limits, validated.</summary>
    public PrometheusAnswerLimits Validated()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSeries, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPoints, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLabels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTokenBytes, 1024);
        return this;
    }
}

/// <summary>
/// Reads a Prometheus /api/v1/query_range (matrix) or /api/v1/query (vector) answer as it streams in, with a
/// <see cref="Utf8JsonReader"/> over a small buffer: memory is bounded by what is kept (series × points), never by
/// the size of the answer. What was cut is said in a warning, which the record shows.
/// </summary>
public static class PrometheusAnswerReader
{
    private const int InitialBuffer = 64 * 1024;

    /// <summary>Reads an answer from a stream that completes synchronously (a file, a memory stream).</summary>
    public static IReadOnlyList<MetricSeries> Read(Stream utf8, string sourceName, MetricSource source, ICollection<EvidenceWarning> warnings, PrometheusAnswerLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        var reader = new AnswerParser(sourceName, source, warnings, (limits ?? PrometheusAnswerLimits.Default).Validated());
        var buffer = new byte[InitialBuffer];
        var filled = 0;
        while (true)
        {
            if (!reader.Room(ref buffer, filled))
            {
                break;
            }

            var read = utf8.Read(buffer, filled, reader.Want(buffer.Length - filled));
            if (!reader.Step(buffer, ref filled, read))
            {
                break;
            }
        }

        return reader.Finish().Series;
    }

    /// <summary>Reads an answer as it arrives from the network.</summary>
    public static async Task<PrometheusAnswer> ReadAsync(Stream utf8, string sourceName, MetricSource source, ICollection<EvidenceWarning> warnings, PrometheusAnswerLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        var reader = new AnswerParser(sourceName, source, warnings, (limits ?? PrometheusAnswerLimits.Default).Validated());
        var buffer = new byte[InitialBuffer];
        var filled = 0;
        while (true)
        {
            if (!reader.Room(ref buffer, filled))
            {
                break;
            }

            var read = await utf8.ReadAsync(buffer.AsMemory(filled, reader.Want(buffer.Length - filled)), cancellationToken).ConfigureAwait(false);
            if (!reader.Step(buffer, ref filled, read))
            {
                break;
            }
        }

        return reader.Finish();
    }

    /// <summary>The streaming state machine: which container the reader is in, the series being built and what was cut.</summary>
    private sealed class AnswerParser(string sourceName, MetricSource source, ICollection<EvidenceWarning> warnings, PrometheusAnswerLimits limits)
    {
        private readonly Stack<Frame> _frames = new();
        private readonly List<MetricSeries> _series = [];
        private readonly ICollection<EvidenceWarning> _warnings = warnings ?? throw new ArgumentNullException(nameof(warnings));
        private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = 64 });
        private long _total;
        private bool _final;
        private string? _stopped;
        private bool _invalid;
        private bool _notAnObject;
        private bool _rootClosed;
        private int _skipNesting;
        private Slot _pending;
        private string? _label;
        private string? _status;
        private string? _errorType;
        private string? _error;
        private string? _resultType;
        private bool _sawResult;
        private Dictionary<string, string> _labels = new(StringComparer.Ordinal);
        private List<MetricSample> _samples = [];
        private int _seriesCutPoints;
        private int _cutSeries;
        private int _seriesWithCutPoints;
        private long _cutPoints;
        private int _cutLabels;
        private int _skipped;
        private int _pairIndex;
        private double? _pairTime;
        private double? _pairValue;
        private bool _pairBad;

        private enum Frame
        {
            Root,
            Data,
            Result,
            Series,
            Metric,
            Values,
            Pair,
        }

        private enum Slot
        {
            Ignore,
            Status,
            ErrorType,
            Error,
            Data,
            ResultType,
            Result,
            Metric,
            Label,
            Values,
            Value,
        }

        /// <summary>Makes room in the buffer for the next read; false when one JSON value is longer than the limit.</summary>
        public bool Room(ref byte[] buffer, int filled)
        {
            if (filled < buffer.Length)
            {
                return true;
            }

            if (buffer.Length >= limits.MaxTokenBytes)
            {
                _stopped = $"not read past {BoundedFile.Size(_total)}: one JSON value there is longer than the {BoundedFile.Size(limits.MaxTokenBytes)} a value may have";
                return false;
            }

            Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limits.MaxTokenBytes));
            return true;
        }

        /// <summary>How many bytes to ask for: never past the byte limit, plus one to learn whether the answer goes on.</summary>
        public int Want(int room) => (int)Math.Max(1, Math.Min(room, limits.MaxBytes + 1 - _total));

        /// <summary>Parses what was read; false when the reading is over (the end, a limit, or invalid JSON).</summary>
        public bool Step(byte[] buffer, ref int filled, int read)
        {
            _total += read;
            var cut = _total > limits.MaxBytes;
            if (cut)
            {
                // The byte past the limit is not parsed: it only says there was more.
                read -= (int)(_total - limits.MaxBytes);
                _total = limits.MaxBytes;
            }

            _final = read == 0 && !cut;
            filled += read;
            int consumed;
            try
            {
                consumed = Parse(buffer.AsSpan(0, filled), _final);
            }
            catch (JsonException e)
            {
                _warnings.Add(new EvidenceWarning(sourceName, $"not a valid Prometheus answer: {e.Message}"));
                _invalid = true;
                return false;
            }

            if (cut && _stopped is null && !Finished)
            {
                _stopped = $"only the first {BoundedFile.Size(limits.MaxBytes)} read: the rest of the answer is past the limit";
            }

            if (_final || _stopped is not null || Finished)
            {
                return false;
            }

            Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
            filled -= consumed;
            return true;
        }

        /// <summary>The answer's object is closed (what follows it is not read) or the answer is not an object at all.</summary>
        private bool Finished => _notAnObject || _rootClosed;

        public PrometheusAnswer Finish()
        {
            if (_invalid)
            {
                return new PrometheusAnswer([], IsJson: false);
            }

            if (_notAnObject)
            {
                _warnings.Add(new EvidenceWarning(sourceName, "not a Prometheus answer (expected an object with status and data)"));
                return new PrometheusAnswer([], IsJson: false);
            }

            if (_status is { } status && !string.Equals(status, "success", StringComparison.OrdinalIgnoreCase))
            {
                _warnings.Add(new EvidenceWarning(sourceName, $"Prometheus answered {status}: {_errorType} {_error}".TrimEnd()));
                return new PrometheusAnswer([], IsJson: true);
            }

            if (_stopped is not null)
            {
                _warnings.Add(new EvidenceWarning(sourceName, $"answer cut: {_stopped}; {_series.Count} series read before it are kept"));
            }

            if (!_sawResult)
            {
                _warnings.Add(new EvidenceWarning(sourceName, "no data.result in the Prometheus answer"));
                return new PrometheusAnswer([], IsJson: true);
            }

            if (_skipped > 0)
            {
                _warnings.Add(new EvidenceWarning(sourceName, $"{_skipped} sample(s) skipped (NaN, infinite, malformed or out-of-range)"));
            }

            if (_cutSeries > 0 || _cutPoints > 0)
            {
                _warnings.Add(new EvidenceWarning(sourceName, string.Create(CultureInfo.InvariantCulture,
                    $"answer cut to the limits ({limits.MaxSeries} series, {limits.MaxPoints} points per series): {_cutSeries} series and {_cutPoints} points not read ({_seriesWithCutPoints} series truncated)")));
            }

            if (_cutLabels > 0)
            {
                _warnings.Add(new EvidenceWarning(sourceName, $"{_cutLabels} label(s) not kept: a series may carry at most {limits.MaxLabels}"));
            }

            if (_series.Count == 0)
            {
                _warnings.Add(new EvidenceWarning(sourceName, $"the {_resultType ?? "matrix"} answer holds no series"));
            }

            return new PrometheusAnswer(MetricReader.Named(_series, source, sourceName), IsJson: true);
        }

        private int Parse(ReadOnlySpan<byte> data, bool final)
        {
            var reader = new Utf8JsonReader(data, final, _state);
            while (_stopped is null && !Finished && reader.Read())
            {
                Handle(ref reader);
            }

            _state = reader.CurrentState;
            return (int)reader.BytesConsumed;
        }

        private void Handle(ref Utf8JsonReader reader)
        {
            var token = reader.TokenType;
            if (_skipNesting > 0)
            {
                if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    _skipNesting++;
                }
                else if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    _skipNesting--;
                }

                return;
            }

            if (token == JsonTokenType.PropertyName)
            {
                _pending = SlotFor(ref reader);
                return;
            }

            if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                Close(_frames.Pop());
                return;
            }

            if (_frames.Count == 0)
            {
                if (token == JsonTokenType.StartObject)
                {
                    _frames.Push(Frame.Root);
                }
                else
                {
                    _notAnObject = true;
                }

                return;
            }

            switch (_frames.Peek())
            {
                case Frame.Result:
                    if (token != JsonTokenType.StartObject)
                    {
                        _skipped++;
                        Skip(token);
                    }
                    else if (_series.Count >= limits.MaxSeries)
                    {
                        _cutSeries++;
                        Skip(token);
                    }
                    else
                    {
                        _labels = new Dictionary<string, string>(StringComparer.Ordinal);
                        _samples = [];
                        _seriesCutPoints = 0;
                        _frames.Push(Frame.Series);
                    }

                    break;
                case Frame.Values:
                    if (token != JsonTokenType.StartArray)
                    {
                        _skipped++;
                        Skip(token);
                    }
                    else if (_samples.Count >= limits.MaxPoints)
                    {
                        _seriesCutPoints++;
                        Skip(token);
                    }
                    else
                    {
                        OpenPair();
                    }

                    break;
                case Frame.Pair:
                    PairElement(ref reader);
                    break;
                default:
                    Value(ref reader);
                    break;
            }
        }

        private Slot SlotFor(ref Utf8JsonReader reader) => _frames.Peek() switch
        {
            Frame.Root when reader.ValueTextEquals("status"u8) => Slot.Status,
            Frame.Root when reader.ValueTextEquals("errorType"u8) => Slot.ErrorType,
            Frame.Root when reader.ValueTextEquals("error"u8) => Slot.Error,
            Frame.Root when reader.ValueTextEquals("data"u8) => Slot.Data,
            Frame.Data when reader.ValueTextEquals("resultType"u8) => Slot.ResultType,
            Frame.Data when reader.ValueTextEquals("result"u8) => Slot.Result,
            Frame.Series when reader.ValueTextEquals("metric"u8) => Slot.Metric,
            Frame.Series when reader.ValueTextEquals("values"u8) => Slot.Values,
            Frame.Series when reader.ValueTextEquals("value"u8) => Slot.Value,
            Frame.Metric => Label(ref reader),
            _ => Slot.Ignore,
        };

        private Slot Label(ref Utf8JsonReader reader)
        {
            _label = reader.GetString();
            return Slot.Label;
        }

        /// <summary>A property's value inside an object the reader understands.</summary>
        private void Value(ref Utf8JsonReader reader)
        {
            var token = reader.TokenType;
            var slot = _pending;
            _pending = Slot.Ignore;
            switch (slot)
            {
                case Slot.Status when token == JsonTokenType.String:
                    _status = Short(ref reader);
                    return;
                case Slot.ErrorType when token == JsonTokenType.String:
                    _errorType = Short(ref reader);
                    return;
                case Slot.Error when token == JsonTokenType.String:
                    _error = Short(ref reader);
                    return;
                case Slot.ResultType when token == JsonTokenType.String:
                    _resultType = Short(ref reader);
                    return;
                case Slot.Data when token == JsonTokenType.StartObject:
                    _frames.Push(Frame.Data);
                    return;
                case Slot.Result when token == JsonTokenType.StartArray:
                    _sawResult = true;
                    _frames.Push(Frame.Result);
                    return;
                case Slot.Metric when token == JsonTokenType.StartObject:
                    _frames.Push(Frame.Metric);
                    return;
                case Slot.Values when token == JsonTokenType.StartArray:
                    _frames.Push(Frame.Values);
                    return;
                case Slot.Value when token == JsonTokenType.StartArray:
                    OpenPair();
                    return;
                case Slot.Value:
                    _skipped++;
                    break;
                case Slot.Label when token is not (JsonTokenType.StartObject or JsonTokenType.StartArray) && _label is not null:
                    if (_labels.Count >= limits.MaxLabels && !_labels.ContainsKey(_label))
                    {
                        _cutLabels++;
                    }
                    else
                    {
                        _labels[_label] = token == JsonTokenType.String ? Short(ref reader) : Encoding.UTF8.GetString(reader.ValueSpan);
                    }

                    return;
            }

            Skip(token);
        }

        private void OpenPair()
        {
            _pairIndex = 0;
            _pairTime = null;
            _pairValue = null;
            _pairBad = false;
            _frames.Push(Frame.Pair);
        }

        private void PairElement(ref Utf8JsonReader reader)
        {
            var token = reader.TokenType;
            var index = _pairIndex++;
            if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                _pairBad |= index < 2;
                Skip(token);
                return;
            }

            if (index == 0)
            {
                _pairTime = Number(ref reader);
            }
            else if (index == 1)
            {
                _pairValue = Number(ref reader) is { } v && double.IsFinite(v) ? v : null;
            }
        }

        private void Close(Frame frame)
        {
            switch (frame)
            {
                case Frame.Pair:
                    if (!_pairBad && _pairIndex >= 2 && _pairTime is { } seconds && _pairValue is { } value && MetricReader.FromUnix(seconds) is { } at)
                    {
                        _samples.Add(new MetricSample(at, value));
                    }
                    else
                    {
                        _skipped++;
                    }

                    break;
                case Frame.Series:
                    if (_seriesCutPoints > 0)
                    {
                        _seriesWithCutPoints++;
                        _cutPoints += _seriesCutPoints;
                    }

                    _series.Add(MetricReader.Build(_labels, _samples, sourceName, source));
                    _samples = [];
                    break;
                case Frame.Root:
                    _rootClosed = true;
                    break;
            }
        }

        private void Skip(JsonTokenType token)
        {
            if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                _skipNesting = 1;
            }
        }

        private static string Short(ref Utf8JsonReader reader) => InputLimits.Truncate(reader.GetString() ?? string.Empty);

        private static double? Number(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Number:
                    return reader.TryGetDouble(out var n) ? n : null;
                case JsonTokenType.String when !reader.ValueIsEscaped:
                    return double.TryParse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
                case JsonTokenType.String:
                    return double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var unescaped) ? unescaped : null;
                default:
                    return null;
            }
        }
    }
}

/// <summary>The series read from one answer, and whether it was JSON at all (an HTTP error page is not).</summary>
public sealed record PrometheusAnswer(IReadOnlyList<MetricSeries> Series, bool IsJson);
