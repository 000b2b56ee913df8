using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Firebreak.Evidence;

/// <summary>Masks secrets (API keys, bearer tokens, passwords, private keys, credentials in connection strings) in quoted text.</summary>
public static partial class Redactor
{
    /// <summary>What replaces a secret value.</summary>
    public const string Mask = "[REDACTED]";

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture;

    // Lower-case fragments of which at least one occurs in any text a pattern below can match; text without any is returned untouched.
    private static readonly SearchValues<string> Hints = SearchValues.Create(
        ["key", "token", "secret", "pass", "pwd", "auth", "bearer", "akia", "asia", "ghp_", "gho_", "ghs_", "ghu_", "ghr_", "github_pat_", "xox", "xapp-", "sk_", "rk_", "sk-", "aiza", "npm_", "glpat-", "hooks.slack.com", "eyj", "private", "://", "credential", "cookie", "session", "signature"],
        StringComparison.OrdinalIgnoreCase);

    // Characters of the bare key shapes (AWS secret keys, long hex keys) that have no hint word: a run of 32 of them is worth a look.
    private static readonly SearchValues<char> KeyChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

    // The words without which each pattern cannot match (in ASCII text): the prefixes of the known token shapes (case-sensitive, as that pattern is),
    // the authorization words, the secret words of a command-line flag or a "word token" pair, and the secret words of a key=value.
    private static readonly SearchValues<string> TokenPrefixes = SearchValues.Create(
        ["AKIA", "ASIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xox", "xapp-", "sk_", "rk_", "pk_", "AIza", "sk-", "npm_", "glpat-", "eyJ"], StringComparison.Ordinal);

