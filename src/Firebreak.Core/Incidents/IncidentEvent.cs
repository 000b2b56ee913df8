using System.Text.Json.Serialization;

namespace Firebreak.Core;

/// <summary>A fact about an incident; the incident's state is derived from its events, in order.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(IncidentDetected), "detected")]
[JsonDerivedType(typeof(IncidentClassified), "classified")]
[JsonDerivedType(typeof(StatusChanged), "status-changed")]
[JsonDerivedType(typeof(RoleAssigned), "role-assigned")]
[JsonDerivedType(typeof(EscalationBlocked), "escalation-blocked")]
[JsonDerivedType(typeof(Escalated), "escalated")]
[JsonDerivedType(typeof(Notified), "notified")]
[JsonDerivedType(typeof(IncidentAcknowledged), "acknowledged")]
[JsonDerivedType(typeof(EvidenceCollected), "evidence-collected")]
[JsonDerivedType(typeof(EvidencePreserved), "evidence-preserved")]
[JsonDerivedType(typeof(HypothesisRecorded), "hypothesis-recorded")]
[JsonDerivedType(typeof(MitigationChosen), "mitigation-chosen")]
[JsonDerivedType(typeof(MitigationStarted), "mitigation-started")]
[JsonDerivedType(typeof(MitigationExecuted), "mitigation-executed")]
[JsonDerivedType(typeof(MitigationValidated), "mitigation-validated")]
[JsonDerivedType(typeof(MajorIncidentDeclared), "major-incident-declared")]
[JsonDerivedType(typeof(ChangeFreezeDeclared), "change-freeze-declared")]
[JsonDerivedType(typeof(SlaBreached), "sla-breached")]
[JsonDerivedType(typeof(IncidentResolved), "resolved")]
[JsonDerivedType(typeof(ReviewScheduled), "review-scheduled")]
[JsonDerivedType(typeof(ActionAdded), "action-added")]
[JsonDerivedType(typeof(IncidentClosed), "closed")]
[JsonDerivedType(typeof(NoteRecorded), "note")]
[JsonDerivedType(typeof(UpdatePosted), "update-posted")]
[JsonDerivedType(typeof(WorkingStatusSet), "working-status")]
[JsonDerivedType(typeof(ReviewHeld), "review-held")]
[JsonDerivedType(typeof(ActionTracked), "action-tracked")]
[JsonDerivedType(typeof(ActionCompleted), "action-completed")]
[JsonDerivedType(typeof(ImpactStarted), "impact-started")]
[JsonDerivedType(typeof(CauseRecorded), "cause-recorded")]
[JsonDerivedType(typeof(RecurrenceLinked), "recurrence-linked")]
[JsonDerivedType(typeof(MitigationDecided), "mitigation-decided")]
public abstract record IncidentEvent(DateTimeOffset At, string Actor)
{
    /// <summary>A stable key used to avoid recording the same fact twice when a run is repeated.</summary>
    public abstract string DedupKey { get; }
}

/// <summary>The incident was detected.</summary>
public sealed record IncidentDetected(
    DateTimeOffset At, string Actor, string IncidentId, string Reporter, string DetectionMethod,
    string Summary, Priority? ReportedPriority, string Source) : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => "detected";
}

/// <summary>Triage set (or changed) the priority from Impact x Urgency.</summary>
public sealed record IncidentClassified(
    DateTimeOffset At, string Actor, Priority Priority, Impact Impact, Urgency Urgency,
    IncidentCategory Category, string Reason) : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => $"classified:{Priority}:{Impact}:{Urgency}:{Category}";
}

/// <summary>The lifecycle moved to a new status.</summary>
public sealed record StatusChanged(DateTimeOffset At, string Actor, IncidentStatus From, IncidentStatus To, string Reason)
    : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => $"status:{From}->{To}";
}

/// <summary>A person took a response role (incident commander, technical lead, tier owner...).</summary>
public sealed record RoleAssigned(DateTimeOffset At, string Actor, string Role, string Person, string Reason)
    : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => $"role:{Role}:{Person}";
}

/// <summary>The first choice for a role was unavailable and a backup was used.</summary>
public sealed record EscalationBlocked(DateTimeOffset At, string Actor, string Role, string Unavailable, string? Backup, string Reason)
    : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => $"blocked:{Role}:{Unavailable}";
}

/// <summary>Functional escalation to a tier.</summary>
public sealed record Escalated(DateTimeOffset At, string Actor, Tier Tier, string Reason) : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => $"escalated:{Tier}";
}

/// <summary>An audience was notified (management, executives, legal, status page, on-call...).</summary>
public sealed record Notified(DateTimeOffset At, string Actor, string Audience, string Recipients, string Reason)
    : IncidentEvent(At, Actor)
{
    /// <summary>The number of a repeated notice to the same audience (status-page update #1, #2...); null for a notice given once.</summary>
    public int? Sequence { get; init; }

    /// <inheritdoc/>
    public override string DedupKey => Sequence is { } n ? $"notified:{Audience}:{n}" : $"notified:{Audience}";
}

