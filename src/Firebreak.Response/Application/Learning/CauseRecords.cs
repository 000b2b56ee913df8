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
    public static CauseRecorded Cause(Diagnosis diagnosis, Hypothesis leading, DateTimeOffset at, string actor)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        ArgumentNullException.ThrowIfNull(leading);
        var component = leading.Change?.Component ?? diagnosis.OriginComponent ?? diagnosis.AffectedComponents.FirstOrDefault();
        return new CauseRecorded(at, actor, component, Kind(leading), leading.Statement, CauseSignature.KeyTerms(leading.Statement));
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
