namespace Firebreak.Evidence;

/// <summary>Reads every evidence source of a project as of a moment; missing or unreadable sources become warnings.</summary>
public sealed class EvidenceCollector(ILogAnalyzer logs, TimeProvider time, HttpClient? prometheus = null)
{
    /// <summary>Collects alerts, changes, metrics (analysed), logs (mined around the metric onset) and runbooks. Evidence after <paramref name="asOf"/> is ignored.</summary>
    public Task<EvidenceBundle> CollectAsync(ProjectConfig config, DateTimeOffset asOf, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException($"{logs}{time}{prometheus}");
}
