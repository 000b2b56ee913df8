namespace Firebreak.Core;

/// <summary>Turns evidence facts into Impact and Urgency with the seed's criteria, then a priority from the matrix.</summary>
public static class TriageAssessor
{
    /// <summary>Assesses the facts; <paramref name="reported"/> is the reporter's initial severity, kept beside the computed one.</summary>
    public static TriageResult Assess(TriageFacts facts, Priority? reported, GuidanceProfile guidance) =>
        throw new NotImplementedException();
}
