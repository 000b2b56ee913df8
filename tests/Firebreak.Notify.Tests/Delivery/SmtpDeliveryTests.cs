using Firebreak.Core;
using Firebreak.Storage;
using MailKit.Security;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Notify.Tests;

public sealed class SmtpDeliveryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    private static SmtpSender Sender(int port) => new(
        new EmailOptions("127.0.0.1", port, "firebreak@shop.example",
            new Dictionary<string, IReadOnlyList<string>> { [Audiences.Management] = ["eng-managers@shop.example"] }, ["incidents@shop.example"])
        {
            Security = SecureSocketOptions.None,
        },
        _ => null);

    [SmtpFact]
    public async Task RunOnceAsync_RealSmtpServer_EmailDeliveredWithMessageIdFromTheKey()
    {
        using var temp = new TempOutbox();
        await using var server = await SmtpServer.StartAsync();
        await temp.QueueAsync("INC-7:notice:management:email", "email", T0);

        var report = await new DeliveryWorker(temp.Outbox, [Sender(server.Port)], new FakeTimeProvider(T0), "w").RunOnceAsync();

        report.Sent.ShouldBe(["INC-7:notice:management:email"]);
        var message = (await server.WaitForMessagesAsync(1)).ShouldHaveSingleItem();
        message.ShouldContain("Subject: [INC-7] P0 checkout down");
        message.ShouldContain("To: eng-managers@shop.example");
        message.ShouldContain($"Message-ID: <{SmtpSender.MessageId("INC-7:notice:management:email")}>");
        message.ShouldContain("Checkout fails for most users; Tier 2 paged.");
        var entry = (await temp.Outbox.ListAsync()).Single();
        entry.State.ShouldBe(OutboxStates.Sent);
        entry.LastAnswer!.ShouldStartWith("SMTP accepted");
    }

    [SmtpFact]
    public async Task RunOnceAsync_ServerDownThenStarted_RetriedAndDeliveredOnce()
    {
        using var temp = new TempOutbox();
        var port = SmtpServer.FreePort();
        var time = new FakeTimeProvider(T0);
        await temp.QueueAsync("k1", "email", T0, Audiences.Executive);
        var worker = new DeliveryWorker(temp.Outbox, [Sender(port)], time, "w");

        (await worker.RunOnceAsync()).Retrying.ShouldBe(["k1"]);
        (await temp.Outbox.ListAsync()).Single().LastAnswer!.ShouldStartWith($"no connection to 127.0.0.1:{port}");

        await using var server = await SmtpServer.StartAsync(port);
        time.Advance(TimeSpan.FromSeconds(30));
        (await worker.RunOnceAsync()).Sent.ShouldBe(["k1"]);
        (await worker.RunOnceAsync()).Sent.ShouldBeEmpty();

        var message = (await server.WaitForMessagesAsync(1)).ShouldHaveSingleItem();
        message.ShouldContain("To: incidents@shop.example");
        (await temp.Outbox.ListAsync()).Single().Attempts.ShouldBe(2);
    }

    [SmtpFact]
    public async Task RunOnceAsync_ServerRefusesForEver_FailedAfterTheLimitWithTheServersAnswer()
    {
        using var temp = new TempOutbox();
        await using var server = await SmtpServer.StartAsync(refuse: true);
        var time = new FakeTimeProvider(T0);
        var options = new DeliveryOptions { MaxAttempts = 3 };
        await temp.QueueAsync("k1", "email", T0);
        var worker = new DeliveryWorker(temp.Outbox, [Sender(server.Port)], time, "w", options);

        (await worker.RunOnceAsync()).Retrying.ShouldBe(["k1"]);
        time.Advance(options.RetryDelay(1));
        (await worker.RunOnceAsync()).Retrying.ShouldBe(["k1"]);
        time.Advance(options.RetryDelay(2));
        (await worker.RunOnceAsync()).Failed.ShouldBe(["k1"]);
        time.Advance(options.MaxRetryDelay);
        (await worker.RunOnceAsync()).ShouldSatisfyAllConditions(r => r.Sent.ShouldBeEmpty(), r => r.Failed.ShouldBeEmpty());

        var entry = (await temp.Outbox.ListAsync()).Single();
        entry.State.ShouldBe(OutboxStates.Failed);
        entry.SentAt.ShouldBeNull();
        entry.Attempts.ShouldBe(3);
        entry.LastAnswer.ShouldNotBeNull();
        entry.LastAnswer.ShouldContain("451");
        entry.LastAnswer.ShouldContain("mailbox busy");
        entry.LastAnswer.ShouldNotContain("gave up", Case.Insensitive, "the attempts are counted once, in Attempts");
        server.Messages.ShouldBeEmpty();
    }

    [SmtpFact]
    public async Task RunOnceAsync_ServerRefusesThenRecovers_RetriedAndDeliveredOnce()
    {
        using var temp = new TempOutbox();
        var time = new FakeTimeProvider(T0);
        await temp.QueueAsync("k1", "email", T0);
        int port;
        DeliveryWorker worker;
        await using (var refusing = await SmtpServer.StartAsync(refuse: true))
        {
            port = refusing.Port;
            worker = new DeliveryWorker(temp.Outbox, [Sender(port)], time, "w");
            (await worker.RunOnceAsync()).Retrying.ShouldBe(["k1"]);
        }

        (await temp.Outbox.ListAsync()).Single().LastAnswer!.ShouldContain("451");
        await using var server = await SmtpServer.StartAsync(port);
        time.Advance(TimeSpan.FromSeconds(30));
        (await worker.RunOnceAsync()).Sent.ShouldBe(["k1"]);
        time.Advance(TimeSpan.FromHours(1));
        (await worker.RunOnceAsync()).Sent.ShouldBeEmpty();

        (await server.WaitForMessagesAsync(1)).ShouldHaveSingleItem();
        var entry = (await temp.Outbox.ListAsync()).Single();
        entry.State.ShouldBe(OutboxStates.Sent);
        entry.Attempts.ShouldBe(2);
    }
}
