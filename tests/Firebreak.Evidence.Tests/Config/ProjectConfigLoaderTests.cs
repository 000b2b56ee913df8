using Firebreak.Core;

namespace Firebreak.Evidence.Tests;

public sealed class ProjectConfigLoaderTests
{
    private const string FullYaml = """
        service: shop
        users: 240000
        slo: {availability: 99.9, latency_p95_ms: 400}
        components:
          - name: checkout-api
            owner: Dana Wu
            backup: Lee Park
            paths: [src/checkout/]
            critical: true
            depends_on: [postgres, payments-gateway]
          - name: search
            owner: Omar Ali
        people:
          oncall: [Alex Kim, Sam Ortiz]
          incident_commanders: [Rita Gomez]
          communications: [Jo Lee]
          architects: [Ken Ito]
          management: [Mia Chen]
          executives: [Omar Haddad]
          security: [Ana Silva]
          legal: [Lu Chen]
          deployment_managers: [Pat Doe]
          unavailable: [Dana Wu]
        evidence:
          logs: [logs/*.log]
          metrics:
            - {file: metrics/checkout_error_ratio.json, kind: error_rate, component: checkout-api}
            - {file: metrics/queue_depth.json, kind: queue_depth, component: worker, name: queue}
          alerts: [alerts/*.json]
          deployments: deploys.jsonl
          runbooks: [docs/runbooks/*.md]
          prometheus:
            url: http://127.0.0.1:9090
            queries:
              - {name: errors, query: 'sum(rate(http_errors_total[5m]))', kind: error_rate, component: checkout-api}
        mitigation:
          rollback: "./ops/rollback.sh {component} {version}"
          config-change: ["./ops/flag.sh", "{key}", "off"]
          scaling: "./ops/scale.sh '{component}' \"replicas=+2\""
          validation_window: 10m
          timeout: 90s
        """;

    [Fact]
    public void Load_MissingFile_ReturnsDefaultsNamedAfterDirectory()
    {
        using var project = new TempProject();

        var config = ProjectConfigLoader.Load(project.Root);

        config.HasConfigFile.ShouldBeFalse();
        config.Profile.Service.ShouldBe("shop");
        config.Profile.Components.ShouldBeEmpty();
        config.Sources.ShouldBe(EvidenceSources.Default);
        config.Policy.ShouldBeSameAs(DefaultPolicy.Instance);
        config.Mitigation.ShouldBe(MitigationCommands.None);
    }

