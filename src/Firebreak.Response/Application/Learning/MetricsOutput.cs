using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>Writes a <see cref="MetricsReport"/> as text, JSON or CSV; it computes nothing.</summary>
public static class MetricsOutput
{
    /// <summary>The definitions as the help prints them.</summary>
    public static string DefinitionsText() =>
        string.Join(Environment.NewLine, IncidentMetrics.Definitions.Select(d => $"  {d.Name}: {d.Definition}"));

    /// <summary>The report for a person.</summary>
    public static string Text(MetricsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendLine(Inv($"Incident metrics as of {Iso(report.AsOf)}: {report.Incidents} incidents detected {Range(report)}"));
        text.AppendLine();
        string[] header = ["Priority", "Incidents", "MTTD", "MTTA", "MTTE", "MTTR"];
        var table = report.ByPriority.Append(report.All)
            .Select(row => new[] { row.Priority, Inv($"{row.Incidents}"), Duration(row.Mttd), Duration(row.Mtta), Duration(row.Mtte), Duration(row.Mttr) })
            .Prepend(header)
            .ToList();
        var widths = header.Select((_, column) => table.Max(cells => cells[column].Length)).ToArray();
        foreach (var cells in table)
        {
            text.AppendLine(string.Join("  ", cells.Select((cell, column) => column == 1 ? cell.PadLeft(widths[column]) : cell.PadRight(widths[column]))).TrimEnd());
        }

        text.AppendLine("  (mean, then median; 'n unknown': incidents lacking the event the measure needs, not counted)");
        text.AppendLine();
        text.AppendLine(Inv($"Resolution by tier: Tier 1 {report.ResolvedByTier[Tier.Tier1]}, Tier 2 {report.ResolvedByTier[Tier.Tier2]}, Tier 3 {report.ResolvedByTier[Tier.Tier3]}; unresolved {report.Unresolved}"));
        text.AppendLine(Inv($"Recurrence rate: {Ratio(report.Recurrence.Rate)} ({report.Recurrence.Count} of {report.Recurrence.OutOf} incidents with a recorded cause; {report.Recurrence.Unknown} unknown: no cause recorded)"));
        var pir = report.Pir;
        text.AppendLine(Inv($"PIR completion (P0/P1): {Ratio(pir.Rate)} ({pir.Held} held of {pir.Held + pir.Overdue} held or past the deadline, {pir.HeldByDeadline} held by the deadline, {pir.Overdue} overdue; {pir.NotYetDue} not yet due; {pir.Unknown} not held without a review window in the policy; {pir.Owed} resolved P0/P1)"));
        var actions = report.Actions;
        text.AppendLine(Inv($"Preventive actions done by their due date: {Ratio(actions.Rate)} ({actions.DoneByDue} on time, {actions.DoneLate} late, {actions.OpenOverdue} open past due; {actions.OpenNotDue} open, not yet due; {actions.Tracked} tracked)"));
        var totals = report.SlaTotals;
        text.AppendLine(Inv($"SLA per incident: {Count(totals, SlaOutcome.Met)} met, {Count(totals, SlaOutcome.Missed)} missed, {Count(totals, SlaOutcome.Pending)} pending, {Count(totals, SlaOutcome.Unknown)} unknown, {Count(totals, SlaOutcome.NotApplicable)} without a target"));
        foreach (var sla in report.Slas)
        {
            text.AppendLine(Inv($"  {sla.Id} {sla.Priority}: {Name(sla.Overall)} (acknowledge {Name(sla.Acknowledge)}, engage {Name(sla.Engage)}, resolve {Name(sla.Resolve)})"));
        }

        return text.ToString();
    }

