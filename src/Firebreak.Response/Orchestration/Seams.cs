using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>Reads the project's evidence as of a moment.</summary>
public interface IEvidenceSource
{
    /// <summary>Collects every evidence source; evidence after <paramref name="asOf"/> is ignored.</summary>
    Task<EvidenceBundle> CollectAsync(ProjectConfig config, DateTimeOffset asOf, CancellationToken cancellationToken);

    /// <summary>Re-reads only the metrics as of <paramref name="asOf"/> (validation after a mitigation).</summary>
    Task<(IReadOnlyList<SeriesAnalysis> Metrics, IReadOnlyList<EvidenceWarning> Warnings)> CollectMetricsAsync(ProjectConfig config, DateTimeOffset asOf, CancellationToken cancellationToken);
}

/// <summary>The reasoning the roles rely on: diagnosis, mitigation choice and validation.</summary>
public interface IReasoning
{
    /// <summary>Diagnoses the incident from the evidence.</summary>
    Diagnosis Diagnose(EvidenceBundle evidence, GuidanceProfile guidance, DateTimeOffset asOf);

    /// <summary>Chooses the mitigation.</summary>
    MitigationPlan Choose(Diagnosis diagnosis, EvidenceBundle evidence, GuidanceProfile guidance);

    /// <summary>Judges a mitigation from metrics before and after it.</summary>
    (ResolutionVerdict Verdict, IReadOnlyList<EvidenceItem> Evidence) Judge(
        IReadOnlyList<SeriesAnalysis> before, IReadOnlyList<SeriesAnalysis> after, SloTargets slo);
}

/// <summary>Writes the incident's artifacts from the dossier.</summary>
public interface IArtifactSink
{
    /// <summary>Writes every artifact and incident.json into the incident folder.</summary>
    Task<ArtifactReport> WriteAsync(IncidentDossier dossier, string incidentDirectory, CancellationToken cancellationToken);
}

/// <summary>What the artifact writer wrote, and the files it kept because a person edited them.</summary>
public sealed record ArtifactReport(IReadOnlyList<string> Written, IReadOnlyList<KeptArtifact> Kept);

/// <summary>A person-edited artifact left in place, with where the new version went.</summary>
public sealed record KeptArtifact(string Path, string NewVersionPath);

/// <summary>The evidence collector of Firebreak.Evidence behind <see cref="IEvidenceSource"/>.</summary>
public sealed class CollectorEvidenceSource(EvidenceCollector collector) : IEvidenceSource
{
    /// <inheritdoc/>
    public Task<EvidenceBundle> CollectAsync(ProjectConfig config, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        collector.CollectAsync(config, asOf, cancellationToken);

    /// <inheritdoc/>
    public Task<(IReadOnlyList<SeriesAnalysis> Metrics, IReadOnlyList<EvidenceWarning> Warnings)> CollectMetricsAsync(ProjectConfig config, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        collector.CollectMetricsAsync(config, asOf, cancellationToken);
}

/// <summary>The reasoning of Firebreak.Evidence (Analyst, MitigationAdvisor, MitigationValidator).</summary>
public sealed class EvidenceReasoning : IReasoning
{
    /// <inheritdoc/>
    public Diagnosis Diagnose(EvidenceBundle evidence, GuidanceProfile guidance, DateTimeOffset asOf) =>
        Analyst.Diagnose(evidence, guidance, asOf);

    /// <inheritdoc/>
    public MitigationPlan Choose(Diagnosis diagnosis, EvidenceBundle evidence, GuidanceProfile guidance) =>
        MitigationAdvisor.Choose(diagnosis, evidence, guidance);

    /// <inheritdoc/>
    public (ResolutionVerdict Verdict, IReadOnlyList<EvidenceItem> Evidence) Judge(
        IReadOnlyList<SeriesAnalysis> before, IReadOnlyList<SeriesAnalysis> after, SloTargets slo) =>
        MitigationValidator.Judge(before, after, slo);
}
