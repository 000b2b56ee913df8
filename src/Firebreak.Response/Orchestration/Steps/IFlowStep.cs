namespace Firebreak.Response;

/// <summary>One of the flow's seven steps. Each step has its own typed RunAsync: it receives the earlier steps' results and returns its own.</summary>
public interface IFlowStep
{
    /// <summary>The step's number in the seed (1-7).</summary>
    int Number { get; }

    /// <summary>The step's name, as in the seed.</summary>
    string Name { get; }
}
