using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>Judges a mitigation by comparing fresh metrics with the baseline and the SLO.</summary>
public static class MitigationValidator
{
    /// <summary>Returns RESOLVED, PARTIALLY RESOLVED or NOT RESOLVED with the evidence for it.</summary>
    public static (ResolutionVerdict Verdict, IReadOnlyList<EvidenceItem> Evidence) Judge(
        IReadOnlyList<SeriesAnalysis> before, IReadOnlyList<SeriesAnalysis> after, SloTargets slo) =>
        throw new NotImplementedException();
}
