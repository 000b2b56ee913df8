using System.Text.Json.Serialization;

namespace Firebreak.Response;

/// <summary>
/// incident.json, the machine-readable state of the project-kit contract (docs/incident.schema.json documents it).
/// The contract's fields come first; extra keys follow; the contract v2 additions are written only once set.
/// Times are ISO 8601 UTC strings with milliseconds and Z.
/// </summary>
public sealed record IncidentJson(
    string Id,
    string Status,
    string Priority,
    string Impact,
    string Urgency,
    string Category,
    string DetectedAt,
    IReadOnlyList<string> AffectedComponents,
    SuspectedChangeJson? SuspectedChange,
    MitigationJson Mitigation,
    EscalationJson Escalation,
    IReadOnlyList<string> Artifacts,
    string? ReportedPriority,
    string SeverityVerdict,
    string? Onset,
    string? ResolvedAt,
    string AsOf,
    string? OriginComponent,
    IReadOnlyDictionary<string, string> Roles,
    IReadOnlyList<HypothesisJson> Hypotheses,
    IReadOnlyList<SlaJson> Sla,
    string? NextUpdateAt,
    string? ReviewAt,
    IReadOnlyList<PreventiveActionJson> PreventiveActions,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Contract v2: one entry per decided notice, with its delivery state.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<NotificationJson>? Notifications { get; init; }

    /// <summary>Contract v2: affected users (and records, where data was accessed or lost) as ranges with their basis.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ImpactEstimateJson? ImpactEstimate { get; init; }

    /// <summary>Contract v2: the trigger and the root cause, kept apart.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RootCauseJson? RootCause { get; init; }

    /// <summary>Contract v2: the byte-exact evidence copies and their hashes.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<PreservedEvidenceJson>? EvidencePreserved { get; init; }
}

/// <summary>The change that most likely caused the incident.</summary>
public sealed record SuspectedChangeJson(
    string Kind, string Ref, string At, string? Component, string Confidence, string? Commit, string? Version, string? PreviousVersion, string Source);

/// <summary>The mitigation chosen and what came of it.</summary>
public sealed record MitigationJson(
    string Strategy, bool Executed, bool Validated, string? Verdict, string? TargetComponent, string? TargetVersion, string? Command);

/// <summary>The tier reached and whether the policy requires each notice (not whether it was delivered).</summary>
public sealed record EscalationJson(int Tier, bool ManagementNotified, bool ExecutiveNotified, bool LegalNotified, bool SecurityEngaged);

/// <summary>A hypothesis with its evidence, each item with its source.</summary>
public sealed record HypothesisJson(string Statement, string Cause, string Confidence, double Score, string? ChangeRef, IReadOnlyList<string> Evidence);

/// <summary>An SLA clock: target and elapsed as HH:MM, the outcome, and (contract v2) the status and what it was measured from.</summary>
public sealed record SlaJson(string Name, string? Target, string? Elapsed, string Outcome)
{
    /// <summary>Contract v2: met | missed | pending | unknown.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }

    /// <summary>Contract v2: the event the clock was measured from, or "unknown (…)".</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MeasuredFrom { get; init; }
}

/// <summary>A preventive action.</summary>
public sealed record PreventiveActionJson(string Horizon, string Action, string Owner, string Due, string Status)
{
    /// <summary>prevent | detect | mitigate | process.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Type { get; init; }

    /// <summary>high | medium | low.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Priority { get; init; }
}

/// <summary>Contract v2: a decided notice; <c>sent</c> only when a channel accepted it, <c>confirmed</c> only when a person said so.</summary>
public sealed record NotificationJson(string Audience, string? DueAt, string State, string? Channel, string? Artifact)
{
    /// <summary>The number of a repeated notice (status-page update #n); absent for a notice given once.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Sequence { get; init; }

    /// <summary>The outbox messages of the notice, one per channel; absent when none was queued.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<DeliveryJson>? Deliveries { get; init; }
}

/// <summary>One outbox message of a notice: its channel, outbox state (queued, sent, failed), attempts, the channel's last answer and when it was queued and sent.</summary>
public sealed record DeliveryJson(string Channel, string State, int Attempts, string? Answer, string QueuedAt, string? SentAt, string Key);

/// <summary>Contract v2: the impact as ranges; <c>records</c> only where data was accessed or lost.</summary>
public sealed record ImpactEstimateJson(RangeJson? Users)
{
    /// <summary>Records accessed or lost, where counted.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RangeJson? Records { get; init; }
}

/// <summary>Contract v2: a range with its basis (stated | counted | estimated) and source.</summary>
public sealed record RangeJson(long? Low, long? High, string Basis, string? Source)
{
    /// <summary>What would make the range exact.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ExactNeeds { get; init; }
}

/// <summary>Contract v2: the trigger and the root cause statement, its confidence and whether it is confirmed.</summary>
public sealed record RootCauseJson(string? Trigger, string Statement, string Confidence, bool Confirmed);

/// <summary>Contract v2: a preserved evidence copy (path relative to the incident folder) and the hashes of copy and original.</summary>
public sealed record PreservedEvidenceJson(string Path, string Sha256, string? OriginalSha256);

/// <summary>The source-generated serializer of incident.json (snake_case keys, nulls written, indented).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(IncidentJson))]
public sealed partial class IncidentJsonContext : JsonSerializerContext;
