using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>firebreak action export: one incident's preventive actions, or every incident's (Id null).</summary>
public sealed record ActionExportQuery(IncidentId? Id);

/// <summary>
/// A preventive action as a tracker receives it. Tracked actions (firebreak action add) have their id (A1...), kind,
/// priority and done state; actions the respond flow proposed (preventive-actions.md) have the id R1, R2... in the
/// order recorded, their horizon as kind, no priority, and the status "proposed" until someone tracks them.
/// </summary>
public sealed record ExportedAction(
    string Incident, string Id, string Title, string Owner, DateTimeOffset Due, string Kind, string? Priority,
    string Status, DateTimeOffset? DoneAt, DateTimeOffset RecordedAt, string RecordedBy)
{
    /// <summary>Stable across exports: the incident and the action id, so a re-import updates instead of duplicating.</summary>
    public string ExternalId => $"{Incident}/{Id}";
}

/// <summary>Reads the preventive actions of the store; writes nothing.</summary>
public sealed class ActionExportHandler(LiveServices services)
{
    /// <summary>The event kinds an export reads.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } = [typeof(IncidentDetected), typeof(ActionTracked), typeof(ActionCompleted), typeof(ActionAdded)];

    /// <summary>The actions, by incident (detection order) then id; an unknown incident is refused.</summary>
    public async Task<IReadOnlyList<ExportedAction>> HandleAsync(ActionExportQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = services.Time.GetUtcNow();
        if (query.Id is { } id)
        {
            var state = await new LiveCommandRunner(services).ReadAsync(id, cancellationToken).ConfigureAwait(false);
            return Actions(new IncidentHistory(state.Id, state.Events), now);
        }

        if (!File.Exists(services.StorePath))
        {
            return [];
        }

        var store = services.OpenStore(services.StorePath);
        try
        {
            var histories = await IncidentHistories.ReadAsync(store, EventTypes, null, null, cancellationToken).ConfigureAwait(false);
            return [.. histories.SelectMany(h => Actions(h, now))];
        }
        finally
        {
            await IncidentStores.CloseAsync(store).ConfigureAwait(false);
        }
    }

    /// <summary>One incident's actions: tracked ones first (A1...), then the proposed ones (R1...).</summary>
    public static IReadOnlyList<ExportedAction> Actions(IncidentHistory history, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(history);
        var done = new Dictionary<string, ActionCompleted>(StringComparer.Ordinal);
        foreach (var completed in history.Events.OfType<ActionCompleted>())
        {
            done.TryAdd(completed.ActionId, completed);
        }

        var result = new List<ExportedAction>();
        foreach (var a in history.Events.OfType<ActionTracked>())
        {
            var completed = done.GetValueOrDefault(a.ActionId);
            var status = completed is not null ? "done" : now > a.Due ? "overdue" : "open";
            result.Add(new ExportedAction(history.Id, a.ActionId, a.Title, a.Owner, a.Due, a.Kind.ToString().ToLowerInvariant(),
                a.Priority.ToString(), status, completed?.At, a.At, a.Actor));
        }

        var proposed = 0;
        foreach (var a in history.Events.OfType<ActionAdded>())
        {
            result.Add(new ExportedAction(history.Id, string.Create(CultureInfo.InvariantCulture, $"R{++proposed}"), a.Action, a.Owner, a.Due,
                a.Horizon.ToLowerInvariant(), null, "proposed", null, a.At, a.Actor));
        }

        return result;
    }
}

