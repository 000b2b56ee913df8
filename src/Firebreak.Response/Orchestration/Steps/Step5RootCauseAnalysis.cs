using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>Step 5: the 5 Whys and the contributing factors, in parallel.</summary>
public sealed class Step5RootCauseAnalysis : IFlowStep
{
    /// <inheritdoc/>
    public int Number => 5;

    /// <inheritdoc/>
    public string Name => "Root Cause Analysis";

    /// <inheritdoc/>
    public async Task RunAsync(FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var diagnosis = context.RequireDiagnosis();
        var reporter = context.Reporter;
        reporter.Report(ProgressMark.Done, "Hierarchical escalation complete");
        reporter.Report(ProgressMark.Working, "Conducting root cause analysis...");

        var facts = context.Facts();
        var fishbone = new FishboneContext(context.RequireRoster(), context.Guidance, context.Clock(), context.Detection?.DetectionMethod ?? "unknown",
            context.Escalation?.OtherOpenIncidents ?? []);
        var whysTask = IncidentResponder.FiveWhysAsync(facts);
        var factorsTask = ReliabilityEngineer.ContributingFactorsAsync(facts, fishbone);
        await Task.WhenAll(whysTask, factorsTask).ConfigureAwait(false);
        var whys = await whysTask.ConfigureAwait(false);
        var factors = await factorsTask.ConfigureAwait(false);
        context.RootCause = new RootCauseAnalysis(whys, factors);

        if (diagnosis.Leading is { } leading)
        {
            context.Journal.Record(new HypothesisRecorded(context.AsOf, Agents.IncidentResponder, whys.RootCauseText, leading.Confidence, leading.Change?.Ref));
        }

        reporter.Report(ProgressMark.Done, $"5 Whys analysis: suspected root cause (not confirmed until a mitigation is validated or a person confirms it): {whys.RootCauseText}", 1);
        reporter.Report(ProgressMark.Done, $"Contributing factors analysis: {factors.Count} factors identified", 1);
        reporter.Report(ProgressMark.Done, $"Root cause analysis complete: {Paths.Artifact(context, "root-cause-analysis.md")}");
        reporter.Report(ProgressMark.Working, "Implementing mitigation strategy...");
    }
}

/// <summary>How artifact paths are shown to the user.</summary>
internal static class Paths
{
    /// <summary>The artifact's path as the seed shows it: .aiwg/incidents/&lt;id&gt;/&lt;file&gt;.</summary>
    public static string Artifact(FlowContext context, string file) => $".aiwg/incidents/{context.Request.Id}/{file}";
}