/// <summary>A person acknowledged the incident (an alert's acknowledged status, --acknowledged-at, later the ack command); the acknowledge and engage SLAs are measured from it.</summary>
public sealed record IncidentAcknowledged(DateTimeOffset At, string Actor, string By, string Source) : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => $"acknowledged:{At:O}";
}

/// <summary>Evidence was gathered from a source.</summary>
public sealed record EvidenceCollected(DateTimeOffset At, string Actor, string Source, string Summary) : IncidentEvent(At, Actor)
{
    /// <summary>What the finding rests on, when the summary also carries counts that grow between runs (log records read); a re-run records the source again only when this changes. Null: the summary itself.</summary>
    public string? Basis { get; init; }

    /// <inheritdoc/>
    public override string DedupKey => $"evidence:{Source}:{Basis ?? Summary}";
}

/// <summary>Evidence files were copied into the incident with a SHA-256 manifest before any mitigation.</summary>
public sealed record EvidencePreserved(DateTimeOffset At, string Actor, string Manifest, int FileCount) : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => $"preserved:{Manifest}";
}

/// <summary>A root-cause hypothesis with its confidence.</summary>
public sealed record HypothesisRecorded(
    DateTimeOffset At, string Actor, string Statement, Confidence Confidence, string? ChangeRef)
    : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => $"hypothesis:{ChangeRef}:{Statement}";
}

/// <summary>A mitigation strategy was chosen.</summary>
public sealed record MitigationChosen(DateTimeOffset At, string Actor, MitigationStrategy Strategy, string Rationale)
    : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => $"mitigation-chosen:{Strategy}";
}

/// <summary>
/// A mitigation command is about to run: the intent, stored before the command starts. A later
/// <see cref="MitigationExecuted"/> is its outcome; an intent without one was interrupted (killed, Ctrl-C, out of memory).
/// </summary>
public sealed record MitigationStarted(DateTimeOffset At, string Actor, MitigationStrategy Strategy, string Command, string Key, string? Binary)
    : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => $"mitigation-started:{Key}";
}

/// <summary>A mitigation command ran.</summary>
public sealed record MitigationExecuted(
    DateTimeOffset At, string Actor, MitigationStrategy Strategy, string Command, int ExitCode, bool Succeeded, string OutputFile)
    : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => $"mitigation-executed:{Strategy}:{At:O}";
}

/// <summary>A mitigation was validated against baseline and SLO.</summary>
public sealed record MitigationValidated(DateTimeOffset At, string Actor, ResolutionVerdict Verdict, string Summary)
    : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => $"validated:{Verdict}:{At:O}";
}

/// <summary>Several P0/P1 incidents are open at once.</summary>
public sealed record MajorIncidentDeclared(DateTimeOffset At, string Actor, IReadOnlyList<string> OpenIncidents, string Coordinator)
    : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => "major-incident";
}

/// <summary>All deployments are halted.</summary>
public sealed record ChangeFreezeDeclared(DateTimeOffset At, string Actor, string Reason) : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => "change-freeze";
}

/// <summary>A response SLA (acknowledge, engage, resolve) was exceeded.</summary>
public sealed record SlaBreached(DateTimeOffset At, string Actor, string Sla, TimeSpan Target, TimeSpan Elapsed)
    : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => $"sla-breached:{Sla}";
}

/// <summary>The incident was resolved.</summary>
public sealed record IncidentResolved(DateTimeOffset At, string Actor, string Summary) : IncidentEvent(At, Actor)
{
    /// <summary>Which resolution this is when the incident was reopened and resolved again (2, 3...); null for the first.</summary>
    public int? Resolution { get; init; }

    /// <inheritdoc/>
    public override string DedupKey => Resolution is { } n and > 1 ? $"resolved:{n}" : "resolved";
}

/// <summary>The post-incident review was scheduled (or moved): the meeting, its facilitator and the policy deadline it was placed before.</summary>
/// <remarks>A booking made before the deadline was recorded has none (<paramref name="Deadline"/> null) and keeps the key
/// <c>review-scheduled</c>; a booking with a deadline is keyed by it, so a review moved to a new deadline (resolution, a
/// reopened and resolved incident, a new priority) is a new fact and the same booking recorded twice is one.</remarks>
public sealed record ReviewScheduled(DateTimeOffset At, string Actor, DateTimeOffset MeetingAt, string Facilitator, DateTimeOffset? Deadline = null)
    : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => Deadline is { } deadline
        ? $"review-scheduled:{deadline.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)}"
        : "review-scheduled";
}

/// <summary>A preventive action was added.</summary>
public sealed record ActionAdded(DateTimeOffset At, string Actor, string Horizon, string Action, string Owner, DateTimeOffset Due)
    : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => $"action:{Horizon}:{Action}";
}

/// <summary>The incident was closed after review.</summary>
public sealed record IncidentClosed(DateTimeOffset At, string Actor, string Reason) : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => "closed";
}

/// <summary>A free-form timeline note (a warning, a decision) with its source.</summary>
public sealed record NoteRecorded(DateTimeOffset At, string Actor, string Text, string? Source) : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => $"note:{Text}";
}
