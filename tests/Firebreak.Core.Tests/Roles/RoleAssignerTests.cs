namespace Firebreak.Core.Tests;

public sealed class RoleAssignerTests
{
    private static readonly PeopleDirectory People = new(
        Oncall: ["Alex Kim", "Sam Ortiz"],
        IncidentCommanders: ["Rita Gomez", "Ivo Berg"],
        Communications: ["Jo Lee"],
        Architects: ["Ken Ito"],
        Management: ["Mia Chen"],
        Executives: ["Omar Haddad"],
        Security: ["Ana Silva"],
        Legal: ["Lou Grant"],
        DeploymentManagers: ["Pat Doe"],
        Unavailable: new HashSet<string>());

    private static readonly ComponentInfo Checkout = new("checkout-api", "Dana Wu", "Lee Park", ["src/checkout/"], true, ["postgres"]);
    private static readonly ComponentInfo Search = new("search", "Bo Li", null, ["src/search/"], false, []);

    private static ServiceProfile Profile(PeopleDirectory? people = null) =>
        new("shop", 240_000, SloTargets.None, [Checkout, Search], people ?? People);

    private static PeopleDirectory Without(params string[] unavailable) =>
        People with { Unavailable = new HashSet<string>(unavailable, StringComparer.Ordinal) };

    [Fact]
    public void Assign_P0Tier1_GetsTheFullP0Cast()
    {
        var roster = RoleAssigner.Assign(Priority.P0, Tier.Tier1, Profile(), ["checkout-api"], GuidanceProfile.None);

        roster.Holder(Roles.Tier1OnCall).ShouldBe("Alex Kim");
        roster.Holder(Roles.IncidentCommander).ShouldBe("Rita Gomez");
        roster.Holder(Roles.TechnicalLead).ShouldBe("Dana Wu");
        roster.Holder(Roles.CommunicationsLead).ShouldBe("Jo Lee");
        roster.Holder(Roles.DeploymentManager).ShouldBe("Pat Doe");
        roster.Holder(Roles.Management).ShouldBe("Mia Chen");
        roster.Holder(Roles.Executive).ShouldBe("Omar Haddad");
        roster.Assignments.ShouldNotContain(a => a.Role == Roles.Tier2ComponentOwner);
        roster.Assignments.ShouldNotContain(a => a.Role == Roles.SecurityLead);
        roster.Blocks.ShouldBeEmpty();
        roster.Assignments.ShouldAllBe(a => a.Reason.Length > 0);
    }

    [Fact]
    public void Assign_P2_OnlyOnCall()
    {
        var roster = RoleAssigner.Assign(Priority.P2, Tier.Tier1, Profile(), ["checkout-api"], GuidanceProfile.None);

        roster.Assignments.Select(a => a.Role).ShouldBe([Roles.Tier1OnCall]);
    }

    [Fact]
    public void Assign_P1_HasCommanderButNoDeploymentManagerOrExecutive()
    {
        var roster = RoleAssigner.Assign(Priority.P1, Tier.Tier1, Profile(), ["checkout-api"], GuidanceProfile.None);

        roster.Holder(Roles.IncidentCommander).ShouldBe("Rita Gomez");
        roster.Assignments.ShouldNotContain(a => a.Role == Roles.DeploymentManager);
        roster.Assignments.ShouldNotContain(a => a.Role == Roles.Executive);
    }

    [Fact]
    public void Assign_Tier2_ComponentOwner()
    {
        var roster = RoleAssigner.Assign(Priority.P1, Tier.Tier2, Profile(), ["checkout-api"], GuidanceProfile.None);

        roster.Holder(Roles.Tier2ComponentOwner).ShouldBe("Dana Wu");
        roster.Assignments.ShouldNotContain(a => a.Role == Roles.Tier3Architect);
    }

    [Fact]
    public void Assign_Tier3_AddsArchitect() =>
        RoleAssigner.Assign(Priority.P1, Tier.Tier3, Profile(), ["checkout-api"], GuidanceProfile.None)
            .Holder(Roles.Tier3Architect).ShouldBe("Ken Ito");

    [Fact]
    public void Assign_OwnerUnavailable_UsesBackupAndRecordsBlock()
    {
        var roster = RoleAssigner.Assign(Priority.P1, Tier.Tier2, Profile(Without("Dana Wu")), ["checkout-api"], GuidanceProfile.None);

        roster.Holder(Roles.Tier2ComponentOwner).ShouldBe("Lee Park");
        roster.Holder(Roles.TechnicalLead).ShouldBe("Lee Park");
        var block = roster.Blocks.Single(b => b.Role == Roles.Tier2ComponentOwner);
        block.Unavailable.ShouldBe("Dana Wu");
        block.Backup.ShouldBe("Lee Park");
        block.Reason.ShouldContain("people.unavailable");
    }

    [Fact]
    public void Assign_OwnerWithoutBackupUnavailable_SecondaryOnCallCovers()
    {
        var roster = RoleAssigner.Assign(Priority.P2, Tier.Tier2, Profile(Without("Bo Li")), ["search"], GuidanceProfile.None);

        roster.Holder(Roles.Tier2ComponentOwner).ShouldBe("Sam Ortiz");
        roster.Blocks.ShouldContain(b => b.Role == Roles.Tier2ComponentOwner && b.Unavailable == "Bo Li" && b.Backup == "Sam Ortiz");
    }

