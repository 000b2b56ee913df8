using System.Globalization;
using System.Text.Json;
using Firebreak.Core;
using Firebreak.Response;
using Firebreak.Storage;

namespace Firebreak.Cli.Tests;

/// <summary>
/// firebreak metrics on a store built by hand: six incidents with known moments (unknown times, a back-dated
/// acknowledgement, a priority change, a reopened incident, incidents still open), every number checked against a hand
/// calculation in the text, the JSON and the CSV, and the definitions against the help and docs/metrics.md.
/// </summary>
public sealed class MetricsHandBuiltStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset D2 = T0.AddDays(1);
    private static readonly DateTimeOffset D3 = T0.AddDays(2);
    private static readonly DateTimeOffset D4 = T0.AddDays(20);
    private static readonly DateTimeOffset D6 = T0.AddDays(3);

    private static IncidentEvent[] Opened(string id, DateTimeOffset at, Priority? priority) =>
    [
        new IncidentDetected(at, "alertmanager", id, "alertmanager", "alert", "checkout fails", priority, "alerts/a.json"),
        .. priority is { } p ? new IncidentEvent[] { new IncidentClassified(at, "triage", p, Impact.High, Urgency.High, IncidentCategory.Availability, "most users") } : [],
        new StatusChanged(at, "triage", IncidentStatus.Detected, IncidentStatus.Triaged, "triaged"),
        new StatusChanged(at, "triage", IncidentStatus.Triaged, IncidentStatus.Investigating, "investigating"),
    ];

    private static IncidentEvent[] Resolution(DateTimeOffset at) =>
    [
        new StatusChanged(at, "alex", IncidentStatus.Investigating, IncidentStatus.Resolved, "fixed"),
        new IncidentResolved(at, "alex", "fixed"),
    ];

    private static CauseRecorded Cause(DateTimeOffset at, string component) =>
        new(at, "incident-responder", component, "change:deploy", "a deploy broke price rounding", ["deploy", "broke", "price", "rounding"]);

    /// <summary>The store, appended in several batches as commands would, so the projection is kept through each.</summary>
    private static async Task BuildAsync(string project)
    {
        var path = Path.Combine(project, ".aiwg", "incidents", "firebreak.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var store = SqliteIncidentStore.Open(path);

        // INC-1, P1: impact 10 min before detection, engaged (Tier 2) at 40 min, acknowledged at 4 min (recorded later
        // with ack --at), resolved at 2 h, review held within 48 h, one action done on time and one late.
        var one = new IncidentId("INC-1");
        await store.AppendAsync(one, [.. Opened("INC-1", T0, Priority.P1), new ImpactStarted(T0.AddMinutes(-10), "incident-responder", "metric onset"),
            new Escalated(T0.AddMinutes(40), "engine", Tier.Tier2, "tier 1 timeout"), Cause(T0.AddHours(1), "checkout-api")]);
        await store.AppendAsync(one, [new IncidentAcknowledged(T0.AddMinutes(4), "Alex Kim", "Alex Kim", "firebreak ack")]);
        await store.AppendAsync(one, [.. Resolution(T0.AddHours(2)), new ReviewHeld(T0.AddDays(1), "Rita Gomez", T0.AddDays(1), ["Rita Gomez"]),
            new ActionTracked(T0.AddDays(1), "Rita Gomez", "A1", "Canary deploys", "Dana Wu", T0.AddDays(7), ActionType.Prevent, Priority.P1),
            new ActionTracked(T0.AddDays(1), "Rita Gomez", "A2", "Rounding test", "Dana Wu", T0.AddDays(7), ActionType.Prevent, Priority.P2)]);
        await store.AppendAsync(one, [new ActionCompleted(T0.AddDays(6), "Dana Wu", "A1")]);
        await store.AppendAsync(one, [new ActionCompleted(T0.AddDays(8), "Dana Wu", "A2")]);

        // INC-2: reported P0, reclassified P1 at 20 min; no impact start, acknowledgement or engagement on record;
        // resolved at 3 h; same cause as INC-1 (linked); review never held (overdue).
        var two = new IncidentId("INC-2");
        await store.AppendAsync(two, Opened("INC-2", D2, Priority.P0));
        await store.AppendAsync(two, [new IncidentClassified(D2.AddMinutes(20), "triage", Priority.P1, Impact.Medium, Urgency.High, IncidentCategory.Availability, "fewer users")]);
        await store.AppendAsync(two, [Cause(D2.AddMinutes(30), "checkout-api"),
            new RecurrenceLinked(D2.AddMinutes(30), "incident-responder", "INC-1", "checkout-api", "change:deploy", 1, ["broke", "deploy", "price", "rounding"])]);
        await store.AppendAsync(two, Resolution(D2.AddHours(3)));

        // INC-3, P1: acknowledged at 2 min, resolved at 30 min, reopened at 1 h, Tier 2 at 2 h, Tier 3 at 4 h, resolved
        // again at 5 h; review held 50 h after the standing resolution (late); no cause recorded.
        var three = new IncidentId("INC-3");
        await store.AppendAsync(three, [.. Opened("INC-3", D3, Priority.P1), new IncidentAcknowledged(D3.AddMinutes(2), "Sam Ortiz", "Sam Ortiz", "firebreak ack")]);
        await store.AppendAsync(three, Resolution(D3.AddMinutes(30)));
        await store.AppendAsync(three, [new StatusChanged(D3.AddHours(1), "Sam Ortiz", IncidentStatus.Resolved, IncidentStatus.Investigating, "back")]);
        await store.AppendAsync(three, [new Escalated(D3.AddHours(2), "engine", Tier.Tier2, "timeout"), new Escalated(D3.AddHours(4), "engine", Tier.Tier3, "timeout")]);
        await store.AppendAsync(three, Resolution(D3.AddHours(5)));
        await store.AppendAsync(three, [new ReviewHeld(D3.AddHours(55), "Rita Gomez", D3.AddHours(55), ["Rita Gomez"])]);

        // INC-4, P2, still open: onset 5 min after detection (MTTD 0), acknowledged at 45 min, owner assigned at 1 h;
        // a cause in another component; one action past due, one not yet due.
        var four = new IncidentId("INC-4");
        await store.AppendAsync(four, [.. Opened("INC-4", D4, Priority.P2), new ImpactStarted(D4.AddMinutes(5), "incident-responder", "log onset"),
            new IncidentAcknowledged(D4.AddMinutes(45), "Alex Kim", "Alex Kim", "firebreak ack"),
            new RoleAssigned(D4.AddHours(1), "incident-commander", Roles.Tier2ComponentOwner, "Dana Wu", "owner"),
            Cause(D4.AddHours(1), "payments-gateway"),
            new ActionTracked(D4.AddHours(2), "Alex Kim", "A1", "Retry budget", "Dana Wu", Now.AddDays(5), ActionType.Mitigate, Priority.P2),
            new ActionTracked(D4.AddHours(2), "Alex Kim", "A2", "Gateway alert", "Alex Kim", T0.AddDays(21), ActionType.Detect, Priority.P2)]);

        // INC-5, P0, detected 10 minutes ago, nothing else: acknowledge unknown (P0's target is immediate), the rest pending.
        await store.AppendAsync(new IncidentId("INC-5"), Opened("INC-5", Now.AddMinutes(-10), Priority.P0));

        // INC-6: no priority on record at all.
        await store.AppendAsync(new IncidentId("INC-6"), Opened("INC-6", D6, null));
    }

    private static async Task<Kit> KitAsync()
    {
        var kit = KitBuilder.CheckoutRegression(Now).Build();
        await BuildAsync(kit.Path);
        return kit;
    }

    private static async Task<string> RunAsync(Kit kit, params string[] args)
    {
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, ["metrics", .. args, "--project", kit.Path])).ShouldBe(0, cli.Error.ToString());
        return cli.Console.Output;
    }

    private static double Seconds(JsonElement stat, string name) => stat.GetProperty(name).GetDouble();

    [Fact]
    public async Task Metrics_HandBuiltStore_EveryNumberMatchesTheHandCalculation_InJson()
    {
        using var kit = await KitAsync();

        var json = JsonDocument.Parse(await RunAsync(kit, "--json")).RootElement;

        json.GetProperty("incidents").GetInt32().ShouldBe(6);
        var groups = json.GetProperty("by_priority").EnumerateArray().ToDictionary(g => g.GetProperty("priority").GetString()!);
        groups.Keys.ShouldBe(["P0", "P1", "P2", "unknown"]);
        groups["P0"].GetProperty("incidents").GetInt32().ShouldBe(1);
        groups["P1"].GetProperty("incidents").GetInt32().ShouldBe(3, "INC-2 was reported P0 and reclassified P1: its latest classification counts");

        // P1: MTTD only INC-1 (10 min); MTTA INC-1 4 min (back-dated ack), INC-3 2 min; MTTE INC-1 40 min, INC-3 2 h;
        // MTTR 2 h, 3 h and 5 h (INC-3's standing resolution, not its first).
        var p1 = groups["P1"];
        Seconds(p1.GetProperty("mttd"), "mean_seconds").ShouldBe(600);
        p1.GetProperty("mttd").GetProperty("unknown").GetInt32().ShouldBe(2);
        Seconds(p1.GetProperty("mtta"), "mean_seconds").ShouldBe(180);
        p1.GetProperty("mtta").GetProperty("known").GetInt32().ShouldBe(2);
        p1.GetProperty("mtta").GetProperty("unknown").GetInt32().ShouldBe(1);
        Seconds(p1.GetProperty("mtte"), "mean_seconds").ShouldBe(80 * 60);
        Seconds(p1.GetProperty("mttr"), "mean_seconds").ShouldBe(200 * 60);
        Seconds(p1.GetProperty("mttr"), "median_seconds").ShouldBe(180 * 60);
        p1.GetProperty("mttr").GetProperty("unknown").GetInt32().ShouldBe(0);

        // P2 (INC-4, open): onset after detection is 0, never negative; unresolved is unknown, not zero.
        var p2 = groups["P2"];
        Seconds(p2.GetProperty("mttd"), "mean_seconds").ShouldBe(0);
        Seconds(p2.GetProperty("mtta"), "mean_seconds").ShouldBe(45 * 60);
        Seconds(p2.GetProperty("mtte"), "mean_seconds").ShouldBe(60 * 60);
        p2.GetProperty("mttr").GetProperty("mean_seconds").ValueKind.ShouldBe(JsonValueKind.Null);
        p2.GetProperty("mttr").GetProperty("unknown").GetInt32().ShouldBe(1);

        // INC-5 and INC-6 know nothing: every duration unknown, none counted as zero.
        foreach (var group in new[] { groups["P0"], groups["unknown"] })
        {
            foreach (var measure in new[] { "mttd", "mtta", "mtte", "mttr" })
            {
                group.GetProperty(measure).GetProperty("known").GetInt32().ShouldBe(0);
                group.GetProperty(measure).GetProperty("unknown").GetInt32().ShouldBe(1);
                group.GetProperty(measure).GetProperty("mean_seconds").ValueKind.ShouldBe(JsonValueKind.Null);
            }
        }

        // All: MTTD 10 and 0 min; MTTA 4, 2, 45 min; MTTE 40, 120, 60 min; MTTR 120, 180, 300 min.
        var all = json.GetProperty("all");
        Seconds(all.GetProperty("mttd"), "mean_seconds").ShouldBe(300);
        all.GetProperty("mttd").GetProperty("unknown").GetInt32().ShouldBe(4);
        Seconds(all.GetProperty("mtta"), "mean_seconds").ShouldBe(17 * 60);
        Seconds(all.GetProperty("mtta"), "median_seconds").ShouldBe(4 * 60);
        all.GetProperty("mtta").GetProperty("unknown").GetInt32().ShouldBe(3);
        Seconds(all.GetProperty("mtte"), "mean_seconds").ShouldBe(4400);
        Seconds(all.GetProperty("mtte"), "median_seconds").ShouldBe(3600);
        Seconds(all.GetProperty("mttr"), "mean_seconds").ShouldBe(12000);
        all.GetProperty("mttr").GetProperty("unknown").GetInt32().ShouldBe(3);

        // Resolution by tier at the standing resolution: INC-2 Tier 1, INC-1 Tier 2, INC-3 Tier 3; three open.
        var tiers = json.GetProperty("resolved_by_tier");
        tiers.GetProperty("tier1").GetInt32().ShouldBe(1);
        tiers.GetProperty("tier2").GetInt32().ShouldBe(1);
        tiers.GetProperty("tier3").GetInt32().ShouldBe(1);
        tiers.GetProperty("unresolved").GetInt32().ShouldBe(3);

        // Recurrence: causes on INC-1, INC-2, INC-4; INC-2 linked; three without a cause are unknown.
        var recurrence = json.GetProperty("recurrence");
        recurrence.GetProperty("recurring").GetInt32().ShouldBe(1);
        recurrence.GetProperty("with_cause").GetInt32().ShouldBe(3);
        recurrence.GetProperty("unknown").GetInt32().ShouldBe(3);
        recurrence.GetProperty("rate").GetDouble().ShouldBe(0.3333);

        // PIR: INC-1 held by its deadline, INC-3 held late (50 h after its standing resolution), INC-2 overdue.
        var pir = json.GetProperty("pir_p0_p1");
        pir.GetProperty("owed").GetInt32().ShouldBe(3);
        pir.GetProperty("held").GetInt32().ShouldBe(2);
        pir.GetProperty("held_by_deadline").GetInt32().ShouldBe(1);
        pir.GetProperty("overdue").GetInt32().ShouldBe(1);
        pir.GetProperty("not_yet_due").GetInt32().ShouldBe(0);
        pir.GetProperty("unknown").GetInt32().ShouldBe(0);
        pir.GetProperty("rate").GetDouble().ShouldBe(0.6667);

        // Actions: INC-1 A1 on time, A2 late; INC-4 A2 open past due, A1 not yet due (left out of the rate).
        var actions = json.GetProperty("actions");
        actions.GetProperty("tracked").GetInt32().ShouldBe(4);
        actions.GetProperty("done_by_due").GetInt32().ShouldBe(1);
        actions.GetProperty("done_late").GetInt32().ShouldBe(1);
        actions.GetProperty("open_overdue").GetInt32().ShouldBe(1);
        actions.GetProperty("open_not_due").GetInt32().ShouldBe(1);
        actions.GetProperty("rate").GetDouble().ShouldBe(0.3333);

        // SLA: INC-1 met; INC-2 missed (resolved at 3 h, no acknowledgement on record: the record's reading); INC-3
        // resolve missed (5 h > 4 h); INC-4 acknowledge missed (45 min > 30 min) and resolve missed (running > 24 h);
        // INC-5 acknowledge unknown; INC-6 no target.
        var sla = json.GetProperty("sla").EnumerateArray().ToDictionary(s => s.GetProperty("incident").GetString()!);
        string Verdict(string id, string name) => sla[id].GetProperty(name).GetString()!;
        Verdict("INC-1", "overall").ShouldBe("met");
        Verdict("INC-2", "overall").ShouldBe("missed");
        Verdict("INC-2", "resolve").ShouldBe("met");
        Verdict("INC-3", "acknowledge").ShouldBe("met");
        Verdict("INC-3", "resolve").ShouldBe("missed");
        Verdict("INC-4", "acknowledge").ShouldBe("missed");
        Verdict("INC-4", "resolve").ShouldBe("missed");
        Verdict("INC-5", "acknowledge").ShouldBe("unknown");
        Verdict("INC-5", "engage").ShouldBe("pending");
        Verdict("INC-5", "resolve").ShouldBe("pending");
        Verdict("INC-5", "overall").ShouldBe("unknown");
        Verdict("INC-6", "overall").ShouldBe("not-applicable");
        var totals = json.GetProperty("sla_totals");
        totals.GetProperty("met").GetInt32().ShouldBe(1);
        totals.GetProperty("missed").GetInt32().ShouldBe(3);
        totals.GetProperty("pending").GetInt32().ShouldBe(0);
        totals.GetProperty("unknown").GetInt32().ShouldBe(1);
        totals.GetProperty("not-applicable").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Metrics_HandBuiltStore_TextAndCsvSayWhatTheJsonSays()
    {
        using var kit = await KitAsync();

        var text = await RunAsync(kit);
        var csv = (await RunAsync(kit, "--csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        csv[0].ShouldBe("measure,group,value,unit,counted,unknown");
        var cells = csv.Skip(1).Select(l => l.Split(',')).ToDictionary(c => (c[0], c[1]));
        string Value(string measure, string group) => cells[(measure, group)][2];

        Value("incidents", "all").ShouldBe("6");
        Value("MTTR mean", "P1").ShouldBe("200");
        Value("MTTR median", "P1").ShouldBe("180");
        Value("MTTA mean", "all").ShouldBe("17");
        cells[("MTTA mean", "all")][4..].ShouldBe(["3", "3"]);
        Value("MTTE mean", "all").ShouldBe("73.33");
        Value("MTTD mean", "P0").ShouldBe(string.Empty, "unknown is an empty cell, never 0");
        Value("MTTD mean", "P2").ShouldBe("0");
        Value("resolved by tier", "Tier3").ShouldBe("1");
        Value("resolved by tier", "unresolved").ShouldBe("3");
        Value("recurrence rate", "all").ShouldBe("0.3333");
        Value("PIR completion", "P0/P1").ShouldBe("0.6667");
        cells[("PIR completion", "P0/P1")][4].ShouldBe("3");
        Value("PIR held", "P0/P1").ShouldBe("2");
        Value("PIR held by deadline", "P0/P1").ShouldBe("1");
        Value("PIR overdue", "P0/P1").ShouldBe("1");
        Value("PIR not yet due", "P0/P1").ShouldBe("0");
        Value("actions done by due date", "all").ShouldBe("0.3333");
        Value("actions done late", "all").ShouldBe("1");
        Value("actions open past due", "all").ShouldBe("1");
        Value("actions open not yet due", "all").ShouldBe("1");
        Value("SLA incidents", "missed").ShouldBe("3");
        Value("SLA incidents", "not-applicable").ShouldBe("1");
        Value("SLA", "INC-2").ShouldBe("missed");
        Value("SLA acknowledge", "INC-5").ShouldBe("unknown");

        text.ShouldContain("6 incidents detected (all of the store)");
        var p1 = text.Split('\n').Single(l => l.StartsWith("P1 ", StringComparison.Ordinal));
        p1.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ShouldBe(["P1", "3", "10m/10m (2 unknown)", "3m/3m (1 unknown)", "80m/80m (1 unknown)", "3.3h/3h"]);
        var lines = text.Split('\n');
        var header = lines.Single(l => l.StartsWith("Priority", StringComparison.Ordinal));
        lines.Where(l => l.StartsWith("P0 ", StringComparison.Ordinal) || l.StartsWith("all ", StringComparison.Ordinal))
            .ShouldAllBe(l => l.IndexOf("unknown", StringComparison.Ordinal) >= header.IndexOf("MTTD", StringComparison.Ordinal), "the columns line up under the header");
        text.ShouldContain("Resolution by tier: Tier 1 1, Tier 2 1, Tier 3 1; unresolved 3");
        text.ShouldContain("Recurrence rate: 33.3% (1 of 3 incidents with a recorded cause; 3 unknown: no cause recorded)");
        text.ShouldContain("PIR completion (P0/P1): 66.7% (2 held of 3 held or past the deadline, 1 held by the deadline, 1 overdue; 0 not yet due;");
        text.ShouldContain("Preventive actions done by their due date: 33.3% (1 on time, 1 late, 1 open past due; 1 open, not yet due; 4 tracked)");
        text.ShouldContain("SLA per incident: 1 met, 3 missed, 0 pending, 1 unknown, 1 without a target");
        text.ShouldContain("INC-5 P0: unknown (acknowledge unknown, engage pending, resolve pending)");
    }

    [Fact]
    public async Task Metrics_SinceInclusiveUntilExclusive_OnTheDetectionMoment()
    {
        using var kit = await KitAsync();

        // INC-2 is detected exactly at --since (in), INC-4 exactly at --until (out): INC-2, INC-3, INC-6.
        var json = JsonDocument.Parse(await RunAsync(kit, "--json", "--since", D2.ToString("O", CultureInfo.InvariantCulture),
            "--until", D4.ToString("O", CultureInfo.InvariantCulture))).RootElement;
        json.GetProperty("incidents").GetInt32().ShouldBe(3);
        json.GetProperty("sla").EnumerateArray().Select(s => s.GetProperty("incident").GetString()).ShouldBe(["INC-2", "INC-3", "INC-6"]);

        // A date is 00:00 UTC: --until 2026-11-03 ends before INC-2 (09:00 that day).
        var csv = await RunAsync(kit, "--csv", "--until", "2026-11-03");
        csv.ShouldContain("incidents,all,1,incidents");
    }

    [Fact]
    public async Task Metrics_StoredRows_AgreeWithReplayingEveryIncident()
    {
        using var kit = await KitAsync();
        await using var store = SqliteIncidentStore.Open(Path.Combine(kit.Path, ".aiwg", "incidents", "firebreak.db"));

        var rows = await store.MeasuresAsync(null, null);
        rows.ShouldAllBe(r => r.Measures != null, "every append kept its incident's row");
        var histories = await store.HistoriesAsync(IncidentMetrics.EventTypes, null, null, CancellationToken.None, IncidentMetrics.KeyPrefixes);
        var fromEvents = IncidentMetrics.Compute(histories, DefaultPolicy.Instance, Now);
        var fromRows = IncidentMetrics.Report([.. rows.Select(r => r.Measures!)], DefaultPolicy.Instance, Now);

        MetricsOutput.Json(fromRows).ShouldBe(MetricsOutput.Json(fromEvents));
        rows.Single(r => r.Id == "INC-2").Measures!.Priority.ShouldBe(Priority.P1);
        rows.Single(r => r.Id == "INC-3").Measures!.ResolvedAt.ShouldBe(D3.AddHours(5));
        rows.Single(r => r.Id == "INC-1").Measures!.AcknowledgedAt.ShouldBe(T0.AddMinutes(4));
    }

    [Fact]
    public async Task Metrics_AfterBackDatedAckResolveReopenAndARespondReRun_RowMatchesTheEvents()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());
        cli.Time.Advance(TimeSpan.FromMinutes(30));
        var ackAt = Now.AddMinutes(2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        (await cli.RunAsync(kit.Path, "ack", "INC-42", "--as", "Alex Kim", "--at", ackAt, "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        cli.Time.Advance(TimeSpan.FromMinutes(30));
        (await cli.RunAsync(kit.Path, "resolve", "INC-42", "--summary", "rolled back", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        cli.Time.Advance(TimeSpan.FromMinutes(30));
        (await cli.RunAsync(kit.Path, "reopen", "INC-42", "--reason", "errors again", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        cli.Time.Advance(TimeSpan.FromMinutes(5));
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());

        await using (var store = SqliteIncidentStore.Open(Path.Combine(kit.Path, ".aiwg", "incidents", "firebreak.db")))
        {
            var row = (await store.MeasuresAsync(null, null)).Single().Measures.ShouldNotBeNull("the appends kept the row");
            var replayed = IncidentMeasures.Of(IncidentLifecycle.Replay("INC-42", await store.LoadAsync(new IncidentId("INC-42"))));
            JsonSerializer.Serialize(row).ShouldBe(JsonSerializer.Serialize(replayed));
            row.ResolvedAt.ShouldBeNull("reopened: no standing resolution");
            row.AcknowledgedAt.ShouldBe(Now.AddMinutes(2));
        }

        var reader = new Cli(cli.Time.GetUtcNow());
        (await reader.RunAsync(kit.Path, "metrics", "--json", "--project", kit.Path)).ShouldBe(0, reader.Error.ToString());
        var all = JsonDocument.Parse(reader.Console.Output).RootElement.GetProperty("all");
        all.GetProperty("mttr").GetProperty("known").GetInt32().ShouldBe(0, "a reopened incident is unresolved");
        all.GetProperty("mtta").GetProperty("known").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task MetricsHelpAndDocs_WriteOutEveryDefinitionAsTheCodeHasIt()
    {
        var cli = new Cli(Now);
        (await cli.RunAsync(Path.GetTempPath(), "metrics", "--help")).ShouldBe(0, cli.Error.ToString());
        var help = Flat(cli.Console.Output);
        var docs = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "metrics.md"));

        foreach (var definition in IncidentMetrics.Definitions)
        {
            help.ShouldContain(Flat($"{definition.Name}: {definition.Definition}"));
            docs.ShouldContain($"| {definition.Name} | {definition.Definition} |");
        }
    }

    private static string Flat(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
}
