using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>The reasoning engine: finds what broke, where it started and which change (if any) caused it.</summary>
public static class Analyst
{
    /// <summary>Diagnoses the incident from the evidence as of <paramref name="asOf"/>.</summary>
    public static Diagnosis Diagnose(EvidenceBundle evidence, GuidanceProfile guidance, DateTimeOffset asOf) =>
        throw new NotImplementedException();
}

/// <summary>Chooses a mitigation with documented rules.</summary>
public static class MitigationAdvisor
{
    /// <summary>Chooses the strategy, its steps and its own rollback plan.</summary>
    public static MitigationPlan Choose(Diagnosis diagnosis, EvidenceBundle evidence, GuidanceProfile guidance) =>
        throw new NotImplementedException();
}
