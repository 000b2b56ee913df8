using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>Step 5: the 5 Whys and the contributing factors, in parallel.</summary>
public sealed class Step5RootCauseAnalysis : IFlowStep
{
    /// <inheritdoc/>
    public int Number => 5;

    /// <inheritdoc/>
    public string Name => "Root Cause Analysis";

    /// <summary>Runs the 5 Whys and the contributing factors and records the leading hypothesis.</summary>
    public static async Task<RootCauseAnalysis> RunAsync(FlowRun run, Detected detected, Triaged triaged, FunctionallyEscalated escalated, EscalationDecision escalation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(detected);
        ArgumentNullException.ThrowIfNull(triaged);
        ArgumentNullException.ThrowIfNull(escalated);
        ArgumentNullException.ThrowIfNull(escalation);
        var diagnosis = detected.Diagnosis;
        var reporter = run.Reporter;
        reporter.Report(ProgressMark.Working, "Conducting root cause analysis...");

        var facts = detected.Facts(run.Config, triaged.Triage);
        var fishbone = new FishboneContext(escalated.Roster, run.Guidance, run.Clock(run.AsOf), detected.Detection.DetectionMethod, escalation.OtherOpenIncidents);
        var whysTask = IncidentResponder.FiveWhysAsync(facts);
        var factorsTask = ReliabilityEngineer.ContributingFactorsAsync(facts, fishbone);
        await Task.WhenAll(whysTask, factorsTask).ConfigureAwait(false);
        var whys = await whysTask.ConfigureAwait(false);
        var factors = await factorsTask.ConfigureAwait(false);

        CauseRecorded? cause = null;
        if (diagnosis.Leading is { } leading)
        {
            run.Journal.Record(new HypothesisRecorded(run.AsOf, Agents.IncidentResponder, whys.RootCauseText, leading.Confidence, leading.Change?.Ref));
            cause = run.Journal.State.Events.OfType<CauseRecorded>().FirstOrDefault() ?? CauseRecords.Cause(detected.Evidence, diagnosis, leading, run.AsOf, Agents.IncidentResponder);
            run.Journal.Record(cause);
        }

        // Recurrence: the cause matched against earlier incidents' (docs/metrics.md); the link is a recorded fact.
        var (link, recurrences) = await CauseRecords.LinkAsync(run.Store, run.Request.Id.Value, cause,
            [.. run.Journal.State.Events.OfType<RecurrenceLinked>()], run.Config.Recurrence, run.AsOf, cancellationToken).ConfigureAwait(false);
        if (link is not null)
        {
            run.Journal.Record(link);
            reporter.Report(ProgressMark.Warning, $"Recurrence: the cause matches {link.EarlierIncident} ({link.Component}, {link.Kind}, similarity {link.Similarity:0.00})", 1);
        }

        reporter.Report(ProgressMark.Done, $"5 Whys analysis: suspected root cause (not confirmed until a mitigation is validated or a person confirms it): {whys.RootCauseText}", 1);
        reporter.Report(ProgressMark.Done, $"Contributing factors analysis: {FishboneAnalysis.AsOf(factors, fishbone.Clock).Count} factors identified", 1);
        reporter.Report(ProgressMark.Done, $"Root cause analysis complete: {Paths.Artifact(run, "root-cause-analysis.md")}");
        return new RootCauseAnalysis(whys, factors) { Recurrences = recurrences };
    }
}

/// <summary>How artifact paths are shown to the user.</summary>
internal static class Paths
{
    /// <summary>The artifact's path as the seed shows it: .aiwg/incidents/&lt;id&gt;/&lt;file&gt;.</summary>
    public static string Artifact(FlowRun run, string file) => $".aiwg/incidents/{run.Request.Id}/{file}";
}
