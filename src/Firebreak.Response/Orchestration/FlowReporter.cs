using Spectre.Console;

namespace Firebreak.Response;

/// <summary>The seed's progress marks.</summary>
public enum ProgressMark { Done, Working, Warning, Failed, Skipped }

/// <summary>Receives the flow's progress lines as each step runs.</summary>
public interface IFlowReporter
{
    /// <summary>Reports one progress line, indented by <paramref name="depth"/> levels.</summary>
    void Report(ProgressMark mark, string text, int depth = 0);

    /// <summary>Writes a block of text as is (the final summary, error-path blocks).</summary>
    void Block(string text);
}

/// <summary>Discards progress (for --json and tests that do not look at it).</summary>
public sealed class SilentReporter : IFlowReporter
{
    /// <summary>The shared instance.</summary>
    public static SilentReporter Instance { get; } = new();

    /// <inheritdoc/>
    public void Report(ProgressMark mark, string text, int depth = 0)
    {
    }

    /// <inheritdoc/>
    public void Block(string text)
    {
    }
}

/// <summary>Writes progress to an <see cref="IAnsiConsole"/> with the seed's symbols (✓ ⏳ ⚠️ ❌ ⊘); colour only when wanted.</summary>
public sealed class ConsoleReporter(IAnsiConsole console, bool color) : IFlowReporter
{
    /// <summary>The symbol the seed uses for a mark.</summary>
    public static string Symbol(ProgressMark mark) => mark switch
    {
        ProgressMark.Done => "✓",
        ProgressMark.Working => "⏳",
        ProgressMark.Warning => "⚠️",
        ProgressMark.Failed => "❌",
        _ => "⊘",
    };

    /// <inheritdoc/>
    public void Report(ProgressMark mark, string text, int depth = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        // The console is a place Firebreak writes too: no secret and no control sequence from the evidence reaches it.
        var line = $"{new string(' ', depth * 2)}{Symbol(mark)} {Evidence.Quoted.Text(text)}";
        if (!color)
        {
            console.Write(new Text(line + Environment.NewLine));
            return;
        }

        var style = mark switch
        {
            ProgressMark.Done => new Style(Color.Green),
            ProgressMark.Warning => new Style(Color.Yellow),
            ProgressMark.Failed => new Style(Color.Red),
            _ => Style.Plain,
        };
        console.Write(new Text(line + Environment.NewLine, style));
    }

    /// <inheritdoc/>
    public void Block(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = Evidence.Quoted.Text(text);
        console.Write(new Text(text.EndsWith('\n') ? text : text + Environment.NewLine));
    }
}
