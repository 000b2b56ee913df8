using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>The result of a run: the dossier written, what the writer did, and how many events were added.</summary>
public sealed record FlowResult(IncidentDossier Dossier, ArtifactReport Artifacts, int EventsAppended);

/// <summary>
/// The seven-step incident flow: detection, triage, functional and hierarchical escalation, root cause analysis,
/// mitigation and review. Each step appends its events before the next starts, so a re-run continues the incident.
/// </summary>
public sealed class IncidentFlow(FlowServices services, Func<string, IIncidentStore> openStore)
{
    /// <summary>
    /// Test hook: when this environment variable holds a step number, the process stops abruptly
    /// (<see cref="Environment.FailFast(string)"/>) right after that step's events are stored. Used to prove crash recovery.
    /// </summary>
    public const string CrashAfterStepVariable = "FIREBREAK_TEST_CRASH_AFTER_STEP";

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
    public async Task<FlowResult> RunAsync(FlowRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var asOf = request.At ?? services.Time.GetUtcNow();
        Directory.CreateDirectory(FlowRequest.IncidentsDirectory(request.Config.ProjectDirectory));
        var store = openStore(FlowRequest.StorePath(request.Config.ProjectDirectory));
        try
        {
            var journal = await EventJournal.OpenAsync(store, request.Id, cancellationToken).ConfigureAwait(false);
            var context = new FlowContext(request, services, journal, asOf) { Store = store };
            services.Reporter.Block(Greeting(request));
            foreach (var step in Steps)
            {
                await step.RunAsync(context, cancellationToken).ConfigureAwait(false);
                await journal.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (request.CrashAfterStep == step.Number)
                {
                    Environment.FailFast($"{CrashAfterStepVariable}={step.Number}: simulated crash after step {step.Number}");
                }
            }

            var dossier = DossierBuilder.Build(context);
            var report = await services.Artifacts.WriteAsync(dossier, request.IncidentDirectory, cancellationToken).ConfigureAwait(false);
            Summary.Write(services.Reporter, context, dossier, report);
            return new FlowResult(dossier, report, journal.Appended);
        }
        finally
        {
            switch (store)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
                default:
                    break;
            }
        }
    }

    private static string Greeting(FlowRequest request)
    {
        var reported = request.ReportedPriority is { } p ? $"{p} (pending triage confirmation)" : "not given (triage decides)";
        return $"""
            Understood. I'll orchestrate incident response for {request.Id}.

            Initial assessment:
            - Reported severity: {reported}
            - Project: {request.Config.ProjectDirectory}
            {(request.At is { } at ? $"- Evaluated as of {Md.Time(at)} (--at)" + Environment.NewLine : string.Empty)}
            Starting incident response...
            """;
    }
}
