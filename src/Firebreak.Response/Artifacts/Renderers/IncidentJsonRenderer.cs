using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>Renders incident.json, the machine-readable state of the project-kit contract, plus extra keys.</summary>
public static class IncidentJsonRenderer
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Keep arrows, accents and quotes readable; the file is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>ISO-8601 UTC with milliseconds and Z, e.g. <c>2026-11-25T19:53:59.800Z</c>.</summary>
    public static string Iso(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Renders the JSON; <paramref name="artifacts"/> are the other files written beside it.</summary>
    public static string Render(DossierFacts f, IReadOnlyList<string> artifacts)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(artifacts);
        var d = f.D;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            w.WriteString("id", f.Id);
            w.WriteString("status", f.StatusName);
            w.WriteString("priority", f.PriorityName);
            w.WriteString("impact", WireNames.Of(d.Triage.Impact.Level));
            w.WriteString("urgency", WireNames.Of(d.Triage.Urgency.Level));
            w.WriteString("category", f.CategoryName);
            w.WriteString("detected_at", Iso(d.DetectedAt));
            w.WriteStartArray("affected_components");
            foreach (var c in f.Components)
            {
                w.WriteStringValue(c);
            }

            w.WriteEndArray();

            if (f.Suspected is { Change: { } change } suspected)
            {
                w.WriteStartObject("suspected_change");
                w.WriteString("kind", WireNames.Of(change.Kind));
                w.WriteString("ref", change.Ref);
                w.WriteString("at", Iso(change.At));
                WriteNullable(w, "component", change.Component);
                w.WriteString("confidence", WireNames.Of(suspected.Confidence));
                WriteNullable(w, "commit", change.Commit);
                WriteNullable(w, "version", change.Version);
                WriteNullable(w, "previous_version", change.PreviousVersion);
                w.WriteString("source", change.Source.ToString());
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("suspected_change");
            }

            w.WriteStartObject("mitigation");
            w.WriteString("strategy", f.StrategyName);
            w.WriteBoolean("executed", d.Outcome.Executed);
            w.WriteBoolean("validated", d.Outcome.Verdict == ResolutionVerdict.Resolved);
            WriteNullable(w, "verdict", d.Outcome.Verdict is { } v ? WireNames.Of(v) : null);
            WriteNullable(w, "target_component", d.Mitigation.TargetComponent);
            WriteNullable(w, "target_version", d.Mitigation.TargetVersion);
            WriteNullable(w, "command", d.Outcome.Command is { } cmd ? Redactor.Redact(cmd) : null);
            w.WriteEndObject();

            w.WriteStartObject("escalation");
            w.WriteNumber("tier", (int)d.Escalation.Tier);
            w.WriteBoolean("management_notified", d.Escalation.ManagementNotified);
            w.WriteBoolean("executive_notified", d.Escalation.ExecutiveNotified);
            w.WriteBoolean("legal_notified", d.Escalation.LegalNotified);
            w.WriteBoolean("security_engaged", d.Escalation.SecurityEngaged);
            w.WriteEndObject();

            w.WriteStartArray("artifacts");
            foreach (var path in artifacts)
            {
                w.WriteStringValue(path);
            }

            w.WriteEndArray();

            // Extra keys beyond the contract.
            WriteNullable(w, "reported_priority", d.Triage.ReportedPriority?.ToString());
            w.WriteString("severity_verdict", Redactor.Redact(d.Triage.Verdict));
            WriteNullable(w, "onset", f.Onset is { } onset ? Iso(onset) : null);
            WriteNullable(w, "resolved_at", f.ResolvedAt is { } resolved ? Iso(resolved) : null);
            w.WriteString("as_of", Iso(d.AsOf));
            WriteNullable(w, "origin_component", d.Diagnosis.OriginComponent);

            w.WriteStartObject("roles");
            foreach (var role in d.Roster.Assignments)
            {
                if (role.Person is { } person)
                {
                    w.WriteString(role.Role, person);
                }
            }

            w.WriteEndObject();

            w.WriteStartArray("hypotheses");
            foreach (var h in d.Diagnosis.Hypotheses)
            {
                w.WriteStartObject();
                w.WriteString("statement", Redactor.Redact(h.Statement));
                w.WriteString("cause", h.Cause.ToString().ToLowerInvariant());
                w.WriteString("confidence", WireNames.Of(h.Confidence));
                w.WriteNumber("score", Math.Round(h.Score, 4));
                WriteNullable(w, "change_ref", h.Change?.Ref);
                w.WriteStartArray("evidence");
                foreach (var e in h.Evidence)
                {
                    w.WriteStringValue(Redactor.Redact(e.Text) + " [" + e.Source + "]");
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();

            w.WriteStartArray("sla");
            foreach (var sla in d.Clock.Slas)
            {
                w.WriteStartObject();
                w.WriteString("name", sla.Name);
                WriteNullable(w, "target", sla.Target is { } t ? Md.Duration(t) : null);
                WriteNullable(w, "elapsed", sla.Elapsed is { } e ? Md.Duration(e) : null);
                w.WriteString("outcome", sla.Outcome switch
                {
                    SlaOutcome.Met => "MET",
                    SlaOutcome.Missed => "MISSED",
                    SlaOutcome.Pending => "PENDING",
                    SlaOutcome.Unknown => "UNKNOWN",
                    _ => "NOT_APPLICABLE",
                });
                w.WriteString("status", sla.Outcome switch
                {
                    SlaOutcome.Met => "met",
                    SlaOutcome.Missed => "missed",
                    SlaOutcome.Pending => "pending",
                    _ => "unknown",
                });
                w.WriteString("measured_from", sla.MeasuredFrom);
                w.WriteEndObject();
            }

            w.WriteEndArray();

            w.WriteStartArray("notifications");
            foreach (var n in f.Notifications)
            {
                w.WriteStartObject();
                w.WriteString("audience", n.Audience);
                w.WriteString("recipients", Redactor.Redact(n.Recipients));
                w.WriteString("decided_at", Iso(n.DecidedAt));
                WriteNullable(w, "due_at", n.DueAt is { } due ? Iso(due) : null);
                w.WriteString("state", n.StateName);
                WriteNullable(w, "channel", n.Channel);
                WriteNullable(w, "artifact", n.Artifact);
                w.WriteString("reason", Redactor.Redact(n.Reason));
                w.WriteEndObject();
            }

            w.WriteEndArray();

            w.WriteStartObject("impact_estimate");
            WriteRange(w, "users", f.Facts.UserEstimate);
            if (f.RecordEstimate is { } records)
            {
                WriteRange(w, "records", records);
            }

            w.WriteEndObject();

            w.WriteStartObject("root_cause");
            WriteNullable(w, "trigger", f.Trigger is { } trigger ? Redactor.Redact(trigger) : null);
            w.WriteString("statement", Redactor.Redact(d.RootCause.Whys.RootCauseText));
            WriteNullable(w, "confidence", d.RootCause.Whys.Confidence is { } confidence ? WireNames.Of(confidence) : null);
            w.WriteBoolean("confirmed", f.RootCauseConfirmed);
            w.WriteEndObject();

            w.WriteStartArray("evidence_preserved");
            foreach (var e in d.Preserved?.Copies ?? [])
            {
                w.WriteStartObject();
                w.WriteString("path", e.Path);
                w.WriteString("source", e.Source);
                w.WriteString("sha256", e.Sha256);
                w.WriteString("original_sha256", e.OriginalSha256);
                WriteNullable(w, "shareable_copy", e.RedactedPath);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            WriteNullable(w, "next_update_at", f.NextUpdate is { } next ? Iso(next) : null);
            WriteNullable(w, "review_at", d.Review.MeetingAt is { } meeting ? Iso(meeting) : null);

            w.WriteStartArray("preventive_actions");
            foreach (var a in d.Actions)
            {
                w.WriteStartObject();
                w.WriteString("horizon", a.Horizon);
                w.WriteString("action", Redactor.Redact(a.Action));
                w.WriteString("owner", a.Owner);
                w.WriteString("due", Iso(a.Due));
                w.WriteString("status", a.Status);
                w.WriteEndObject();
            }

            w.WriteEndArray();

            w.WriteStartArray("warnings");
            foreach (var warning in d.FlowWarnings)
            {
                w.WriteStringValue(Redactor.Redact(warning));
            }

            foreach (var warning in d.Evidence.Warnings)
            {
                w.WriteStringValue($"{warning.Source}: {Redactor.Redact(warning.Message)}");
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static void WriteRange(Utf8JsonWriter w, string name, EstimateRange range)
    {
        w.WriteStartObject(name);
        if (range.Low is { } low)
        {
            w.WriteNumber("low", low);
        }
        else
        {
            w.WriteNull("low");
        }

        if (range.High is { } high)
        {
            w.WriteNumber("high", high);
        }
        else
        {
            w.WriteNull("high");
        }

        w.WriteString("basis", range.BasisName);
        w.WriteString("source", Redactor.Redact(range.Source));
        w.WriteString("exact_needs", range.Exact);
        w.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
