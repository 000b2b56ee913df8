namespace Firebreak.Core.Tests;

public sealed class PolicyOverridesTests
{
    private static readonly ResponsePolicy Defaults = DefaultPolicy.Instance;

    [Fact]
    public void DefaultPolicy_HasTheSeedsNumbers()
    {
        Defaults.Sla[Priority.P0].ShouldBe(new ResponseSla(TimeSpan.Zero, TimeSpan.FromMinutes(15), TimeSpan.FromHours(2)));
        Defaults.Sla[Priority.P1].Resolve.ShouldBe(TimeSpan.FromHours(4));
        Defaults.Sla[Priority.P2].Resolve.ShouldBe(TimeSpan.FromHours(24));
        Defaults.Tier1Timeout[Priority.P0].ShouldBe(TimeSpan.FromMinutes(15));
        Defaults.Tier2Timeout[Priority.P1].ShouldBe(TimeSpan.FromHours(1));
        Defaults.ManagementAfter[Priority.P0].ShouldBe(TimeSpan.FromMinutes(30));
        Defaults.ExecutiveAfter.ShouldBe(TimeSpan.FromHours(2));
        Defaults.ReviewWithin[Priority.P1].ShouldBe(TimeSpan.FromHours(48));
        Defaults.ImmediateActions.ShouldBe(TimeSpan.FromDays(7));
        Defaults.ChangeWindow.ShouldBe(TimeSpan.FromHours(48));
        Defaults.ValidationWindow.ShouldBe(TimeSpan.FromMinutes(15));
    }

    [Fact]
    public void Apply_EmptyOverrides_ReturnsEquivalentPolicy()
    {
        var policy = PolicyOverrides.Apply(Defaults, new Dictionary<string, object?>());

        policy.Sla[Priority.P0].ShouldBe(Defaults.Sla[Priority.P0]);
        policy.ExecutiveAfter.ShouldBe(Defaults.ExecutiveAfter);
    }

    [Fact]
    public void Apply_ResolveSla_ChangesOnlyThoseTargets()
    {
        var policy = PolicyOverrides.Apply(Defaults, Tree(("resolve_sla", Tree(("P0", "1h"), ("p1", "3h")))));

        policy.Sla[Priority.P0].Resolve.ShouldBe(TimeSpan.FromHours(1));
        policy.Sla[Priority.P0].Engage.ShouldBe(TimeSpan.FromMinutes(15));
        policy.Sla[Priority.P1].Resolve.ShouldBe(TimeSpan.FromHours(3));
        policy.Sla[Priority.P2].Resolve.ShouldBe(TimeSpan.FromHours(24));
        Defaults.Sla[Priority.P0].Resolve.ShouldBe(TimeSpan.FromHours(2));
    }

    [Fact]
    public void Apply_EverySlaKey_IsSupported()
    {
        var policy = PolicyOverrides.Apply(Defaults, Tree(
            ("acknowledge_sla", Tree(("P1", "2m"))),
            ("engage_sla", Tree(("P1", "20m"))),
            ("update_every", Tree(("P1", "1h"))),
            ("resolve_sla", Tree(("P3", "1w")))));

        policy.Sla[Priority.P1].ShouldBe(new ResponseSla(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(20), TimeSpan.FromHours(4)));
        policy.Sla[Priority.P3].Resolve.ShouldBe(TimeSpan.FromDays(7));
        policy.StatusPageEvery[Priority.P1].ShouldBe(TimeSpan.FromHours(1));
    }

    [Fact]
    public void Apply_UpdateEveryAndStatusPageEvery_AreOneCadence()
    {
        var policy = PolicyOverrides.Apply(Defaults, Tree(("status_page_every", Tree(("P2", "4h")))));

        policy.StatusPageEvery[Priority.P2].ShouldBe(TimeSpan.FromHours(4));
        PolicyOverrides.Apply(policy, Tree(("update_every", Tree(("P2", "8h"))))).StatusPageEvery[Priority.P2].ShouldBe(TimeSpan.FromHours(8));
        Defaults.StatusPageEvery[Priority.P2].ShouldBe(TimeSpan.FromDays(1), "the SLA table's P2 'Updates daily'");
    }

    [Fact]
    public void Apply_NoneValue_RemovesTarget()
    {
        var policy = PolicyOverrides.Apply(Defaults, Tree(("resolve_sla", Tree(("P2", "none"))), ("review_within", Tree(("P2", "none")))));

        policy.Sla[Priority.P2].Resolve.ShouldBeNull();
        policy.ReviewWithin.ContainsKey(Priority.P2).ShouldBeFalse();
    }

