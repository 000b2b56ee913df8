using Firebreak.Core;
using Firebreak.Evidence;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Response.Tests;

/// <summary>A checkout deploy regression, in memory: the evidence, the diagnosis and the plan the fakes return.</summary>
internal sealed class Scenario : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    private readonly TempDir _dir = new();

    public Scenario()
    {
        Time = new FakeTimeProvider(Now);
        Profile = new ServiceProfile(
            "shop", 240000, new SloTargets(99.9, 400),
            [
                new ComponentInfo("checkout-api", "Dana Wu", "Lee Park", ["src/checkout/"], true, ["postgres"]),
                new ComponentInfo("search", "Omar Ali", null, ["src/search/"], false, []),
            ],
            new PeopleDirectory(["Alex Kim", "Sam Ortiz"], ["Rita Gomez"], ["Jo Lee"], ["Ken Ito"], ["Mia Chen"], ["Omar Haddad"], ["Ana Silva"], [], [], new HashSet<string>()));
        Commands = new MitigationCommands(
            new Dictionary<MitigationStrategy, IReadOnlyList<string>> { [MitigationStrategy.Rollback] = ["./ops/rollback.sh", "{component}", "{previous_version}"] },
            TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(1));
        Change = new ChangeRecord(ChangeKind.Deploy, Now.AddMinutes(-21), "checkout-api", "3.8.0", "checkout-api 3.8.0 rolling deploy", new SourceRef("deploys.jsonl", 2))
        {
            Version = "3.8.0",
            Commit = "56e0aff1c2d3",
        };
        Previous = new ChangeRecord(ChangeKind.Deploy, Now.AddDays(-3), "checkout-api", "3.7.2", "checkout-api 3.7.2", new SourceRef("deploys.jsonl", 1)) { Version = "3.7.2" };
        Alert = new Alert("CheckoutHighErrorRate", "firing", "critical", "checkout-api", "checkout-api 5xx ratio above 5% for 5m", "Error ratio is 0.61",
            Now.AddMinutes(-12), null, "abc", new Dictionary<string, string>(), new SourceRef("alerts/01-CheckoutHighErrorRate.json"));
        Runbook = new RunbookMatch(new Runbook("runbooks/runbook-high-error-rate.md", "high error rate after a deploy", "text", ["roll back"]), 0.8, ["error", "deploy"]);
        Facts = new TriageFacts
        {
            Users = 240000,
            AffectedUserRatio = 0.9,
            SevereDegradation = true,
            CriticalComponentUnavailable = true,
            Trend = Trend.Worsening,
            SloViolated = true,
            BudgetExhaustedIn = TimeSpan.FromMinutes(40),
        };
    }

    public FakeTimeProvider Time { get; }
    public ServiceProfile Profile { get; set; }
    public MitigationCommands Commands { get; set; }
    public ChangeRecord Change { get; }
    public ChangeRecord Previous { get; }
    public Alert Alert { get; set; }
    public RunbookMatch? Runbook { get; set; }
    public TriageFacts Facts { get; set; }
    public IncidentCategory Category { get; set; } = IncidentCategory.Availability;
    public CauseKind Cause { get; set; } = CauseKind.Change;
    public MitigationStrategy Strategy { get; set; } = MitigationStrategy.Rollback;
    public ResolutionVerdict Verdict { get; set; } = ResolutionVerdict.Resolved;
    public ResponsePolicy Policy { get; set; } = DefaultPolicy.Instance;
    public string ProjectDirectory => _dir.Path;

    public ProjectConfig Config => new(_dir.Path, Profile, EvidenceSources.Default, Commands, Policy) { HasConfigFile = true };

    /// <summary>The metric analyses the evidence source serves at a moment (none by default).</summary>
    public Func<DateTimeOffset, IReadOnlyList<SeriesAnalysis>> Metrics { get; set; } = _ => [];

    public EvidenceBundle Evidence(DateTimeOffset asOf) => new(
        Config,
        Alert.StartsAt <= asOf ? [Alert] : [],
        [Previous, Change],
        Metrics(asOf),
        LogAnalysis.Empty,
        Runbook is null ? [] : [Runbook.Runbook],
        []);

    public Diagnosis Diagnosis => new(
        Category,
        ["checkout-api"],
        "checkout-api",
        Now.AddMinutes(-20),
        [
            new Hypothesis(
                Cause == CauseKind.Change ? "deploy 3.8.0 of checkout-api introduced a NullReferenceException in PriceCalculator.Apply" : "the payment provider times out",
                Cause,
                Cause == CauseKind.Change ? Change : null,
                0.92,
                Confidence.High,
                [new EvidenceItem("System.NullReferenceException surged from 0 to 30/min", new SourceRef("logs/checkout-api.log", 412))]),
        ],
        Facts,
        [new EvidenceItem("checkout_error_ratio rose from 0.003 to 0.9", new SourceRef("metrics/checkout_error_ratio.json", null, "2026-11-25T19:45Z"))],
        Runbook is null ? [] : [Runbook]);

    public MitigationPlan Plan => new(
        Strategy,
        "the deploy that introduced the errors is the most recent change of checkout-api; its previous version was stable",
        ["Roll back checkout-api to 3.7.2"],
        ["Redeploy 3.8.0 once fixed"],
        "checkout-api",
        null,
        []);

    public FakeEvidence EvidenceSource { get; private set; } = null!;
    public FakeReasoning Reasoning { get; private set; } = null!;
    public IStepObserver Observer { get; set; } = NoStepObserver.Instance;
    public FakeRunner Runner { get; set; } = new(new ProcessResult(0, "rolled back\n", string.Empty, false, null));
    public RecordingSink Sink { get; } = new();
    public InMemoryStore Store { get; } = new();
    public List<(ProgressMark Mark, string Text)> Progress { get; } = [];

    public RespondHandler Flow()
    {
        EvidenceSource = new FakeEvidence(Evidence);
        Reasoning = new FakeReasoning(Diagnosis, Plan, Verdict);
        var services = new FlowServices(EvidenceSource, Reasoning, Runner, Sink, Time, new ListReporter(Progress)) { Observer = Observer };
        return new RespondHandler(services, _ => Store);
    }

    public FlowRequest Request(string id = "INC-1") => new(new IncidentId(id), Config);

    public void Dispose() => _dir.Dispose();

    private sealed class ListReporter(List<(ProgressMark, string)> lines) : IFlowReporter
    {
        public void Report(ProgressMark mark, string text, int depth = 0) => lines.Add((mark, text));

        public void Block(string text) => lines.Add((ProgressMark.Working, text));
    }
}
