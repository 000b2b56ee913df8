using System.Text.Json;

namespace Firebreak.Cli.Tests;

/// <summary>
/// Builds kits of several kinds, runs respond, reads every artifact and fails on each defect of the issue "A record a
/// team can send" that a program can detect (<see cref="RecordHonesty"/>).
/// </summary>
public sealed class HonestyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);
    private const string Secret = "sk_live_abcdEFGH1234567890";

    private static async Task<RespondRecord> RespondAsync(Kit kit, string id, params string[] options)
    {
        var cli = new Cli(Now);
        var code = await cli.RunAsync(kit.Path, ["respond", id, kit.Path, "--no-color", .. options]);
        code.ShouldBe(0, cli.Error.ToString());
        return new RespondRecord(kit.Path, id, cli.Console.Output);
    }

    // A breach: account takeover from public addresses, a live token in the logs, nothing we changed.
    private static KitBuilder Breach() => new KitBuilder(Now)
        .Config("""
            service: bank
            users: 300000
            slo: {availability: 99.95, latency_p95_ms: 300}
            components:
              - {name: auth, owner: Zoe Ak, backup: Yan Bo, paths: [src/auth/], critical: true}
            people: {oncall: [Yan Bo], incident_commanders: [Xia Co], communications: [Wu Da], architects: [Val Ed], management: [Uli Fa], executives: [Tom Ge], security: [Sue Ha]}
            evidence:
              logs: [logs/*.log]
              metrics:
                - {file: metrics/auth_failed_login_ratio.json, kind: error_rate, component: auth}
              alerts: [alerts/*.json]
              deployments: deploys.jsonl
            """)
        .Commit(TimeSpan.FromDays(2), "Zoe Ak <zoe@example.invalid>", "auth: clearer error text", new() { ["src/auth/login.kt"] = "// login\n" })
        .Log("logs/auth.log", "auth",
            (TimeSpan.FromHours(2), TimeSpan.Zero, 40, "INFO", "login ok user=<id> ip=10.0.0.7", []),
            (TimeSpan.FromMinutes(30), TimeSpan.Zero, 300, "WARN", "login failed user=<id> ip=203.0.113.9 reason=bad_password", []),
            (TimeSpan.FromMinutes(25), TimeSpan.Zero, 6, "WARN", "login ok user=<id> ip=203.0.113.9 new device, no MFA", []),
            (TimeSpan.FromMinutes(20), TimeSpan.Zero, 2, "ERROR", $"security: unusual payee added for user=<id> from ip=203.0.113.9 token={Secret}", []))
        .Metric("auth_failed_login_ratio", "error_rate", "auth", 0.07, TimeSpan.FromMinutes(30), 0.9)
        .Alert(TimeSpan.FromMinutes(5), "LoginFailureSpike", "critical", "auth", "failed logins 10x normal from many public IPs; account takeovers suspected");

    // Saturation samples above 1 (a scrape artefact) with a stated share of users in the alert.
    private static KitBuilder Saturated() => new KitBuilder(Now)
        .Config("""
            service: search
            users: 50000
            slo: {availability: 99.9, latency_p95_ms: 500}
            components:
              - {name: search-api, owner: Omar Ali, paths: [src/search/]}
            people: {oncall: [Kim Vo], incident_commanders: [Rita Gomez], management: [Mia Chen]}
            evidence:
              logs: [logs/*.log]
              metrics:
                - {file: metrics/search_latency_p95_ms.json, kind: latency_p95_ms, component: search-api}
                - {file: metrics/search_pool_utilization.json, kind: saturation, component: search-api}
              alerts: [alerts/*.json]
            """)
        .Commit(TimeSpan.FromDays(5), "Omar Ali <omar@example.invalid>", "search: index", new() { ["src/search/Index.cs"] = "class Index {}\n" })
        .Log("logs/search.log", "search-api",
            (TimeSpan.FromHours(2), TimeSpan.Zero, 30, "INFO", "GET /search?q=<id> 200 80ms", []),
            (TimeSpan.FromMinutes(15), TimeSpan.Zero, 30, "WARN", "connection pool exhausted, waited 2000ms for a connection", []))
        .Metric("search_latency_p95_ms", "latency_p95_ms", "search-api", 120, TimeSpan.FromMinutes(15), 2400)
        .Metric("search_pool_utilization", "saturation", "search-api", 0.4, TimeSpan.FromMinutes(15), 1.06)
        .Alert(TimeSpan.FromMinutes(8), "SearchSlow", "warning", "search-api", "search p95 above 2s; about 5% of users see timeouts");

    [Fact]
    public async Task Respond_PlainDeployRegression_RecordIsHonest()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();

        var record = await RespondAsync(kit, "INC-H1");

        RecordHonesty.Check(record).ShouldBeEmpty();
        record.Status.ShouldBe("IDENTIFIED");
        record.Json.GetProperty("root_cause").GetProperty("trigger").GetString().ShouldNotBeNull();
        record.Json.GetProperty("root_cause").GetProperty("confirmed").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Respond_PlainIncidentWithSecurityGuidance_GuidanceAddsAReviewOnly()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();

        var record = await RespondAsync(kit, "INC-H2", "--guidance", "security");

        RecordHonesty.Check(record, guidanceOnly: true).ShouldBeEmpty();
        record.Json.GetProperty("evidence_preserved").GetArrayLength().ShouldBeGreaterThan(0);
        record.Json.GetProperty("roles").EnumerateObject().ShouldContain(r => r.Value.GetString() == "Ana Silva", record.Json.GetProperty("roles").ToString());
    }

    [Fact]
    public async Task Respond_PlainIncidentWithSecurityGuidance_CategoryAndImpactAsWithout()
    {
        using var plainKit = KitBuilder.CheckoutRegression(Now).Build();
        using var guidedKit = KitBuilder.CheckoutRegression(Now).Build();

        var plain = await RespondAsync(plainKit, "INC-H3");
        var guided = await RespondAsync(guidedKit, "INC-H3", "--guidance", "security");

        guided.Json.GetProperty("category").GetString().ShouldBe(plain.Json.GetProperty("category").GetString());
        guided.Json.GetProperty("impact").GetString().ShouldBe(plain.Json.GetProperty("impact").GetString());
        guided.Json.GetProperty("escalation").GetProperty("executive_notified").GetBoolean().ShouldBe(plain.Json.GetProperty("escalation").GetProperty("executive_notified").GetBoolean());
    }

    [Fact]
    public async Task Respond_BreachWithATokenInTheLogs_SecretOnlyInTheByteExactPrivateCopy()
    {
        using var kit = Breach().Build();

        var record = await RespondAsync(kit, "INC-H4");

        RecordHonesty.Check(record, secrets: [Secret]).ShouldBeEmpty();
        var preserved = record.Json.GetProperty("evidence_preserved").EnumerateArray().ToList();
        preserved.ShouldNotBeEmpty();
        var log = preserved.Single(p => p.GetProperty("path").GetString()!.EndsWith("logs/auth.log", StringComparison.Ordinal));
        var copy = Path.GetFullPath(Path.Combine(record.Directory, log.GetProperty("path").GetString()!));
        (await File.ReadAllBytesAsync(copy)).ShouldBe(await File.ReadAllBytesAsync(Path.Combine(kit.Path, "logs", "auth.log")));
        File.ReadAllText(Path.Combine(kit.Path, ".aiwg", "evidence", ".gitignore")).ShouldContain("*");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(copy).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.GetUnixFileMode(Path.GetDirectoryName(copy)!).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        record.Artifacts.ShouldContainKey("logs/REDACTED-COPIES.md");
        record.Artifacts["logs/logs/auth.log"].ShouldNotContain(Secret);
        record.Json.GetProperty("impact_estimate").TryGetProperty("records", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Respond_SaturationSamplesAboveOne_ShownAsAtMostFullAndUsersStated()
    {
        using var kit = Saturated().Build();

        var record = await RespondAsync(kit, "INC-H5");

        RecordHonesty.Check(record).ShouldBeEmpty();
        var users = record.Json.GetProperty("impact_estimate").GetProperty("users");
        users.GetProperty("basis").GetString().ShouldBe("stated");
        users.GetProperty("low").GetInt64().ShouldBe(2500);
    }

    [Fact]
    public async Task Respond_AcknowledgedAt_SlasMeasuredFromTheAcknowledgement()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();

        var record = await RespondAsync(kit, "INC-H6", "--acknowledged-at", Now.AddMinutes(-10).ToString("O"));

        RecordHonesty.Check(record, acknowledged: true).ShouldBeEmpty();
        var ack = record.Json.GetProperty("sla").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "acknowledge");
        ack.GetProperty("status").GetString().ShouldBeOneOf("met", "missed");
        ack.GetProperty("elapsed").GetString().ShouldBe("00:02");
    }

    [Fact]
    public async Task Respond_NoAcknowledgement_SlasUnknownAndNextStepSaysHowToRecordOne()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();

        var record = await RespondAsync(kit, "INC-H7");

        var ack = record.Json.GetProperty("sla").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "acknowledge");
        ack.GetProperty("status").GetString().ShouldBe("unknown");
        ack.GetProperty("measured_from").GetString()!.ShouldStartWith("unknown (no acknowledgement recorded");
        record.Console.TrimEnd().Split('\n')[^1].ShouldContain("--acknowledged-at");
    }

    [Fact]
    public async Task Respond_NoticesDecided_DraftedNeverSent()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();

        var record = await RespondAsync(kit, "INC-H8");

        var notes = record.Json.GetProperty("notifications").EnumerateArray().ToList();
        notes.ShouldContain(n => n.GetProperty("audience").GetString() == "management" && n.GetProperty("state").GetString() == "drafted"
            && n.GetProperty("artifact").GetString() == "communications/management-notification.md");
        notes.ShouldAllBe(n => n.GetProperty("channel").ValueKind == JsonValueKind.Null);
        record.Artifacts["logs/escalation-log.md"].ShouldContain("not sent");
    }

    [Fact]
    public async Task Resolve_ByAPersonWithoutValidation_NotesSayRespondersReportIt()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        await RespondAsync(kit, "INC-H10");
        var cli = new Cli(Now.AddMinutes(20));
        (await cli.RunAsync(kit.Path, "resolve", "INC-H10", "--summary", "rolled back by hand", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());

        var record = new RespondRecord(kit.Path, "INC-H10", "Next: none");

        RecordHonesty.WhoSaysSo(record).ShouldBeEmpty();
        RecordHonesty.ReviewIsComplete(record).ShouldBeEmpty();
        record.Artifacts["communications/executive-notification.md"].ShouldContain("Responders report service is back (Alex Kim resolved it at 2026-11-25 20:20 UTC)");
        var gap = RecordHonesty.Section(record.Artifacts["post-incident-review.md"], "Detection Gap")!;
        gap.ShouldContain("| Recovery | 2026-11-25 20:20 UTC | Alex Kim reported the incident resolved (their word, not a measurement) |");
        record.Artifacts["post-incident-review.md"].ShouldContain("Responders report it resolved at 2026-11-25 20:20 UTC");
    }

    [Fact]
    public async Task Respond_PlainDeployRegression_ReviewShowsImpactGapAndLuckFromTheEvidence()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();

        var record = await RespondAsync(kit, "INC-H11");

        var pir = record.Artifacts["post-incident-review.md"];
        var impact = RecordHonesty.Section(pir, "Impact Over Time")!;
        impact.ShouldContain("### checkout_error_ratio (error_rate, checkout-api)");
        impact.ShouldContain("| After mitigation | unknown | unknown (no mitigation was carried out by Firebreak");
        var gap = RecordHonesty.Section(pir, "Detection Gap")!;
        gap.ShouldContain("| Detection | 2026-11-25 19:48 UTC | alert CheckoutHighErrorRate started (evidence) |");
        gap.ShouldContain("| Acknowledgement | unknown | unknown (no acknowledgement recorded;");
        var lucky = RecordHonesty.Section(pir, "Where We Got Lucky")!;
        lucky.ShouldContain("could be undone: the plan rolls back to");
        lucky.ShouldContain("The alert CheckoutHighErrorRate fired at 2026-11-25 19:48 UTC and detected the incident before any person reported it");
        record.Artifacts["timeline.md"].ShouldNotContain("Evidence collected:");
        record.Artifacts["logs/audit-log.md"].ShouldContain("Evidence collected: logs");
    }

    [Fact]
    public async Task Respond_AiwgIsASymlink_ExitsTwoAndWritesNothingThroughIt()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var elsewhere = Directory.CreateTempSubdirectory("fb-elsewhere-").FullName;
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(kit.Path, ".aiwg"), elsewhere);
            var cli = new Cli(Now);

            var code = await cli.RunAsync(kit.Path, "respond", "INC-H9", kit.Path, "--no-color");

            code.ShouldBe(2, cli.Error.ToString());
            cli.Error.ToString().ShouldContain("symbolic link");
            Directory.EnumerateFileSystemEntries(elsewhere, "*", SearchOption.AllDirectories).Where(p => !p.EndsWith(".db", StringComparison.Ordinal) && !p.Contains("firebreak.db", StringComparison.Ordinal)).ShouldBeEmpty();
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }
}