    [Fact]
    public void Load_PrometheusStepAndWindow_AreRead()
    {
        using var project = new TempProject();
        project.Write("firebreak.yaml", "service: shop\nevidence:\n  prometheus: {url: 'http://127.0.0.1:9090', step: 1s, window: 10m}\n");

        var config = ProjectConfigLoader.Load(project.Root);

        config.Sources.PrometheusStep.ShouldBe(TimeSpan.FromSeconds(1));
        config.Sources.PrometheusWindow.ShouldBe(TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void Load_PrometheusBadStep_ThrowsWithLine()
    {
        using var project = new TempProject();
        project.Write("firebreak.yaml", "service: shop\nevidence:\n  prometheus:\n    url: 'http://127.0.0.1:9090'\n    step: soon\n");

        var error = Should.Throw<ConfigException>(() => ProjectConfigLoader.Load(project.Root));

        error.Line.ShouldBe(5);
    }

    [Fact]
    public void Load_FullFile_MapsEverySection()
    {
        using var project = new TempProject();
        project.Write("firebreak.yaml", FullYaml);

        var config = ProjectConfigLoader.Load(project.Root);

        config.HasConfigFile.ShouldBeTrue();
        config.Profile.Service.ShouldBe("shop");
        config.Profile.Users.ShouldBe(240000);
        config.Profile.Slo.ShouldBe(new SloTargets(99.9, 400));
        var checkout = config.Profile.Component("CHECKOUT-API").ShouldNotBeNull();
        checkout.Owner.ShouldBe("Dana Wu");
        checkout.Backup.ShouldBe("Lee Park");
        checkout.Paths.ShouldBe(["src/checkout/"]);
        checkout.Critical.ShouldBeTrue();
        checkout.DependsOn.ShouldBe(["postgres", "payments-gateway"]);
        config.Profile.Component("search")!.Critical.ShouldBeFalse();
        config.Profile.People.Oncall.ShouldBe(["Alex Kim", "Sam Ortiz"]);
        config.Profile.People.Security.ShouldBe(["Ana Silva"]);
        config.Profile.People.Legal.ShouldBe(["Lu Chen"]);
        config.Profile.People.DeploymentManagers.ShouldBe(["Pat Doe"]);
        config.Profile.People.IsAvailable("dana wu").ShouldBeFalse();
        config.Sources.LogGlobs.ShouldBe(["logs/*.log"]);
        config.Sources.Metrics.ShouldBe([
            new MetricSource("metrics/checkout_error_ratio.json", "error_rate", "checkout-api"),
            new MetricSource("metrics/queue_depth.json", "queue_depth", "worker", "queue"),
        ]);
        config.Sources.RunbookGlobs.ShouldBe(["docs/runbooks/*.md"]);
        config.Sources.PrometheusUrl.ShouldBe(new Uri("http://127.0.0.1:9090"));
        config.Sources.PrometheusQueries.ShouldBe([new PrometheusQuery("errors", "sum(rate(http_errors_total[5m]))", "error_rate", "checkout-api")]);
        config.Mitigation.Commands[MitigationStrategy.Rollback].ShouldBe(["./ops/rollback.sh", "{component}", "{version}"]);
        config.Mitigation.Commands[MitigationStrategy.ConfigChange].ShouldBe(["./ops/flag.sh", "{key}", "off"]);
        config.Mitigation.Commands[MitigationStrategy.Scaling].ShouldBe(["./ops/scale.sh", "{component}", "replicas=+2"]);
        config.Mitigation.ValidationWindow.ShouldBe(TimeSpan.FromMinutes(10));
        config.Mitigation.CommandTimeout.ShouldBe(TimeSpan.FromSeconds(90));
    }

    [Fact]
    public void Load_NoRunbooksKey_UsesBothDefaultRunbookFolders()
    {
        using var project = new TempProject();
        project.Write("firebreak.yaml", "service: shop\nevidence:\n  logs: [logs/app.log]\n");

        var config = ProjectConfigLoader.Load(project.Root);

        config.Sources.RunbookGlobs.ShouldBe(["runbooks/*.md", "deployment/runbook-*.md"]);
        config.Sources.AlertGlobs.ShouldBe(["alerts/*.json"]);
        config.Sources.Deployments.ShouldBe("deploys.jsonl");
    }

    [Fact]
    public void Load_EmptyFile_GivesDefaultsButRecordsTheFile()
    {
        using var project = new TempProject();
        project.Write("firebreak.yaml", "# nothing yet\n");

        var config = ProjectConfigLoader.Load(project.Root);

        config.HasConfigFile.ShouldBeTrue();
        config.Profile.Service.ShouldBe("shop");
    }

    [Theory]
    [InlineData("service: shop\nusers: many\n", 2, "users")]
    [InlineData("service: shop\ncomponents: checkout\n", 2, "components")]
    [InlineData("service: shop\ncomponents:\n  - owner: Dana\n", 3, "no name")]
    [InlineData("service: shop\nslo:\n  availability: high\n", 3, "availability")]
    [InlineData("service: shop\nslo:\n  availability: 140\n", 3, "percentage")]
    [InlineData("service: [a, b]\n", 1, "service")]
    [InlineData("service: a\nusers: 1\nservice: b\n", 3, "duplicate")]
    [InlineData("just some text\n", 1, "mapping")]
    [InlineData("service: shop\nevidence:\n  metrics:\n    - {kind: error_rate}\n", 4, "no file")]
    [InlineData("service: shop\nmitigation:\n  rollback: {cmd: x}\n", 3, "rollback")]
    [InlineData("service: shop\nmitigation:\n  validation_window: soon\n", 3, "validation_window")]
    [InlineData("service: shop\nmitigation:\n  rollback: \"./rb.sh 'unclosed\"\n", 3, "quote")]
    [InlineData("service: shop\ncomponents:\n  - name: a\n    critical: maybe\n", 4, "critical")]
    [InlineData("service: shop\nevidence:\n  prometheus: {url: 'file:///etc/passwd'}\n", 3, "URL")]
    public void Load_WrongTypes_ThrowWithLine(string yaml, int line, string mentions)
    {
        using var project = new TempProject();
        project.Write("firebreak.yaml", yaml);

        var error = Should.Throw<ConfigException>(() => ProjectConfigLoader.Load(project.Root));

        error.Line.ShouldBe(line);
        error.Message.ShouldContain(mentions, Case.Insensitive);
        error.Message.ShouldStartWith($"firebreak.yaml line {line}:");
    }

    [Fact]
    public void Load_MalformedYaml_ThrowsWithLine()
    {
        using var project = new TempProject();
        project.Write("firebreak.yaml", "service: shop\ncomponents:\n  - name: [unclosed\nusers: 3\n");

        var error = Should.Throw<ConfigException>(() => ProjectConfigLoader.Load(project.Root));

        error.Line.ShouldNotBeNull();
        error.Line!.Value.ShouldBeInRange(3, 4);
        error.Message.ShouldContain("not valid YAML");
    }

    [Fact]
    public void Load_TopLevelList_Throws()
    {
        using var project = new TempProject();
        project.Write("firebreak.yaml", "- a\n- b\n");

        Should.Throw<ConfigException>(() => ProjectConfigLoader.Load(project.Root)).Line.ShouldBe(1);
    }

    [Fact]
    public void Load_AliasBombInPolicy_IsRefusedQuickly()
    {
        using var project = new TempProject();
        project.Write("firebreak.yaml", """
            service: shop
            a: &a ["x","x","x","x","x","x","x","x","x","x"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
            g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
            policy:
              boom: *g
            """);

        var error = Should.Throw<ConfigException>(() => ProjectConfigLoader.Load(project.Root));

        error.Line.ShouldBe(10);
        error.Message.ShouldContain("too large");
    }

    [Fact]
    public void Load_AliasesOutsidePolicy_AreResolved()
    {
        using var project = new TempProject();
        project.Write("firebreak.yaml", """
            service: shop
            people:
              oncall: &team [Alex Kim, Sam Ortiz]
              incident_commanders: *team
            """);

        var config = ProjectConfigLoader.Load(project.Root);

        config.Profile.People.IncidentCommanders.ShouldBe(["Alex Kim", "Sam Ortiz"]);
    }

    [Fact]
    public void Load_NonUtf8Bytes_DoNotCrash()
    {
        using var project = new TempProject();
        project.WriteBytes("firebreak.yaml", [.. "service: caf"u8.ToArray(), 0xE9, 0xFF, .. "\nusers: 5\n"u8.ToArray()]);

        var config = ProjectConfigLoader.Load(project.Root);

        config.Profile.Users.ShouldBe(5);
        config.Profile.Service.ShouldStartWith("caf");
    }

    [Fact]
    public void Load_SingleStringWhereListExpected_IsAccepted()
    {
        using var project = new TempProject();
        project.Write("firebreak.yaml", "people:\n  oncall: Alex Kim\n");

        ProjectConfigLoader.Load(project.Root).Profile.People.Oncall.ShouldBe(["Alex Kim"]);
    }

    [Fact]
    public void Load_MetricWithoutKind_GuessesFromFileName()
    {
        using var project = new TempProject();
        project.Write("firebreak.yaml", "evidence:\n  metrics:\n    - {file: metrics/api_latency_p95.json}\n    - metrics/error_ratio.json\n");

        var metrics = ProjectConfigLoader.Load(project.Root).Sources.Metrics;

        metrics.Select(m => m.Kind).ShouldBe(["latency_p95_ms", "error_rate"]);
    }

    [Fact]
    public void Load_PolicySection_OverridesTheDefaults()
    {
        using var project = new TempProject();
        project.Write("firebreak.yaml", "service: shop\npolicy:\n  resolve_sla: {P0: 90m}\n  change_window: 72h\n");

        var policy = ProjectConfigLoader.Load(project.Root).Policy;

        policy.Sla[Priority.P0].Resolve.ShouldBe(TimeSpan.FromMinutes(90));
        policy.ChangeWindow.ShouldBe(TimeSpan.FromHours(72));
    }

    [Theory]
    [InlineData("service: shop\npolicy:\n  resolve_sla:\n    P0: 2h\n    P1: soon\n", 5)]
    [InlineData("service: shop\npolicy:\n  change_window: 72h\n  actions: {someday: 1y}\n", 4)]
    public void Load_BadPolicy_ThrowsWithTheLineOfTheKey(string yaml, int line)
    {
        using var project = new TempProject();
        project.Write("firebreak.yaml", yaml);

        var error = Should.Throw<ConfigException>(() => ProjectConfigLoader.Load(project.Root));

        error.Line.ShouldBe(line);
        error.Message.ShouldContain("policy.");
    }

    [Fact]
    public void Load_UnknownPolicyKey_IsIgnoredWithAWarningAndItsLine()
    {
        using var project = new TempProject();
        project.Write("firebreak.yaml", "service: shop\npolicy:\n  change_window: 72h\n  pir_within: {P0: 12h}\n");

        var config = ProjectConfigLoader.Load(project.Root);

        config.Policy.ChangeWindow.ShouldBe(TimeSpan.FromHours(72));
        var warning = config.Warnings.ShouldHaveSingleItem();
        warning.Source.ShouldBe("firebreak.yaml line 4");
        warning.Message.ShouldStartWith("policy.pir_within is not a known setting and was ignored");
    }
}
