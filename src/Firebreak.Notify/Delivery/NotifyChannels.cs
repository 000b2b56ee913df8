using Firebreak.Core;
using MailKit.Security;

namespace Firebreak.Notify;

/// <summary>Builds the senders and the retry numbers the notify: section of firebreak.yaml asks for.</summary>
public static class NotifyChannels
{
    /// <summary>One sender per configured channel; secrets are read from <paramref name="environment"/> at each attempt.</summary>
    public static IReadOnlyList<ISender> Senders(NotifySettings settings, HttpClient http, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var senders = new List<ISender>();
        if (settings.Webhook is { } webhook)
        {
            senders.Add(new WebhookSender(http, new WebhookOptions(webhook.UrlVariable, webhook.SecretHeader, webhook.SecretVariable), environment));
        }

        if (settings.Email is { } email)
        {
            senders.Add(new SmtpSender(
                new EmailOptions(email.Host, email.Port, email.From, email.Recipients, email.Default)
                {
                    Security = email.Tls switch
                    {
                        EmailTls.None => SecureSocketOptions.None,
                        EmailTls.StartTls => SecureSocketOptions.StartTls,
                        EmailTls.Ssl => SecureSocketOptions.SslOnConnect,
                        _ => SecureSocketOptions.StartTlsWhenAvailable,
                    },
                    UserVariable = email.UserVariable,
                    PasswordVariable = email.PasswordVariable,
                },
                environment));
        }

        return senders;
    }

    /// <summary>The delivery options with the section's overrides applied over the defaults.</summary>
    public static DeliveryOptions Options(NotifySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = DeliveryOptions.Default;
        return options with
        {
            MaxAttempts = settings.Delivery.MaxAttempts ?? options.MaxAttempts,
            FirstRetryDelay = settings.Delivery.FirstRetry ?? options.FirstRetryDelay,
            MaxRetryDelay = settings.Delivery.MaxRetry ?? options.MaxRetryDelay,
        };
    }
}
