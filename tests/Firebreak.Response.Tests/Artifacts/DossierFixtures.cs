using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response.Tests;

/// <summary>Hand-built dossiers covering the artifact variants: a P0 deploy regression, a P3 minor issue, a Tier 3 security incident and one with almost no evidence.</summary>
public static class DossierFixtures
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 19, 0, 0, TimeSpan.Zero);

    /// <summary>Secrets planted in the security fixture; no artifact may contain them.</summary>
    public static readonly string[] Secrets = ["hunter2", "s3cretpass", "abcdef0123456789abcdef"];

    public const string DeploySha = "56e0aff3c1d2b4a5968778695a4b3c2d1e0f9a8b";

    /// <summary>All fixtures by name.</summary>
    public static IReadOnlyDictionary<string, IncidentDossier> All { get; } = new Dictionary<string, IncidentDossier>(StringComparer.Ordinal)
    {
        ["deploy-p0"] = DeployRegressionP0(),
        ["minor-p3"] = MinorP3(),
        ["security-tier3"] = Tier3Decided(SecurityTier3()),
        ["no-evidence"] = NoEvidence(),
        ["capacity-p1"] = CapacityP1(),
    };

    /// <summary>The dossier with the Tier 3 decisions step 3 makes once (ArchitectureDesigner.Decide).</summary>
    private static IncidentDossier Tier3Decided(IncidentDossier dossier) =>
        dossier with { Escalation = dossier.Escalation with { Tier3Decisions = ArchitectureDesigner.Decide(dossier.Diagnosis, dossier.Mitigation) } };

    public static IEnumerable<object[]> Names() => All.Keys.Select(k => new object[] { k });

    private static DateTimeOffset At(int minutes, int seconds = 0) => T0.AddMinutes(minutes).AddSeconds(seconds);

    private static readonly RootCauseAnalysis Unanalysed = new(new FiveWhysChain(string.Empty, [], null, null, string.Empty), RcaFishbone.Empty);

    /// <summary>The dossier with its root cause analysis made by the roles' code from its own parts, as step 5 and 6 make it.</summary>
    public static IncidentDossier Analysed(IncidentDossier dossier)
    {
        var facts = new IncidentFacts(dossier.Config, dossier.Evidence, dossier.Diagnosis, dossier.Triage, dossier.DetectedAt, dossier.ReportedSymptoms);
        var context = new FishboneContext(dossier.Roster, dossier.Guidance, dossier.Clock, dossier.DetectionMethod, dossier.Escalation.OtherOpenIncidents);
        var factors = ReliabilityEngineer.MitigationFactors(ReliabilityEngineer.ContributingFactors(facts, context), dossier.Mitigation, dossier.Config.Mitigation);
        return dossier with { RootCause = new RootCauseAnalysis(IncidentResponder.FiveWhys(facts), factors) };
    }

    private static PeopleDirectory People(IReadOnlySet<string>? unavailable = null) => new(
        Oncall: ["Alex Kim", "Sam Ortiz"],
        IncidentCommanders: ["Rita Gomez"],
        Communications: ["Jo Lee"],
        Architects: ["Ken Ito"],
        Management: ["Mia Chen"],
        Executives: ["Omar Haddad"],
        Security: ["Ana Silva"],
        Legal: ["Lou Grant"],
        DeploymentManagers: ["Pat Ray"],
        Unavailable: unavailable ?? new HashSet<string>());

    private static ServiceProfile Shop(IReadOnlySet<string>? unavailable = null) => new(
        "shop",
        240_000,
        new SloTargets(99.9, 400),
        [
            new ComponentInfo("checkout-api", "Dana Wu", "Lee Park", ["src/checkout/"], true, ["postgres", "payments-gateway"]),
            new ComponentInfo("postgres", "Kim Dba", null, [], true, []),
            new ComponentInfo("search", "Ivy Chen", null, ["src/search/"], false, []),
        ],
        People(unavailable));

    private static ProjectConfig Config(ServiceProfile profile, bool withRollback = true) => new(
        "/projects/shop",
        profile,
        EvidenceSources.Default with { LogGlobs = ["logs/*.log"] },
        withRollback
            ? new MitigationCommands(
                new Dictionary<MitigationStrategy, IReadOnlyList<string>> { [MitigationStrategy.Rollback] = ["./ops/rollback.sh", "{component}", "{version}"] },
                TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5))
            : MitigationCommands.None,
        DefaultPolicy.Instance)
    { HasConfigFile = true };

    private static MetricSeries Series(string name, string kind, string? component, Func<int, double> value, int fromMinute = -20, int toMinute = 50) =>
        new(name, kind, component, new Dictionary<string, string>(),
            [.. Enumerable.Range(fromMinute, toMinute - fromMinute + 1).Select(m => new MetricSample(At(m), value(m)))],
            new SourceRef($"metrics/{name}.json"));

    private static SeriesAnalysis Analysis(MetricSeries series, double baseline, double current, double peak, DateTimeOffset? onset, Trend trend, bool anomalous, string direction) =>
        new(series, baseline, baseline / 10, current, peak, onset, trend, anomalous, direction)
        {
            CurrentSource = new SourceRef(series.Source.File, null, $"sample at {At(50):HH:mm}"),
        };

    private static RoleRoster Roster(params (string Role, string? Person)[] roles) =>
        new([.. roles.Select(r => new RoleAssignment(r.Role, r.Person, r.Person is null ? "nobody configured" : "first in rotation"))], []);

    private static ClockReport Clock(DateTimeOffset asOf, DateTimeOffset detected, params SlaVerdict[] slas) =>
        new(asOf, asOf - detected, slas,
            [
                new ClockDeadline(EscalationClock.Tier2, detected.AddMinutes(15), true),
                new ClockDeadline(EscalationClock.StatusPage, detected.AddMinutes(30), false),
            ],
            asOf.AddMinutes(15), asOf.AddHours(24));

    /// <summary>checkout-api 3.8.0 deploy at 19:14 breaks checkout at 19:15; rolled back and resolved; P0 with management and executives.</summary>
    public static IncidentDossier DeployRegressionP0()
    {
        var profile = Shop(new HashSet<string> { "Dana Wu" });
        var config = Config(profile);
        var deploy = new ChangeRecord(ChangeKind.Deploy, At(13, 59), "checkout-api", DeploySha, "checkout-api 3.8.0 rolling deploy | batch 1", new SourceRef("deploys.jsonl", 1))
        {
            Commit = DeploySha,
            Version = "3.8.0",
            PreviousVersion = "3.7.2",
            Author = "ci-bot",
            Files = ["src/checkout/PaymentService.cs", "src/checkout/CartTotals.cs"],
        };
        var flag = new ChangeRecord(ChangeKind.FeatureFlag, At(33, 59), "recommender", "recs_carousel_v2", "feature flag recs_carousel_v2 enabled for 10% of users", new SourceRef("deploys.jsonl", 2))
        {
            Key = "recs_carousel_v2",
            OldValue = "off",
            NewValue = "10%",
        };
        var errors = Analysis(Series("checkout_error_ratio", "error_rate", "checkout-api", m => m is >= 15 and < 45 ? 0.35 : 0.002),
            0.002, 0.003, 0.36, At(15), Trend.Improving, true, "up");
        var latency = Analysis(Series("checkout_latency_p95_ms", "latency_p95_ms", "checkout-api", m => m is >= 15 and < 45 ? 900 : 180),
            180, 185, 950, At(15), Trend.Improving, true, "up");
        var throughput = Analysis(Series("checkout_requests_per_second", "throughput", "checkout-api", _ => 120),
            120, 121, 125, null, Trend.Stable, false, "flat");
        var nre = new LogTemplateSummary(7, "Unhandled exception in PaymentService.Charge order=<*> user_id={user-id}", "ERROR", "checkout-api", 4210,
            At(15, 2), At(44), At(15, 2), true, false,
            new StackSignature("System.NullReferenceException", ["Shop.Checkout.PaymentService.Charge(PaymentService.cs:88)", "Shop.Checkout.CartController.Pay()"]),
            [new SourceRef("logs/checkout.log", 1042), new SourceRef("logs/checkout.log", 1043)])
        {
            ExampleText = "2026-11-25T19:15:02Z ERROR checkout-api Unhandled exception in PaymentService.Charge order=981",
            RateBefore = 0,
            RateAfter = 140.3,
        };
        var info = new LogTemplateSummary(1, "GET /cart <*> 200", "INFO", "checkout-api", 98000, At(-60), At(50), null, false, false, null,
            [new SourceRef("logs/checkout.log", 1)]) { RateBefore = 900, RateAfter = 880 };
        var timeouts = new LogTemplateSummary(9, "pool wait <*> ms", "WARN", "checkout-api", 310, At(-60), At(44), At(16), false, true, null,
            [new SourceRef("logs/checkout.log", 2001)]) { RateBefore = 0.5, RateAfter = 10.2 };
        var logs = new LogAnalysis([info, nre, timeouts], 120_400, 102_000, 12, ["logs/checkout.log"]);
        var alert = new Alert("CheckoutErrorRateHigh", "firing", "critical", "checkout-api", "checkout-api 5xx ratio above 5%",
            "error ratio 35% for 3m", At(18), null, "abc123", new Dictionary<string, string> { ["service"] = "checkout-api" },
            new SourceRef("alerts/checkout.json", null, "alert CheckoutErrorRateHigh"));
        var runbook = new Runbook("deployment/runbook-checkout.md", "Checkout errors after a deploy", "Roll back the deploy.",
            ["Confirm the error spike in the checkout dashboard", "Run ./ops/rollback.sh checkout-api <previous>", "Watch the error ratio for 15 minutes"]);
        var runbookMatch = new RunbookMatch(runbook, 0.82, ["checkout", "deploy", "errors"]);
        var evidence = new EvidenceBundle(config, [alert], [deploy, flag], [errors, latency, throughput], logs, [runbook], [])
        {
            GitAvailable = true,
        };
        var hypothesis = new Hypothesis(
            "checkout-api 3.8.0 (commit 56e0aff3c1d2) introduced a NullReferenceException in PaymentService.Charge",
            CauseKind.Change, deploy, 0.93, Confidence.High,
            [
                new EvidenceItem("deploy of checkout-api 3.8.0 at 19:13:59, 61 s before the onset", deploy.Source),
                new EvidenceItem("new NullReferenceException template from 19:15:02, 4210 occurrences", new SourceRef("logs/checkout.log", 1042)),
                new EvidenceItem("checkout_error_ratio rose from 0.2% to 36%", errors.Series.Source),
            ]);
        var flagHypothesis = new Hypothesis("recs_carousel_v2 flag change", CauseKind.Change, flag, 0.12, Confidence.Low,
            [new EvidenceItem("flag enabled at 19:33:59, after the onset", flag.Source)]);
        var facts = new TriageFacts
        {
            Users = 240_000,
            AffectedUserRatio = 0.35,
            SevereDegradation = true,
            CriticalComponentUnavailable = true,
            Trend = Trend.Worsening,
            BudgetExhaustedIn = TimeSpan.FromMinutes(42),
            SloViolated = true,
            RevenueImpact = true,
            Citations = ["35% of checkout requests fail [metrics/checkout_error_ratio.json]", "checkout-api is critical [firebreak.yaml]"],
        };
        var diagnosis = new Diagnosis(IncidentCategory.Availability, ["checkout-api"], "checkout-api", At(15), [hypothesis, flagHypothesis], facts,
            [
                new EvidenceItem("checkout-api 5xx ratio above 5% (alert CheckoutErrorRateHigh)", alert.Source),
                new EvidenceItem("checkout_error_ratio at 36%, baseline 0.2%", errors.Series.Source),
            ],
            [runbookMatch]);
        var triage = new TriageResult(
            new ImpactAssessment(Impact.High, 84_000, 0.35, "severe degradation: 35% of checkout requests fail", ["critical component checkout-api failing", "35% of users affected"]),
            new UrgencyAssessment(Urgency.High, "immediate", Trend.Worsening, TimeSpan.FromMinutes(42), ["error budget exhausted in 42 min", "SLO violated"]),
            Priority.P0, Priority.P1, "changed from reported P1 to P0: Impact HIGH × Urgency HIGH (critical checkout failing for 35% of users)");
        var detected = At(19);
        var resolvedAt = At(47);
        var events = new List<IncidentEvent>
        {
            new IncidentDetected(detected, "firebreak", "INC-42", "alertmanager", "automated-alert", "checkout-api 5xx ratio above 5%", Priority.P1, "alerts/checkout.json"),
            new IncidentClassified(At(20), "incident-responder", Priority.P0, Impact.High, Urgency.High, IncidentCategory.Availability, "35% of users, critical component"),
            new StatusChanged(At(20), "firebreak", IncidentStatus.Detected, IncidentStatus.Triaged, "triage complete"),
            new RoleAssigned(At(20), "firebreak", Roles.IncidentCommander, "Rita Gomez", "first incident commander"),
            new EscalationBlocked(At(21), "firebreak", Roles.Tier2ComponentOwner, "Dana Wu", "Lee Park", "Dana Wu is unavailable"),
            new Escalated(At(21), "firebreak", Tier.Tier2, "code change suspected"),
            new Notified(At(22), "firebreak", "management", "Mia Chen", "P0: within 30 minutes"),
            new Notified(At(22), "firebreak", "executive", "Omar Haddad", "P0 with revenue impact"),
            new HypothesisRecorded(At(23), "analyst", hypothesis.Statement, Confidence.High, DeploySha),
            new StatusChanged(At(23), "firebreak", IncidentStatus.Triaged, IncidentStatus.Investigating, "diagnosis"),
            new MitigationChosen(At(24), "incident-responder", MitigationStrategy.Rollback, "recent deploy, previous version stable"),
            new StatusChanged(At(24), "firebreak", IncidentStatus.Investigating, IncidentStatus.Mitigating, "rollback"),
            new MitigationExecuted(At(30), "devops-engineer", MitigationStrategy.Rollback, "./ops/rollback.sh checkout-api 3.7.2", 0, true, "logs/mitigation-rollback.log"),
            new MitigationValidated(At(46), "reliability-engineer", ResolutionVerdict.Resolved, "error ratio back to 0.3%"),
            new IncidentResolved(resolvedAt, "firebreak", "rollback to 3.7.2 restored checkout"),
            new StatusChanged(resolvedAt, "firebreak", IncidentStatus.Mitigating, IncidentStatus.Resolved, "validated"),
        };
        var state = new IncidentState
        {
            Id = "INC-42",
            Status = IncidentStatus.Resolved,
            DetectedAt = detected,
            Priority = Priority.P0,
            ReportedPriority = Priority.P1,
            Impact = Impact.High,
            Urgency = Urgency.High,
            Category = IncidentCategory.Availability,
            Tier = Tier.Tier2,
            ManagementNotified = true,
            ExecutiveNotified = true,
            Mitigation = MitigationStrategy.Rollback,
            MitigationExecuted = true,
            MitigationValidated = true,
            ResolvedAt = resolvedAt,
            Events = events,
        };
        var roster = new RoleRoster(
            [
                new RoleAssignment(Roles.IncidentCommander, "Rita Gomez", "first incident commander"),
                new RoleAssignment(Roles.Tier1OnCall, "Alex Kim", "current on-call"),
                new RoleAssignment(Roles.Tier2ComponentOwner, "Lee Park", "backup for checkout-api (Dana Wu unavailable)"),
                new RoleAssignment(Roles.TechnicalLead, "Lee Park", "component owner"),
                new RoleAssignment(Roles.CommunicationsLead, "Jo Lee", "first in communications"),
                new RoleAssignment(Roles.Management, "Mia Chen", "P0"),
                new RoleAssignment(Roles.Executive, "Omar Haddad", "P0 revenue"),
                new RoleAssignment(Roles.DeploymentManager, "Pat Ray", "rollback approval"),
            ],
            [new EscalationBlock(Roles.Tier2ComponentOwner, "Dana Wu", "Lee Park", "listed under people.unavailable")]);
        return Analysed(new IncidentDossier
        {
            RootCause = Unanalysed,
            Id = new IncidentId("INC-42"),
            AsOf = At(50),
            DetectedAt = detected,
            Reporter = "alertmanager",
            DetectionMethod = "automated-alert",
            ReportedSymptoms = "checkout-api 5xx ratio above 5%\nusers cannot pay",
            Config = config,
            Evidence = evidence,
            Diagnosis = diagnosis,
            Triage = triage,
            Guidance = new GuidanceProfile
            {
                Text = "Payment processing down, revenue impact critical",
                Revenue = true,
                Effects = ["revenue: executive notification immediately (P0 with revenue impact)"],
            },
            Roster = roster,
            Escalation = new EscalationDecision(Tier.Tier2, ["code change suspected: deploy 3.8.0 61 s before onset", "no Tier 1 fix after 15 min"],
                true, "P0: management within 30 minutes", true, "P0 with critical revenue impact"),
            Mitigation = new MitigationPlan(MitigationStrategy.Rollback, "the 3.8.0 deploy preceded the onset by 61 s and 3.7.2 was stable",
                ["Announce the rollback in #incident-2026-11-25-inc-42", "Run ./ops/rollback.sh checkout-api 3.7.2", "Watch checkout_error_ratio for 15 minutes"],
                ["If errors persist after the rollback, redeploy 3.8.0 and escalate to Tier 3"], "checkout-api", "3.7.2",
                [new EvidenceItem("3.7.2 ran without errors for 6 days", new SourceRef("deploys.jsonl", 0))])
            {
                Rejected = [(MitigationStrategy.Hotfix, "slower than a rollback and the old version is stable"), (MitigationStrategy.Scaling, "throughput is flat | no capacity issue")],
                Runbook = runbookMatch,
            },
            Outcome = new MitigationOutcome(true, "./ops/rollback.sh checkout-api 3.7.2", 0, "logs/mitigation-rollback.log", At(30), ResolutionVerdict.Resolved,
                [new EvidenceItem("checkout_error_ratio 0.3% after rollback (baseline 0.2%)", new SourceRef("metrics/checkout_error_ratio.json", null, "sample at 19:46"))],
                "rollback completed"),
            Clock = Clock(At(50), detected,
                new SlaVerdict(EscalationClock.Acknowledge, TimeSpan.Zero, TimeSpan.FromMinutes(1), SlaOutcome.Missed),
                new SlaVerdict(EscalationClock.Engage, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(2), SlaOutcome.Met),
                new SlaVerdict(EscalationClock.Resolve, TimeSpan.FromHours(2), TimeSpan.FromMinutes(28), SlaOutcome.Met)),
            State = state,
            Review = new ReviewPlan(true, At(60 * 20), resolvedAt.AddHours(24), TimeSpan.FromMinutes(60),
                ["Rita Gomez (Incident Commander, facilitator)", "Alex Kim (on-call)", "Lee Park (component owner)", "Jo Lee (support lead)"],
                ["Product Owner", "Project Manager"]),
            Actions =
            [
                new PreventiveAction("Immediate", "Fix the null check in PaymentService.Charge", "Lee Park", At(60 * 24 * 7), "Open", "root cause") { Type = PreventiveType.Prevent, Priority = ActionPriority.High },
                new PreventiveAction("Immediate", "Alert on checkout_error_ratio above 1% for 2 min", "Alex Kim", At(60 * 24 * 7), "Open", "detected 3 min after onset") { Type = PreventiveType.Detect, Priority = ActionPriority.High },
                new PreventiveAction("Short-term", "Add a canary stage with automatic rollback on error ratio", "Pat Ray", At(60 * 24 * 30), "Open", "deploy reached all users within a minute") { Type = PreventiveType.Process },
                new PreventiveAction("Long-term", "Run a chaos drill on checkout dependencies", "Ken Ito", At(60 * 24 * 90), "Open", "resilience \"drill\" it's due") { Type = PreventiveType.Process, Priority = ActionPriority.Low },
            ],
        });
    }

    /// <summary>A cosmetic search issue: P3, Tier 1, still investigating, nothing executed.</summary>
    public static IncidentDossier MinorP3()
    {
        var profile = Shop();
        var config = Config(profile, withRollback: false);
        var latency = Analysis(Series("search_latency_p95_ms", "latency_p95_ms", "search", m => m >= 10 ? 260 : 240),
            240, 262, 270, At(10), Trend.Stable, true, "up");
        var evidence = new EvidenceBundle(config, [], [], [latency], LogAnalysis.Empty, [], [new EvidenceWarning("logs/*.log", "no file matched")])
        {
            GitAvailable = true,
        };
        var hypothesis = new Hypothesis("search latency drifted up 8% without a change", CauseKind.Unknown, null, 0.3, Confidence.Low,
            [new EvidenceItem("search_latency_p95_ms from 240 ms to 262 ms", latency.Series.Source)]);
        var diagnosis = new Diagnosis(IncidentCategory.Performance, ["search"], "search", At(10), [hypothesis], new TriageFacts { Trend = Trend.Stable },
            [new EvidenceItem("search p95 latency 262 ms (baseline 240 ms)", latency.Series.Source)], []);
        var triage = new TriageResult(
            new ImpactAssessment(Impact.Low, null, null, "minor degradation", ["latency within SLO"]),
            new UrgencyAssessment(Urgency.Low, "days", Trend.Stable, null, ["stable, within SLO"]),
            Priority.P3, null, "no severity reported; triaged P3 from Impact LOW × Urgency LOW");
        var detected = At(12);
        return Analysed(new IncidentDossier
        {
            RootCause = Unanalysed,
            Id = new IncidentId("INC-7"),
            AsOf = At(30),
            DetectedAt = detected,
            Reporter = "Sam Ortiz",
            DetectionMethod = "user-report",
            ReportedSymptoms = "search feels slower than usual",
            Config = config,
            Evidence = evidence,
            Diagnosis = diagnosis,
            Triage = triage,
            Guidance = GuidanceProfile.None,
            Roster = Roster((Roles.Tier1OnCall, "Alex Kim")),
            Escalation = new EscalationDecision(Tier.Tier1, [], false, "P3: no management notification", false, "not a P0"),
            Mitigation = new MitigationPlan(MitigationStrategy.Workaround, "within SLO; schedule the investigation", ["Tell support that search may be slightly slower"], [], "search", null, []),
            Outcome = MitigationOutcome.NotExecuted("workarounds are communication only"),
            Clock = new ClockReport(At(30), At(30) - detected,
                [new SlaVerdict(EscalationClock.Acknowledge, TimeSpan.FromDays(1), null, SlaOutcome.Pending)], [], null, null),
            State = new IncidentState
            {
                Id = "INC-7",
                Status = IncidentStatus.Investigating,
                DetectedAt = detected,
                Priority = Priority.P3,
                Events =
                [
                    new IncidentDetected(detected, "firebreak", "INC-7", "Sam Ortiz", "user-report", "search feels slower", null, "cli"),
                    new StatusChanged(At(13), "firebreak", IncidentStatus.Detected, IncidentStatus.Triaged, "triage"),
                    new StatusChanged(At(14), "firebreak", IncidentStatus.Triaged, IncidentStatus.Investigating, "diagnosis"),
                ],
            },
            Review = new ReviewPlan(false, null, null, TimeSpan.FromMinutes(60), [], []),
            Actions = [new PreventiveAction("Long-term", "Profile search queries", "Ivy Chen", At(60 * 24 * 90), "Open", "latency drift") { Type = PreventiveType.Prevent, Priority = ActionPriority.Low }],
        });
    }

    /// <summary>A suspected breach: Tier 3, security and legal engaged, evidence preserved before mitigation, comprehensive documentation.</summary>
    public static IncidentDossier SecurityTier3()
    {
        var profile = Shop();
        var config = Config(profile);
        var errors = Analysis(Series("checkout_error_ratio", "error_rate", "checkout-api", m => m >= 5 ? 0.08 : 0.002),
            0.002, 0.08, 0.09, At(5), Trend.Stable, true, "up");
        var auth = new LogTemplateSummary(3, "auth failure for token=<*> from ip=<*>", "WARN", "checkout-api", 18_000, At(4), At(50), At(4), true, false, null,
            [new SourceRef("logs/auth.log", 77)]) { RateBefore = 0, RateAfter = 400 };
        var alert = new Alert("AuthFailuresSpike", "firing", "critical", "checkout-api", "auth failures 400/min", "credential stuffing suspected",
            At(6), null, "f1", new Dictionary<string, string>(), new SourceRef("alerts/auth.json"));
        var infra = new ChangeRecord(ChangeKind.Infra, At(-30), "checkout-api", "waf-rules-2026-11-25", "WAF rule set relaxed via https://admin:s3cretpass@waf.internal/api", new SourceRef("deploys.jsonl", 4));
        var evidence = new EvidenceBundle(config, [alert], [infra], [errors], new LogAnalysis([auth], 20_000, 20_000, 0, ["logs/auth.log"]), [], [])
        {
            GitAvailable = false,
        };
        var hypothesis = new Hypothesis("credential stuffing attack against checkout-api login", CauseKind.Security, null, 0.8, Confidence.Medium,
            [new EvidenceItem("auth failures from 0 to 400/min at 19:04", new SourceRef("logs/auth.log", 77)), new EvidenceItem("alert AuthFailuresSpike with Authorization: Bearer abcdef0123456789abcdef", alert.Source)]);
        var diagnosis = new Diagnosis(IncidentCategory.Security, ["checkout-api"], "checkout-api", At(4), [hypothesis],
            new TriageFacts { SecurityBreach = true, AffectedUserRatio = 0.08, Users = 240_000 },
            [new EvidenceItem("auth failures 400/min", alert.Source)], []);
        var triage = new TriageResult(
            new ImpactAssessment(Impact.High, 19_200, 0.08, "suspected security breach", ["security breach suspected"]),
            new UrgencyAssessment(Urgency.High, "immediate", Trend.Stable, null, ["security incidents are immediate"]),
            Priority.P0, Priority.P0, "confirmed reported P0");
        var detected = At(6);
        var manifest = ".aiwg/incidents/SEC-1/logs/evidence/manifest.sha256";
        return Analysed(new IncidentDossier
        {
            RootCause = Unanalysed,
            Id = new IncidentId("SEC-1"),
            AsOf = At(40),
            DetectedAt = detected,
            Reporter = "alertmanager",
            DetectionMethod = "automated-alert",
            ReportedSymptoms = "auth failures spiking | 400 per minute; a log line shows password=hunter2",
            Config = config,
            Evidence = evidence,
            Diagnosis = diagnosis,
            Triage = triage,
            Guidance = new GuidanceProfile
            {
                Text = "Security incident suspected, preserve forensics before mitigation; first P0 for new team, need extra documentation",
                Security = true,
                PreserveForensics = true,
                ComprehensiveDocumentation = true,
                Effects = ["security: security lead engaged and legal notified", "preserve forensics: evidence copied with SHA-256 before mitigation", "extra documentation: glossary and learning notes added"],
            },
            Roster = Roster((Roles.IncidentCommander, "Rita Gomez"), (Roles.Tier1OnCall, "Alex Kim"), (Roles.Tier2ComponentOwner, "Dana Wu"),
                (Roles.Tier3Architect, "Ken Ito"), (Roles.SecurityLead, "Ana Silva"), (Roles.Legal, "Lou Grant"), (Roles.CommunicationsLead, null)),
            Escalation = new EscalationDecision(Tier.Tier3, ["security breach suspected: architecture and security review", "vendor WAF involved"],
                true, "P0 security", true, "security breach: immediate")
            {
                LegalNotified = true,
                SecurityEngaged = true,
                MajorIncidentCoordinator = "Mia Chen",
                OtherOpenIncidents = ["INC-42"],
            },
            Mitigation = new MitigationPlan(MitigationStrategy.ConfigChange, "restore the strict WAF rule set", ["Re-enable WAF rule set strict-2026-11-20"], ["Relax the rules again if checkout breaks"], "checkout-api", null, []),
            Outcome = MitigationOutcome.NotExecuted("not executed: run with --execute"),
            Clock = Clock(At(40), detected,
                new SlaVerdict(EscalationClock.Acknowledge, TimeSpan.Zero, TimeSpan.Zero, SlaOutcome.Met),
                new SlaVerdict(EscalationClock.Resolve, TimeSpan.FromHours(2), null, SlaOutcome.Pending)),
            State = new IncidentState
            {
                Id = "SEC-1",
                Status = IncidentStatus.Mitigating,
                DetectedAt = detected,
                Priority = Priority.P0,
                Tier = Tier.Tier3,
                Events =
                [
                    new IncidentDetected(detected, "firebreak", "SEC-1", "alertmanager", "automated-alert", "auth failures", Priority.P0, "alerts/auth.json"),
                    new EvidencePreserved(At(8), "security-architect", manifest, 3),
                    new Escalated(At(9), "firebreak", Tier.Tier3, "security"),
                    new MajorIncidentDeclared(At(10), "firebreak", ["INC-42", "SEC-1"], "Mia Chen"),
                    new NoteRecorded(At(11), "firebreak", "Forensic analysis required before restoration", null),
                ],
            },
            Preserved = new PreservedEvidence(manifest, [
                new PreservedCopy("logs/auth.log", "../../evidence/INC-SEC/logs/auth.log", new string('a', 64), new string('a', 64), "logs/logs/auth.log"),
                new PreservedCopy("alerts/auth.json", "../../evidence/INC-SEC/alerts/auth.json", new string('b', 64), new string('b', 64), "logs/alerts/auth.json"),
                new PreservedCopy("deploys.jsonl", "../../evidence/INC-SEC/deploys.jsonl", new string('c', 64), new string('c', 64), "logs/deploys.jsonl")]),
            Review = new ReviewPlan(true, null, null, TimeSpan.FromMinutes(90), ["Rita Gomez", "Ana Silva"], ["Security Gatekeeper"]),
            Actions = [new PreventiveAction("Immediate", "Rotate exposed credentials", "Ana Silva", At(60 * 24 * 2), "Open", "possible credential exposure") { Type = PreventiveType.Mitigate, Priority = ActionPriority.High }],
            FlowWarnings = ["communications lead unavailable: nobody configured"],
            RelatedIncidents = ["INC-42"],
        });
    }

    /// <summary>A traffic surge exhausts the search database pool: P1, scaling, no change to blame, executed and partially resolved.</summary>
    public static IncidentDossier CapacityP1()
    {
        var baseDossier = MinorP3();
        var errors = Analysis(Series("search_error_ratio", "error_rate", "search", m => m >= 10 ? 0.2 : 0.001), 0.001, 0.05, 0.21, At(10), Trend.Improving, true, "up");
        var pool = Analysis(Series("search_db_pool_utilization", "saturation", "search-db", m => m >= 8 ? 1.0 : 0.4), 0.4, 0.7, 1.02, At(8), Trend.Improving, true, "up");
        var traffic = Analysis(Series("search_requests_per_second", "throughput", "search", m => m >= 5 ? 2900 : 900), 900, 2800, 2950, At(5), Trend.Stable, true, "up");
        var evidence = baseDossier.Evidence with { Metrics = [errors, pool, traffic], Warnings = [] };
        var hypothesis = new Hypothesis("a load surge (3.2× normal traffic) exhausted the search-db connection pool", CauseKind.Capacity, null, 0.9, Confidence.High,
            [new EvidenceItem("search_requests_per_second 900 → 2900", traffic.Series.Source), new EvidenceItem("search_db_pool_utilization at 102%", pool.Series.Source)]);
        var diagnosis = new Diagnosis(IncidentCategory.Availability, ["search", "search-db"], "search-db", At(5), [hypothesis],
            new TriageFacts { AffectedUserRatio = 0.21, Users = 240_000, Trend = Trend.Improving },
            [new EvidenceItem("search errors at 21%", errors.Series.Source)], [])
        {
            CollateralComponents = ["search"],
        };
        var triage = new TriageResult(
            new ImpactAssessment(Impact.Medium, 50_400, 0.21, "severe degradation of search", ["21% of users affected"]),
            new UrgencyAssessment(Urgency.High, "immediate", Trend.Improving, TimeSpan.FromMinutes(90), ["SLO violated"]),
            Priority.P1, Priority.P2, "changed from reported P2 to P1: Impact MEDIUM × Urgency HIGH");
        return Analysed(baseDossier with
        {
            Id = new IncidentId("INC-8"),
            Evidence = evidence,
            Diagnosis = diagnosis,
            Triage = triage,
            Roster = Roster((Roles.IncidentCommander, "Rita Gomez"), (Roles.Tier1OnCall, "Alex Kim"), (Roles.CommunicationsLead, "Jo Lee")),
            Escalation = new EscalationDecision(Tier.Tier2, ["database issue suspected"], true, "P1 unresolved", false, "not a P0"),
            Mitigation = new MitigationPlan(MitigationStrategy.Scaling, "saturation with a traffic surge", ["Scale search-db read replicas from 2 to 4"], ["Scale back to 2 replicas"], "search-db", null, []),
            Outcome = new MitigationOutcome(true, "./ops/scale.sh search-db 4", 0, "logs/mitigation-scaling.log", At(25), ResolutionVerdict.PartiallyResolved,
                [new EvidenceItem("search_error_ratio 5% after scaling (baseline 0.1%)", errors.Series.Source)], "scaled"),
            State = baseDossier.State with { Id = "INC-8", Status = IncidentStatus.Mitigating, Priority = Priority.P1 },
            Review = new ReviewPlan(true, null, At(60 * 48), TimeSpan.FromMinutes(60), ["Rita Gomez"], []),
        });
    }

    /// <summary>No firebreak.yaml, no logs, no metrics, no alerts, no git: everything that is not known says so.</summary>
    public static IncidentDossier NoEvidence()
    {
        var config = new ProjectConfig("/projects/empty", ServiceProfile.Unknown, EvidenceSources.Default, MitigationCommands.None, DefaultPolicy.Instance);
        var evidence = new EvidenceBundle(config, [], [], [], LogAnalysis.Empty, [],
            [new EvidenceWarning("firebreak.yaml", "not found"), new EvidenceWarning("deploys.jsonl", "not found"), new EvidenceWarning(".git", "not a git repository")]);
        var diagnosis = new Diagnosis(IncidentCategory.Availability, [], null, null, [], new TriageFacts(), [], []);
        var triage = new TriageResult(
            new ImpactAssessment(Impact.Medium, null, null, "", []),
            new UrgencyAssessment(Urgency.Medium, "hours", Trend.Unknown, null, []),
            Priority.P2, Priority.P2, "kept the reported P2: no evidence to confirm or change it");
        var detected = At(0);
        return Analysed(new IncidentDossier
        {
            RootCause = Unanalysed,
            Id = new IncidentId("INC-0"),
            AsOf = At(5),
            DetectedAt = detected,
            Reporter = "cli",
            DetectionMethod = "manual",
            ReportedSymptoms = "something is wrong",
            Config = config,
            Evidence = evidence,
            Diagnosis = diagnosis,
            Triage = triage,
            Guidance = GuidanceProfile.None,
            Roster = new RoleRoster([], []),
            Escalation = new EscalationDecision(Tier.Tier2, ["no runbook available"], false, "P2: not required", false, "not a P0"),
            Mitigation = new MitigationPlan(MitigationStrategy.Workaround, "nothing points to a change or capacity", [], [], null, null, []),
            Outcome = MitigationOutcome.NotExecuted("nothing to execute"),
            Clock = new ClockReport(At(5), TimeSpan.FromMinutes(5), [], [], null, null),
            State = new IncidentState { Id = "INC-0", Status = IncidentStatus.Triaged, DetectedAt = detected },
            Review = new ReviewPlan(true, null, null, TimeSpan.Zero, [], []),
            Actions = [],
        });
    }
}
