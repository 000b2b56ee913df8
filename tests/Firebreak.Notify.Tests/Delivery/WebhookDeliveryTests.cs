using System.Text.Json;
using Firebreak.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Notify.Tests;

public sealed class WebhookDeliveryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);
    private static readonly WebhookOptions Options = new("FB_WEBHOOK_URL", "X-Firebreak-Secret", "FB_WEBHOOK_SECRET");

    private static WebhookSender Sender(HttpClient http, HttpReceiver receiver) => new(http, Options, name => name switch
    {
        "FB_WEBHOOK_URL" => receiver.Url,
        "FB_WEBHOOK_SECRET" => "s3cret",
        _ => null,
    });

    [Fact]
    public async Task RunOnceAsync_ReceiverAccepts_SlackTextSecretHeaderAndIdempotencyKey()
    {
        using var temp = new TempOutbox();
        await using var receiver = new HttpReceiver();
        using var http = new HttpClient();
        await temp.QueueAsync("INC-7:notice:management:webhook", "webhook", T0);
        var worker = new DeliveryWorker(temp.Outbox, [Sender(http, receiver)], new FakeTimeProvider(T0), "worker-1");

        var report = await worker.RunOnceAsync();

        report.Sent.ShouldBe(["INC-7:notice:management:webhook"]);
        var request = receiver.Requests.ShouldHaveSingleItem();
        request.RequestLine.ShouldStartWith("POST /hooks/incident ");
        request.Headers["Idempotency-Key"].ShouldBe("INC-7:notice:management:webhook");
        request.Headers["X-Firebreak-Secret"].ShouldBe("s3cret");
        using var json = JsonDocument.Parse(request.Body);
        json.RootElement.GetProperty("text").GetString().ShouldBe("[INC-7] P0 checkout down\nCheckout fails for most users; Tier 2 paged.");
        json.RootElement.GetProperty("incident").GetString().ShouldBe("INC-7");
        request.Body.ShouldNotContain("s3cret");
        var entry = (await temp.Outbox.ListAsync("INC-7")).Single();
        entry.State.ShouldBe(OutboxStates.Sent);
        entry.LastAnswer.ShouldBe("HTTP 200: ok");
        entry.SentAt.ShouldBe(T0);
        (await worker.RunOnceAsync()).Sent.ShouldBeEmpty();
        receiver.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task RunOnceAsync_ReceiverFailsTwiceThenRecovers_RetriedWithBackoffAndSentOnce()
    {
        using var temp = new TempOutbox();
        await using var receiver = new HttpReceiver([503, 500]);
        using var http = new HttpClient();
        var time = new FakeTimeProvider(T0);
        await temp.QueueAsync("k1", "webhook", T0);
        var worker = new DeliveryWorker(temp.Outbox, [Sender(http, receiver)], time, "worker-1");

        (await worker.RunOnceAsync()).Retrying.ShouldBe(["k1"]);
        var first = (await temp.Outbox.ListAsync()).Single();
        first.NextAttemptAt.ShouldBe(T0.AddSeconds(30));
        first.LastAnswer.ShouldBe("HTTP 503: receiver says no");

        time.Advance(TimeSpan.FromSeconds(29));
        (await worker.RunOnceAsync()).ShouldSatisfyAllConditions(r => r.Sent.ShouldBeEmpty(), r => r.Retrying.ShouldBeEmpty());
        time.Advance(TimeSpan.FromSeconds(1));
        (await worker.RunOnceAsync()).Retrying.ShouldBe(["k1"]);
        (await temp.Outbox.ListAsync()).Single().NextAttemptAt.ShouldBe(T0.AddSeconds(30 + 60));

        time.Advance(TimeSpan.FromSeconds(60));
        (await worker.RunOnceAsync()).Sent.ShouldBe(["k1"]);

        var entry = (await temp.Outbox.ListAsync()).Single();
        entry.State.ShouldBe(OutboxStates.Sent);
        entry.Attempts.ShouldBe(3);
        receiver.Requests.Select(r => r.AnsweredWith).ShouldBe([503, 500, 200]);
        receiver.Requests.Select(r => r.Headers["Idempotency-Key"]).Distinct().ShouldBe(["k1"]);
    }

    [Fact]
    public async Task RunOnceAsync_ReceiverNeverRecovers_FailedAfterMaxAttemptsWithTheAnswer()
    {
        using var temp = new TempOutbox();
        await using var receiver = new HttpReceiver(then: 502);
        using var http = new HttpClient();
        var time = new FakeTimeProvider(T0);
        await temp.QueueAsync("k1", "webhook", T0);
        var options = new DeliveryOptions { MaxAttempts = 3 };
        var worker = new DeliveryWorker(temp.Outbox, [Sender(http, receiver)], time, "worker-1", options);

        for (var i = 0; i < 5; i++)
        {
            await worker.RunOnceAsync();
            time.Advance(options.MaxRetryDelay);
        }

        var entry = (await temp.Outbox.ListAsync()).Single();
        entry.State.ShouldBe(OutboxStates.Failed);
        entry.Attempts.ShouldBe(3);
        entry.LastAnswer.ShouldBe("HTTP 502: receiver says no", "the channel's answer alone; the attempts are counted once, in Attempts");
        receiver.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task RunOnceAsync_ReceiverEchoesTheSecretAndUrl_RecordedAnswerHasNeither()
    {
        using var temp = new TempOutbox();
        await using var receiver = new HttpReceiver(then: 500, answer: r => $"bad token {r.Headers["X-Firebreak-Secret"]} at {r.RequestLine}");
        using var http = new HttpClient();
        await temp.QueueAsync("k1", "webhook", T0);
        var worker = new DeliveryWorker(temp.Outbox, [Sender(http, receiver)], new FakeTimeProvider(T0), "w", new DeliveryOptions { MaxAttempts = 1 });

        (await worker.RunOnceAsync()).Failed.ShouldBe(["k1"]);

        var entry = (await temp.Outbox.ListAsync()).Single();
        entry.State.ShouldBe(OutboxStates.Failed);
        entry.LastAnswer.ShouldNotBeNull();
        entry.LastAnswer.ShouldStartWith("HTTP 500: bad token [redacted] at POST /[redacted]");
        entry.LastAnswer.ShouldNotContain("s3cret");
        entry.LastAnswer.ShouldNotContain("/hooks/incident");
    }

    [Fact]
    public async Task RunOnceAsync_ReceiverRejects_FailedAtOnce()
    {
        using var temp = new TempOutbox();
        await using var receiver = new HttpReceiver([400]);
        using var http = new HttpClient();
        await temp.QueueAsync("k1", "webhook", T0);

        (await new DeliveryWorker(temp.Outbox, [Sender(http, receiver)], new FakeTimeProvider(T0), "w").RunOnceAsync()).Failed.ShouldBe(["k1"]);

        (await temp.Outbox.ListAsync()).Single().LastAnswer.ShouldBe("HTTP 400: receiver says no");
    }

    [Fact]
    public async Task RunOnceAsync_NobodyListening_RetriedNotLost()
    {
        using var temp = new TempOutbox();
        using var http = new HttpClient();
        await temp.QueueAsync("k1", "webhook", T0);
        var sender = new WebhookSender(http, Options, name => name == "FB_WEBHOOK_URL" ? $"http://127.0.0.1:{SmtpServer.FreePort()}/" : "s3cret");

        (await new DeliveryWorker(temp.Outbox, [sender], new FakeTimeProvider(T0), "w").RunOnceAsync()).Retrying.ShouldBe(["k1"]);

        (await temp.Outbox.ListAsync()).Single().LastAnswer!.ShouldStartWith("no connection:");
    }

    [Fact]
    public async Task RunOnceAsync_UrlVariableMissing_FailedWithTheVariablesName()
    {
        using var temp = new TempOutbox();
        using var http = new HttpClient();
        await temp.QueueAsync("k1", "webhook", T0);
        var sender = new WebhookSender(http, Options, _ => null);

        await new DeliveryWorker(temp.Outbox, [sender], new FakeTimeProvider(T0), "w").RunOnceAsync();

        (await temp.Outbox.ListAsync()).Single().LastAnswer.ShouldBe("environment variable FB_WEBHOOK_URL does not hold an http(s) URL");
    }

    [Fact]
    public async Task RunOnceAsync_NoSenderForTheChannel_Failed()
    {
        using var temp = new TempOutbox();
        await temp.QueueAsync("k1", "pager", T0);

        (await new DeliveryWorker(temp.Outbox, [], new FakeTimeProvider(T0), "w").RunOnceAsync()).Failed.ShouldBe(["k1"]);
    }

    [Fact]
    public async Task RunOnceAsync_TwoWorkersAtOnce_EachMessageDeliveredOnce()
    {
        using var temp = new TempOutbox();
        await using var receiver = new HttpReceiver();
        using var http = new HttpClient();
        for (var i = 0; i < 20; i++)
        {
            await temp.QueueAsync($"k{i}", "webhook", T0);
        }

        using var second = LiveDatabase.Open(temp.Database.Path);
        var time = new FakeTimeProvider(T0);
        var one = new DeliveryWorker(temp.Outbox, [Sender(http, receiver)], time, "worker-1", new DeliveryOptions { Batch = 3 });
        var two = new DeliveryWorker(new SqliteOutbox(second), [Sender(http, receiver)], time, "worker-2", new DeliveryOptions { Batch = 3 });

        for (var round = 0; round < 10; round++)
        {
            await Task.WhenAll(Task.Run(() => one.RunOnceAsync()), Task.Run(() => two.RunOnceAsync()));
        }

        receiver.Requests.Count.ShouldBe(20);
        receiver.Requests.Select(r => r.Headers["Idempotency-Key"]).ShouldBeUnique();
        (await temp.Outbox.ListAsync()).ShouldAllBe(e => e.State == OutboxStates.Sent);
    }

    [Fact]
    public async Task EnqueueAsync_SameKeyTwice_QueuedOnce()
    {
        using var temp = new TempOutbox();

        (await temp.QueueAsync("k1", "webhook", T0)).ShouldBeTrue();
        (await temp.QueueAsync("k1", "webhook", T0.AddMinutes(1))).ShouldBeFalse();

        (await temp.Outbox.ListAsync()).ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(7, 1800)]
    [InlineData(40, 1800)]
    public void RetryDelay_DoublesUpToTheLimit(int attempt, int seconds)
    {
        DeliveryOptions.Default.RetryDelay(attempt).ShouldBe(TimeSpan.FromSeconds(seconds));
    }
}