    private static readonly SearchValues<string> AuthWords = SearchValues.Create(["authorization", "bearer"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> FlagWords = SearchValues.Create(["passw", "pwd", "token", "secret", "key", "credential"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> KeyValueWords = SearchValues.Create(
        ["key", "secret", "pass", "pwd", "token", "auth", "credential", "session", "cookie", "signature"], StringComparison.OrdinalIgnoreCase);

    // The characters of a token written after a secret word, and the shortest such token.
    private static readonly SearchValues<char> TokenChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+/=.");

    private const int WordTokenLength = 20;

    /// <summary>The shortest run of key characters that may be a bare key (a 32-digit hex API key).</summary>
    private const int BareKeyLength = 32;

    // -----BEGIN RSA PRIVATE KEY----- ... -----END RSA PRIVATE KEY----- (or a block cut off by the end of the text).
    [GeneratedRegex(@"(?<keep>-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----)[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\z)", Options)]
    private static partial Regex PrivateKeyBlock();

    // Authorization: Bearer abc / Basic abc / a bare value, and "bearer abc" anywhere.
    [GeneratedRegex(@"(?<keep>(?:\bauthorization[""']?[ \t]*[:=][ \t]*[""']?(?:(?:bearer|basic|token|digest|negotiate)[ \t]+)?|\bbearer[ \t]+))(?<secret>[A-Za-z0-9\-._~+/]{8,}=*)", Options)]
    private static partial Regex AuthScheme();

    // scheme://user:password@host — the user is kept, the password masked.
    [GeneratedRegex(@"(?<keep>\b[a-z][a-z0-9+.\-]*://[^\s:/@'""]*:)(?<secret>[^\s@/'""]+)(?=@)", Options)]
    private static partial Regex UrlCredentials();

    // key=value / key: value / "key": "value" for secret-looking key names (api_key, x-api-key, password, passwd, pwd, secret, token, ...).
    [GeneratedRegex(
        @"(?<keep>(?<![A-Za-z0-9])[""']?[A-Za-z0-9_.\-]*(?:api[_\-]?key|apikey|access[_\-]?key|secret[_\-]?key|private[_\-]?key|client[_\-]?secret|secret|passwd|password|pwd|pass|token|auth|credentials?|session[_\-]?id|cookie|signature)[""']?[ \t]*(?:=|:)[ \t]*)(?<quote>[""'])?(?<secret>(?(quote)[^""'\r\n]+|[^\s,;&""'}\])]+))",
        Options)]
    private static partial Regex KeyValue();

    // Well-known token shapes that need no key name: AWS access key ids, GitHub, Slack, Stripe, Google (AIza), OpenAI (sk-, sk-proj-), npm, GitLab tokens and JWTs.
    [GeneratedRegex(
        @"(?<secret>\b(?:(?:AKIA|ASIA)[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abposre]-[A-Za-z0-9\-]{10,}|xapp-[A-Za-z0-9\-]{10,}|(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}|AIza[0-9A-Za-z_\-]{35}|sk-(?:proj-|svcacct-|admin-|ant-)?[A-Za-z0-9_\-]{20,}|npm_[A-Za-z0-9]{36}|glpat-[A-Za-z0-9_\-]{20,}|eyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,})\b)",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex KnownTokens();

    // Slack (and similar) incoming-webhook paths: the host is kept, the secret path masked.
    [GeneratedRegex(@"(?<keep>\bhooks\.slack\.com/(?:services|workflows|triggers)/)(?<secret>[A-Za-z0-9_/\-]{8,})", Options)]
    private static partial Regex WebhookPath();

    // --password X, --token X, --api-key X on a command line (the = form is a key=value below).
    [GeneratedRegex(@"(?<keep>(?<![A-Za-z0-9])--?[A-Za-z0-9_\-]*(?:password|passwd|pwd|token|secret|api[_\-]?key|apikey|access[_\-]?key|credentials?)[ \t]+)(?<secret>[^\s\-][^\s]*)", Options)]
    private static partial Regex CommandLineFlag();

    // A long token written after the word key/token/secret/password without = or : ("token 4f9a...").
    [GeneratedRegex(@"(?<keep>\b(?:api[_\-]?key|key|token|secret|password|passwd)[ \t]+)(?<secret>(?=[A-Za-z0-9_\-+/=.]{0,80}[0-9])(?=[A-Za-z0-9_\-+/=.]{0,80}[A-Za-z])[A-Za-z0-9_\-+/=.]{20,}(?![A-Za-z0-9_\-+/=.]))", Options)]
    private static partial Regex WordThenToken();

    // A bare AWS secret access key: exactly 40 base64 characters mixing upper case, lower case and digits.
    [GeneratedRegex(@"(?<![A-Za-z0-9+/=])(?<secret>(?=[A-Za-z0-9+/]{0,39}[A-Z])(?=[A-Za-z0-9+/]{0,39}[a-z])(?=[A-Za-z0-9+/]{0,39}[0-9])[A-Za-z0-9+/]{40})(?![A-Za-z0-9+/=])", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex BareAwsSecret();

    // A bare hex key of 32 or more digits; 40 (a git commit) and 64 (a SHA-256 digest) are what Firebreak itself cites, so they stay.
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?<secret>(?=[0-9a-fA-F]{0,127}[a-fA-F])(?=[0-9a-fA-F]{0,127}[0-9])(?![0-9a-fA-F]{40}(?![0-9a-fA-F]))(?![0-9a-fA-F]{64}(?![0-9a-fA-F]))[0-9a-fA-F]{32,})(?![A-Za-z0-9])", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex BareHexKey();

    /// <summary>Returns <paramref name="text"/> with every secret replaced by a mask.</summary>
    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text) || (!text.AsSpan().ContainsAny(Hints) && !HasBareKeyRun(text)))
        {
            return text ?? string.Empty;
        }

        // ASCII text (nearly all evidence) runs only the patterns whose words it holds, checked on the text each pattern sees;
        // other text may spell a word with a case variant the patterns accept (the Kelvin sign for K), so it runs them all.
        var all = !Ascii.IsValid(text);
        var result = text;
        if (all || result.Contains("-----begin ", StringComparison.OrdinalIgnoreCase))
        {
            result = PrivateKeyBlock().Replace(result, m => m.Groups["keep"].Value + Mask);
        }

        if (all || (result.Contains("://", StringComparison.Ordinal) && result.Contains('@', StringComparison.Ordinal)))
        {
            result = UrlCredentials().Replace(result, m => m.Groups["keep"].Value + Mask);
        }

        if (all || result.Contains("hooks.slack.com/", StringComparison.OrdinalIgnoreCase))
        {
            result = WebhookPath().Replace(result, m => m.Groups["keep"].Value + Mask);
        }

        if (all || result.AsSpan().ContainsAny(TokenPrefixes))
        {
            result = KnownTokens().Replace(result, Mask);
        }

        if (all || result.AsSpan().ContainsAny(AuthWords))
        {
            result = AuthScheme().Replace(result, m => IsMasked(m.Groups["secret"].Value) ? m.Value : m.Groups["keep"].Value + Mask);
        }

        if (all || (result.Contains('-', StringComparison.Ordinal) && result.AsSpan().ContainsAny(FlagWords)))
        {
            result = CommandLineFlag().Replace(result, m => IsMasked(m.Groups["secret"].Value) ? m.Value : m.Groups["keep"].Value + Mask);
        }

        if (all || (result.AsSpan().IndexOfAny('=', ':') >= 0 && result.AsSpan().ContainsAny(KeyValueWords)))
        {
            result = KeyValue().Replace(result, ReplaceKeyValue);
        }

        if (all || (result.AsSpan().ContainsAny(FlagWords) && HasRun(result, TokenChars, WordTokenLength)))
        {
            result = WordThenToken().Replace(result, m => IsMasked(m.Groups["secret"].Value) ? m.Value : m.Groups["keep"].Value + Mask);
        }

        if (HasBareKeyRun(result))
        {
            result = BareAwsSecret().Replace(result, Mask);
            result = BareHexKey().Replace(result, Mask);
        }

        return result;
    }

    /// <summary>Redacts text that arrives line by line (a log or evidence copy): a private key block spanning lines is masked from its BEGIN line to its END line.</summary>
    public sealed class LineRedactor
    {
        private bool _inKey;

        /// <summary>The line with its secrets masked, given the lines before it.</summary>
        public string Redact(string line)
        {
            ArgumentNullException.ThrowIfNull(line);
            if (_inKey)
            {
                var end = line.IndexOf("-----END ", StringComparison.Ordinal);
                if (end < 0 || !line.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
                {
                    return Mask;
                }

                _inKey = false;
                var close = line.IndexOf("-----", end + 9, StringComparison.Ordinal);
                return Mask + Redactor.Redact(close < 0 ? string.Empty : line[(close + 5)..]);
            }

            var redacted = Redactor.Redact(line);
            // A BEGIN without its END on this line: the block goes on, and the following lines are key material.
            _inKey = line.Contains("PRIVATE KEY-----", StringComparison.Ordinal)
                && line.LastIndexOf("-----BEGIN ", StringComparison.Ordinal) > line.LastIndexOf("-----END ", StringComparison.Ordinal);
            return redacted;
        }
    }

    /// <summary>A JSON document with every string value redacted and sanitized, its structure and layout otherwise unchanged; text that is not JSON is redacted as text.</summary>
    public static string RedactJson(string json, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!json.AsSpan().ContainsAny(Hints) && !HasBareKeyRun(json) && !json.Contains("\\u", StringComparison.Ordinal) && !Quoted.HasUnsafe(json.Replace("\n", string.Empty, StringComparison.Ordinal)))
        {
            return json;
        }

        var output = new ArrayBufferWriter<byte>(json.Length + 256);
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { MaxDepth = 256 });
            using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = 256 });
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                    case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                    case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                    case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                    case JsonTokenType.PropertyName: writer.WritePropertyName(reader.GetString()!); break;
                    case JsonTokenType.String: writer.WriteStringValue(Quoted.Text(reader.GetString())); break;
                    case JsonTokenType.Number: writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
                    case JsonTokenType.True: writer.WriteBooleanValue(true); break;
                    case JsonTokenType.False: writer.WriteBooleanValue(false); break;
                    case JsonTokenType.Null: writer.WriteNullValue(); break;
                    default: break;
                }
            }

