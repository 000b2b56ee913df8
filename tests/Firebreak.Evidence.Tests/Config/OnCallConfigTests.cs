using Firebreak.Core;

namespace Firebreak.Evidence.Tests;

public sealed class OnCallConfigTests
{
    private const string Yaml = """
        service: shop
        people:
          unavailable: [Lee]
        oncall:
          rotations:
            primary:
              time_zone: Europe/Berlin
              start: 2026-11-02
              handoff: "09:00"
              shift: 1w
              members: [Alex Kim, Sam Lee]
          roles:
            tier1:
              layers: [primary]
              backup: Jordan Doe
          overrides:
            - rotation: primary
              person: Lee
              from: 2026-11-03T09:00:00+01:00
              to: 2026-11-04T09:00:00+01:00
        """;

    [Fact]
    public void Parse_OnCallSection_ScheduleWithPeopleUnavailableApplied()
    {
        var config = ProjectConfigLoader.Parse("/tmp/shop", "shop", Yaml);

        config.OnCall.Rotations["primary"].Members.ShouldBe(["Alex Kim", "Sam Lee"]);
        // Lee is on the override but listed under people.unavailable: the backup is paged.
        var answer = config.OnCall.WhoIsOnCall(Roles.Tier1OnCall, new DateTimeOffset(2026, 11, 3, 12, 0, 0, TimeSpan.Zero));
        answer.Person.ShouldBe("Jordan Doe");
        answer.SkippedUnavailable.ShouldBe("Lee");
    }

    [Fact]
    public void Parse_NoOnCallSection_EmptySchedule()
    {
        ProjectConfigLoader.Parse("/tmp/shop", "shop", "service: shop\n").OnCall.IsEmpty.ShouldBeTrue();
    }

    [Theory]
    [InlineData("      time_zone: Europe/Berlin", "      time_zone: Europe/Atlantis", 7, "oncall.rotations.primary.time_zone")]
    [InlineData("      shift: 1w", "      shift: 10m", 10, "oncall.rotations.primary.shift")]
    [InlineData("      from: 2026-11-03T09:00:00+01:00", "      from: 2026-11-03 09:00", 19, "oncall.overrides.0.from")]
    [InlineData("      layers: [primary]", "      layers: [secondary]", 14, "oncall.roles.tier1.layers")]
    public void Parse_BadOnCallValue_ConfigExceptionWithLine(string good, string bad, int line, string path)
    {
        var error = Should.Throw<ConfigException>(() => ProjectConfigLoader.Parse("/tmp/shop", "shop", Yaml.Replace(good, bad, StringComparison.Ordinal)));

        error.Line.ShouldBe(line);
        error.Message.ShouldStartWith($"firebreak.yaml line {line}: {path}: ");
    }

    [Fact]
    public void Parse_NotifySection_ChannelsFromEnvironmentVariableNames()
    {
        var config = ProjectConfigLoader.Parse("/tmp/shop", "shop", """
            notify:
              webhook:
                url_env: FIREBREAK_WEBHOOK_URL
            """);

        config.Notify.Webhook!.UrlVariable.ShouldBe("FIREBREAK_WEBHOOK_URL");
    }

    [Fact]
    public void Parse_NotifyUrlInTheFile_ConfigExceptionWithLine()
    {
        var error = Should.Throw<ConfigException>(() => ProjectConfigLoader.Parse("/tmp/shop", "shop", """
            service: shop
            notify:
              webhook:
                url: https://hooks.slack.com/services/T000/B000/XXX
            """));

        error.Line.ShouldBe(4);
        error.Message.ShouldContain("notify.webhook.url: a url is never written in firebreak.yaml");
    }
}
