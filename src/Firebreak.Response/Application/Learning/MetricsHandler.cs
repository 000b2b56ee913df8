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

/// <summary>Computes the learning measures over the project's store, as of now, from recorded events only.</summary>
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
            var histories = await IncidentHistories.ReadAsync(store, IncidentMetrics.EventTypes, query.Since, query.Until, cancellationToken, IncidentMetrics.KeyPrefixes).ConfigureAwait(false);
            return IncidentMetrics.Compute(histories, services.Config.Policy, now, query.Since, query.Until);
        }
        finally
        {
            await IncidentStores.CloseAsync(store).ConfigureAwait(false);
        }
    }
}
