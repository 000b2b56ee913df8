namespace Firebreak.Evidence;

/// <summary>How much of each input Firebreak reads: every limit bounds memory on a hostile or runaway file (README, "Input limits").</summary>
public static class InputLimits
{
    /// <summary>The largest firebreak.yaml read; a larger one is refused (exit 2). The default is 1 MiB.</summary>
    public const long ConfigBytes = 1L << 20;

    /// <summary>The deepest nesting of firebreak.yaml mappings and lists; deeper is refused (exit 2). The default is 64.</summary>
    public const int ConfigDepth = 64;

    /// <summary>The largest alert payload read (whole: its bytes and their JSON document, a few times this in memory); a larger one is skipped with a warning naming the limit. The default is 4 MiB (an Alertmanager webhook of a thousand alerts is under 2 MiB).</summary>
    public const long DocumentBytes = 4L << 20;

    /// <summary>The most of one runbook read; the rest is cut off with a warning. The default is 1 MiB.</summary>
    public const long RunbookBytes = 1L << 20;

    /// <summary>The longest deploys.jsonl line parsed, measured in bytes before decoding; a longer record is skipped with a warning. The default is 64 KiB.</summary>
    public const int DeployLineBytes = 64 << 10;

    /// <summary>The most of deploys.jsonl read; records after it are skipped with a warning. The default is 512 MiB.</summary>
    public const long DeployFileBytes = 512L << 20;

    /// <summary>The longest quoted text kept from one field (an alert summary or description, a change description); the rest is cut and marked. The default is 4,096 characters.</summary>
    public const int FieldChars = 4096;

    /// <summary>The most of one Prometheus answer (live, or a metric file) or metric CSV read, as a stream; reading stops there, the series read so far are kept and a warning says so. The default is 128 MiB (200 series of 11,000 points take about 70 MB of JSON).</summary>
    public const long PrometheusAnswerBytes = 128L << 20;

    /// <summary>The most labels kept per series of a Prometheus answer. The default is 64.</summary>
    public const int LabelsPerSeries = 64;

    /// <summary>The longest single JSON value (a label, a number, a string) in a Prometheus answer; a longer one stops the reading with a warning. The default is 1 MiB.</summary>
    public const int JsonValueBytes = 1 << 20;

    /// <summary>The longest metric CSV line parsed, in bytes before decoding; a longer line is skipped. The default is 4 KiB.</summary>
    public const int CsvLineBytes = 4 << 10;

    /// <summary>The most series kept from one Prometheus answer or metric file. The default is 200.</summary>
    public const int SeriesPerAnswer = 200;

    /// <summary>The most points kept per series (Prometheus itself refuses more than 11,000). The default is 11,000.</summary>
    public const int PointsPerSeries = 11_000;

    /// <summary>Cuts <paramref name="text"/> to <paramref name="max"/> characters and says how much was cut, so a truncation is visible in the record.</summary>
    public static string Truncate(string text, int max = FieldChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return $"{text[..cut]} [truncated: {text.Length - cut:N0} more characters]";
    }
}
