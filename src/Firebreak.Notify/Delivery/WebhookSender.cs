using System.Net;
using System.Text;
using System.Text.Json;
using Firebreak.Storage;

namespace Firebreak.Notify;

/// <summary>Where a webhook goes: the names of the environment variables holding its URL and an optional secret header, never the values themselves.</summary>
public sealed record WebhookOptions
{
    /// <summary>Creates the options, throwing <see cref="ArgumentException"/> on an empty variable name or a secret variable without a header name.</summary>
    public WebhookOptions(string urlVariable, string? secretHeader = null, string? secretVariable = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(urlVariable);
        if (string.IsNullOrWhiteSpace(secretHeader) != string.IsNullOrWhiteSpace(secretVariable))
        {
            throw new ArgumentException("a secret needs both a header name and the variable holding its value", nameof(secretVariable));
        }

        UrlVariable = urlVariable;
        SecretHeader = string.IsNullOrWhiteSpace(secretHeader) ? null : secretHeader;
        SecretVariable = string.IsNullOrWhiteSpace(secretVariable) ? null : secretVariable;
    }

    public string UrlVariable { get; }
    public string? SecretHeader { get; }
    public string? SecretVariable { get; }
}

/// <summary>Posts a message as JSON with a Slack-compatible <c>text</c> to a URL from the environment, with an Idempotency-Key header and an optional secret header.</summary>
/// <remarks>2xx is delivered; 408, 429 and 5xx, a refused connection or a timeout are retried; any other status is rejected.</remarks>
public sealed class WebhookSender(HttpClient http, WebhookOptions options, Func<string, string?> environment) : ISender
{
    /// <summary>The longest part of a receiver's answer kept. The default is 300 characters.</summary>
    public const int MaxAnswerBody = 300;

    /// <inheritdoc/>
    public string Channel => "webhook";

    /// <inheritdoc/>
    public async Task<SendResult> SendAsync(OutboxEntry message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var url = environment(options.UrlVariable);
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return SendResult.Rejected($"environment variable {options.UrlVariable} does not hold an http(s) URL");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            // A sized body, not a chunked stream: some receivers refuse chunked requests.
            Content = new StringContent(JsonSerializer.Serialize(new WebhookBody(
                string.IsNullOrEmpty(message.Subject) ? message.Body : $"{message.Subject}\n{message.Body}",
                message.IncidentId, message.Audience, message.Key), JsonSerializerOptions.Web), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", message.Key);
        string? secret = null;
        if (options.SecretHeader is { } header)
        {
            secret = environment(options.SecretVariable!);
            if (string.IsNullOrEmpty(secret))
            {
                return SendResult.Rejected($"environment variable {options.SecretVariable} (the {header} header) is not set");
            }

            request.Headers.TryAddWithoutValidation(header, secret);
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = Scrub(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), uri, secret);
            var answer = $"HTTP {(int)response.StatusCode}" + (body.Length == 0 ? string.Empty : $": {(body.Length > MaxAnswerBody ? body[..MaxAnswerBody] : body)}");
            return response.IsSuccessStatusCode ? SendResult.Ok(answer)
                : IsTransient(response.StatusCode) ? SendResult.Transient(answer)
                : SendResult.Rejected(answer);
        }
        catch (HttpRequestException e)
        {
            return SendResult.Transient(Scrub($"no connection: {e.Message}", uri, secret));
        }
    }

    /// <summary>The answer with the secret header's value and the URL's path and query (a Slack-style URL is itself a secret) masked, so neither reaches the record.</summary>
    private static string Scrub(string answer, Uri uri, string? secret)
    {
        if (!string.IsNullOrEmpty(secret))
        {
            answer = answer.Replace(secret, Mask, StringComparison.Ordinal);
        }

        var tail = uri.PathAndQuery;
        return tail.Length > 1 ? answer.Replace(tail, "/" + Mask, StringComparison.Ordinal) : answer;
    }

    /// <summary>What replaces a secret in a recorded answer.</summary>
    public const string Mask = "[redacted]";

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private sealed record WebhookBody(string Text, string Incident, string Audience, string Key);
}
