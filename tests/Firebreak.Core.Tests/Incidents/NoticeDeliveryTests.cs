namespace Firebreak.Core.Tests;

/// <summary>The record's notices take their delivery state from the outbox: queued, sent only when every channel accepted, failed when one gave up.</summary>
public sealed class NoticeDeliveryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    private static IncidentState State() => IncidentLifecycle.Replay("INC-7",
    [
        new IncidentDetected(T0, "alertmanager", "INC-7", "alertmanager", "alert", "checkout fails", Priority.P1, "alerts/a.json"),
        new IncidentClassified(T0, "triage", Priority.P1, Impact.High, Urgency.High, IncidentCategory.Availability, "most users"),
        new Notified(T0.AddMinutes(5), "Rita", Audiences.Management, "Mia Chen", "P1 over budget"),
        new Notified(T0.AddMinutes(10), "Jo", Audiences.StatusPage, "public status page", "investigating") { Sequence = 1 },
        new Notified(T0.AddMinutes(40), "Jo", Audiences.StatusPage, "public status page", "fix rolling out") { Sequence = 2 },
    ]);

    private static NoticeDelivery Row(string key, string state, int attempts = 1, string? answer = "HTTP 200: ok", string channel = "webhook") =>
        new(key, "x", channel, state, attempts, answer, T0.AddMinutes(11), state == NoticeDelivery.Delivered ? T0.AddMinutes(12) : null, "subject");

    private static IReadOnlyList<NoticeDecision> Decide(params NoticeDelivery[] rows)
    {
        var state = State();
        return Notices.Decide(state, EscalationClock.Evaluate(state, DefaultPolicy.Instance, T0.AddHours(1)), new Dictionary<string, string>(), rows);
    }

    [Fact]
    public void Decide_NoOutboxRows_DecidedNotSent()
    {
        var notices = Decide();

        notices.Count.ShouldBe(3);
        notices.ShouldAllBe(n => n.State == NoticeState.Decided && n.Deliveries.Count == 0);
    }

    [Fact]
    public void Decide_EachUpdateItsOwnRows_UpdateTwoDeliveredAfterUpdateOne()
    {
        var notices = Decide(Row("INC-7:update:1:webhook", NoticeDelivery.Delivered), Row("INC-7:update:2:webhook", NoticeDelivery.Waiting, attempts: 0, answer: null));

        var updates = notices.Where(n => n.Audience == Audiences.StatusPage).ToList();
        updates.Select(n => (n.Sequence, n.State)).ShouldBe([(1, NoticeState.Sent), (2, NoticeState.Queued)]);
        updates[0].Deliveries.Single().Answer.ShouldBe("HTTP 200: ok");
    }

    [Fact]
    public void Decide_OneChannelFailed_FailedNotSent()
    {
        var notices = Decide(
            Row("INC-7:notice:management:webhook", NoticeDelivery.Delivered),
            Row("INC-7:notice:management:email", NoticeDelivery.GaveUp, attempts: 6, answer: "SMTP 550: no such user", channel: "email"));

        var management = notices.Single(n => n.Audience == Audiences.Management);
        management.State.ShouldBe(NoticeState.Failed);
        management.Delivered.ShouldBeFalse();
        management.Channel.ShouldBe("webhook, email");
    }

    [Fact]
    public void Decide_OutboxRowOfNoNotice_ListedWithItsOwnState()
    {
        var notices = Decide(Row("INC-7:escalate:tier2:webhook", NoticeDelivery.Delivered));

        notices.Count.ShouldBe(4);
        notices[^1].State.ShouldBe(NoticeState.Sent);
        notices[^1].Deliveries.Single().Key.ShouldBe("INC-7:escalate:tier2:webhook");
    }
}