    [Fact]
    public void Assign_OwnerAndBackupAndSecondaryUnavailable_ArchitectCoversTemporarily()
    {
        var roster = RoleAssigner.Assign(Priority.P1, Tier.Tier2, Profile(Without("Dana Wu", "Lee Park", "Sam Ortiz")), ["checkout-api"], GuidanceProfile.None);

        roster.Holder(Roles.Tier2ComponentOwner).ShouldBe("Ken Ito");
        roster.Assignments.Single(a => a.Role == Roles.Tier2ComponentOwner).Reason.ShouldContain("temporary coverage");
        roster.Blocks.Where(b => b.Role == Roles.Tier2ComponentOwner).Select(b => b.Unavailable).ShouldBe(["Dana Wu", "Lee Park"]);
        roster.Holder(Roles.TechnicalLead).ShouldBe("Alex Kim");
    }

    [Fact]
    public void Assign_OnCallUnavailable_NextInRotationAndBlock()
    {
        var roster = RoleAssigner.Assign(Priority.P2, Tier.Tier1, Profile(Without("alex kim")), [], GuidanceProfile.None);

        roster.Holder(Roles.Tier1OnCall).ShouldBe("Sam Ortiz");
        var block = roster.Blocks.Single();
        block.Role.ShouldBe(Roles.Tier1OnCall);
        block.Unavailable.ShouldBe("Alex Kim");
        block.Backup.ShouldBe("Sam Ortiz");
    }

    [Fact]
    public void Assign_CommanderUnavailable_NextCommander()
    {
        var roster = RoleAssigner.Assign(Priority.P0, Tier.Tier1, Profile(Without("Rita Gomez")), [], GuidanceProfile.None);

        roster.Holder(Roles.IncidentCommander).ShouldBe("Ivo Berg");
        roster.Blocks.ShouldContain(b => b.Role == Roles.IncidentCommander && b.Unavailable == "Rita Gomez" && b.Backup == "Ivo Berg");
    }

    [Fact]
    public void Assign_AllCommandersUnavailable_ManagerAssigns()
    {
        var roster = RoleAssigner.Assign(Priority.P0, Tier.Tier1, Profile(Without("Rita Gomez", "Ivo Berg")), [], GuidanceProfile.None);

        roster.Holder(Roles.IncidentCommander).ShouldBe("Mia Chen");
        roster.Blocks.Count(b => b.Role == Roles.IncidentCommander).ShouldBe(2);
    }

    [Fact]
    public void Assign_NoPeopleConfigured_NullPersonsWithReasons()
    {
        var roster = RoleAssigner.Assign(Priority.P0, Tier.Tier3, ServiceProfile.Unknown, ["checkout-api"], GuidanceProfile.None);

        roster.Assignments.ShouldNotBeEmpty();
        roster.Assignments.ShouldAllBe(a => a.Person == null);
        roster.Assignments.Single(a => a.Role == Roles.Tier1OnCall).Reason.ShouldContain("people.oncall");
        roster.Assignments.Single(a => a.Role == Roles.DeploymentManager).Reason.ShouldContain("people.deployment_managers");
        roster.Assignments.Single(a => a.Role == Roles.Tier2ComponentOwner).Reason.ShouldContain("checkout-api");
        roster.Blocks.ShouldBeEmpty();
    }

    [Fact]
    public void Assign_UnknownComponent_TechnicalLeadIsOnCall()
    {
        var roster = RoleAssigner.Assign(Priority.P1, Tier.Tier2, Profile(), ["payments-gateway"], GuidanceProfile.None);

        roster.Holder(Roles.TechnicalLead).ShouldBe("Alex Kim");
        roster.Holder(Roles.Tier2ComponentOwner).ShouldBe("Sam Ortiz");
        roster.Assignments.Single(a => a.Role == Roles.Tier2ComponentOwner).Reason.ShouldContain("payments-gateway");
    }

    [Fact]
    public void Assign_SecurityGuidance_AddsSecurityLegalAndExecutive()
    {
        var roster = RoleAssigner.Assign(Priority.P2, Tier.Tier1, Profile(), [], new GuidanceProfile { Security = true });

        roster.Holder(Roles.SecurityLead).ShouldBe("Ana Silva");
        roster.Holder(Roles.Legal).ShouldBe("Lou Grant");
        roster.Holder(Roles.Executive).ShouldBe("Omar Haddad");
    }

    [Fact]
    public void Assign_DataIntegrityCategory_AddsSecurityLead() =>
        RoleAssigner.Assign(Priority.P1, Tier.Tier1, Profile(), [], GuidanceProfile.None, IncidentCategory.DataIntegrity)
            .Holder(Roles.SecurityLead).ShouldBe("Ana Silva");

    [Fact]
    public void Assign_Compliance_AddsLegalOnly()
    {
        var roster = RoleAssigner.Assign(Priority.P2, Tier.Tier1, Profile(), [], new GuidanceProfile { Compliance = true });

        roster.Holder(Roles.Legal).ShouldBe("Lou Grant");
        roster.Assignments.ShouldNotContain(a => a.Role == Roles.SecurityLead);
    }

    [Fact]
    public void Assign_Revenue_AddsExecutive() =>
        RoleAssigner.Assign(Priority.P1, Tier.Tier1, Profile(), [], new GuidanceProfile { Revenue = true })
            .Assignments.Single(a => a.Role == Roles.Executive).Reason.ShouldContain("revenue");

    [Fact]
    public void Assign_EveryoneInRotationUnavailable_NullWithBlocks()
    {
        var roster = RoleAssigner.Assign(Priority.P2, Tier.Tier1, Profile(Without("Alex Kim", "Sam Ortiz")), [], GuidanceProfile.None);

        roster.Holder(Roles.Tier1OnCall).ShouldBeNull();
        roster.Blocks.Count.ShouldBe(2);
        roster.Blocks.ShouldAllBe(b => b.Backup == null);
    }
}
