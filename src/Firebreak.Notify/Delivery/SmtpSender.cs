using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Firebreak.Storage;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Firebreak.Notify;

/// <summary>An SMTP server and who receives each audience; credentials come from environment variables named here, never from the file.</summary>
public sealed record EmailOptions
{
    /// <summary>Creates the options, throwing <see cref="ArgumentException"/> on an empty host, a bad port or sender, or no recipients at all.</summary>
    public EmailOptions(string host, int port, string from, IReadOnlyDictionary<string, IReadOnlyList<string>> recipients, IReadOnlyList<string>? fallback = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentNullException.ThrowIfNull(recipients);
        if (!MailboxAddress.TryParse(from, out _))
        {
            throw new ArgumentException($"'{from}' is not an email address", nameof(from));
        }

        Host = host;
        Port = port;
        From = from;
        Recipients = new Dictionary<string, IReadOnlyList<string>>(recipients, StringComparer.OrdinalIgnoreCase);
        Fallback = fallback ?? [];
        if (Recipients.Values.All(r => r.Count == 0) && Fallback.Count == 0)
        {
            throw new ArgumentException("at least one recipient is needed", nameof(recipients));
        }
    }

    public string Host { get; }
    public int Port { get; }
    public string From { get; }

    /// <summary>Addresses per audience (management, executive, status-page...).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Recipients { get; }

    /// <summary>Addresses for an audience without its own list.</summary>
    public IReadOnlyList<string> Fallback { get; }

    /// <summary>TLS: the default, StartTlsWhenAvailable, upgrades when the server offers it.</summary>
    public SecureSocketOptions Security { get; init; } = SecureSocketOptions.StartTlsWhenAvailable;

    /// <summary>The environment variable holding the user name, when the server needs a login.</summary>
    public string? UserVariable { get; init; }

    /// <summary>The environment variable holding the password, when the server needs a login.</summary>
    public string? PasswordVariable { get; init; }
}

/// <summary>Sends a message as a plain-text email over SMTP (MailKit), with a Message-ID derived from its idempotency key.</summary>
/// <remarks>A 4xx reply, a refused connection or a dropped one is retried; a 5xx reply (a rejected recipient, a refused message) is not.</remarks>
public sealed class SmtpSender(EmailOptions options, Func<string, string?> environment) : ISender
{
    /// <inheritdoc/>
    public string Channel => "email";

    /// <summary>The Message-ID of the email for an idempotency key: the same key always gives the same id, so receivers can drop a repeat.</summary>
    public static string MessageId(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32] + "@firebreak";

    /// <inheritdoc/>
    public async Task<SendResult> SendAsync(OutboxEntry message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var to = options.Recipients.TryGetValue(message.Audience, out var list) && list.Count > 0 ? list : options.Fallback;
        if (to.Count == 0)
        {
            return SendResult.Rejected($"no email recipients for audience {message.Audience}");
        }

        var mail = new MimeMessage
        {
            Subject = string.IsNullOrWhiteSpace(message.Subject) ? $"[{message.IncidentId}] {message.Audience}" : message.Subject,
            Body = new TextPart("plain") { Text = message.Body },
            MessageId = MessageId(message.Key),
        };
        mail.From.Add(MailboxAddress.Parse(options.From));
        foreach (var address in to)
        {
            mail.To.Add(MailboxAddress.Parse(address));
        }

        mail.Headers.Add("X-Firebreak-Incident", message.IncidentId);
        mail.Headers.Add("X-Firebreak-Key", message.Key);

        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(options.Host, options.Port, options.Security, cancellationToken).ConfigureAwait(false);
            if (options.UserVariable is { } userVariable)
            {
                var user = environment(userVariable);
                var password = options.PasswordVariable is { } p ? environment(p) : null;
                if (string.IsNullOrEmpty(user) || password is null)
                {
                    return SendResult.Rejected($"environment variables {userVariable} and {options.PasswordVariable} must hold the SMTP login");
                }

                await client.AuthenticateAsync(user, password, cancellationToken).ConfigureAwait(false);
            }

            var answer = await client.SendAsync(mail, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
            return SendResult.Ok($"SMTP accepted: {answer}".Trim());
        }
        catch (SmtpCommandException e)
        {
            var answer = $"SMTP {(int)e.StatusCode}: {e.Message}";
            return (int)e.StatusCode >= 500 ? SendResult.Rejected(answer) : SendResult.Transient(answer);
        }
        catch (Exception e) when (e is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException)
        {
            return SendResult.Transient($"no connection to {options.Host}:{options.Port}: {e.Message}");
        }
        catch (AuthenticationException e)
        {
            return SendResult.Rejected($"SMTP login refused: {e.Message}");
        }
    }
}
