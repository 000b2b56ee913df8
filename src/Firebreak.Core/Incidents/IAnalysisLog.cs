namespace Firebreak.Core;

/// <summary>
/// One stored version of an incident's analysis (its typed decisions: triage, escalation, cause, mitigation, actions, review),
/// as an event in the analysis stream: the payload is JSON written in <paramref name="SchemaVersion"/>, and
/// <paramref name="Digest"/> identifies its decisions so an unchanged re-run appends nothing.
/// </summary>
/// <param name="Version">1 for the first analysis of the incident, then one more for each changed analysis.</param>
/// <param name="SchemaVersion">The payload's schema version; a reader that does not know it recomputes the analysis.</param>
/// <param name="RecordedAt">When the analysis was made (the respond run's moment).</param>
/// <param name="Digest">SHA-256 (hex) of the decisions, without the moment they were made.</param>
/// <param name="Reason">Why this version exists: "first analysis", or what changed from the previous version.</param>
/// <param name="Payload">The typed decisions as JSON.</param>
public sealed record AnalysisVersion(int Version, int SchemaVersion, DateTimeOffset RecordedAt, string Digest, string Reason, string Payload)
{
    /// <summary>The version number, at least 1.</summary>
    public int Version { get; } = Version >= 1 ? Version : throw new ArgumentOutOfRangeException(nameof(Version), Version, "an analysis version starts at 1");

    /// <summary>The payload's schema version, at least 1.</summary>
    public int SchemaVersion { get; } = SchemaVersion >= 1 ? SchemaVersion : throw new ArgumentOutOfRangeException(nameof(SchemaVersion), SchemaVersion, "a schema version starts at 1");

    /// <summary>The decisions' digest.</summary>
    public string Digest { get; } = !string.IsNullOrWhiteSpace(Digest) ? Digest : throw new ArgumentException("an analysis needs a digest", nameof(Digest));

    /// <summary>Why this version exists.</summary>
    public string Reason { get; } = !string.IsNullOrWhiteSpace(Reason) ? Reason : throw new ArgumentException("an analysis version says why it exists", nameof(Reason));

    /// <summary>The typed decisions as JSON.</summary>
    public string Payload { get; } = !string.IsNullOrWhiteSpace(Payload) ? Payload : throw new ArgumentException("an analysis needs a payload", nameof(Payload));
}

/// <summary>The stored analyses of incidents: an append-only stream of versions per incident, beside its lifecycle events.</summary>
public interface IAnalysisLog
{
    /// <summary>The incident's latest analysis, or null when none was stored (an incident recorded by an earlier Firebreak).</summary>
    Task<AnalysisVersion?> LatestAnalysisAsync(IncidentId id, CancellationToken cancellationToken = default);

    /// <summary>Every stored analysis of the incident, oldest first.</summary>
    Task<IReadOnlyList<AnalysisVersion>> AnalysesAsync(IncidentId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="analysis"/> unless its version is already taken (another run stored it first) or the latest
    /// stored analysis has the same digest in the same schema; returns true when appended.
    /// </summary>
    Task<bool> AppendAnalysisAsync(IncidentId id, AnalysisVersion analysis, CancellationToken cancellationToken = default);
}
