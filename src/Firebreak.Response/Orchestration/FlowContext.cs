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
    IFlowReporter Reporter);

/// <summary>One run of the flow: the request, the journal, and what each step found so far.</summary>
public sealed class FlowContext(FlowRequest request, FlowServices services, EventJournal journal, DateTimeOffset asOf)
{
    private readonly List<string> _warnings = [];

    public FlowRequest Request { get; } = request;
    public FlowServices Services { get; } = services;
    public EventJournal Journal { get; } = journal;

    /// <summary>The project's incident store, to see the other open incidents.</summary>
    public IIncidentStore? Store { get; init; }

    /// <summary>The moment the flow evaluates (now, or --at); moves forward only when a validation window is waited out.</summary>
    public DateTimeOffset AsOf { get; set; } = asOf;

    public ProjectConfig Config => Request.Config;
    public ResponsePolicy Policy => Request.Config.Policy;
    public GuidanceProfile Guidance => Request.Guidance;
    public IFlowReporter Reporter => Services.Reporter;

    public EvidenceBundle? Evidence { get; set; }
    public Diagnosis? Diagnosis { get; set; }
    public DetectionRecord? Detection { get; set; }
    public TriageResult? Triage { get; set; }
    public RoleRoster? Roster { get; set; }
    public FunctionalEscalation? Functional { get; set; }
    public EscalationDecision? Escalation { get; set; }
    public RootCauseAnalysis? RootCause { get; set; }
    public MitigationPlan? Plan { get; set; }
    public MitigationOutcome? Outcome { get; set; }
    public PreservedEvidence? Preserved { get; set; }
    public ReviewPlan? Review { get; set; }
    public IReadOnlyList<PreventiveAction> Actions { get; set; } = [];

    /// <summary>The priority in force: the classified one, else the reported one, else P2.</summary>
    public Priority Priority => Journal.State.Priority ?? Triage?.Priority ?? Request.ReportedPriority ?? Priority.P2;

    /// <summary>True when the security path applies (breach, data loss, or guidance asking for forensics).</summary>
    public bool SecurityPath { get; set; }

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

    /// <summary>The evidence, once step 1 has collected it.</summary>
    public EvidenceBundle RequireEvidence() => Evidence ?? throw new InvalidOperationException("evidence has not been collected yet");

    /// <summary>The diagnosis, once step 1 has made it.</summary>
    public Diagnosis RequireDiagnosis() => Diagnosis ?? throw new InvalidOperationException("the incident has not been diagnosed yet");

    /// <summary>The triage, once step 2 has made it.</summary>
    public TriageResult RequireTriage() => Triage ?? throw new InvalidOperationException("the incident has not been triaged yet");

    /// <summary>The roster, once step 2 has assigned it.</summary>
    public RoleRoster RequireRoster() => Roster ?? throw new InvalidOperationException("roles have not been assigned yet");

    /// <summary>When the incident was detected: as first recorded, else as step 1 found it.</summary>
    public DateTimeOffset DetectedAt
    {
        get
        {
            var detection = Detection ?? throw new InvalidOperationException("step 1 has not run");
            return Journal.State.DetectedAt == default ? detection.DetectedAt : Journal.State.DetectedAt;
        }
    }

    /// <summary>The facts the root cause analysis reads, once steps 1 and 2 have run.</summary>
    public IncidentFacts Facts() =>
        new(Config, RequireEvidence(), RequireDiagnosis(), RequireTriage(), DetectedAt, Detection?.Symptoms ?? string.Empty);

    /// <summary>The current clocks of the incident.</summary>
    public ClockReport Clock() => EscalationClock.Evaluate(Journal.State, Policy, AsOf);
}
