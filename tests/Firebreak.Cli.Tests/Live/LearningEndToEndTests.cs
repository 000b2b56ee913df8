using System.Text.Json;

namespace Firebreak.Cli.Tests;

/// <summary>metrics and action export through the real command line on a kit.</summary>
public sealed class LearningEndToEndTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Metrics_AfterADrivenIncident_MeasuresFromEventsAndSaysWhatIsUnknown()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0);
        cli.Time.Advance(TimeSpan.FromMinutes(5));
        (await cli.RunAsync(kit.Path, "ack", "INC-42", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        cli.Time.Advance(TimeSpan.FromMinutes(10));
        (await cli.RunAsync(kit.Path, "resolve", "INC-42", "--summary", "rolled back", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());

        var reader = new Cli(cli.Time.GetUtcNow());
        (await reader.RunAsync(kit.Path, "metrics", "--json", "--project", kit.Path)).ShouldBe(0, reader.Error.ToString());

        var json = JsonDocument.Parse(reader.Console.Output).RootElement;
        json.GetProperty("incidents").GetInt32().ShouldBe(1);
        var all = json.GetProperty("all");
        all.GetProperty("mtta").GetProperty("known").GetInt32().ShouldBe(1);
        all.GetProperty("mttr").GetProperty("known").GetInt32().ShouldBe(1);
        json.GetProperty("pir_p0_p1").GetProperty("owed").GetInt32().ShouldBe(1);
        json.GetProperty("sla")[0].GetProperty("incident").GetString().ShouldBe("INC-42");
        json.GetProperty("definitions").GetProperty("MTTD").GetString()!.ShouldContain("impact start");
    }

    [Fact]
    public async Task Respond_SameCauseAgain_LinksTheEarlierIncidentAndTheReviewNamesItsOpenActions()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-41", kit.Path)).ShouldBe(0);
        (await cli.RunAsync(kit.Path, "action", "add", "INC-41", "Canary checkout deploys", "--owner", "Dana Wu", "--due", "2026-12-05T00:00:00Z",
            "--type", "detect", "--priority", "P1", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());

        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());

        using (var store = Firebreak.Storage.SqliteIncidentStore.Open(Path.Combine(kit.Path, ".aiwg", "incidents", "firebreak.db")))
        {
            var events = await store.LoadAsync(new Firebreak.Core.IncidentId("INC-42"));
            var link = events.OfType<Firebreak.Core.RecurrenceLinked>().ShouldHaveSingleItem();
            link.EarlierIncident.ShouldBe("INC-41");
            link.Similarity.ShouldBe(1.0);
            events.OfType<Firebreak.Core.CauseRecorded>().ShouldHaveSingleItem().Component.ShouldBe("checkout-api");
            (await store.LoadAsync(new Firebreak.Core.IncidentId("INC-41"))).OfType<Firebreak.Core.RecurrenceLinked>().ShouldBeEmpty();
        }

        var review = await File.ReadAllTextAsync(Path.Combine(kit.IncidentDirectory("INC-42"), "post-incident-review.md"));
        review.ShouldContain("## Recurrence");
        review.ShouldContain("recurs from **INC-41**");
        review.ShouldContain("A1 Canary checkout deploys (owner Dana Wu");

        var reader = new Cli(Now);
        (await reader.RunAsync(kit.Path, "metrics", "--json", "--project", kit.Path)).ShouldBe(0, reader.Error.ToString());
        var recurrence = JsonDocument.Parse(reader.Console.Output).RootElement.GetProperty("recurrence");
        recurrence.GetProperty("recurring").GetInt32().ShouldBe(1);
        recurrence.GetProperty("with_cause").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Review_EarlierActionDoneAfterTheLink_NoLongerNamedWhenTheReviewIsRendered()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-41", kit.Path)).ShouldBe(0);
        (await cli.RunAsync(kit.Path, "action", "add", "INC-41", "Canary checkout deploys", "--owner", "Dana Wu", "--due", "2026-12-05T00:00:00Z",
            "--type", "detect", "--priority", "P1", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        (await cli.RunAsync(kit.Path, "action", "add", "INC-41", "Alert on checkout 5xx", "--owner", "Alex Kim", "--due", "2026-12-06T00:00:00Z",
            "--type", "detect", "--priority", "P2", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());
        var review = Path.Combine(kit.IncidentDirectory("INC-42"), "post-incident-review.md");
        (await File.ReadAllTextAsync(review)).ShouldContain("A1 Canary checkout deploys (owner Dana Wu, due 2026-12-05, open)");

        // A1 is done after the link was recorded; the next command on INC-42 re-renders its review from the store.
        (await cli.RunAsync(kit.Path, "action", "done", "INC-41", "A1", "--as", "Dana Wu", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        (await cli.RunAsync(kit.Path, "ack", "INC-42", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());

        var text = await File.ReadAllTextAsync(review);
        text.ShouldContain("recurs from **INC-41**");
        text.ShouldNotContain("A1 Canary checkout deploys");
        text.ShouldContain("A2 Alert on checkout 5xx (owner Alex Kim, due 2026-12-06, open)");
    }

    [Fact]
    public async Task Respond_EarlierCauseAt90DaysLinks_At91DaysOrInAnotherComponentDoesNot()
    {
        // The cause respond records for this kit, taken from a first run.
        Firebreak.Core.CauseRecorded cause;
        using (var first = KitBuilder.CheckoutRegression(Now).Build())
        {
            (await new Cli(Now).RunAsync(first.Path, "respond", "INC-9", first.Path)).ShouldBe(0);
            using var store = Firebreak.Storage.SqliteIncidentStore.Open(Path.Combine(first.Path, ".aiwg", "incidents", "firebreak.db"));
            cause = (await store.LoadAsync(new Firebreak.Core.IncidentId("INC-9"))).OfType<Firebreak.Core.CauseRecorded>().Single();
        }

        async Task<Firebreak.Core.RecurrenceLinked?> LinkAsync(params (string Id, TimeSpan Ago, string Component)[] earlier)
        {
            using var kit = KitBuilder.CheckoutRegression(Now).Build();
            using (var store = Firebreak.Storage.SqliteIncidentStore.Open(Path.Combine(kit.Path, ".aiwg", "incidents", "firebreak.db")))
            {
                foreach (var (id, ago, component) in earlier)
                {
                    var at = Now - ago;
                    await store.AppendAsync(new Firebreak.Core.IncidentId(id), [
                        new Firebreak.Core.IncidentDetected(at, "alertmanager", id, "alertmanager", "alert", "checkout fails", Firebreak.Core.Priority.P1, "alerts/a.json"),
                        cause with { At = at, Component = component }]);
                }
            }

            var cli = new Cli(Now);
            (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());
            using var reader = Firebreak.Storage.SqliteIncidentStore.Open(Path.Combine(kit.Path, ".aiwg", "incidents", "firebreak.db"));
            return (await reader.LoadAsync(new Firebreak.Core.IncidentId("INC-42"))).OfType<Firebreak.Core.RecurrenceLinked>().SingleOrDefault();
        }

        cause.Component.ShouldBe("checkout-api");
        (await LinkAsync(("INC-1", TimeSpan.FromDays(91), "checkout-api"), ("INC-2", TimeSpan.FromDays(1), "payments-gateway"))).ShouldBeNull();
        var link = (await LinkAsync(("INC-3", TimeSpan.FromDays(90), "checkout-api"))).ShouldNotBeNull();
        link.EarlierIncident.ShouldBe("INC-3");
        link.Similarity.ShouldBe(1.0);
    }

    [Fact]
    public async Task Respond_AnotherBadDeployOfTheComponentWithAnotherMechanism_DoesNotLink()
    {
        var earlier = await CauseOfAsync(BadDeploy.NullPrice);
        var (cause, link) = await RespondAfterAsync(PoolExhausted, earlier, TimeSpan.FromDays(10));

        // Both deploys of checkout-api are blamed; respond's statements differ only in version and commit.
        earlier.Kind.ShouldBe("change:deploy");
        cause.Kind.ShouldBe("change:deploy");
        cause.Component.ShouldBe("checkout-api");
        cause.Terms.ShouldContain("pool");
        cause.Terms.ShouldNotContain("deploy");
        cause.Terms.ShouldNotContain("triggered");
        link.ShouldBeNull();
    }

    [Fact]
    public async Task Respond_SameMechanismFromAnotherDeploy_LinksTheEarlierIncident()
    {
        var earlier = await CauseOfAsync(BadDeploy.NullPrice);
        var (cause, link) = await RespondAfterAsync(NullPriceAgain, earlier, TimeSpan.FromDays(10));

        cause.Kind.ShouldBe("change:deploy");
        cause.Statement.ShouldNotBe(earlier.Statement);
        link.ShouldNotBeNull().EarlierIncident.ShouldBe("INC-41");
        link.SharedTerms.ShouldContain("system.nullreferenceexception");
        link.SharedTerms.ShouldNotContain("commit");
    }

    // A connection-pool exhaustion shipped by checkout-api 3.9.0.
    private static readonly BadDeploy PoolExhausted = new("3.9.0", "checkout: open a connection per cart line", "src/checkout/CartRepository.cs",
        "class CartRepository { void Load(Cart c) { foreach (var l in c.Lines) Db.Open(); } }\n",
        "Timeout expired waiting for a free connection from the database pool while loading cart <id>", []);

    // The null reference of 3.8.0 again, brought back by another change in 3.9.1.
    private static readonly BadDeploy NullPriceAgain = BadDeploy.NullPrice with
    {
        Version = "3.9.1",
        Subject = "checkout: price gift cards in the calculator",
        Code = "class PriceCalculator { decimal Apply(Cart c) => c.Total - c.GiftCard.Balance; }\n",
    };

    // The cause respond records for a kit whose culprit is bad.
    private static async Task<Firebreak.Core.CauseRecorded> CauseOfAsync(BadDeploy bad)
    {
        using var kit = KitBuilder.CheckoutRegression(Now, bad).Build();
        (await new Cli(Now).RunAsync(kit.Path, "respond", "INC-41", kit.Path)).ShouldBe(0);
        using var store = Firebreak.Storage.SqliteIncidentStore.Open(Path.Combine(kit.Path, ".aiwg", "incidents", "firebreak.db"));
        return (await store.LoadAsync(new Firebreak.Core.IncidentId("INC-41"))).OfType<Firebreak.Core.CauseRecorded>().Single();
    }

    // Responds to INC-42 on a kit whose culprit is bad, with INC-41's cause recorded ago before: INC-42's cause and any link.
    private static async Task<(Firebreak.Core.CauseRecorded Cause, Firebreak.Core.RecurrenceLinked? Link)> RespondAfterAsync(
        BadDeploy bad, Firebreak.Core.CauseRecorded earlier, TimeSpan ago)
    {
        using var kit = KitBuilder.CheckoutRegression(Now, bad).Build();
        var at = Now - ago;
        using (var store = Firebreak.Storage.SqliteIncidentStore.Open(Path.Combine(kit.Path, ".aiwg", "incidents", "firebreak.db")))
        {
            await store.AppendAsync(new Firebreak.Core.IncidentId("INC-41"), [
                new Firebreak.Core.IncidentDetected(at, "alertmanager", "INC-41", "alertmanager", "alert", "checkout fails", Firebreak.Core.Priority.P1, "alerts/a.json"),
                earlier with { At = at }]);
        }

        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());
        using var reader = Firebreak.Storage.SqliteIncidentStore.Open(Path.Combine(kit.Path, ".aiwg", "incidents", "firebreak.db"));
        var events = await reader.LoadAsync(new Firebreak.Core.IncidentId("INC-42"));
        return (events.OfType<Firebreak.Core.CauseRecorded>().Single(), events.OfType<Firebreak.Core.RecurrenceLinked>().SingleOrDefault());
    }

    [Fact]
    public async Task ActionExport_CsvWithLineBreaksQuotesAndEveryFormulaLead_ParsesBackToTheSameCells()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0);
        string[] titles = ["Fix \"rounding\", then\r\nre-check", "+1 retry", "-cmd|calc", "@SUM(A1)", "=1+1", "plain"];
        foreach (var title in titles)
        {
            (await cli.RunAsync(kit.Path, "action", "add", "INC-42", title, "--owner", "Dana Wu", "--due", "2026-12-05T00:00:00Z", "--project", kit.Path))
                .ShouldBe(0, cli.Error.ToString());
        }

        (await cli.RunAsync(kit.Path, "action", "done", "INC-42", "A6", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        var reader = new Cli(Now);
        (await reader.RunAsync(kit.Path, "action", "export", "--all", "--project", kit.Path)).ShouldBe(0, reader.Error.ToString());

        var records = Rfc4180(reader.Console.Output);
        records.ShouldAllBe(r => r.Count == records[0].Count);
        var tracked = records.Skip(1).Where(r => r[10].StartsWith('A')).ToList();
        tracked.Select(r => r[0]).ShouldBe(["Fix \"rounding\", then\r\nre-check", "'+1 retry", "'-cmd|calc", "'@SUM(A1)", "'=1+1", "plain"]);

        // The command line trims a title's blanks, so a leading tab or carriage return reaches the cell only from elsewhere.
        Firebreak.Response.Csv.Cell("\tx").ShouldBe("'\tx");
        Firebreak.Response.Csv.Cell("\rx").ShouldBe("\"'\rx\"");
        tracked[5][7].ShouldBe("Done");
        tracked[5][14].ShouldBe("2026-12-05T00:00:00Z");
        tracked[5][15].ShouldBe(Iso(Now));
        tracked[0][15].ShouldBe(string.Empty);
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A strict RFC 4180 reader: records end with CRLF, quoted cells double their quotes, anything else is a failure.</summary>
    private static List<List<string>> Rfc4180(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var cell = new System.Text.StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    i.ShouldBeLessThan(text.Length, "an unterminated quoted cell");
                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        cell.Append('"');
                        i += 2;
                    }
                    else if (text[i] == '"')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        cell.Append(text[i++]);
                    }
                }
            }
            else
            {
                while (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    text[i].ShouldNotBe('"', "a quote inside an unquoted cell");
                    cell.Append(text[i++]);
                }
            }

            record.Add(cell.ToString());
            cell.Clear();
            if (text[i] == ',')
            {
                i++;
                continue;
            }

            text.Substring(i, 2).ShouldBe("\r\n", "records end with CRLF");
            i += 2;
            records.Add(record);
            record = [];
        }

        return records;
    }

    [Fact]
    public async Task Respond_ResolvedP1_WritesThePirInvitationAsICalendarInWorkingHours()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        await File.AppendAllTextAsync(Path.Combine(kit.Path, "firebreak.yaml"), "review:\n  time_zone: Europe/Berlin\n  working_hours: \"10:00-16:00\"\n  working_days: mon-fri\n");
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());
        (await cli.RunAsync(kit.Path, "resolve", "INC-42", "--summary", "rolled back", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());

        var ics = await File.ReadAllTextAsync(Path.Combine(kit.IncidentDirectory("INC-42"), "pir-meeting-invite.ics"));
        var calendar = Ical.Net.Calendar.Load(ics)!;
        var meeting = calendar.Events.ShouldHaveSingleItem();
        meeting.Uid.ShouldBe("pir-inc-42@firebreak");
        meeting.DtStart!.TzId.ShouldBe("Europe/Berlin");
        // Resolved Wednesday 2026-11-25 20:00 UTC; P0/P1 deadline Thursday or Friday evening: the last 10:00-16:00 Berlin slot before it ends at 16:00.
        meeting.DtStart.Value.Hour.ShouldBe(15);
        meeting.DtStart.Value.DayOfWeek.ShouldBeOneOf(DayOfWeek.Thursday, DayOfWeek.Friday);
        var invite = await File.ReadAllTextAsync(Path.Combine(kit.IncidentDirectory("INC-42"), "pir-meeting-invite.md"));
        invite.ShouldContain("pir-meeting-invite.ics");
        invite.ShouldContain("10:00-16:00 Mon,Tue,Wed,Thu,Fri Europe/Berlin");
    }

    [Fact]
    public async Task Metrics_RangeBeforeEveryIncident_CountsNone_BadRangeExitsTwo()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0);

        (await cli.RunAsync(kit.Path, "metrics", "--until", "2020-01-01", "--csv", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        cli.Console.Output.ShouldContain("measure,group,value,unit,counted,unknown");
        cli.Console.Output.ShouldContain("incidents,all,0,incidents");

        (await cli.RunAsync(kit.Path, "metrics", "--since", "2026-11-20", "--until", "2026-11-01", "--project", kit.Path)).ShouldBe(2);
        (await cli.RunAsync(kit.Path, "metrics", "--since", "yesterday", "--project", kit.Path)).ShouldBe(2);
        cli.ErrorLines.Length.ShouldBe(2);
    }

    [Fact]
    public async Task Metrics_EventRecordedAheadOfNow_CountsOnlyWhatHappenedByNow()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());
        var resolvedAt = Now.AddHours(2);
        using (var store = Firebreak.Storage.SqliteIncidentStore.Open(Path.Combine(kit.Path, ".aiwg", "incidents", "firebreak.db")))
        {
            var events = await store.LoadAsync(new Firebreak.Core.IncidentId("INC-42"));
            var status = Firebreak.Core.IncidentLifecycle.Replay("INC-42", events).Status;
            await store.AppendAsync(new Firebreak.Core.IncidentId("INC-42"),
                [new Firebreak.Core.StatusChanged(resolvedAt, "alex", status, Firebreak.Core.IncidentStatus.Resolved, "fixed")]);
        }

        async Task<JsonElement> MttrAsync(DateTimeOffset at)
        {
            var reader = new Cli(at);
            (await reader.RunAsync(kit.Path, "metrics", "--json", "--project", kit.Path)).ShouldBe(0, reader.Error.ToString());
            return JsonDocument.Parse(reader.Console.Output).RootElement.GetProperty("all").GetProperty("mttr");
        }

        (await MttrAsync(Now.AddHours(1))).GetProperty("known").GetInt32().ShouldBe(0);
        (await MttrAsync(Now.AddHours(3))).GetProperty("known").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task ActionExport_TrackedAndProposed_CsvIsQuotedAndFormulaSafe_JsonToFile()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0);
        (await cli.RunAsync(kit.Path, "action", "add", "INC-42", "=HYPERLINK(\"http://evil\"), then \"fix\"", "--owner", "Dana Wu", "--due", "2026-12-05T00:00:00Z",
            "--type", "prevent", "--priority", "P1", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());

        var reader = new Cli(Now);
        (await reader.RunAsync(kit.Path, "action", "export", "INC-42", "--project", kit.Path)).ShouldBe(0, reader.Error.ToString());
        var lines = reader.Console.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("Summary,Description,Assignee,Due Date,Priority,Issue Type,Labels,Status,External ID,"
            + "Incident,Action ID,Kind,Firebreak Priority,Firebreak Status,Due,Done At,Recorded At,Recorded By");
        lines[1].ShouldStartWith("\"'=HYPERLINK(\"\"http://evil\"\"), then \"\"fix\"\"\",");
        lines[1].ShouldContain(",Dana Wu,2026-12-05,High,Task,firebreak inc-42 prevent,To Do,INC-42/A1,INC-42,A1,prevent,P1,open,2026-12-05T00:00:00Z,,");
        lines.Skip(2).ShouldAllBe(l => l.Contains("INC-42/R"));

        var file = Path.Combine(kit.Path, "actions.json");
        (await cli.RunAsync(kit.Path, "action", "export", "--all", "--json", "--out", file, "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        var json = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement;
        json[0].GetProperty("id").GetString().ShouldBe("A1");
        json[0].GetProperty("status").GetString().ShouldBe("open");
        json[1].GetProperty("status").GetString().ShouldBe("proposed");
        json[0].GetProperty("tracker_priority").GetString().ShouldBe("High");
        json[0].GetProperty("labels").EnumerateArray().Select(l => l.GetString()).ShouldBe(["firebreak", "inc-42", "prevent"]);
        json[0].GetProperty("title").GetString().ShouldBe("=HYPERLINK(\"http://evil\"), then \"fix\"", "JSON is data, never formula-guarded");

        (await cli.RunAsync(kit.Path, "action", "export", "INC-404", "--project", kit.Path)).ShouldBe(2);
        (await cli.RunAsync(kit.Path, "action", "export", "--project", kit.Path)).ShouldBe(2);
    }
}
