using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>What storing an analysis did: the version in force afterwards and whether this run appended it.</summary>
public sealed record AnalysisRecorded(AnalysisVersion InForce, bool Appended);

/// <summary>
/// Stores a respond run's analysis as the next version of the incident's analysis stream when its decisions differ from the
/// latest stored ones (saying what changed), and rebuilds a dossier from a stored analysis plus the incident's lifecycle
/// state, so later commands render without reading evidence or reasoning again.
/// </summary>
public static class AnalysisRecorder
{
    /// <summary>Appends the dossier's analysis unless the latest stored one decided the same; null when the store keeps no analyses.</summary>
    public static async Task<AnalysisRecorded?> RecordAsync(IIncidentStore store, IncidentId id, IncidentDossier dossier, bool legacy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        if (store is not IAnalysisLog log)
        {
            return null;
        }

        var payload = AnalysisCodec.Encode(dossier);
        var digest = AnalysisCodec.Digest(payload);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var latest = await log.LatestAnalysisAsync(id, cancellationToken).ConfigureAwait(false);
            if (latest is not null && latest.SchemaVersion == AnalysisCodec.SchemaVersion && string.Equals(latest.Digest, digest, StringComparison.Ordinal))
            {
                return new AnalysisRecorded(latest, Appended: false);
            }

            var next = new AnalysisVersion((latest?.Version ?? 0) + 1, AnalysisCodec.SchemaVersion, dossier.AsOf, digest, Reason(latest, payload, dossier, legacy), payload);
            if (await log.AppendAnalysisAsync(id, next, cancellationToken).ConfigureAwait(false))
            {
                return new AnalysisRecorded(next, Appended: true);
            }

            // Another run stored a version first: compare with it.
        }

        var inForce = await log.LatestAnalysisAsync(id, cancellationToken).ConfigureAwait(false);
        return inForce is null ? null : new AnalysisRecorded(inForce, Appended: false);
    }

    /// <summary>The incident's stored analysis versions (number, time, reason), oldest first; empty when the store keeps none.</summary>
    public static async Task<IReadOnlyList<AnalysisVersionNote>> VersionsAsync(IIncidentStore store, IncidentId id, CancellationToken cancellationToken)
    {
        if (store is not IAnalysisLog log)
        {
            return [];
        }

        var versions = await log.AnalysesAsync(id, cancellationToken).ConfigureAwait(false);
        return [.. versions.Select(v => new AnalysisVersionNote(v.Version, v.RecordedAt, v.Reason))];
    }

    /// <summary>The dossier of a stored analysis as of <paramref name="asOf"/>: its decisions with the project's configuration, the incident's state and the clock at that moment.</summary>
    public static IncidentDossier Dossier(StoredAnalysis analysis, IncidentId id, ProjectConfig config, IncidentState state, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(state);
        var stored = analysis.Dossier;

        // As DossierBuilder does: the record decides what was done, so a notice recorded since still counts.
        var escalation = stored.Escalation with
        {
            Tier = state.Tier,
            ManagementNotified = stored.Escalation.ManagementNotified || Has(state, $"notified:{Audiences.Management}"),
            ExecutiveNotified = stored.Escalation.ExecutiveNotified || Has(state, $"notified:{Audiences.Executive}"),
            LegalNotified = Has(state, $"notified:{Audiences.Legal}"),
        };

        // A person's mitigation decision made after the analysis is applied as respond applies it; one it already saw is in its plan.
        var decided = state.Events.OfType<MitigationDecided>().LastOrDefault();
        var mitigation = decided is not null && (decided.At > stored.AsOf || decided.Strategy != stored.Mitigation.Strategy)
            ? MitigateHandler.WithDecision(stored.Mitigation, state)
            : stored.Mitigation;

        return stored with
        {
            Id = id,
            Config = config,
            Evidence = stored.Evidence with { Config = config },
            Escalation = escalation,
            Mitigation = mitigation,
            Review = Booked(stored.Review, state),
            State = state,
            AsOf = asOf,
            Clock = EscalationClock.Evaluate(state, config.Policy, asOf),
        };
    }

    /// <summary>The review plan at the latest recorded booking: a review (re)booked since the analysis (at resolution) moves the meeting and its deadline.</summary>
    private static ReviewPlan Booked(ReviewPlan plan, IncidentState state) =>
        plan.Required && state.Events.OfType<ReviewScheduled>().LastOrDefault() is { } booking
            ? plan with { MeetingAt = booking.MeetingAt, DueBy = booking.Deadline ?? plan.DueBy }
            : plan;

    /// <summary>Why a new version exists: the first analysis, or what changed from the latest stored one.</summary>
    private static string Reason(AnalysisVersion? latest, string payload, IncidentDossier dossier, bool legacy)
    {
        var at = IncidentJsonRenderer.Iso(dossier.AsOf);
        if (latest is null)
        {
            return legacy
                ? $"first stored analysis ({at}): the incident was recorded without one, so it was recomputed from the evidence once"
                : $"first analysis ({at})";
        }

        if (latest.SchemaVersion != AnalysisCodec.SchemaVersion)
        {
            return $"re-analysed at {at}: the stored analysis v{latest.Version} is in schema {latest.SchemaVersion}, this Firebreak writes schema {AnalysisCodec.SchemaVersion}";
        }

        var changed = AnalysisCodec.Changed(latest.Payload, payload);
        var details = new List<string>();
        if (AnalysisCodec.Decode(latest) is { } earlier)
        {
            var before = earlier.Dossier;
            if (before.Triage.Priority != dossier.Triage.Priority)
            {
                details.Add($"priority {before.Triage.Priority} → {dossier.Triage.Priority}");
            }

            if (before.Mitigation.Strategy != dossier.Mitigation.Strategy)
            {
                details.Add($"mitigation {WireNames.Of(before.Mitigation.Strategy)} → {WireNames.Of(dossier.Mitigation.Strategy)}");
            }

            if (!string.Equals(before.Diagnosis.Leading?.Statement, dossier.Diagnosis.Leading?.Statement, StringComparison.Ordinal))
            {
                details.Add("leading cause changed");
            }
        }

        var what = changed.Count == 0 ? "the decisions changed" : $"changed: {string.Join(", ", changed)}";
        return details.Count == 0
            ? $"re-analysed at {at} on re-collected evidence; {what} (since v{latest.Version})"
            : $"re-analysed at {at} on re-collected evidence; {string.Join("; ", details)}; {what} (since v{latest.Version})";
    }

    private static bool Has(IncidentState state, string dedupKey) => state.Events.Any(e => string.Equals(e.DedupKey, dedupKey, StringComparison.Ordinal));
}
