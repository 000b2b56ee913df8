using Firebreak.Core;

namespace Firebreak.Storage.Tests;

/// <summary>An incident database with one P0 incident opened at T0, and a performer that records what the engine does.</summary>
internal static class LiveFixture
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    public static async Task OpenIncidentAsync(SqliteIncidentStore store, string id, Priority priority, DateTimeOffset at)
    {
        await store.AppendAsync(new IncidentId(id),
        [
            new IncidentDetected(at, "alertmanager", id, "alertmanager", "alert", "checkout fails", priority, "alerts/a.json"),
            new IncidentClassified(at, "triage", priority, Impact.High, Urgency.High, IncidentCategory.Availability, "most users"),
            new StatusChanged(at, "triage", IncidentStatus.Detected, IncidentStatus.Triaged, "triaged"),
            new StatusChanged(at, "triage", IncidentStatus.Triaged, IncidentStatus.Investigating, "investigating"),
        ]);
    }

    /// <summary>Records an escalation, notice or breach event and queues one webhook message per item.</summary>
    public sealed class Performer : IDuePerformer
    {
        public int Decisions;

        public DueEffects Decide(IncidentState state, DueItem item, DateTimeOffset now)
        {
            Interlocked.Increment(ref Decisions);
            IncidentEvent? recorded = item.Kind switch
            {
                DueKind.Escalation => new Escalated(now, "engine", item.Tier!.Value, item.Reason),
                DueKind.Notice or DueKind.StatusPageUpdate => new Notified(now, "engine", item.Audience!, "rotation", item.Reason),
                DueKind.SlaBreach => new SlaBreached(now, "engine", item.Sla!, item.Target!.Value, now - state.DetectedAt),
                _ => null,
            };
            var message = new OutgoingMessage($"{state.Id}:{item.Key}:webhook", state.Id, item.Audience ?? "incident-channel", "webhook",
                item.Key, $"{state.Id}: {item.Reason}");
            return new DueEffects(recorded is null ? [] : [recorded], [message]);
        }
    }
}
