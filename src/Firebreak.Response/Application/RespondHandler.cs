using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>The result of a run: the dossier written, what the writer did, and how many events were added.</summary>
public sealed record FlowResult(IncidentDossier Dossier, ArtifactReport Artifacts, int EventsAppended);

/// <summary>
/// The respond operation: runs the seven-step incident flow (detection, triage, functional and hierarchical
/// escalation, root cause analysis, mitigation, review) and writes the record through the artifact sink.
/// Each step receives the earlier steps' typed results and returns its own; each thing is decided once
/// (triage in step 2, the mitigation plan before step 3, the Tier 3 decisions in step 3). Each step's events
/// are stored before the next starts, so a re-run continues the incident. The handler writes no file and no
/// console line itself: it works through <see cref="FlowServices"/> (evidence, reasoning, processes, artifacts,
/// workspace, notifier, progress, clock) and the store it opens.
/// </summary>
public sealed class RespondHandler(FlowServices services, Func<string, IIncidentStore> openStore)
{
    /// <summary>The steps in the seed's order.</summary>
    public static IReadOnlyList<IFlowStep> Steps { get; } =
    [
        new Step1Detection(),
        new Step2Triage(),
        new Step3FunctionalEscalation(),
        new Step4HierarchicalEscalation(),
        new Step5RootCauseAnalysis(),
        new Step6Mitigation(),
        new Step7Review(),
    ];

