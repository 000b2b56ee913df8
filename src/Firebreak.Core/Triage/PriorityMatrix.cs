namespace Firebreak.Core;

/// <summary>The flow's 3x3 Impact x Urgency matrix.</summary>
public static class PriorityMatrix
{
    /// <summary>Returns the priority for an impact and urgency.</summary>
    public static Priority Classify(Impact impact, Urgency urgency) => (impact, urgency) switch
    {
        (Impact.High, Urgency.High) => Priority.P0,
        (Impact.High, Urgency.Medium) or (Impact.Medium, Urgency.High) => Priority.P1,
        (Impact.High, Urgency.Low) or (Impact.Medium, Urgency.Medium) or (Impact.Low, Urgency.High) => Priority.P2,
        _ => Priority.P3,
    };
}
