using Firebreak.Core;

namespace Firebreak.Notify.Tests;

public sealed class NotifyChannelsTests
{
    [Fact]
    public void Senders_WebhookAndEmail_OneSenderPerChannel()
    {
        var settings = new NotifySettings(
            new WebhookSettings("U", null, null),
            new EmailSettings("smtp.shop.example", 25, "firebreak@shop.example", new Dictionary<string, IReadOnlyList<string>>(), ["a@shop.example"], EmailTls.None, null, null),
            DeliverySettings.Defaults);
        using var http = new HttpClient();

        NotifyChannels.Senders(settings, http, _ => null).Select(s => s.Channel).ShouldBe(["webhook", "email"]);
    }

    [Fact]
    public void Options_Overrides_AppliedOverDefaults()
    {
        var options = NotifyChannels.Options(NotifySettings.None with { Delivery = new DeliverySettings(3, null, TimeSpan.FromMinutes(5)) });

        options.MaxAttempts.ShouldBe(3);
        options.FirstRetryDelay.ShouldBe(DeliveryOptions.Default.FirstRetryDelay);
        options.MaxRetryDelay.ShouldBe(TimeSpan.FromMinutes(5));
    }
}
