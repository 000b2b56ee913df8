using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>Maps the dossier to the typed <see cref="IncidentJson"/> model and serializes it (System.Text.Json source generation).</summary>
public static class IncidentJsonRenderer
{
    /// <summary>The serializer: the generated context with arrows, accents and quotes kept readable (the file is never embedded in HTML).</summary>
    private static readonly IncidentJsonContext Context = new(new JsonSerializerOptions(IncidentJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    });

    /// <summary>ISO-8601 UTC with milliseconds and Z, e.g. <c>2026-11-25T19:53:59.800Z</c>.</summary>
    public static string Iso(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Renders the JSON; <paramref name="artifacts"/> are the other files written beside it.</summary>
    public static string Render(DossierFacts f, IReadOnlyList<string> artifacts) =>
        Serialize(Model(f, artifacts));

    /// <summary>Serializes a model as incident.json's text (indented, ending with a newline).</summary>
    public static string Serialize(IncidentJson model) =>
        JsonSerializer.Serialize(model, Context.IncidentJson) + "\n";

    /// <summary>Reads incident.json's text back into the model.</summary>
    public static IncidentJson? Parse(string json) => JsonSerializer.Deserialize(json, Context.IncidentJson);

    /// <summary>The model of the dossier: a view, it decides nothing.</summary>
    public static IncidentJson Model(DossierFacts f, IReadOnlyList<string> artifacts)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(artifacts);
        var d = f.D;
        var suspected = f.Suspected is { Change: { } change } s
            ? new SuspectedChangeJson(WireNames.Of(change.Kind), change.Ref, Iso(change.At), change.Component, WireNames.Of(s.Confidence),
                change.Commit, change.Version, change.PreviousVersion, change.Source.ToString())
            : null;
        var roles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var role in d.Roster.Assignments)
        {
            if (role.Person is { } person)
            {
                roles[role.Role] = person;
            }
        }

        return new IncidentJson(
            f.Id,
            f.StatusName,
            f.PriorityName,
            WireNames.Of(d.Triage.Impact.Level),
            WireNames.Of(d.Triage.Urgency.Level),
            f.CategoryName,
            Iso(d.DetectedAt),
            [.. f.Components],
            suspected,
            new MitigationJson(
                f.StrategyName,
                d.Outcome.Executed,
                d.Outcome.Verdict == ResolutionVerdict.Resolved,
                d.Outcome.Verdict is { } v ? WireNames.Of(v) : null,
                d.Mitigation.TargetComponent,
                d.Mitigation.TargetVersion,
                d.Outcome.Command is { } cmd ? Redactor.Redact(cmd) : null),
            new EscalationJson((int)d.Escalation.Tier, d.Escalation.ManagementNotified, d.Escalation.ExecutiveNotified, d.Escalation.LegalNotified, d.Escalation.SecurityEngaged),
            [.. artifacts],
            d.Triage.ReportedPriority?.ToString(),
            Redactor.Redact(d.Triage.Verdict),
            f.Onset is { } onset ? Iso(onset) : null,
            f.ResolvedAt is { } resolved ? Iso(resolved) : null,
            Iso(d.AsOf),
            d.Diagnosis.OriginComponent,
            roles,
            [.. d.Diagnosis.Hypotheses.Select(h => new HypothesisJson(
                Redactor.Redact(h.Statement),
                h.Cause.ToString().ToLowerInvariant(),
                WireNames.Of(h.Confidence),
                Math.Round(h.Score, 4),
                h.Change?.Ref,
                [.. h.Evidence.Select(e => Redactor.Redact(e.Text) + " [" + e.Source + "]")]))],
            [.. d.Clock.Slas.Select(sla => new SlaJson(
                sla.Name,
                sla.Target is { } t ? Md.Duration(t) : null,
                sla.Elapsed is { } e ? Md.Duration(e) : null,
                sla.Outcome switch
                {
                    SlaOutcome.Met => "MET",
                    SlaOutcome.Missed => "MISSED",
                    SlaOutcome.Pending => "PENDING",
                    SlaOutcome.Unknown => "UNKNOWN",
                    _ => "NOT_APPLICABLE",
                })
            {
                Status = sla.Outcome switch
                {
                    SlaOutcome.Met => "met",
                    SlaOutcome.Missed => "missed",
                    SlaOutcome.Pending => "pending",
                    _ => "unknown",
                },
                MeasuredFrom = sla.MeasuredFrom,
            })],
            f.NextUpdate is { } next ? Iso(next) : null,
            d.Review.MeetingAt is { } meeting ? Iso(meeting) : null,
            [.. d.Actions.Select(a => new PreventiveActionJson(a.Horizon, Redactor.Redact(a.Action), a.Owner, Iso(a.Due), a.Status) { Type = PreventiveActionsRenderer.TypeName(a.Type), Priority = PreventiveActionsRenderer.PriorityName(a.Priority) })],
            [.. d.FlowWarnings.Select(Redactor.Redact), .. d.Evidence.Warnings.Select(w => $"{w.Source}: {Redactor.Redact(w.Message)}")])
        {
            Notifications = [.. f.Notifications.Select(n => new NotificationJson(n.Audience, n.DueAt is { } due ? Iso(due) : null, n.StateName, n.Channel, n.Artifact)
            {
                Sequence = n.Sequence,
                Deliveries = n.Deliveries.Count == 0 ? null : [.. n.Deliveries.Select(d => new DeliveryJson(d.Channel,
                    d.State == NoticeDelivery.Waiting ? "queued" : d.State, d.Attempts, d.Answer, Iso(d.QueuedAt), d.SentAt is { } sent ? Iso(sent) : null, d.Key))],
            })],
            ImpactEstimate = new ImpactEstimateJson(Range(f.Facts.UserEstimate)) { Records = f.RecordEstimate is { } records ? Range(records) : null },
            RootCause = new RootCauseJson(
                f.Trigger is { } trigger ? Redactor.Redact(trigger) : null,
                Redactor.Redact(d.RootCause.Whys.RootCauseText),
                d.RootCause.Whys.Confidence is { } confidence ? WireNames.Of(confidence) : "LOW",
                f.RootCauseConfirmed),
            EvidencePreserved = [.. (d.Preserved?.Copies ?? []).Select(c => new PreservedEvidenceJson(c.Path, c.Sha256, c.OriginalSha256))],
        };
    }

    private static RangeJson Range(EstimateRange range) =>
        new(range.Low, range.High, range.BasisName, Redactor.Redact(range.Source)) { ExactNeeds = range.Exact };
}
