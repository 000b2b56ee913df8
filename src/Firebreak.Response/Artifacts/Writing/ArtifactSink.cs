namespace Firebreak.Response;

/// <summary>The flow's <see cref="IArtifactSink"/>: renders the dossier and writes it with <see cref="ArtifactWriter"/>.</summary>
public sealed class ArtifactSink : IArtifactSink
{
    /// <inheritdoc/>
    public async Task<ArtifactReport> WriteAsync(IncidentDossier dossier, string incidentDirectory, CancellationToken cancellationToken)
    {
        var report = await ArtifactWriter.WriteAsync(dossier, incidentDirectory, cancellationToken).ConfigureAwait(false);
        return new ArtifactReport(
            [.. report.Written],
            [.. report.KeptBecauseEdited.Select(k => new KeptArtifact(k.Key, k.Value))]);
    }
}
