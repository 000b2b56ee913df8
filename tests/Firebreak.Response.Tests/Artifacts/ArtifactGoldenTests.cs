namespace Firebreak.Response.Tests;

public sealed class ArtifactGoldenTests
{
    [Theory]
    [MemberData(nameof(DossierFixtures.Names), MemberType = typeof(DossierFixtures))]
    public void Render_Fixture_MatchesGoldenFiles(string fixture)
    {
        var artifacts = IncidentArtifacts.Render(DossierFixtures.All[fixture]);

        foreach (var artifact in artifacts)
        {
            Golden.Verify($"{fixture}/{artifact.Path}", artifact.Content);
        }
    }

    [Theory]
    [MemberData(nameof(DossierFixtures.Names), MemberType = typeof(DossierFixtures))]
    public void Render_SameDossierTwice_IsByteIdentical(string fixture)
    {
        var first = IncidentArtifacts.Render(DossierFixtures.All[fixture]);
        var second = IncidentArtifacts.Render(DossierFixtures.All[fixture]);

        second.ShouldBe(first);
    }
}
