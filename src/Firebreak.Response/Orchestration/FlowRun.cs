using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>The collaborators the flow needs; all injectable for tests.</summary>
public sealed record FlowServices(
    IEvidenceSource Evidence,
    IReasoning Reasoning,
    IProcessRunner Processes,
    IArtifactSink Artifacts,
    TimeProvider Time,
    IFlowReporter Reporter)
{
    /// <summary>The incident folder's file work (folders, evidence copies, action logs); the real folder by default.</summary>
    public IIncidentWorkspace Workspace { get; init; } = new IncidentFolderWorkspace();

    /// <summary>Delivers notices; the default drafts only (Firebreak sends nothing yet).</summary>
    public INotifier Notifier { get; init; } = DraftOnlyNotifier.Instance;

    /// <summary>Told after each step's events are stored (tests inject faults here); none by default.</summary>
    public IStepObserver Observer { get; init; } = NoStepObserver.Instance;

    /// <summary>Reads the outbox's delivery record of an incident's notices; none by default (every notice shows as decided or drafted).</summary>
    public IDeliveryLedger Deliveries { get; init; } = NoDeliveries.Instance;

    /// <summary>The outbox the run queues its decided notices in (one message per configured channel); none by default.</summary>
    public IOutboxPort Outbox { get; init; } = NoOutbox.Instance;
}

/// <summary>
/// What one run shares across its steps: the request, the services, the journal and the warnings raised.
/// It holds no decisions: each step returns an immutable result and the next step receives it as an argument.
/// </summary>
public sealed class FlowRun(FlowRequest request, FlowServices services, EventJournal journal, DateTimeOffset asOf, IIncidentStore? store)
{
    private readonly List<string> _warnings = [];

    public FlowRequest Request { get; } = request;
    public FlowServices Services { get; } = services;
    public EventJournal Journal { get; } = journal;

    /// <summary>The project's incident store, to see the other open incidents.</summary>
    public IIncidentStore? Store { get; } = store;

    /// <summary>The moment the run evaluates (now, or --at); a validation wait produces a later moment in step 6's result.</summary>
    public DateTimeOffset AsOf { get; } = asOf;

    public ProjectConfig Config => Request.Config;
    public ResponsePolicy Policy => Request.Config.Policy;
    public GuidanceProfile Guidance => Request.Guidance;
    public IFlowReporter Reporter => Services.Reporter;

    /// <summary>Warnings raised by error paths, for the record and the summary.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Adds a flow warning once.</summary>
    public void Warn(string warning)
    {
        if (!_warnings.Contains(warning))
        {
            _warnings.Add(warning);
        }
    }

    /// <summary>The priority in force: the recorded one, else the triaged one.</summary>
    public Priority Priority(TriageResult triage)
    {
        ArgumentNullException.ThrowIfNull(triage);
        return Journal.State.Priority ?? triage.Priority;
    }

    /// <summary>The clocks of the incident at a moment.</summary>
    public ClockReport Clock(DateTimeOffset at) => EscalationClock.Evaluate(Journal.State, Policy, at);
}

/// <summary>Step 1's result: the evidence, its diagnosis, and how the incident was detected.</summary>
public sealed record Detected(EvidenceBundle Evidence, Diagnosis Diagnosis, DetectionRecord Detection, DateTimeOffset DetectedAt)
{
    /// <summary>The facts the root cause analysis reads.</summary>
    public IncidentFacts Facts(ProjectConfig config, TriageResult triage) =>
        new(config, Evidence, Diagnosis, triage, DetectedAt, Detection.Symptoms);
}

/// <summary>Step 2's result: the triage (decided once), the roster, and the evidence preserved on the security path.</summary>
public sealed record Triaged(TriageResult Triage, RoleRoster Roster, bool SecurityPath, PreservedEvidence? Preserved);

/// <summary>Step 3's result: the tier reached with its reasons and typed Tier 3 decisions, and the roster that tier engages.</summary>
public sealed record FunctionallyEscalated(FunctionalEscalation Functional, RoleRoster Roster);

/// <summary>Step 6's result: the plan, what came of it, the root cause analysis with the mitigation's factors, and the moment after any validation wait.</summary>
public sealed record Mitigated(MitigationPlan Plan, MitigationOutcome Outcome, RootCauseAnalysis RootCause, EscalationDecision Escalation, DateTimeOffset AsOf);

/// <summary>Step 7's result: the review meeting and the preventive actions on record.</summary>
public sealed record Reviewed(ReviewPlan Review, IReadOnlyList<PreventiveAction> Actions);
