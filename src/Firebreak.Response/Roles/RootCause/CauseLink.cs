using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>
/// The suspected change linked to the failure by file and symbol: a changed file whose type a failing stack frame names
/// (the file's name equals the frame's type, not a shared substring), and, when the diff was read, the added lines in
/// the frame's method with their line number.
/// </summary>
/// <param name="File">The changed file, as the change records it.</param>
/// <param name="Symbol">The failing frame's type and method ("PriceCalculator.Apply").</param>
/// <param name="Frame">The failing frame as the stack trace names it.</param>
/// <param name="ExceptionType">The exception the stack trace reports.</param>
/// <param name="Hunk">The change's added lines in that method, when the diff names it; null when only the file matched.</param>
/// <param name="LogSource">The log line that shows the stack trace.</param>
public sealed record CauseLink(string File, string Symbol, string Frame, string ExceptionType, ChangedHunk? Hunk, SourceRef? LogSource)
{
    /// <summary>"src/checkout/PriceCalculator.cs:1" when the diff placed it, else the file with the line the stack trace names, else the file alone.</summary>
    public string Location => Hunk is { } h ? $"{File}:{h.Line}" : TraceLine is { } line ? $"{File}:{line}" : File;

    /// <summary>The line the failing frame names in that file ("PaymentService.cs:88"), when the trace carries it.</summary>
    public int? TraceLine { get; init; }
}

/// <summary>Links a change to a failing stack trace by file and symbol; pure.</summary>
public static class CauseLinker
{
    /// <summary>The link, or null when no changed file is the type of one of the failing frames.</summary>
    public static CauseLink? Link(ChangeRecord change, LogTemplateSummary? pattern)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (pattern?.Stack is not { } stack)
        {
            return null;
        }

        foreach (var frame in stack.TopFrames)
        {
            if (Split(frame) is not { } symbol)
            {
                continue;
            }

            var file = change.Files.FirstOrDefault(f => string.Equals(Path.GetFileNameWithoutExtension(f), symbol.Type, StringComparison.Ordinal));
            if (file is null)
            {
                continue;
            }

            var hunks = change.Hunks.Where(h => string.Equals(h.File, file, StringComparison.Ordinal)).ToList();
            var hunk = hunks.FirstOrDefault(h => Names(h.Context, symbol.Method) || h.Added.Any(a => Names(a, symbol.Method)));
            return new CauseLink(file, $"{symbol.Type}.{symbol.Method}", frame, stack.ExceptionType, hunk, pattern.Examples.Count > 0 ? pattern.Examples[0] : null)
            {
                TraceLine = symbol.TraceFile is { } traceFile && string.Equals(Path.GetFileName(traceFile), Path.GetFileName(file), StringComparison.Ordinal) ? symbol.TraceLine : null,
            };
        }

        return null;
    }

    // "Shop.Checkout.PriceCalculator.Apply(PriceCalculator.cs:88)" -> (PriceCalculator, Apply, PriceCalculator.cs, 88); generic arity and lambdas are cut.
    private static (string Type, string Method, string? TraceFile, int? TraceLine)? Split(string frame)
    {
        var paren = frame.IndexOf('(', StringComparison.Ordinal);
        string? traceFile = null;
        int? traceLine = null;
        if (paren >= 0)
        {
            var inner = frame[(paren + 1)..].TrimEnd(')');
            var colon = inner.LastIndexOf(':');
            if (colon > 0 && int.TryParse(inner[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                (traceFile, traceLine) = (inner[..colon], n);
            }
        }

        var parts = (paren >= 0 ? frame[..paren] : frame).Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return null;
        }

        var type = parts[^2].Split('`', '+', '<')[0];
        var method = parts[^1].Trim('<', '>').Split('`', '>', '$')[0];
        return type.Length == 0 || method.Length == 0 ? null : (type, method, traceFile, traceLine);
    }

    // The method's name as a whole word followed by "(": a declaration or a call, not a substring of another name.
    private static bool Names(string text, string method)
    {
        var at = 0;
        while ((at = text.IndexOf(method, at, StringComparison.Ordinal)) >= 0)
        {
            var before = at == 0 || !(char.IsLetterOrDigit(text[at - 1]) || text[at - 1] == '_');
            var after = at + method.Length;
            while (after < text.Length && text[after] == ' ')
            {
                after++;
            }

            if (before && after < text.Length && (text[after] == '(' || text[after] == '<'))
            {
                return true;
            }

            at += method.Length;
        }

        return false;
    }
}
