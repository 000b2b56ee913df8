namespace Firebreak.Response;

/// <summary>Renders the dossier with <see cref="IncidentArtifacts"/> and writes it with <see cref="ArtifactWriter"/>, which keeps files a person edited.</summary>
public sealed class ArtifactWriterSink : IArtifactSink
{
    /// <inheritdoc/>
    public Task<ArtifactReport> WriteAsync(IncidentDossier dossier, string incidentDirectory, CancellationToken cancellationToken)
    {
        var rendered = IncidentArtifacts.Render(dossier);
        var report = ArtifactWriter.WriteTo(incidentDirectory, rendered);
        var kept = report.KeptBecauseEdited
            .Select(k => new KeptArtifact(k.Key, k.Value))
            .OrderBy(k => k.Path, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(new ArtifactReport([.. rendered.Select(r => r.Path)], kept));
    }
}
