using System.Globalization;

namespace Firebreak.Core;

/// <summary>A notify: value in firebreak.yaml is not valid.</summary>
public sealed class NotifyException(string path, string message) : Exception($"notify.{path}: {message}")
{
    /// <summary>The dotted key path under notify:, e.g. webhook.url_env.</summary>
    public string Path { get; } = path;
}

/// <summary>The webhook channel: names of the environment variables holding its URL and secret, never the values.</summary>
public sealed record WebhookSettings(string UrlVariable, string? SecretHeader, string? SecretVariable);

/// <summary>How an SMTP connection is secured.</summary>
public enum EmailTls { WhenAvailable, None, StartTls, Ssl }

/// <summary>The email channel: the server, the sender, recipients per audience (Default for the rest) and the login's variable names.</summary>
public sealed record EmailSettings(
    string Host,
    int Port,
    string From,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Recipients,
    IReadOnlyList<string> Default,
    EmailTls Tls,
    string? UserVariable,
    string? PasswordVariable);

/// <summary>Overrides of the delivery worker's retry numbers; null keeps its documented default.</summary>
public sealed record DeliverySettings(int? MaxAttempts, TimeSpan? FirstRetry, TimeSpan? MaxRetry)
{
    public static DeliverySettings Defaults { get; } = new(null, null, null);
}

/// <summary>The notify: section: which channels deliver notices, and how often to retry.</summary>
public sealed record NotifySettings(WebhookSettings? Webhook, EmailSettings? Email, DeliverySettings Delivery)
{
    /// <summary>No channel: notices are drafted in the outbox and stay there.</summary>
    public static NotifySettings None { get; } = new(null, null, DeliverySettings.Defaults);

    /// <summary>The configured channel names (webhook, email).</summary>
    public IReadOnlyList<string> Channels => [.. new[] { Webhook is null ? null : "webhook", Email is null ? null : "email" }.OfType<string>()];
}

/// <summary>Reads the notify: section of firebreak.yaml (a tree of dictionaries, lists and strings).</summary>
/// <remarks>
/// <code>
/// notify:
///   webhook: {url_env: FIREBREAK_WEBHOOK_URL, secret_header: X-Firebreak-Secret, secret_env: FIREBREAK_WEBHOOK_SECRET}
///   email:
///     host: smtp.example.com
///     port: 587                      # default 25
///     from: firebreak@example.com
///     tls: when_available            # none, starttls, ssl
///     user_env: SMTP_USER            # with password_env, when the server needs a login
///     password_env: SMTP_PASSWORD
///     to: {management: [em@example.com], executive: [cto@example.com], default: [incidents@example.com]}
///   delivery: {max_attempts: 6, first_retry: 30s, max_retry: 30m}
/// </code>
/// A URL, secret or password written in the file itself (url:, secret:, password:) is refused: they belong in the
/// environment, and the file names the variables.
/// </remarks>
public static class NotifyParser
{
    private static readonly string[] SectionKeys = ["webhook", "email", "delivery"];
    private static readonly string[] Secrets = ["url", "secret", "password", "token"];

