namespace Firebreak.Core.Tests;

/// <summary>Issue 11 item 19: a pasted 100 KB answer to an interactive question is capped before it is read.</summary>
public sealed class HostileInterviewTests
{
    public static TheoryData<string> HugeAnswers => new()
    {
        new string('a', 100_000),
        new string('7', 100_000),
        string.Concat(Enumerable.Repeat("1 in ", 20_000)),
        string.Concat(Enumerable.Repeat("12 % ", 20_000)),
        string.Concat(Enumerable.Repeat("19:05 ", 16_000)),
        string.Concat(Enumerable.Repeat("word ", 20_000)) + " ago",
    };

    [Theory]
    [MemberData(nameof(HugeAnswers))]
    public void ToGuidance_100KbAnswerToEveryQuestion_IsCapped(string answer)
    {
        var answers = Enumerable.Repeat(answer, InteractiveInterview.Questions.Count).ToList();

        var guidance = InteractiveInterview.ToGuidance(answers, new DateTimeOffset(2026, 11, 25, 20, 0, 0, TimeSpan.Zero));

        // Before the cap a 100 KB answer took 45 s; the cap bounds the work (speed itself is not a unit test's job).
        guidance.Text.Length.ShouldBeLessThan(InteractiveInterview.Questions.Count * (InteractiveInterview.MaxAnswerLength + 300));
        guidance.Effects.ShouldContain(e => e.StartsWith("Q1: the answer was cut", StringComparison.Ordinal));
    }
}
