namespace Firebreak.Core;

/// <summary>A cause in the form recurrence compares: the component it lies in, its kind and its key terms.</summary>
public sealed record CauseSignature
{
    /// <summary>Words too common in cause statements to tell two causes apart.</summary>
    public static IReadOnlySet<string> StopWords { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "the", "and", "for", "from", "with", "that", "this", "was", "were", "are", "has", "had", "have", "been", "its", "into",
        "onto", "after", "before", "since", "when", "while", "than", "then", "but", "not", "all", "any", "most", "some",
        "which", "who", "what", "where", "why", "how", "about", "over", "under", "between", "their", "there", "they",
        "them", "our", "out", "per", "via", "can", "could", "would", "should", "may", "might", "did", "does", "doing",
        "caused", "cause", "causes", "causing", "likely", "probably", "suspected", "because", "due", "led", "leads",
        "minutes", "minute", "seconds", "hours", "min", "utc",
    };

    /// <summary>Creates a signature; the kind is required, the terms are normalised (lower case, distinct).</summary>
    public CauseSignature(string? component, string kind, IEnumerable<string> terms)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(terms);
        Component = string.IsNullOrWhiteSpace(component) ? null : component.Trim();
        Kind = kind.Trim().ToLowerInvariant();
        Terms = new SortedSet<string>(terms.Select(t => t.ToLowerInvariant()), StringComparer.Ordinal);
    }

    /// <summary>The component the cause lies in, or null when unknown (such a cause never matches another).</summary>
    public string? Component { get; }

    /// <summary>The cause's kind, lower case: <c>change:deploy</c>, <c>change:config</c>, <c>capacity</c>, <c>dependency</c>...</summary>
    public string Kind { get; }

    /// <summary>The key terms, distinct and sorted.</summary>
    public IReadOnlySet<string> Terms { get; }

    /// <summary>The signature of a recorded cause.</summary>
    public static CauseSignature Of(CauseRecorded cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        return new CauseSignature(cause.Component, cause.Kind, cause.Terms);
    }

    /// <summary>
    /// The key terms of a cause statement: words of letters (with inner '-', '_' or '.'), lower case, at least three
    /// characters, without stop words, without tokens holding a digit (versions, SHAs, ids and moments differ between
    /// two occurrences of the same cause).
    /// </summary>
    public static IReadOnlyList<string> KeyTerms(string statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var terms = new SortedSet<string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= statement.Length; i++)
        {
            var inWord = i < statement.Length && (char.IsLetterOrDigit(statement[i])
                || (start >= 0 && statement[i] is '-' or '_' or '.' && i + 1 < statement.Length && char.IsLetterOrDigit(statement[i + 1])));
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                var word = statement[start..i].ToLowerInvariant();
                start = -1;
                if (word.Length >= 3 && !word.Any(char.IsDigit) && !StopWords.Contains(word))
                {
                    terms.Add(word);
                }
            }
        }

        return [.. terms];
    }

    /// <summary>The Jaccard index of two term sets: |A ∩ B| / |A ∪ B|; 0 when both are empty.</summary>
    public static double Jaccard(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 && b.Count == 0)
        {
            return 0;
        }

        var shared = a.Count(b.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }
}

/// <summary>How recurrence is recognised.</summary>
public sealed record RecurrenceOptions
{
    /// <summary>The default options.</summary>
    public static RecurrenceOptions Default { get; } = new();

    /// <summary>How far back an earlier incident may lie (its cause recorded within this window before the new one). The default is 90 days.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromDays(90);

    /// <summary>The least Jaccard index of the key terms for two causes to be similar. The default is 0.5.</summary>
    public double SimilarityThreshold { get; init; } = 0.5;
}

/// <summary>An earlier incident's recorded cause.</summary>
public sealed record PastCause(string IncidentId, CauseRecorded Cause);

/// <summary>A match between a new cause and an earlier incident's.</summary>
public sealed record RecurrenceMatch(string EarlierIncident, string Component, string Kind, double Similarity, IReadOnlyList<string> SharedTerms, DateTimeOffset EarlierAt);

/// <summary>Finds the earlier incident a new cause recurs from.</summary>
/// <remarks>
/// An earlier cause matches when it was recorded in another incident within <see cref="RecurrenceOptions.Window"/>
/// before the new one (and not after it), lies in the same component (case-insensitive; an unknown component never
/// matches), has the same kind, and the Jaccard index of the two key-term sets is at least
/// <see cref="RecurrenceOptions.SimilarityThreshold"/>. Of several matches the most similar wins, then the most recent.
/// </remarks>
public static class RecurrenceMatcher
{
    /// <summary>The best earlier match for <paramref name="cause"/> of incident <paramref name="incidentId"/>, or null.</summary>
    public static RecurrenceMatch? Match(string incidentId, CauseRecorded cause, IEnumerable<PastCause> earlier, RecurrenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(cause);
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(options);
        var mine = CauseSignature.Of(cause);
        if (mine.Component is null)
        {
            return null;
        }

        RecurrenceMatch? best = null;
        foreach (var past in earlier)
        {
            if (string.Equals(past.IncidentId, incidentId, StringComparison.OrdinalIgnoreCase)
                || past.Cause.At > cause.At || cause.At - past.Cause.At > options.Window)
            {
                continue;
            }

            var theirs = CauseSignature.Of(past.Cause);
            if (theirs.Component is null || !string.Equals(theirs.Component, mine.Component, StringComparison.OrdinalIgnoreCase) || theirs.Kind != mine.Kind)
            {
                continue;
            }

            var similarity = CauseSignature.Jaccard(mine.Terms, theirs.Terms);
            if (similarity < options.SimilarityThreshold)
            {
                continue;
            }

            if (best is null || similarity > best.Similarity || (similarity == best.Similarity && past.Cause.At > best.EarlierAt))
            {
                best = new RecurrenceMatch(past.IncidentId, mine.Component, mine.Kind, similarity, [.. mine.Terms.Where(theirs.Terms.Contains)], past.Cause.At);
            }
        }

        return best;
    }

    /// <summary>The event that records the link.</summary>
    public static RecurrenceLinked Link(RecurrenceMatch match, DateTimeOffset at, string actor)
    {
        ArgumentNullException.ThrowIfNull(match);
        return new RecurrenceLinked(at, actor, match.EarlierIncident, match.Component, match.Kind, Math.Round(match.Similarity, 3), match.SharedTerms);
    }
}
