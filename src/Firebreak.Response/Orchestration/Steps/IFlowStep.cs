namespace Firebreak.Response;

/// <summary>One of the flow's seven steps.</summary>
public interface IFlowStep
{
    /// <summary>The step's number in the seed (1-7).</summary>
    int Number { get; }

    /// <summary>The step's name, as in the seed.</summary>
    string Name { get; }

    /// <summary>Runs the step, recording its events in the journal.</summary>
    Task RunAsync(FlowContext context, CancellationToken cancellationToken);
}
