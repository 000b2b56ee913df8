using Firebreak.Core;

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

    /// <inheritdoc/>
    public async Task RunAsync(FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        foreach (var folder in Folders)
        {
            Directory.CreateDirectory(Path.Combine(request.IncidentDirectory, folder));
        }

        if (context.Journal.Loaded > 0)
        {
            context.Reporter.Report(ProgressMark.Done, $"Continuing incident {request.Id} ({context.Journal.Loaded} events on record, status {WireNames.Of(context.Journal.State.Status)})");
        }

        var evidence = await context.Services.Evidence.CollectAsync(context.Config, context.AsOf, cancellationToken).ConfigureAwait(false);
        context.Evidence = evidence;
        foreach (var warning in evidence.Warnings)
        {
            context.Reporter.Report(ProgressMark.Warning, $"{warning.Source}: {warning.Message}", 1);
        }

        var diagnosis = context.Services.Reasoning.Diagnose(evidence, context.Guidance, context.AsOf);
        context.Diagnosis = diagnosis;

        var record = IncidentResponder.Record(request, evidence, diagnosis, context.Journal.State, context.AsOf);
        context.Detection = record.Value;
        context.Journal.Record(record.Events);

        context.Reporter.Report(ProgressMark.Done, $"Incident {request.Id} logged (detected {Md.Time(record.Value.DetectedAt)} by {record.Value.Reporter})");
        context.Reporter.Report(ProgressMark.Done, $"Initial record created: {record.Value.Symptoms}");
        context.Reporter.Report(ProgressMark.Working, "Proceeding to triage and prioritization...");
    }
}
