using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>One level of the 5 Whys: the question and the cited answer, or (when unsupported) what evidence would answer it.</summary>
public sealed record RcaWhyLevel(string Question, string Because, bool Supported)
{
    /// <summary>The question of a level the chain cannot reach until an earlier unknown is settled.</summary>
    public const string NotReached = "Not reached";

    /// <summary>For an unknown level: what the evidence does say, if anything.</summary>
    public string? Known { get; init; }

    /// <summary>True for a level after the first unknown.</summary>
    public bool IsNotReached => Question == NotReached;
}

/// <summary>The 5 Whys: the problem, the chain from impact to cause, the root cause and the test that would confirm it.</summary>
/// <param name="ProblemStatement">What happened, in one cited sentence.</param>
/// <param name="Levels">Five levels, each cited or marked unknown with what would settle it.</param>
/// <param name="RootCause">The leading explanation (redacted), or null when the evidence supports none.</param>
/// <param name="Confidence">The confidence of the leading explanation.</param>
/// <param name="ValidationTest">How the root cause is confirmed (the result comes from the mitigation's validation).</param>
public sealed record FiveWhysChain(string ProblemStatement, IReadOnlyList<RcaWhyLevel> Levels, string? RootCause, Confidence? Confidence, string ValidationTest)
{
    /// <summary>The suspected change linked to the failing code by file and symbol; null when no changed file is a failing frame's type.</summary>
    public CauseLink? Link { get; init; }

    /// <summary>Why the system let the change through (tests, review, rollout gates, alerting): each finding cited, or an unknown naming what would tell.</summary>
    public IReadOnlyList<string> LetThrough { get; init; } = [];

    /// <summary>The root cause in plain words, or why it is unknown.</summary>
    public string RootCauseText => RootCause ?? "unknown: no explanation is supported by the evidence; deeper log, metric or dependency data is needed";
}

/// <summary>The contributing factors of the fishbone, by category; each factor carries its citation.</summary>
public sealed record RcaFishbone(IReadOnlyList<string> People, IReadOnlyList<string> Process, IReadOnlyList<string> Technology, IReadOnlyList<string> Environment)
{
    /// <summary>No factor in any category.</summary>
    public static RcaFishbone Empty { get; } = new([], [], [], []);

    /// <summary>Number of factors across all categories.</summary>
    public int Count => People.Count + Process.Count + Technology.Count + Environment.Count;

    /// <summary>The key factors, process and technology first, at most <paramref name="max"/>.</summary>
    public IReadOnlyList<string> Key(int max) => [.. Process.Concat(Technology).Concat(Environment).Concat(People).Take(max)];

    /// <summary>The fishbone with one more process factor.</summary>
    public RcaFishbone WithProcess(string factor) => this with { Process = [.. Process, factor] };
}

/// <summary>The root cause analysis of step 5: the incident-responder's 5 Whys and the reliability-engineer's fishbone.</summary>
public sealed record RootCauseAnalysis(FiveWhysChain Whys, RcaFishbone Factors)
{
    /// <summary>The earlier incidents this one recurs from (recorded links), each with its actions still open.</summary>
    public IReadOnlyList<RecurrenceView> Recurrences { get; init; } = [];
}
