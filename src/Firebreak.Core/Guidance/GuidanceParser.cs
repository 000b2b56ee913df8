namespace Firebreak.Core;

/// <summary>Reads the seed's keywords and phrases from --guidance text.</summary>
public static class GuidanceParser
{
    /// <summary>Parses guidance text; empty or null gives <see cref="GuidanceProfile.None"/>.</summary>
    public static GuidanceProfile Parse(string? text) => throw new NotImplementedException();
}

/// <summary>The seed's eight --interactive questions and how their answers become guidance.</summary>
public static class InteractiveInterview
{
    /// <summary>The eight questions, each with its hint line.</summary>
    public static IReadOnlyList<(string Question, string Hint)> Questions => throw new NotImplementedException();

    /// <summary>Combines the answers (one per question, in order) into guidance.</summary>
    public static GuidanceProfile ToGuidance(IReadOnlyList<string> answers, GuidanceProfile? existing = null) =>
        throw new NotImplementedException();
}