/// <summary>Writes exported actions as a tracker's CSV import file or as JSON.</summary>
public static class ActionExportOutput
{
    /// <summary>The CSV columns (Jira's CSV importer maps each by name; GitHub, Linear and others accept the same file with a column mapping).</summary>
    /// <remarks>The first nine are the tracker's; the rest carry what the JSON carries (a tracker ignores or maps them). New columns are only ever appended.</remarks>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "Summary", "Description", "Assignee", "Due Date", "Priority", "Issue Type", "Labels", "Status", "External ID",
        "Incident", "Action ID", "Kind", "Firebreak Priority", "Firebreak Status", "Due", "Done At", "Recorded At", "Recorded By",
    ];

    /// <summary>
    /// The actions as CSV: Summary (the title), Description (what, where from, who recorded it), Assignee (the owner), Due
    /// Date (yyyy-MM-dd, UTC), Priority (P0 Highest, P1 High, P2 Medium, P3 Low, proposed: Medium), Issue Type (Task),
    /// Labels (space-separated: firebreak, the incident id, the kind), Status (To Do, or Done), External ID
    /// (incident/action id), then the JSON's fields (incident, action id, kind, Firebreak priority and status, due and
    /// done moments, recorded at and by). Quoted per RFC 4180; a cell starting with = + - @, a tab or a carriage return is
    /// prefixed with ' (formula-safe).
    /// </summary>
    public static string CsvText(IReadOnlyList<ExportedAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        return Csv.Table(Columns, actions.Select(a => (IReadOnlyList<string?>)
        [
            a.Title,
            Description(a),
            a.Owner,
            a.Due.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            TrackerPriority(a.Priority),
            "Task",
            string.Join(' ', Labels(a)),
            TrackerStatus(a),
            a.ExternalId,
            a.Incident,
            a.Id,
            a.Kind,
            a.Priority,
            a.Status,
            LiveCommandRunner.Iso(a.Due),
            a.DoneAt is { } done ? LiveCommandRunner.Iso(done) : null,
            LiveCommandRunner.Iso(a.RecordedAt),
            a.RecordedBy,
        ]));
    }

    /// <summary>The tracker's labels: firebreak, the incident id and the kind, lower case.</summary>
    public static IReadOnlyList<string> Labels(ExportedAction a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return ["firebreak", Label(a.Incident), Label(a.Kind)];
    }

    /// <summary>The tracker's status: Done once completed, else To Do.</summary>
    public static string TrackerStatus(ExportedAction a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return a.DoneAt is null ? "To Do" : "Done";
    }

    /// <summary>The actions as a JSON array (moments in ISO 8601 UTC).</summary>
    public static string Json(IReadOnlyList<ExportedAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var a in actions)
            {
                json.WriteStartObject();
                json.WriteString("incident", a.Incident);
                json.WriteString("id", a.Id);
                json.WriteString("external_id", a.ExternalId);
                json.WriteString("title", a.Title);
                json.WriteString("owner", a.Owner);
                json.WriteString("due", LiveCommandRunner.Iso(a.Due));
                json.WriteString("kind", a.Kind);
                if (a.Priority is { } p)
                {
                    json.WriteString("priority", p);
                }
                else
                {
                    json.WriteNull("priority");
                }

                json.WriteString("status", a.Status);
                if (a.DoneAt is { } d)
                {
                    json.WriteString("done_at", LiveCommandRunner.Iso(d));
                }
                else
                {
                    json.WriteNull("done_at");
                }

                json.WriteString("recorded_at", LiveCommandRunner.Iso(a.RecordedAt));
                json.WriteString("recorded_by", a.RecordedBy);
                json.WriteString("description", Description(a));
                json.WriteStartArray("labels");
                foreach (var label in Labels(a))
                {
                    json.WriteStringValue(label);
                }

                json.WriteEndArray();
                json.WriteString("tracker_priority", TrackerPriority(a.Priority));
                json.WriteString("tracker_status", TrackerStatus(a));
                json.WriteString("issue_type", "Task");
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    /// <summary>The tracker priority of a Firebreak priority; proposed actions (none) are Medium.</summary>
    public static string TrackerPriority(string? priority) => priority switch
    {
        "P0" => "Highest",
        "P1" => "High",
        "P2" => "Medium",
        "P3" => "Low",
        _ => "Medium",
    };

    private static string Description(ExportedAction a)
    {
        var origin = a.Status == "proposed"
            ? $"proposed by the respond flow ({a.Kind} horizon; not tracked yet: firebreak action add {a.Incident} to track it)"
            : $"tracked as {a.Id} ({a.Kind}, {a.Priority})";
        var done = a.DoneAt is { } at ? $"; done {LiveCommandRunner.Iso(at)}" : string.Empty;
        return $"Preventive action of incident {a.Incident}, {origin}, recorded {LiveCommandRunner.Iso(a.RecordedAt)} by {a.RecordedBy}{done}.";
    }

    private static string Label(string text) =>
        string.Concat(text.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? char.ToLowerInvariant(c) : '-'));
}
