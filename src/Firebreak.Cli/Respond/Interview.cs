using Firebreak.Core;

namespace Firebreak.Cli;

/// <summary>Asks the seed's eight questions one at a time and reads each answer as a line.</summary>
public static class Interview
{
    /// <summary>Asks the questions on <paramref name="output"/>; returns null when not even the first answer could be read.</summary>
    public static IReadOnlyList<string>? Ask(TextWriter output, TextReader input)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(input);
        var questions = InteractiveInterview.Questions;
        output.WriteLine(InteractiveInterview.Introduction);
        var answers = new List<string>();
        for (var i = 0; i < questions.Count; i++)
        {
            var (question, hint) = questions[i];
            output.WriteLine();
            output.WriteLine($"Q{i + 1}: {question}");
            output.WriteLine($"    {hint}");
            output.Write("> ");
            output.Flush();
            var answer = input.ReadLine();
            if (answer is null)
            {
                if (i == 0)
                {
                    return null;
                }

                // Input ended early: the remaining questions stay unanswered.
                output.WriteLine("(no answer)");
                answers.Add(string.Empty);
                continue;
            }

            answers.Add(answer.Trim());
        }

        output.WriteLine();
        return answers;
    }
}
