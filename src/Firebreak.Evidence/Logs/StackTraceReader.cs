namespace Firebreak.Evidence;

/// <summary>Collects the exception type and top frames of one record from its lines (Java, .NET, Python, Node and Go traces).</summary>
public sealed class StackTraceReader
{
    /// <summary>How many frames identify a trace.</summary>
    public const int TopFrameCount = 3;

    private readonly List<string> _frames = [];
    private bool _python;

    /// <summary>The exception type found so far, if any.</summary>
    public string? ExceptionType { get; private set; }

    /// <summary>Forgets the previous record.</summary>
    public void Reset()
    {
        ExceptionType = null;
        _frames.Clear();
        _python = false;
    }

    /// <summary>Reads one line of the record (the first line or a folded continuation).</summary>
    public void Read(ReadOnlySpan<char> line)
    {
        var t = line.Trim();
        if (t.IsEmpty)
        {
            return;
        }

        if (t.StartsWith("Traceback (most recent call last)", StringComparison.Ordinal))
        {
            _python = true;
            return;
        }

        if (t.StartsWith("at ", StringComparison.Ordinal))
        {
            AddFrame(Frame(t[3..]));
            return;
        }

        if (t.StartsWith("File \"", StringComparison.Ordinal))
        {
            // Python lists the innermost frame last: keep the most recent ones.
            var frame = PythonFrame(t);
            if (frame is not null)
            {
                _frames.Add(frame);
                if (_frames.Count > TopFrameCount)
                {
                    _frames.RemoveAt(0);
                }
            }

            return;
        }

        if (t.StartsWith("Caused by:", StringComparison.Ordinal) || t.StartsWith("goroutine ", StringComparison.Ordinal))
        {
            return;
        }

        var type = FindExceptionType(t);
        if (type is not null && (ExceptionType is null || _python))
        {
            ExceptionType = type;
        }
    }

    /// <summary>The signature of the record, or null when it held no exception or frames.</summary>
    public StackSignature? Signature() =>
        ExceptionType is null && _frames.Count == 0 ? null : new StackSignature(ExceptionType ?? "unknown exception", [.. _frames]);

    /// <summary>Finds a dotted exception or error type name such as <c>java.io.IOException</c> or <c>KeyError</c> in a line.</summary>
    public static string? FindExceptionType(ReadOnlySpan<char> line)
    {
        if (!line.Contains("Exception", StringComparison.Ordinal) && !line.Contains("Error", StringComparison.Ordinal) && !line.Contains("panic:", StringComparison.Ordinal))
        {
            return null;
        }

        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && !IsNameChar(line[i]))
            {
                i++;
            }

            var start = i;
            while (i < line.Length && (IsNameChar(line[i]) || line[i] == '.'))
            {
                i++;
            }

            var word = line[start..i].TrimEnd('.');
            var last = word.LastIndexOf('.');
            var name = last >= 0 ? word[(last + 1)..] : word;
            if (name.Length > 5 && char.IsAsciiLetterUpper(name[0])
                && (name.EndsWith("Exception", StringComparison.Ordinal) || name.EndsWith("Error", StringComparison.Ordinal)))
            {
                return word.ToString();
            }

            if (word.Equals("panic", StringComparison.Ordinal) && i < line.Length && line[i] == ':')
            {
                return "panic";
            }
        }

        return null;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$';

    private void AddFrame(string frame)
    {
        if (_frames.Count < TopFrameCount && !_python)
        {
            _frames.Add(frame);
        }
    }

    /// <summary>The method of a Java/.NET/Node frame without its file and line, so traces of one bug compare equal.</summary>
    private static string Frame(ReadOnlySpan<char> text)
    {
        var paren = text.IndexOf('(');
        var method = paren > 0 ? text[..paren] : text;
        var space = method.IndexOf(' ');
        if (space > 0 && paren < 0)
        {
            method = method[..space];
        }

        return method.Trim().ToString();
    }

    private static string? PythonFrame(ReadOnlySpan<char> text)
    {
        var fileEnd = text[6..].IndexOf('"');
        if (fileEnd < 0)
        {
            return null;
        }

        var file = text.Slice(6, fileEnd);
        var slash = file.LastIndexOfAny('/', '\\');
        var name = slash >= 0 ? file[(slash + 1)..] : file;
        var inAt = text.LastIndexOf(", in ");
        return inAt < 0 ? name.ToString() : $"{name}:{text[(inAt + 5)..].Trim()}";
    }
}
