namespace Firebreak.Core.Tests;

public sealed class NotifyParserTests
{
    private static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries) => entries.ToDictionary(e => e.Key, e => e.Value);

    [Fact]
    public void Parse_WebhookEmailAndDelivery_Settings()
    {
        var settings = NotifyParser.Parse(Map(
            ("webhook", Map(("url_env", "FIREBREAK_WEBHOOK_URL"), ("secret_header", "X-Firebreak-Secret"), ("secret_env", "FIREBREAK_WEBHOOK_SECRET"))),
            ("email", Map(("host", "smtp.shop.example"), ("port", "587"), ("from", "firebreak@shop.example"), ("tls", "starttls"),
                ("to", Map(("management", new List<object?> { "em@shop.example" }), ("default", "incidents@shop.example"))))),
            ("delivery", Map(("max_attempts", "4"), ("first_retry", "1m")))));

        settings.Webhook.ShouldBe(new WebhookSettings("FIREBREAK_WEBHOOK_URL", "X-Firebreak-Secret", "FIREBREAK_WEBHOOK_SECRET"));
        settings.Email!.Port.ShouldBe(587);
        settings.Email.Tls.ShouldBe(EmailTls.StartTls);
        settings.Email.Recipients["management"].ShouldBe(["em@shop.example"]);
        settings.Email.Default.ShouldBe(["incidents@shop.example"]);
        settings.Delivery.ShouldBe(new DeliverySettings(4, TimeSpan.FromMinutes(1), null));
        settings.Channels.ShouldBe(["webhook", "email"]);
    }

    [Theory]
    [InlineData("url", "https://hooks.slack.com/services/T000/B000/XXX", "webhook.url", "never written in firebreak.yaml")]
    [InlineData("secret", "s3cret", "webhook.secret", "never written in firebreak.yaml")]
    [InlineData("url_env", "not a name", "webhook.url_env", "is not an environment variable name")]
    [InlineData("colour", "red", "webhook.colour", "unknown key")]
    public void Parse_BadWebhook_ThrowsWithPath(string key, string value, string path, string message)
    {
        var webhook = Map(("url_env", "FIREBREAK_WEBHOOK_URL"));
        webhook[key] = value;

        var error = Should.Throw<NotifyException>(() => NotifyParser.Parse(Map(("webhook", webhook))));

        error.Path.ShouldBe(path);
        error.Message.ShouldContain(message);
    }

    [Theory]
    [InlineData("port", "smtp", "email.port")]
    [InlineData("from", "firebreak", "email.from")]
    [InlineData("tls", "maybe", "email.tls")]
    [InlineData("password", "hunter2", "email.password")]
    public void Parse_BadEmail_ThrowsWithPath(string key, string value, string path)
    {
        var email = Map(("host", "smtp.shop.example"), ("from", "firebreak@shop.example"), ("to", Map(("default", "a@shop.example"))));
        email[key] = value;

        Should.Throw<NotifyException>(() => NotifyParser.Parse(Map(("email", email)))).Path.ShouldBe(path);
    }

    [Fact]
    public void Parse_SecretHeaderWithoutVariable_Throws()
    {
        Should.Throw<NotifyException>(() => NotifyParser.Parse(Map(("webhook", Map(("url_env", "U"), ("secret_header", "X-S"))))))
            .Path.ShouldBe("webhook.secret_header");
    }

    [Fact]
    public void Parse_Nothing_NoChannels()
    {
        NotifyParser.Parse(null).Channels.ShouldBeEmpty();
    }
}