            writer.Flush();
        }
        catch (JsonException)
        {
            return Quoted.Text(json);
        }

        var result = Encoding.UTF8.GetString(output.WrittenSpan);
        return json.EndsWith('\n') ? result + "\n" : result;
    }

    private static bool HasBareKeyRun(string text) => HasRun(text, KeyChars, BareKeyLength);

    // True when the text holds at least `length` characters of `chars` in a row.
    private static bool HasRun(string text, SearchValues<char> chars, int length)
    {
        var span = text.AsSpan();
        while (true)
        {
            var start = span.IndexOfAny(chars);
            if (start < 0)
            {
                return false;
            }

            span = span[start..];
            var end = span.IndexOfAnyExcept(chars);
            if ((end < 0 ? span.Length : end) >= length)
            {
                return true;
            }

            if (end < 0)
            {
                return false;
            }

            span = span[end..];
        }
    }

    private static string ReplaceKeyValue(Match match)
    {
        var secret = match.Groups["secret"].Value;
        // Leave values that are already masked, a bearer/basic scheme handled above, and values that are plainly not secrets.
        if (IsMasked(secret) || secret.StartsWith("Bearer", StringComparison.OrdinalIgnoreCase) || secret.StartsWith("Basic", StringComparison.OrdinalIgnoreCase)
            || (secret.Length <= 3 && secret.All(char.IsAsciiDigit))
            || secret is "null" or "none" or "true" or "false" or "***" or "<redacted>" or "*")
        {
            return match.Value;
        }

        var quote = match.Groups["quote"].Value;
        var after = match.Value[(match.Groups["secret"].Index - match.Index + secret.Length)..];
        return match.Groups["keep"].Value + quote + Mask + after;
    }

    private static bool IsMasked(string value) => value.StartsWith(Mask, StringComparison.Ordinal) || value.StartsWith("[REDACTED", StringComparison.Ordinal);
}
