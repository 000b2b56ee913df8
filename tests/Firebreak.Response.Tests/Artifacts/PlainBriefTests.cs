using Firebreak.Core;

namespace Firebreak.Response.Tests;

public sealed class PlainBriefTests
{
    [Fact]
    public void BeingDone_PlanNobodyDecidedOrRan_IsARecommendationNotTheTeamsChoice()
    {
        var brief = new DossierFacts(DossierFixtures.SecurityTier3()).Brief;

        brief.BeingDone.ShouldStartWith("The recommended fix is to ");
        brief.BeingDone.ShouldNotContain("The team");
    }

    [Fact]
    public void BeingDone_PersonDecidedThePlan_SaysTheTeamChoseIt()
    {
        var d = DossierFixtures.SecurityTier3();
        var decided = new MitigationDecided(d.AsOf, "Alex Kim", d.Mitigation.Strategy, null);
        d = d with { State = d.State with { Events = [.. d.State.Events, decided] } };

        new DossierFacts(d).Brief.BeingDone.ShouldStartWith("The team has chosen to ");
    }
}