    /// <summary>The report as JSON (durations in seconds), with every definition.</summary>
    public static string Json(MetricsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("as_of", Iso(report.AsOf));
            Moment(json, "since", report.Since);
            Moment(json, "until", report.Until);
            json.WriteNumber("incidents", report.Incidents);
            json.WriteStartArray("by_priority");
            foreach (var row in report.ByPriority)
            {
                Priority(json, row);
            }

            json.WriteEndArray();
            json.WritePropertyName("all");
            Priority(json, report.All);
            json.WriteStartObject("resolved_by_tier");
            json.WriteNumber("tier1", report.ResolvedByTier[Tier.Tier1]);
            json.WriteNumber("tier2", report.ResolvedByTier[Tier.Tier2]);
            json.WriteNumber("tier3", report.ResolvedByTier[Tier.Tier3]);
            json.WriteNumber("unresolved", report.Unresolved);
            json.WriteEndObject();
            json.WriteStartObject("recurrence");
            json.WriteNumber("recurring", report.Recurrence.Count);
            json.WriteNumber("with_cause", report.Recurrence.OutOf);
            json.WriteNumber("unknown", report.Recurrence.Unknown);
            Rate(json, report.Recurrence.Rate);
            json.WriteEndObject();
            json.WriteStartObject("pir_p0_p1");
            json.WriteNumber("owed", report.Pir.Owed);
            json.WriteNumber("held", report.Pir.Held);
            json.WriteNumber("held_by_deadline", report.Pir.HeldByDeadline);
            json.WriteNumber("overdue", report.Pir.Overdue);
            json.WriteNumber("not_yet_due", report.Pir.NotYetDue);
            json.WriteNumber("unknown", report.Pir.Unknown);
            Rate(json, report.Pir.Rate);
            json.WriteEndObject();
            json.WriteStartObject("actions");
            json.WriteNumber("tracked", report.Actions.Tracked);
            json.WriteNumber("done_by_due", report.Actions.DoneByDue);
            json.WriteNumber("done_late", report.Actions.DoneLate);
            json.WriteNumber("open_overdue", report.Actions.OpenOverdue);
            json.WriteNumber("open_not_due", report.Actions.OpenNotDue);
            Rate(json, report.Actions.Rate);
            json.WriteEndObject();
            json.WriteStartObject("sla_totals");
            foreach (var outcome in new[] { SlaOutcome.Met, SlaOutcome.Missed, SlaOutcome.Pending, SlaOutcome.Unknown, SlaOutcome.NotApplicable })
            {
                json.WriteNumber(Name(outcome), Count(report.SlaTotals, outcome));
            }

            json.WriteEndObject();
            json.WriteStartArray("sla");
            foreach (var sla in report.Slas)
            {
                json.WriteStartObject();
                json.WriteString("incident", sla.Id);
                json.WriteString("priority", sla.Priority);
                json.WriteString("overall", Name(sla.Overall));
                json.WriteString("acknowledge", Name(sla.Acknowledge));
                json.WriteString("engage", Name(sla.Engage));
                json.WriteString("resolve", Name(sla.Resolve));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("definitions");
            foreach (var definition in IncidentMetrics.Definitions)
            {
                json.WriteString(definition.Name, definition.Definition);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    /// <summary>The report as CSV, one number per row: measure, group, value, unit, counted, unknown.</summary>
    public static string CsvText(MetricsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = new List<IReadOnlyList<string?>>();
        foreach (var row in report.ByPriority.Append(report.All))
        {
            rows.Add(["incidents", row.Priority, Inv($"{row.Incidents}"), "incidents", null, null]);
            foreach (var (name, stat) in new[] { ("MTTD", row.Mttd), ("MTTA", row.Mtta), ("MTTE", row.Mtte), ("MTTR", row.Mttr) })
            {
                rows.Add([name + " mean", row.Priority, Minutes(stat.Mean), "minutes", Inv($"{stat.Known}"), Inv($"{stat.Unknown}")]);
                rows.Add([name + " median", row.Priority, Minutes(stat.Median), "minutes", Inv($"{stat.Known}"), Inv($"{stat.Unknown}")]);
            }
        }

        foreach (var tier in new[] { Tier.Tier1, Tier.Tier2, Tier.Tier3 })
        {
            rows.Add(["resolved by tier", tier.ToString(), Inv($"{report.ResolvedByTier[tier]}"), "incidents", null, null]);
        }

        rows.Add(["resolved by tier", "unresolved", Inv($"{report.Unresolved}"), "incidents", null, null]);
        rows.Add(["recurrence rate", "all", RateText(report.Recurrence.Rate), "ratio", Inv($"{report.Recurrence.OutOf}"), Inv($"{report.Recurrence.Unknown}")]);
        var pir = report.Pir;
        rows.Add(["PIR completion", "P0/P1", RateText(pir.Rate), "ratio", Inv($"{pir.Held + pir.Overdue}"), Inv($"{pir.Unknown}")]);
        rows.Add(["PIR held by deadline", "P0/P1", Inv($"{pir.HeldByDeadline}"), "incidents", Inv($"{pir.Owed}"), Inv($"{pir.Unknown}")]);
        rows.Add(["PIR overdue", "P0/P1", Inv($"{pir.Overdue}"), "incidents", Inv($"{pir.Owed}"), Inv($"{pir.Unknown}")]);
        var a = report.Actions;
        rows.Add(["actions done by due date", "all", RateText(a.Rate), "ratio", Inv($"{a.DoneByDue + a.DoneLate + a.OpenOverdue}"), null]);
        rows.Add(["actions open not yet due", "all", Inv($"{a.OpenNotDue}"), "actions", Inv($"{a.Tracked}"), null]);

        // The counts the text and the JSON give beside each rate (added after the rows above, which keep their order).
        rows.Add(["PIR owed", "P0/P1", Inv($"{pir.Owed}"), "incidents", null, null]);
        rows.Add(["PIR held", "P0/P1", Inv($"{pir.Held}"), "incidents", Inv($"{pir.Owed}"), Inv($"{pir.Unknown}")]);
        rows.Add(["PIR not yet due", "P0/P1", Inv($"{pir.NotYetDue}"), "incidents", Inv($"{pir.Owed}"), Inv($"{pir.Unknown}")]);
        rows.Add(["actions tracked", "all", Inv($"{a.Tracked}"), "actions", null, null]);
        rows.Add(["actions done on time", "all", Inv($"{a.DoneByDue}"), "actions", Inv($"{a.Tracked}"), null]);
        rows.Add(["actions done late", "all", Inv($"{a.DoneLate}"), "actions", Inv($"{a.Tracked}"), null]);
        rows.Add(["actions open past due", "all", Inv($"{a.OpenOverdue}"), "actions", Inv($"{a.Tracked}"), null]);
        rows.Add(["recurring", "all", Inv($"{report.Recurrence.Count}"), "incidents", Inv($"{report.Recurrence.OutOf}"), Inv($"{report.Recurrence.Unknown}")]);
        var totals = report.SlaTotals;
        foreach (var outcome in new[] { SlaOutcome.Met, SlaOutcome.Missed, SlaOutcome.Pending, SlaOutcome.Unknown, SlaOutcome.NotApplicable })
        {
            rows.Add(["SLA incidents", Name(outcome), Inv($"{Count(totals, outcome)}"), "incidents", Inv($"{report.Slas.Count}"), null]);
        }

        foreach (var sla in report.Slas)
        {
            rows.Add(["SLA", sla.Id, Name(sla.Overall), "verdict", null, null]);
            rows.Add(["SLA acknowledge", sla.Id, Name(sla.Acknowledge), "verdict", null, null]);
            rows.Add(["SLA engage", sla.Id, Name(sla.Engage), "verdict", null, null]);
            rows.Add(["SLA resolve", sla.Id, Name(sla.Resolve), "verdict", null, null]);
        }

        return Csv.Table(["measure", "group", "value", "unit", "counted", "unknown"], rows);
    }

    /// <summary>A verdict's wire name: met, missed, pending, unknown, not-applicable.</summary>
    public static string Name(SlaOutcome outcome) => outcome switch
    {
        SlaOutcome.NotApplicable => "not-applicable",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    private static void Priority(Utf8JsonWriter json, PriorityMetrics row)
    {
        json.WriteStartObject();
        json.WriteString("priority", row.Priority);
        json.WriteNumber("incidents", row.Incidents);
        foreach (var (name, stat) in new[] { ("mttd", row.Mttd), ("mtta", row.Mtta), ("mtte", row.Mtte), ("mttr", row.Mttr) })
        {
            json.WriteStartObject(name);
            Seconds(json, "mean_seconds", stat.Mean);
            Seconds(json, "median_seconds", stat.Median);
            json.WriteNumber("known", stat.Known);
            json.WriteNumber("unknown", stat.Unknown);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void Seconds(Utf8JsonWriter json, string name, TimeSpan? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, Math.Round(v.TotalSeconds, 1));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Rate(Utf8JsonWriter json, double? rate)
    {
        if (rate is { } r)
        {
            json.WriteNumber("rate", Math.Round(r, 4));
        }
        else
        {
            json.WriteNull("rate");
        }
    }

    private static void Moment(Utf8JsonWriter json, string name, DateTimeOffset? at)
    {
        if (at is { } a)
        {
            json.WriteString(name, Iso(a));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string Range(MetricsReport report) => (report.Since, report.Until) switch
    {
        (null, null) => "(all of the store)",
        ({ } s, null) => $"from {Iso(s)}",
        (null, { } u) => $"before {Iso(u)}",
        ({ } s, { } u) => $"from {Iso(s)} to {Iso(u)}",
    };

    private static string Duration(DurationStat stat) =>
        stat.Mean is { } mean && stat.Median is { } median
            ? Inv($"{Short(mean)}/{Short(median)}") + (stat.Unknown > 0 ? Inv($" ({stat.Unknown} unknown)") : string.Empty)
            : Inv($"unknown ({stat.Unknown})");

    private static string Short(TimeSpan span) =>
        span.TotalMinutes < 90 ? Inv($"{span.TotalMinutes:0.#}m") : span.TotalHours < 48 ? Inv($"{span.TotalHours:0.#}h") : Inv($"{span.TotalDays:0.#}d");

    private static string? Minutes(TimeSpan? span) => span is { } s ? Inv($"{s.TotalMinutes:0.##}") : null;

    private static string Ratio(double? rate) => rate is { } r ? Inv($"{r * 100:0.#}%") : "unknown (nothing to count)";

    private static string? RateText(double? rate) => rate is { } r ? Inv($"{r:0.####}") : null;

    private static int Count(IReadOnlyDictionary<SlaOutcome, int> totals, SlaOutcome outcome) => totals.GetValueOrDefault(outcome);

    private static string Iso(DateTimeOffset at) => LiveCommandRunner.Iso(at);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
