using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>How far the incident was escalated, functionally and hierarchically, and why.</summary>
public sealed record EscalationDecision(
    Tier Tier,
    IReadOnlyList<string> TierReasons,
    bool ManagementNotified,
    string ManagementReason,
    bool ExecutiveNotified,
    string ExecutiveReason)
{
    public bool LegalNotified { get; init; }
    public bool SecurityEngaged { get; init; }
    public string? MajorIncidentCoordinator { get; init; }
    public IReadOnlyList<string> OtherOpenIncidents { get; init; } = [];

    /// <summary>The Tier 3 decisions, made once when Tier 3 was reached; empty below Tier 3.</summary>
    public IReadOnlyList<Tier3Decision> Tier3Decisions { get; init; } = [];
}

/// <summary>What a preventive action does: stop the cause recurring, see it sooner, limit it when it happens, or change how the team works.</summary>
public enum PreventiveType { Prevent, Detect, Mitigate, Process }

/// <summary>A preventive action's priority; the policy ties it to the horizon (immediate high, short-term medium, long-term low).</summary>
public enum ActionPriority { High, Medium, Low }

/// <summary>A preventive action with its horizon (Immediate, Short-term, Long-term), owner and due date.</summary>
public sealed record PreventiveAction(string Horizon, string Action, string Owner, DateTimeOffset Due, string Status, string Why)
{
    /// <summary>What the action does.</summary>
    public PreventiveType Type { get; init; } = PreventiveType.Prevent;

    /// <summary>Its priority, from its horizon.</summary>
    public ActionPriority Priority { get; init; } = ActionPriority.Medium;
}

/// <summary>What happened when the mitigation ran (or that it did not run).</summary>
public sealed record MitigationOutcome(
    bool Executed,
    string? Command,
    int? ExitCode,
    string? OutputFile,
    DateTimeOffset? ExecutedAt,
    ResolutionVerdict? Verdict,
    IReadOnlyList<EvidenceItem> ValidationEvidence,
    string Note)
{
    /// <summary>The metrics read after the validation window, which the validation compared with those before; empty when not validated in this run.</summary>
    public IReadOnlyList<SeriesAnalysis> AfterMetrics { get; init; } = [];

    /// <summary>When the after-metrics were read.</summary>
    public DateTimeOffset? ValidatedAt { get; init; }

    /// <summary>Nothing was run (no --execute, or no command configured).</summary>
    public static MitigationOutcome NotExecuted(string note) => new(false, null, null, null, null, null, [], note);
}

/// <summary>The post-incident review meeting.</summary>
public sealed record ReviewPlan(bool Required, DateTimeOffset? MeetingAt, DateTimeOffset? DueBy, TimeSpan Duration, IReadOnlyList<string> RequiredAttendees, IReadOnlyList<string> OptionalAttendees);

/// <summary>One preserved file: its byte-exact private copy (path relative to the incident folder), hashes, and its redacted shareable copy.</summary>
/// <param name="Source">The original, relative to the project.</param>
/// <param name="Path">The byte-exact copy, relative to the incident folder (it lives outside it, in <c>.aiwg/evidence/&lt;id&gt;/</c>).</param>
/// <param name="Sha256">The copy's SHA-256.</param>
/// <param name="OriginalSha256">The original's SHA-256 when it was copied; equal to <paramref name="Sha256"/> for a byte-exact copy.</param>
/// <param name="RedactedPath">The labelled, redacted copy safe to share, relative to the incident folder.</param>
public sealed record PreservedCopy(string Source, string Path, string Sha256, string OriginalSha256, string RedactedPath);

/// <summary>Evidence preserved before mitigation: byte-exact private copies with their manifest, and redacted shareable copies.</summary>
public sealed record PreservedEvidence(string ManifestPath, IReadOnlyList<PreservedCopy> Copies)
{
    /// <summary>The byte-exact copies (relative to the incident folder) with their SHA-256.</summary>
    public IReadOnlyList<(string File, string Sha256)> Files => [.. Copies.Select(c => (c.Path, c.Sha256))];
}

/// <summary>One stored version of the incident's analysis (its number, when it was recorded and why), for the audit log.</summary>
public sealed record AnalysisVersionNote(int Version, DateTimeOffset RecordedAt, string Reason);

/// <summary>Everything the artifact writers need: the incident's state and the results of each role.</summary>
public sealed record IncidentDossier
{
    public required IncidentId Id { get; init; }
    public required DateTimeOffset AsOf { get; init; }
    public required DateTimeOffset DetectedAt { get; init; }
    public required string Reporter { get; init; }
    public required string DetectionMethod { get; init; }
    public required string ReportedSymptoms { get; init; }
    public required ProjectConfig Config { get; init; }
    public required EvidenceBundle Evidence { get; init; }
    public required Diagnosis Diagnosis { get; init; }
    public required TriageResult Triage { get; init; }
    public required GuidanceProfile Guidance { get; init; }
    public required RoleRoster Roster { get; init; }
    public required EscalationDecision Escalation { get; init; }

    /// <summary>Step 5's analysis (5 Whys and the fishbone found in the evidence), stored as it was decided.</summary>
    public required RootCauseAnalysis RootCause { get; init; }
    public required MitigationPlan Mitigation { get; init; }
    public required MitigationOutcome Outcome { get; init; }
    public required ClockReport Clock { get; init; }

    /// <summary>
    /// The contributing factors as of <see cref="Clock"/>: the stored fishbone plus the factors that depend on the incident's live
    /// state (a response target missed by a measured time), so a later ack or resolve re-renders them without re-analysing.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public RcaFishbone ContributingFactors => FishboneAnalysis.AsOf(RootCause.Factors, Clock);
    public required IncidentState State { get; init; }
    public required ReviewPlan Review { get; init; }
    public required IReadOnlyList<PreventiveAction> Actions { get; init; }
    public PreservedEvidence? Preserved { get; init; }

    /// <summary>Warnings raised by the flow (error paths taken), shown in the record and summary.</summary>
    public IReadOnlyList<string> FlowWarnings { get; init; } = [];

    /// <summary>Other incidents known to the store that look related (same component or cause), for the knowledge base article.</summary>
    public IReadOnlyList<string> RelatedIncidents { get; init; } = [];

    /// <summary>The incident's outbox messages with their delivery state (queued, sent, failed), as the outbox records them.</summary>
    public IReadOnlyList<NoticeDelivery> Deliveries { get; init; } = [];

    /// <summary>The stored versions of the incident's analysis, oldest first (supplied by the command that renders, never stored in the analysis).</summary>
    public IReadOnlyList<AnalysisVersionNote> AnalysisVersions { get; init; } = [];
}
