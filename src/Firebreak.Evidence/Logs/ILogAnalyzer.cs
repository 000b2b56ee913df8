namespace Firebreak.Evidence;

/// <summary>Mines templates from log files and finds the ones that appeared or surged around an onset.</summary>
public interface ILogAnalyzer
{
    /// <summary>Analyzes the files (paths relative to <paramref name="projectDirectory"/>); <paramref name="referenceOnset"/> is when the incident's first anomaly began, if known; records stamped after <paramref name="until"/> are left out (replaying an incident as of a past moment).</summary>
    LogAnalysis Analyze(string projectDirectory, IReadOnlyList<string> files, DateTimeOffset? referenceOnset, DateTimeOffset? until, CancellationToken cancellationToken = default);
}
