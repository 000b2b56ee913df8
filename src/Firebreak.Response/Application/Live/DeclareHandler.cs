using System.Globalization;
using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>firebreak declare: a person's words open an incident.</summary>
public sealed record DeclareCommand(string Words, Priority? Priority);

/// <summary>What declare opened and what it read from the words.</summary>
public sealed record DeclareResult(IncidentId Id, Priority? ReportedPriority, IReadOnlyList<string> Components, IReadOnlyList<string> Inferences, FlowResult Flow);

/// <summary>
/// Opens an incident from a sentence: the next id <c>INC-YYYYMMDD-N</c> (the UTC date of now, N one more than the
/// incidents of that day in the store), the words as the reported symptoms, a severity read from them when none
/// is given (the first matching rule of <see cref="SeverityRules"/>) and the catalog's components named in them,
/// then the respond flow.
/// </summary>
public sealed class DeclareHandler(RespondHandler respond, ProjectConfig config, TimeProvider time, Func<string, IIncidentStore> openStore)
{
    /// <summary>Phrases that mean a severity, most severe first; matched case-insensitively as whole words ("p3" is not read in "mp3", "breach" is).</summary>
    public static IReadOnlyList<(Priority Priority, string[] Phrases)> SeverityRules { get; } =
    [
        (Priority.P0, ["p0", "production is down", "site is down", "is down", "outage", "all users", "data loss", "breach"]),
        (Priority.P1, ["p1", "most users", "many users", "fails for", "failing for", "major"]),
        (Priority.P2, ["p2", "some users", "slow", "degraded"]),
        (Priority.P3, ["p3", "cosmetic", "minor", "typo"]),
    ];

    /// <summary>Declares the incident and runs the respond flow.</summary>
    public async Task<DeclareResult> HandleAsync(DeclareCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var words = string.IsNullOrWhiteSpace(command.Words)
            ? throw new RequestRefusedException("declare needs the words of what is happening, e.g. firebreak declare \"checkout fails for most users\"")
            : command.Words.Trim();
        var inferences = new List<string>();
        var priority = command.Priority;
        if (priority is null && Infer(words) is { } inferred)
        {
            priority = inferred.Priority;
            inferences.Add($"severity {inferred.Priority} from \"{inferred.Phrase}\" in the words (triage confirms or changes it)");
        }
        else if (priority is null)
        {
            inferences.Add("no severity in the words: triage decides");
        }

        var components = config.Profile.Components
            .Where(c => WholeWords(words, c.Name) || WholeWords(words, ShortName(c.Name)))
            .Select(c => c.Name).ToList();
        inferences.Add(components.Count == 0 ? "no catalog component named in the words" : $"component{(components.Count == 1 ? string.Empty : "s")} named: {string.Join(", ", components)}");

        var id = await NextIdAsync(cancellationToken).ConfigureAwait(false);
        var flow = await respond.HandleAsync(new FlowRequest(id, config) { ReportedPriority = priority, Description = words }, cancellationToken).ConfigureAwait(false);
        return new DeclareResult(id, priority, components, inferences, flow);
    }

    /// <summary>The first severity rule whose phrase the words contain, or null.</summary>
    public static (Priority Priority, string Phrase)? Infer(string words)
    {
        ArgumentNullException.ThrowIfNull(words);
        foreach (var (priority, phrases) in SeverityRules)
        {
            if (phrases.FirstOrDefault(p => WholeWords(words, p)) is { } phrase)
            {
                return (priority, phrase);
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="phrase"/> occurs in <paramref name="words"/> with no letter or digit touching either end.</summary>
    private static bool WholeWords(string words, string phrase)
    {
        for (var at = words.IndexOf(phrase, StringComparison.OrdinalIgnoreCase); at >= 0; at = words.IndexOf(phrase, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + phrase.Length;
            if ((at == 0 || !char.IsLetterOrDigit(words[at - 1])) && (end == words.Length || !char.IsLetterOrDigit(words[end])))
            {
                return true;
            }
        }

        return false;
    }

    private static string ShortName(string component) =>
        component.EndsWith("-api", StringComparison.OrdinalIgnoreCase) ? component[..^4] : component;

    private async Task<IncidentId> NextIdAsync(CancellationToken cancellationToken)
    {
        var prefix = $"INC-{time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-";
        var taken = 0;
        var path = FlowRequest.StorePath(config.ProjectDirectory);
        if (File.Exists(path))
        {
            var store = openStore(path);
            try
            {
                if (store is IIncidentCatalog catalog)
                {
                    taken = (await catalog.AllIncidentsAsync(cancellationToken).ConfigureAwait(false))
                        .Select(i => i.Id.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(i.Id[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
                        .DefaultIfEmpty(0).Max();
                }
            }
            finally
            {
                await IncidentStores.CloseAsync(store).ConfigureAwait(false);
            }
        }

        return new IncidentId(prefix + (taken + 1).ToString(CultureInfo.InvariantCulture));
    }
}
