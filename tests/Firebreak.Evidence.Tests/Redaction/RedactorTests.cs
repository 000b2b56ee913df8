using System.Diagnostics;
using System.Text;

namespace Firebreak.Evidence.Tests;

public sealed class RedactorTests
{
    [Theory]
    [InlineData("calling with api_key=abc123def456", "calling with api_key=[REDACTED]")]
    [InlineData("x-api-key: 9f8e7d6c5b4a", "x-api-key: [REDACTED]")]
    [InlineData("{\"apiKey\": \"s3cr3t-value\", \"n\": 1}", "{\"apiKey\": \"[REDACTED]\", \"n\": 1}")]
    [InlineData("login failed password=hunter2 user=bob", "login failed password=[REDACTED] user=bob")]
    [InlineData("passwd: letmein", "passwd: [REDACTED]")]
    [InlineData("db pwd=Tr0ub4dor&3", "db pwd=[REDACTED]&3")]
    [InlineData("client_secret=abcdef", "client_secret=[REDACTED]")]
    [InlineData("GET /cb?token=eyabc123&state=ok", "GET /cb?token=[REDACTED]&state=ok")]
    [InlineData("Authorization: Bearer abc.def.ghi-123456", "Authorization: Bearer [REDACTED]")]
    [InlineData("authorization: Basic dXNlcjpwYXNzd29yZA==", "authorization: Basic [REDACTED]")]
    [InlineData("sent bearer 0123456789abcdef to upstream", "sent bearer [REDACTED] to upstream")]
    [InlineData("key AKIAIOSFODNN7EXAMPLE used", "key [REDACTED] used")]
    [InlineData("GITHUB ghp_abcdefghijklmnopqrstuvwxyz0123456789", "GITHUB [REDACTED]")]
    [InlineData("slack xoxb-123456789012-abcdefghij", "slack [REDACTED]")]
    [InlineData("stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", "stripe [REDACTED]")]
    [InlineData("connecting to postgres://app:s3cret@db.internal:5432/shop", "connecting to postgres://app:[REDACTED]@db.internal:5432/shop")]
    [InlineData("mongodb+srv://user:p4ss@cluster0.example.net/db", "mongodb+srv://user:[REDACTED]@cluster0.example.net/db")]
    [InlineData("Server=db;User Id=sa;Password=Pa55w0rd!;Database=shop", "Server=db;User Id=sa;Password=[REDACTED];Database=shop")]
    public void Redact_Secret_IsMaskedKeepingTheKeyName(string input, string expected) =>
        Redactor.Redact(input).ShouldBe(expected);

    [Fact]
    public void Redact_Jwt_IsMasked()
    {
        const string jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

        var redacted = Redactor.Redact($"session {jwt} expired");

        redacted.ShouldBe("session [REDACTED] expired");
    }

    [Fact]
    public void Redact_PrivateKeyBlock_IsMaskedWhole()
    {
        var text = "config:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\nabcdef\n-----END RSA PRIVATE KEY-----\nafter";

        var redacted = Redactor.Redact(text);

        redacted.ShouldBe("config:\n-----BEGIN RSA PRIVATE KEY-----[REDACTED]\nafter");
        redacted.ShouldNotContain("MIIE");
    }

    [Fact]
    public void Redact_TruncatedPrivateKeyBlock_IsMaskedToTheEnd() =>
        Redactor.Redact("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg").ShouldBe("-----BEGIN PRIVATE KEY-----[REDACTED]");

    [Theory]
    [InlineData("POST /api/checkout/4411 200 87ms")]
    [InlineData("user forgot their password and asked for a reset")]
    [InlineData("password reset link sent")]
    [InlineData("tokens: 42 used of 100")]
    [InlineData("latency=450 errors=12 ratio=0.9")]
    [InlineData("https://example.com:8443/path")]
    [InlineData("the key to success is patience")]
    [InlineData("cache miss ratio above 0.3 on node web-3")]
    [InlineData("Unhandled exception: System.NullReferenceException at Shop.Checkout.PriceCalculator.Apply")]
    [InlineData("")]
    public void Redact_NoSecret_LeavesTextAlone(string text) => Redactor.Redact(text).ShouldBe(text);

    [Fact]
    public void Redact_AlreadyRedacted_IsStable()
    {
        var once = Redactor.Redact("password=abc Authorization: Bearer 0123456789abcdef");

        Redactor.Redact(once).ShouldBe(once);
    }

    [Fact]
    public void Redact_Null_ReturnsEmpty() => Redactor.Redact(null!).ShouldBe(string.Empty);

    [Fact]
    public void Redact_LargeTextWithoutHints_IsFast()
    {
        var line = "2026-11-25T19:53:59.800Z INFO [checkout-api] GET /api/cart/1234 200 12ms\n";
        var text = new StringBuilder().Insert(0, line, 20_000).ToString();

        var watch = Stopwatch.StartNew();
        var redacted = Redactor.Redact(text);
        watch.Stop();

        redacted.ShouldBeSameAs(text);
        watch.ElapsedMilliseconds.ShouldBeLessThan(1000);
    }

    [Fact]
    public void Redact_PathologicalInput_DoesNotHang()
    {
        var text = "password=" + new string('a', 200_000) + " " + string.Concat(Enumerable.Repeat("token:", 20_000));

        var watch = Stopwatch.StartNew();
        var redacted = Redactor.Redact(text);
        watch.Stop();

        redacted.ShouldStartWith("password=[REDACTED]");
        watch.ElapsedMilliseconds.ShouldBeLessThan(5000);
    }
}
