namespace Firebreak.Evidence;

/// <summary>What one template accumulated while streaming: counts, timeline, levels, component, stack and a few cited examples.</summary>
internal sealed class TemplateStats
{
    private const int MaxExamples = 3;

    private readonly List<Example> _first = [];
    private readonly List<Example> _afterOnset = [];
    private readonly Dictionary<string, long> _levels = new(StringComparer.Ordinal);
    private bool _mixedComponents;

    public TemplateTimeline Timeline { get; } = new();

    /// <summary>Subjects, rows and data kinds named by the lines from the onset on; null until one is read.</summary>
    public SubjectTally? Subjects { get; private set; }

    /// <summary>Counts the subjects a line from the onset on names.</summary>
    public void ObserveSubjects(ReadOnlySpan<char> content, IReadOnlyDictionary<string, string>? fields)
    {
        Subjects ??= new SubjectTally();
        Subjects.Observe(content);
        if (fields is not null)
        {
            Subjects.Observe(fields);
        }
    }

    public long Count { get; private set; }

    public string? Component { get; private set; }

    public StackSignature? Stack { get; private set; }

    /// <summary>The most frequent level.</summary>
    public string? Level => _levels.Count == 0 ? null : _levels.MaxBy(p => p.Value).Key;

    public bool WantsExample(bool afterOnset) => _first.Count < MaxExamples || (afterOnset && _afterOnset.Count < MaxExamples);

    public void AddExample(SourceRef source, string text, bool afterOnset, IReadOnlyDictionary<string, string>? fields = null)
    {
        var example = new Example(source, text) { Fields = fields };
        if (_first.Count < MaxExamples)
        {
            _first.Add(example);
        }

        if (afterOnset && _afterOnset.Count < MaxExamples)
        {
            _afterOnset.Add(example);
        }
    }

    /// <summary>The first occurrence read.</summary>
    public SourceRef? FirstExample => _first.Count > 0 ? _first[0].Source : null;

    /// <summary>Examples to cite: from after the onset when the template changed there, else the first ones.</summary>
    public IReadOnlyList<Example> Examples(bool preferAfterOnset) =>
        preferAfterOnset && _afterOnset.Count > 0 ? _afterOnset : _first;

    public void Add(DateTimeOffset? time, string? level, string? component, StackSignature? stack)
    {
        Count++;
        if (time is { } t)
        {
            Timeline.Add(t);
        }

        if (level is not null)
        {
            _levels[level] = _levels.GetValueOrDefault(level) + 1;
        }

        NoteComponent(component);
        Stack ??= stack;
    }

    public void Merge(TemplateStats other)
    {
        Count += other.Count;
        Timeline.Merge(other.Timeline);
        foreach (var (level, n) in other._levels)
        {
            _levels[level] = _levels.GetValueOrDefault(level) + n;
        }

        if (other._mixedComponents)
        {
            _mixedComponents = true;
            Component = null;
        }
        else
        {
            NoteComponent(other.Component);
        }

        Stack ??= other.Stack;
        if (other.Subjects is { } subjects)
        {
            Subjects ??= new SubjectTally();
            Subjects.Merge(subjects);
        }

        Fill(_first, other._first);
        Fill(_afterOnset, other._afterOnset);
    }

    private static void Fill(List<Example> target, List<Example> source)
    {
        foreach (var example in source)
        {
            if (target.Count >= MaxExamples)
            {
                return;
            }

            target.Add(example);
        }
    }

    private void NoteComponent(string? component)
    {
        if (component is null || _mixedComponents)
        {
            return;
        }

        if (Component is null)
        {
            Component = component;
        }
        else if (!string.Equals(Component, component, StringComparison.Ordinal))
        {
            // A template logged by several components has no single one.
            _mixedComponents = true;
            Component = null;
        }
    }

    internal sealed record Example(SourceRef Source, string Text)
    {
        /// <summary>The other fields of a JSON line, kept as fields.</summary>
        public IReadOnlyDictionary<string, string>? Fields { get; init; }
    }
}
