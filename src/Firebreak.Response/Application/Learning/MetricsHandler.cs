using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>firebreak metrics: the incidents detected in [Since, Until) (either optional).</summary>
public sealed record MetricsQuery(DateTimeOffset? Since, DateTimeOffset? Until)
{
    /// <summary>Refuses an empty or inverted range.</summary>
    public void Validate()
    {
        if (Since is { } since && Until is { } until && until <= since)
        {
            throw new RequestRefusedException($"--until {LiveCommandRunner.Iso(until)} is not after --since {LiveCommandRunner.Iso(since)}");
        }
    }
}

/// <summary>Computes the learning measures over the project's store, as of now, from recorded events only (through the store's per-incident measures when it keeps them).</summary>
public sealed class MetricsHandler(LiveServices services)
{
    /// <summary>The report; an absent store is a report of no incidents.</summary>
    public async Task<MetricsReport> HandleAsync(MetricsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var now = services.Time.GetUtcNow();
        if (!File.Exists(services.StorePath))
        {
            return IncidentMetrics.Compute([], services.Config.Policy, now, query.Since, query.Until);
        }

        var store = services.OpenStore(services.StorePath);
        try
        {
            if (store is IIncidentMeasuresSource source)
            {
                var measures = await ReadMeasuresAsync(store, source, query, now, cancellationToken).ConfigureAwait(false);
                return IncidentMetrics.Report(measures, services.Config.Policy, now, query.Since, query.Until);
            }

            var histories = await IncidentHistories.ReadAsync(store, IncidentMetrics.EventTypes, query.Since, query.Until, cancellationToken, IncidentMetrics.KeyPrefixes).ConfigureAwait(false);
            return IncidentMetrics.Compute(histories, services.Config.Policy, now, query.Since, query.Until);
        }
        finally
        {
            await IncidentStores.CloseAsync(store).ConfigureAwait(false);
        }
    }

    // The store's projection row holds for any moment at or after the incident's latest event; an incident without a
    // row, or with an event recorded ahead of now, is read from its events as of now.
    private static async Task<IReadOnlyList<IncidentMeasures>> ReadMeasuresAsync(
        IIncidentStore store, IIncidentMeasuresSource source, MetricsQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await source.MeasuresAsync(query.Since, query.Until, cancellationToken).ConfigureAwait(false);
        var measures = new List<IncidentMeasures>(rows.Count);
        foreach (var (id, stored) in rows)
        {
            if (stored is not null && stored.LatestEventAt <= now)
            {
                measures.Add(stored);
                continue;
            }

            var events = await store.LoadAsync(new IncidentId(id), cancellationToken).ConfigureAwait(false);
            measures.Add(IncidentMeasures.Of(IncidentLifecycle.Replay(id, events), now));
        }

        return measures;
    }
}
