namespace Firebreak.Response;

/// <summary>Renders the dossier with <see cref="IncidentArtifacts"/> and writes it with <see cref="ArtifactWriter"/>, which keeps files a person edited.</summary>
/// <param name="fileWritten">Told each file's relative path right after it is in place; a test host uses it to stop a run mid-write (null in production).</param>
public sealed class ArtifactWriterSink(Action<string>? fileWritten = null) : IArtifactSink
{
    /// <inheritdoc/>
    public Task<ArtifactReport> WriteAsync(IncidentDossier dossier, string incidentDirectory, CancellationToken cancellationToken)
    {
        var rendered = IncidentArtifacts.Render(dossier);
        var report = ArtifactWriter.WriteTo(incidentDirectory, rendered, fileWritten);
        var kept = report.KeptBecauseEdited
            .Select(k => new KeptArtifact(k.Key, k.Value))
            .OrderBy(k => k.Path, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(new ArtifactReport([.. rendered.Select(r => r.Path)], kept));
    }
}