    /// <summary>Parses the section; throws <see cref="NotifyException"/> naming the key path on any unknown key or bad value.</summary>
    public static NotifySettings Parse(IReadOnlyDictionary<string, object?>? section)
    {
        if (section is null || section.Count == 0)
        {
            return NotifySettings.None;
        }

        Known(section, string.Empty, SectionKeys);
        WebhookSettings? webhook = null;
        if (Get(section, "webhook") is { } w)
        {
            var map = Map("webhook", w);
            Known(map, "webhook.", ["url_env", "secret_header", "secret_env"]);
            var header = Optional(map, "webhook.secret_header");
            var secret = Optional(map, "webhook.secret_env");
            if ((header is null) != (secret is null))
            {
                throw new NotifyException(header is null ? "webhook.secret_env" : "webhook.secret_header", "secret_header and secret_env go together");
            }

            webhook = new WebhookSettings(Variable(map, "webhook.url_env", required: true)!, header, secret is null ? null : Variable(map, "webhook.secret_env", required: true));
        }

        EmailSettings? email = null;
        if (Get(section, "email") is { } e)
        {
            var map = Map("email", e);
            Known(map, "email.", ["host", "port", "from", "tls", "user_env", "password_env", "to"]);
            var host = Optional(map, "email.host") ?? throw new NotifyException("email.host", "the SMTP server's host name is required");
            var port = 25;
            if (Optional(map, "email.port") is { } portText
                && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
            {
                throw new NotifyException("email.port", $"'{portText}' is not a port (1-65535)");
            }

            var from = Optional(map, "email.from") ?? throw new NotifyException("email.from", "the sender's address is required");
            Address("email.from", from);
            var tls = Optional(map, "email.tls")?.Replace('-', '_').ToLowerInvariant() switch
            {
                null or "when_available" => EmailTls.WhenAvailable,
                "none" => EmailTls.None,
                "starttls" => EmailTls.StartTls,
                "ssl" or "tls" => EmailTls.Ssl,
                var other => throw new NotifyException("email.tls", $"'{other}' is not one of when_available, none, starttls, ssl"),
            };
            var user = Variable(map, "email.user_env", required: false);
            var password = Variable(map, "email.password_env", required: false);
            if ((user is null) != (password is null))
            {
                throw new NotifyException(user is null ? "email.user_env" : "email.password_env", "user_env and password_env go together");
            }

            var recipients = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            IReadOnlyList<string> fallback = [];
            foreach (var (audience, value) in Map("email.to", Get(map, "to") ?? throw new NotifyException("email.to", "recipients are required, e.g. {default: [incidents@example.com]}")))
            {
                var path = $"email.to.{audience}";
                var addresses = value switch
                {
                    string one => [one.Trim()],
                    IReadOnlyList<object?> list => list.Select(a => a as string ?? throw new NotifyException(path, "expected email addresses")).Select(a => a.Trim()).ToList(),
                    _ => throw new NotifyException(path, "expected an address or a list of addresses"),
                };
                addresses.ForEach(a => Address(path, a));
                if (string.Equals(audience.Trim(), "default", StringComparison.OrdinalIgnoreCase))
                {
                    fallback = addresses;
                }
                else
                {
                    recipients[audience.Trim()] = addresses;
                }
            }

            email = new EmailSettings(host, port, from, recipients, fallback, tls, user, password);
        }

        var delivery = DeliverySettings.Defaults;
        if (Get(section, "delivery") is { } d)
        {
            var map = Map("delivery", d);
            Known(map, "delivery.", ["max_attempts", "first_retry", "max_retry"]);
            int? attempts = null;
            if (Optional(map, "delivery.max_attempts") is { } text)
            {
                attempts = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 100
                    ? n
                    : throw new NotifyException("delivery.max_attempts", $"'{text}' is not a whole number from 1 to 100");
            }

            delivery = new DeliverySettings(attempts, Duration(map, "delivery.first_retry"), Duration(map, "delivery.max_retry"));
            if (delivery.FirstRetry > delivery.MaxRetry)
            {
                throw new NotifyException("delivery.max_retry", "must not be shorter than first_retry");
            }
        }

        return new NotifySettings(webhook, email, delivery);
    }

    private static void Known(IReadOnlyDictionary<string, object?> map, string prefix, string[] keys)
    {
        foreach (var key in map.Keys)
        {
            var normalized = Normalize(key);
            if (Secrets.Contains(normalized))
            {
                throw new NotifyException(prefix + key, $"a {normalized} is never written in firebreak.yaml: put it in an environment variable and name that variable with {normalized}_env");
            }

            if (!keys.Contains(normalized))
            {
                throw new NotifyException(prefix + key, $"unknown key; known keys are {string.Join(", ", keys)}");
            }
        }
    }

    private static string Normalize(string key) => key.Trim().Replace('-', '_').ToLowerInvariant();

    private static object? Get(IReadOnlyDictionary<string, object?> map, string key) => map.FirstOrDefault(kv => Normalize(kv.Key) == key).Value;

    private static IReadOnlyDictionary<string, object?> Map(string path, object? value) =>
        value as IReadOnlyDictionary<string, object?> ?? throw new NotifyException(path, "expected a mapping of keys");

    private static string? Optional(IReadOnlyDictionary<string, object?> map, string path)
    {
        var value = Get(map, path[(path.LastIndexOf('.') + 1)..]);
        return value switch
        {
            null => null,
            string text when !string.IsNullOrWhiteSpace(text) => text.Trim(),
            string => null,
            _ => throw new NotifyException(path, "expected a single value, not a list or mapping"),
        };
    }

    private static string? Variable(IReadOnlyDictionary<string, object?> map, string path, bool required)
    {
        var name = Optional(map, path);
        if (name is null)
        {
            return required ? throw new NotifyException(path, "the name of an environment variable is required") : null;
        }

        return name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0])
            ? name
            : throw new NotifyException(path, $"'{name}' is not an environment variable name (letters, digits and _)");
    }

    private static void Address(string path, string address)
    {
        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == address.Length - 1 || address.Any(char.IsWhiteSpace))
        {
            throw new NotifyException(path, $"'{address}' is not an email address");
        }
    }

    private static TimeSpan? Duration(IReadOnlyDictionary<string, object?> map, string path)
    {
        if (Optional(map, path) is not { } text)
        {
            return null;
        }

        return DurationParser.TryParse(text, out var value, out var error) && value > TimeSpan.Zero
            ? value
            : throw new NotifyException(path, error ?? "must be longer than zero");
    }
}