    [Fact]
    public void Apply_TimersAndSingleValues_AreApplied()
    {
        var policy = PolicyOverrides.Apply(Defaults, Tree(
            ("tier1_timeout", Tree(("P0", "10m"), ("P2", "2h"))),
            ("tier2-timeout", "45m"),
            ("management_after", Tree(("P1", "1h"))),
            ("executive_after", "90m"),
            ("status_page_every", Tree(("P0", "10m"))),
            ("status_page_first_within", Tree(("P1", "45m"))),
            ("review_within", Tree(("P0", "12h"))),
            ("actions", Tree(("immediate", "3d"), ("short_term", "2w"), ("long-term", "60d"))),
            ("change_window", "72h"),
            ("validation_window", "5m")));

        policy.Tier1Timeout[Priority.P0].ShouldBe(TimeSpan.FromMinutes(10));
        policy.Tier1Timeout[Priority.P1].ShouldBe(TimeSpan.FromMinutes(30));
        policy.Tier1Timeout[Priority.P2].ShouldBe(TimeSpan.FromHours(2));
        policy.Tier2Timeout[Priority.P0].ShouldBe(TimeSpan.FromMinutes(45));
        policy.Tier2Timeout[Priority.P1].ShouldBe(TimeSpan.FromMinutes(45));
        policy.Tier2Timeout.ContainsKey(Priority.P2).ShouldBeFalse();
        policy.ManagementAfter[Priority.P1].ShouldBe(TimeSpan.FromHours(1));
        policy.ExecutiveAfter.ShouldBe(TimeSpan.FromMinutes(90));
        policy.StatusPageEvery[Priority.P0].ShouldBe(TimeSpan.FromMinutes(10));
        policy.StatusPageFirstWithin[Priority.P1].ShouldBe(TimeSpan.FromMinutes(45));
        policy.ReviewWithin[Priority.P0].ShouldBe(TimeSpan.FromHours(12));
        policy.ImmediateActions.ShouldBe(TimeSpan.FromDays(3));
        policy.ShortTermActions.ShouldBe(TimeSpan.FromDays(14));
        policy.LongTermActions.ShouldBe(TimeSpan.FromDays(60));
        policy.ChangeWindow.ShouldBe(TimeSpan.FromHours(72));
        policy.ValidationWindow.ShouldBe(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void Apply_ExecutiveAfterAsP0Map_IsAccepted() =>
        PolicyOverrides.Apply(Defaults, Tree(("executive_after", Tree(("P0", "1h"))))).ExecutiveAfter.ShouldBe(TimeSpan.FromHours(1));

    [Theory]
    [MemberData(nameof(BadOverrides))]
    public void Apply_BadValue_ThrowsPolicyExceptionWithPath(string key, object? value, string expectedPath)
    {
        var ex = Should.Throw<PolicyException>(() => PolicyOverrides.Apply(Defaults, Tree((key, value))));

        ex.Path.ShouldBe(expectedPath);
        ex.Message.ShouldStartWith($"policy.{expectedPath}: ");
    }

    public static TheoryData<string, object?, string> BadOverrides() => new()
    {
        { "resolve_time", "2h", "resolve_time" },
        { "resolve_sla", "2h", "resolve_sla" },
        { "resolve_sla", null, "resolve_sla" },
        { "resolve_sla", Tree(("P0", "soon")), "resolve_sla.P0" },
        { "resolve_sla", Tree(("P7", "2h")), "resolve_sla.P7" },
        { "resolve_sla", Tree(("P0", "15")), "resolve_sla.P0" },
        { "tier1_timeout", Tree(("P0", new List<object?> { "1h" })), "tier1_timeout.P0" },
        { "executive_after", Tree(("P1", "2h")), "executive_after" },
        { "executive_after", "later", "executive_after" },
        { "change_window", Tree(("P0", "2h")), "change_window" },
        { "actions", Tree(("someday", "1y")), "actions.someday" },
        { "actions", Tree(("immediate", "0")), "actions.immediate" },
        { "validation_window", null, "validation_window" },
    };

    [Fact]
    public void Apply_UnknownKeyWithIgnoredList_SkipsItAndAppliesTheRest()
    {
        var ignored = new List<string>();

        var policy = PolicyOverrides.Apply(Defaults, Tree(("pir_within", "12h"), ("change_window", "72h")), ignored);

        ignored.ShouldBe(["pir_within"]);
        policy.ChangeWindow.ShouldBe(TimeSpan.FromHours(72));
    }

    [Fact]
    public void Apply_BadValueWithIgnoredList_StillThrows() =>
        Should.Throw<PolicyException>(() => PolicyOverrides.Apply(Defaults, Tree(("change_window", "soon")), new List<string>()));

    [Fact]
    public void Apply_UnknownKey_ListsKnownKeys() =>
        Should.Throw<PolicyException>(() => PolicyOverrides.Apply(Defaults, Tree(("foo", "1h"))))
            .Message.ShouldContain("resolve_sla");

    private static Dictionary<string, object?> Tree(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value);
}
