using Firebreak.Core;

namespace Firebreak.Evidence.Tests;

public sealed class DeployReaderTests
{
    [Fact]
    public void Parse_AllKinds_MapsFieldsAndRefs()
    {
        const string jsonl = """
            {"at": "2026-11-25T19:13:59.800Z", "component": "checkout-api", "version": "3.8.0", "previous_version": "3.7.2", "commit": "56e0aff0123456789abcdef0123456789abcdef0", "kind": "deploy", "description": "checkout-api 3.8.0 rolling deploy", "region": "eu-west-1"}
            {"at": "2026-11-25T19:33:59.800Z", "component": "recommender", "kind": "config", "description": "flag", "key": "recs_carousel_v2", "old": "off", "new": "10%"}
            {"at": "2026-11-25T19:20:00Z", "component": "payments", "kind": "feature-flag", "key": "payments.backup_provider", "old": false, "new": true}
            {"at": "2026-11-25T19:00:00Z", "component": "orders-db", "kind": "migration", "version": "2026_11_25_add_index", "reversible": false}
            {"at": "2026-11-25T18:00:00Z", "component": "edge", "kind": "infra", "description": "new load balancer"}
            {"at": "2026-11-25T17:00:00Z", "component": "edge", "kind": "certificate-rotation"}
            """;
        var warnings = new List<EvidenceWarning>();

        var records = DeployReader.Parse(jsonl, "deploys.jsonl", warnings);

        warnings.ShouldBeEmpty();
        records.Select(r => r.Kind).ShouldBe([ChangeKind.Infra, ChangeKind.Infra, ChangeKind.Migration, ChangeKind.Deploy, ChangeKind.FeatureFlag, ChangeKind.Config]);
        var deploy = records.Single(r => r.Kind == ChangeKind.Deploy);
        deploy.Ref.ShouldBe("56e0aff0123456789abcdef0123456789abcdef0");
        deploy.Commit.ShouldBe(deploy.Ref);
        deploy.Version.ShouldBe("3.8.0");
        deploy.PreviousVersion.ShouldBe("3.7.2");
        deploy.Component.ShouldBe("checkout-api");
        deploy.At.ShouldBe(new DateTimeOffset(2026, 11, 25, 19, 13, 59, 800, TimeSpan.Zero));
        deploy.Source.ShouldBe(new SourceRef("deploys.jsonl", 1));
        deploy.Extra["region"].ShouldBe("eu-west-1");
        var config = records.Single(r => r.Kind == ChangeKind.Config);
        config.Ref.ShouldBe("recs_carousel_v2");
        (config.OldValue, config.NewValue).ShouldBe(("off", "10%"));
        records.Single(r => r.Kind == ChangeKind.FeatureFlag).NewValue.ShouldBe("true");
        var migration = records.Single(r => r.Kind == ChangeKind.Migration);
        migration.Ref.ShouldBe("2026_11_25_add_index");
        migration.Reversible.ShouldBe(false);
        records.First().Extra["kind"].ShouldBe("certificate-rotation");
        records.First().Ref.ShouldBe("deploys.jsonl:6");
    }

    [Theory]
    [InlineData("config", "homepage_banner")]
    [InlineData("feature-flag", "homepage_banner")]
    [InlineData("infra", "homepage_banner")]
    [InlineData("deploy", "v42")]
    public void Parse_RecordWithKeyAndVersion_DeployIsNamedByVersionOthersByKey(string kind, string expected)
    {
        var line = $$"""{"at": "2026-11-25T19:00:00Z", "component": "storefront", "kind": "{{kind}}", "key": "homepage_banner", "version": "v42"}""";

        var record = DeployReader.Parse(line, "deploys.jsonl", new List<EvidenceWarning>()).ShouldHaveSingleItem();

        record.Ref.ShouldBe(expected);
    }

    [Fact]
    public void Parse_GarbageLines_AreCountedNotFatal()
    {
        var text = "{\"at\": \"2026-11-25T19:00:00Z\", \"kind\": \"deploy\", \"version\": \"1\"}\n"
            + "\u0000\u0001\uFFFD\uFFFD binary\n"
            + "{\"at\": \"2026-11-25T19:0\n"
            + "[1,2,3]\n"
            + "{\"kind\": \"deploy\"}\n"
            + "{\"at\": \"yesterday\"}\n"
            + "\n"
            + "{\"at\": \"2026-11-25T19:05:00Z\", \"kind\": \"config\", \"key\": \"k\"}";
        var warnings = new List<EvidenceWarning>();

        var records = DeployReader.Parse(text, "deploys.jsonl", warnings);

        records.Count.ShouldBe(2);
        records[1].Source.Line.ShouldBe(8);
        var warning = warnings.ShouldHaveSingleItem();
        warning.Source.ShouldBe("deploys.jsonl");
        warning.Message.ShouldContain("5 line(s) skipped");
        warning.Message.ShouldContain("line 2, 3, 4, 5, 6");
    }

    [Fact]
    public void ReadFile_NonUtf8Bytes_AreTolerated()
    {
        using var project = new TempProject();
        var path = project.WriteBytes("deploys.jsonl", [
            .. "{\"at\": \"2026-11-25T19:00:00Z\", \"kind\": \"deploy\", \"description\": \"caf"u8.ToArray(), 0xE9, .. "\"}\n"u8.ToArray(),
            0xFF, 0xFE, 0x00, 0x9F, (byte)'\n']);
        var warnings = new List<EvidenceWarning>();

        var records = DeployReader.ReadFile(path, "deploys.jsonl", warnings);

        records.ShouldHaveSingleItem().Description.ShouldStartWith("caf");
        warnings.ShouldHaveSingleItem();
    }

    [Fact]
    public void ReadFile_Missing_Warns()
    {
        using var project = new TempProject();
        var warnings = new List<EvidenceWarning>();

        DeployReader.ReadFile(Path.Combine(project.Root, "nope.jsonl"), "nope.jsonl", warnings).ShouldBeEmpty();

        warnings.ShouldHaveSingleItem().Message.ShouldStartWith("not available");
    }

    [Fact]
    public void Parse_SecretValues_AreRedacted()
    {
        const string jsonl = """
            {"at": "2026-11-25T19:00:00Z", "kind": "config", "key": "db_password", "old": "hunter2", "new": "hunter3", "description": "rotate password=hunter3"}
            {"at": "2026-11-25T19:01:00Z", "kind": "config", "key": "pool_size", "old": "10", "new": "20", "api_token": "abc123"}
            """;

        var records = DeployReader.Parse(jsonl, "deploys.jsonl", []);

        records[0].OldValue.ShouldBe("[REDACTED]");
        records[0].NewValue.ShouldBe("[REDACTED]");
        records[0].Description.ShouldBe("rotate password=[REDACTED]");
        records[1].NewValue.ShouldBe("20");
        records[1].Extra["api_token"].ShouldBe("[REDACTED]");
    }
}