    /// <summary>Runs the flow for a request and writes every artifact.</summary>
    public async Task<FlowResult> HandleAsync(FlowRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var asOf = request.At ?? services.Time.GetUtcNow();

        // The evidence is read first: a replay before every piece of it is refused before anything is written.
        var evidence = await services.Evidence.CollectAsync(request.Config, asOf, cancellationToken).ConfigureAwait(false);
        if (request.At is { } at && HoldsNothing(evidence))
        {
            throw new RequestRefusedException($"--at {IncidentJsonRenderer.Iso(at)} is before every piece of evidence in the project (no alert, change, metric sample or log record by then)");
        }

        if (request.At is not null && services.Workspace.StoreExists(request.Config.ProjectDirectory))
        {
            await RefuseReplayOfRecordedIncidentAsync(request, cancellationToken).ConfigureAwait(false);
        }

        services.Workspace.EnsureIncidentsFolder(request.Config.ProjectDirectory);
        var store = openStore(FlowRequest.StorePath(request.Config.ProjectDirectory));
        ExecutionHolder? held = null;
        try
        {
            held = await LockExecutionAsync(request, store, asOf, cancellationToken).ConfigureAwait(false);
            var journal = await EventJournal.OpenAsync(store, request.Id, cancellationToken).ConfigureAwait(false);
            var run = new FlowRun(request, services, journal, asOf, store);
            var loaded = journal.State.Events.ToHashSet(ReferenceEqualityComparer.Instance);
            services.Reporter.Block(Greeting(request));

            var detected = await Step1Detection.RunAsync(run, evidence, cancellationToken).ConfigureAwait(false);
            await StoredAsync(run, 0, cancellationToken).ConfigureAwait(false);

            var triaged = await Step2Triage.RunAsync(run, detected, cancellationToken).ConfigureAwait(false);
            await StoredAsync(run, 1, cancellationToken).ConfigureAwait(false);

            // The mitigation is chosen once, here: Tier 3 needs it (a hotfix calls for approval) and step 6 records it.
            var plan = MitigateHandler.WithDecision(services.Reasoning.Choose(detected.Diagnosis, detected.Evidence, run.Guidance), journal.State);
            var escalated = Step3FunctionalEscalation.Run(run, detected, triaged, plan);
            await StoredAsync(run, 2, cancellationToken).ConfigureAwait(false);

            var escalation = await Step4HierarchicalEscalation.RunAsync(run, detected, triaged, escalated, cancellationToken).ConfigureAwait(false);
            await StoredAsync(run, 3, cancellationToken).ConfigureAwait(false);

            var rootCause = await Step5RootCauseAnalysis.RunAsync(run, detected, triaged, escalated, escalation, cancellationToken).ConfigureAwait(false);
            await StoredAsync(run, 4, cancellationToken).ConfigureAwait(false);

            var mitigated = await Step6Mitigation.RunAsync(run, detected, triaged, plan, rootCause, escalation, cancellationToken).ConfigureAwait(false);
            await StoredAsync(run, 5, cancellationToken).ConfigureAwait(false);

            var reviewed = Step7Review.Run(run, detected, triaged, escalated, mitigated);
            await StoredAsync(run, 6, cancellationToken).ConfigureAwait(false);

            // Every notice decided so far goes to the outbox (a replay of the past sends nothing); its keys make a re-run queue nothing new.
            if (request.At is null)
            {
                await services.Outbox.QueueAsync(LiveNotices.ForDecided(request.Config, journal.State), asOf, cancellationToken).ConfigureAwait(false);
            }

            var dossier = DossierBuilder.Build(run, detected, triaged, escalated, mitigated, reviewed);

            // The analysis is stored: a new version when its decisions changed, nothing when a re-run decided the same,
            // in which case the record is rendered from the stored analysis, as every later command renders it.
            // A re-run says what is new since the stored analysis it continues.
            var previous = journal.Loaded > 0 && store is IAnalysisLog previousLog
                ? await previousLog.LatestAnalysisAsync(request.Id, cancellationToken).ConfigureAwait(false)
                : null;
            var news = previous is not null && AnalysisCodec.Decode(previous) is { } before
                ? SinceLastRun.Compare(previous.Version, previous.RecordedAt, before.Dossier, dossier, journal.State.Events.Where(e => !loaded.Contains(e)))
                : null;
            var recorded = await AnalysisRecorder.RecordAsync(store, request.Id, dossier, legacy: journal.Loaded > 0 && !await HasAnalysisBeforeAsync(store, request.Id, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            if (recorded is { Appended: false } && AnalysisCodec.Decode(recorded.InForce) is { } stored)
            {
                dossier = AnalysisRecorder.Dossier(stored, request.Id, request.Config, run.Journal.State, dossier.AsOf) with { FlowWarnings = dossier.FlowWarnings };
            }

            dossier = dossier with
            {
                Deliveries = await services.Deliveries.ListAsync(request.Id.Value, cancellationToken).ConfigureAwait(false),
                AnalysisVersions = await AnalysisRecorder.VersionsAsync(store, request.Id, cancellationToken).ConfigureAwait(false),
            };
            var report = await services.Artifacts.WriteAsync(dossier, request.IncidentDirectory, cancellationToken).ConfigureAwait(false);
            Summary.Write(services.Reporter, run, dossier, report, news);
            return new FlowResult(dossier, report, journal.Appended);
        }
        finally
        {
            if (held is not null && store is IExecutionLocks locks)
            {
                await locks.ReleaseExecutionAsync(request.Id, held, CancellationToken.None).ConfigureAwait(false);
            }

            await IncidentStores.CloseAsync(store).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Renders the record of <paramref name="id"/> from its stored analysis and lifecycle events, as of now, reading no
    /// evidence and reasoning nothing; an incident without a readable stored analysis (recorded by an earlier Firebreak, or
    /// in another schema) is analysed once by the respond flow, which stores the analysis for the next command.
    /// </summary>
    public async Task<ArtifactReport> RenderAsync(IncidentId id, ProjectConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var request = new FlowRequest(id, config);
        IncidentDossier? dossier = null;
        var store = openStore(FlowRequest.StorePath(config.ProjectDirectory));
        try
        {
            if (store is IAnalysisLog log
                && await log.LatestAnalysisAsync(id, cancellationToken).ConfigureAwait(false) is { } latest
                && AnalysisCodec.Decode(latest) is { } analysis)
            {
                var events = await store.LoadAsync(id, cancellationToken).ConfigureAwait(false);
                var state = IncidentLifecycle.Replay(id.Value, events);
                var now = services.Time.GetUtcNow();
                dossier = AnalysisRecorder.Dossier(analysis, id, config, state, now) with
                {
                    AnalysisVersions = await AnalysisRecorder.VersionsAsync(store, id, cancellationToken).ConfigureAwait(false),
                };

                // The earlier incidents' open actions as they stand now, not as they stood when the analysis was stored.
                dossier = dossier with
                {
                    RootCause = dossier.RootCause with { Recurrences = await CauseRecords.ViewsAsync(store, state, now, cancellationToken).ConfigureAwait(false) },
                };
            }
        }
        finally
        {
            await IncidentStores.CloseAsync(store).ConfigureAwait(false);
        }

        if (dossier is null)
        {
            return (await HandleAsync(request, cancellationToken).ConfigureAwait(false)).Artifacts;
        }

        // The record shows each notice's delivery as the outbox holds it now (queued, sent, failed), as respond does.
        dossier = dossier with { Deliveries = await services.Deliveries.ListAsync(id.Value, cancellationToken).ConfigureAwait(false) };
        return await services.Artifacts.WriteAsync(dossier, request.IncidentDirectory, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> HasAnalysisBeforeAsync(IIncidentStore store, IncidentId id, CancellationToken cancellationToken) =>
        store is IAnalysisLog log && await log.LatestAnalysisAsync(id, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>With --execute, takes the incident's execution lock (one execution per incident at a time); refuses when another run holds it.</summary>
    private static async Task<ExecutionHolder?> LockExecutionAsync(FlowRequest request, IIncidentStore store, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!request.Execute || store is not IExecutionLocks locks)
        {
            return null;
        }

        var mitigation = request.Config.Mitigation;
        var me = new ExecutionHolder(Environment.ProcessId, Environment.MachineName, now, now + mitigation.CommandTimeout + mitigation.ValidationWindow + ExecutionLockMargin);
        if (await locks.TryAcquireExecutionAsync(request.Id, me, cancellationToken).ConfigureAwait(false) is { } other)
        {
            throw new RequestRefusedException(
                $"{request.Id} is being mitigated by another firebreak run (process {other.Pid} on {other.Host} since {IncidentJsonRenderer.Iso(other.AcquiredAt)}); its lock lapses at {IncidentJsonRenderer.Iso(other.HeldUntil)}");
        }

        return me;
    }

    /// <summary>How long an execution lock outlives the command timeout and the validation window (a killed run's lock lapses then).</summary>
    public static readonly TimeSpan ExecutionLockMargin = TimeSpan.FromMinutes(5);

    /// <summary>A replay (--at) never changes a stored incident: it may only create a new one.</summary>
    private async Task RefuseReplayOfRecordedIncidentAsync(FlowRequest request, CancellationToken cancellationToken)
    {
        var store = openStore(FlowRequest.StorePath(request.Config.ProjectDirectory));
        try
        {
            var events = await store.LoadAsync(request.Id, cancellationToken).ConfigureAwait(false);
            if (events.Count > 0)
            {
                throw new RequestRefusedException($"--at cannot replay {request.Id}: it already has {events.Count} events on record, which a replay would change; replay under a new incident id");
            }
        }
        finally
        {
            await IncidentStores.CloseAsync(store).ConfigureAwait(false);
        }
    }

    /// <summary>True when the evidence as of the moment holds no alert, change, metric sample or log record.</summary>
    private static bool HoldsNothing(EvidenceBundle evidence) =>
        evidence.Alerts.Count == 0 && evidence.Changes.Count == 0 && evidence.Metrics.All(m => m.Current is null) && evidence.Logs.RecordsRead == 0;

    private async Task StoredAsync(FlowRun run, int index, CancellationToken cancellationToken)
    {
        await run.Journal.FlushAsync(cancellationToken).ConfigureAwait(false);
        await services.Observer.StepStoredAsync(Steps[index].Number, Steps[index].Name, cancellationToken).ConfigureAwait(false);
    }

    private static string Greeting(FlowRequest request)
    {
        var reported = request.ReportedPriority is { } p ? $"{p} (pending triage confirmation)" : "not given (triage decides)";
        var lines = new List<string>
        {
            $"Understood. I'll orchestrate incident response for {request.Id}.",
            string.Empty,
            "Initial assessment:",
            $"- Reported severity: {reported}",
            $"- Project: {request.Config.ProjectDirectory}",
        };
        if (!string.IsNullOrWhiteSpace(request.Guidance.Text))
        {
            lines.Add($"- Guidance: \"{request.Guidance.Text}\" (what it changed is in the summary below)");
        }

        if (request.At is { } at)
        {
            lines.Add($"- Evaluated as of {Md.Time(at)} (--at)");
        }

        lines.Add(string.Empty);
        lines.Add("Starting incident response...");
        return string.Join('\n', lines);
    }
}
