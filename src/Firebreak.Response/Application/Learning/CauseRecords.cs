using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>An earlier incident this one recurs from, with that incident's actions that are still open.</summary>
public sealed record RecurrenceView(RecurrenceLinked Link, IReadOnlyList<ExportedAction> OpenActions);

/// <summary>Records the leading cause in the typed form recurrence compares, and links the incident to an earlier one it recurs from.</summary>
public static class CauseRecords
{
    /// <summary>The event kinds recurrence reads from the store.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
        [typeof(IncidentDetected), typeof(CauseRecorded), typeof(ActionTracked), typeof(ActionCompleted), typeof(ActionAdded)];

    /// <summary>The cause of <paramref name="leading"/>: the blamed change's component, else the origin, else the first affected component.</summary>
    public static CauseRecorded Cause(EvidenceBundle evidence, Diagnosis diagnosis, Hypothesis leading, DateTimeOffset at, string actor)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(diagnosis);
        ArgumentNullException.ThrowIfNull(leading);
        var component = leading.Change?.Component ?? diagnosis.OriginComponent ?? diagnosis.AffectedComponents.FirstOrDefault();
        return new CauseRecorded(at, actor, component, Kind(leading), leading.Statement, Terms(evidence, leading, component));
    }

    /// <summary>
    /// The key terms of the cause: what tells its mechanism apart, never the words respond's statement template puts
    /// around every cause. They come from the failing log template the incident brought (new or surging, reporting a
    /// failure; in the cause's component first, then the most lines since the onset): its constant words, its exception
    /// type and top frame. Without one, from the blamed change's own description and the paths it touched; without a
    /// change either, from the statement. The component's name is left out (recurrence compares it on its own), and
    /// <see cref="CauseSignature.KeyTerms"/> drops stop words and every token holding a digit (versions, SHAs, ids, numbers).
    /// </summary>
    public static IReadOnlyList<string> Terms(EvidenceBundle evidence, Hypothesis leading, string? component)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(leading);
        var failing = evidence.Logs.Templates
            .Where(t => (t.IsNew || t.IsSurging) && FailingTemplates.IsError(t))
            .OrderBy(t => component is not null && string.Equals(t.Component, component, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenByDescending(t => t.CountAfter)
            .ThenBy(t => t.TemplateId)
            .FirstOrDefault();
        IEnumerable<string?> texts = failing is not null
            ? [failing.Template, failing.Stack?.ExceptionType, failing.Stack?.TopFrames.FirstOrDefault()]
            : leading.Change is { } change
                ? [change.Description, .. change.Files]
                : [leading.Statement];
        var name = component is null ? [] : CauseSignature.KeyTerms(component);
        return [.. CauseSignature.KeyTerms(string.Join('\n', texts.OfType<string>())).Except(name, StringComparer.Ordinal)];
    }

    /// <summary>The cause's kind: change:&lt;kind&gt; when a change is blamed, else the cause the evidence points to, in kebab case.</summary>
    public static string Kind(Hypothesis leading)
    {
        ArgumentNullException.ThrowIfNull(leading);
        return leading.Change is { } change
            ? "change:" + WireNames.Of(change.Kind)
            : leading.Cause switch
            {
                CauseKind.DataIntegrity => "data-integrity",
                CauseKind.ClockStep => "clock-step",
                var other => other.ToString().ToLowerInvariant(),
            };
    }

    /// <summary>
    /// The link to the earlier incident <paramref name="cause"/> recurs from (none when there is no match or no store
    /// that can list incidents), and every recorded link of the incident with the earlier incident's open actions.
    /// </summary>
    public static async Task<(RecurrenceLinked? NewLink, IReadOnlyList<RecurrenceView> Views)> LinkAsync(
        IIncidentStore? store, string incidentId, CauseRecorded? cause, IReadOnlyList<RecurrenceLinked> recorded, RecurrenceOptions options,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(options);
        if (store is null || (store is not IIncidentHistory && store is not IIncidentCatalog))
        {
            return (null, []);
        }

        var histories = await IncidentHistories.ReadAsync(store, EventTypes, null, null, cancellationToken).ConfigureAwait(false);
        RecurrenceLinked? link = null;
        if (cause is not null)
        {
            var earlier = histories.Where(h => h.Id != incidentId)
                .SelectMany(h => h.Events.OfType<CauseRecorded>().Select(c => new PastCause(h.Id, c)));
            if (RecurrenceMatcher.Match(incidentId, cause, earlier, options) is { } match && recorded.All(r => r.EarlierIncident != match.EarlierIncident))
            {
                link = RecurrenceMatcher.Link(match, cause.At, cause.Actor);
            }
        }

        return (link, Views(histories, recorded.Concat(link is null ? [] : [link]), now));
    }

    /// <summary>
    /// The recorded links of <paramref name="state"/> with each earlier incident's actions still open as the store holds
    /// them now (an action done since the link was made is no longer named); none without links or a store that can list incidents.
    /// </summary>
    public static async Task<IReadOnlyList<RecurrenceView>> ViewsAsync(IIncidentStore? store, IncidentState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var links = state.Events.OfType<RecurrenceLinked>().ToList();
        if (links.Count == 0 || store is null || (store is not IIncidentHistory && store is not IIncidentCatalog))
        {
            return [];
        }

        var histories = await IncidentHistories.ReadAsync(store, EventTypes, null, null, cancellationToken).ConfigureAwait(false);
        return Views(histories, links, now);
    }

    // An action is open while not done: tracked and open or overdue, or proposed by the flow and never tracked.
    private static List<RecurrenceView> Views(IReadOnlyList<IncidentHistory> histories, IEnumerable<RecurrenceLinked> links, DateTimeOffset now)
    {
        var byId = histories.ToDictionary(h => h.Id, StringComparer.Ordinal);
        return [.. links.Select(l => new RecurrenceView(l, byId.TryGetValue(l.EarlierIncident, out var h)
            ? [.. ActionExportHandler.Actions(h, now).Where(a => a.Status is "open" or "overdue" or "proposed")]
            : []))];
    }
}
