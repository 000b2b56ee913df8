namespace Firebreak.Evidence;

/// <summary>Reads a whole evidence document (an alert payload, a metric answer) with a size cap, so a runaway file becomes a warning instead of exhausting memory.</summary>
internal static class EvidenceFile
{
    /// <summary>The largest single JSON or CSV document read whole. The default is 256 MiB.</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    /// <summary>The file's text, or null with a warning when it is missing, unreadable or too large.</summary>
    public static string? ReadText(string fullPath, string relativePath, ICollection<EvidenceWarning> warnings)
    {
        try
        {
            var length = new FileInfo(fullPath).Length;
            if (length > MaxBytes)
            {
                warnings.Add(new EvidenceWarning(relativePath, $"not read: {length / (1024 * 1024)} MiB is more than the {MaxBytes / (1024 * 1024)} MiB a single document may have"));
                return null;
            }

            return File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warnings.Add(new EvidenceWarning(relativePath, $"not available: {e.Message}"));
            return null;
        }
    }
}
