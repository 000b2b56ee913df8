using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>Step 1: collect the evidence, diagnose it, and record when and how the incident was detected.</summary>
public sealed class Step1Detection : IFlowStep
{
    /// <summary>The folders the seed creates for every incident.</summary>
    public static IReadOnlyList<string> Folders { get; } = ["logs", "diagnostics", "communications", "actions"];

    /// <inheritdoc/>
    public int Number => 1;

    /// <inheritdoc/>
    public string Name => "Incident Detection and Initial Logging";

    /// <summary>Diagnoses the evidence the handler collected, and records the detection.</summary>
    public static Task<Detected> RunAsync(FlowRun run, EvidenceBundle evidence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(evidence);
        var request = run.Request;
        run.Services.Workspace.CreateFolders(request.IncidentDirectory, Folders);

        if (run.Journal.Loaded > 0)
        {
            run.Reporter.Report(ProgressMark.Done, $"Continuing incident {request.Id} ({run.Journal.Loaded} events on record, status {WireNames.Of(run.Journal.State.Status)})");
        }

        foreach (var warning in evidence.Warnings)
        {
            run.Reporter.Report(ProgressMark.Warning, $"{warning.Source}: {warning.Message}", 1);
        }

        var diagnosis = run.Services.Reasoning.Diagnose(evidence, run.Guidance, run.AsOf);
        var record = IncidentResponder.Record(request, evidence, diagnosis, run.Journal.State, run.AsOf);
        run.Journal.Record(record.Events);
        if (diagnosis.Onset is { } onset)
        {
            // MTTD runs from here to detection (docs/metrics.md); without an onset it stays unknown.
            run.Journal.Record(new ImpactStarted(onset, Agents.IncidentResponder, "the earliest metric or log onset the diagnosis found"));
        }
        var detectedAt = run.Journal.State.DetectedAt == default ? record.Value.DetectedAt : run.Journal.State.DetectedAt;

        if (run.Journal.Loaded == 0)
        {
            run.Reporter.Report(ProgressMark.Done, $"Incident {request.Id} logged (detected {Md.Time(record.Value.DetectedAt)} by {record.Value.Reporter})");
            run.Reporter.Report(ProgressMark.Done, $"Initial record created: {record.Value.Symptoms}");
        }
        run.Reporter.Report(ProgressMark.Working, "Proceeding to triage and prioritization...");
        return Task.FromResult(new Detected(evidence, diagnosis, record.Value, detectedAt));
    }
}
