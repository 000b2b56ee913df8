using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Core.Tests;

/// <summary>Ticks once a minute: each tick performs the due items one at a time, re-planning before each, as the store's tick does.</summary>
internal sealed class EngineDriver(DateTimeOffset t0, ResponsePolicy policy, IncidentState state, FakeTimeProvider time)
{
    public IncidentState State { get; private set; } = state;
    public Dictionary<string, DateTimeOffset> Performed { get; } = [];
    public List<(string Key, int Minute)> Fired { get; } = [];

    public void Human(IncidentEvent @event) => State = IncidentLifecycle.Apply(State, @event);

    /// <summary>The plan as of the fake clock's moment, with what was performed so far.</summary>
    public DuePlan Plan() => EscalationEngine.Plan(State, policy, time.GetUtcNow(), Performed);

    public void RunUntil(int minute, Action<int>? humans = null)
    {
        while (true)
        {
            var now = time.GetUtcNow();
            var current = (int)(now - t0).TotalMinutes;
            humans?.Invoke(current);
            while (EscalationEngine.Plan(State, policy, now, Performed).Due.FirstOrDefault() is { } item)
            {
                Perform(item, now, current);
            }

            if (current >= minute)
            {
                return;
            }

            time.Advance(TimeSpan.FromMinutes(1));
        }
    }

    private void Perform(DueItem item, DateTimeOffset now, int minute)
    {
        Fired.Add((item.Key, minute));
        Performed[item.Key] = now;
        IncidentEvent? recorded = item.Kind switch
        {
            DueKind.Escalation => new Escalated(now, "engine", item.Tier!.Value, item.Reason),
            DueKind.Notice => new Notified(now, "engine", item.Audience!, "rotation", item.Reason),
            DueKind.SlaBreach => new SlaBreached(now, "engine", item.Sla!, item.Target!.Value, now - t0),
            _ => null,
        };
        if (recorded is not null)
        {
            State = IncidentLifecycle.Apply(State, recorded);
        }
    }
}
