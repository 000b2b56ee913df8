using System.Buffers;
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
        ["key", "token", "secret", "pass", "pwd", "auth", "bearer", "akia", "asia", "ghp_", "gho_", "ghs_", "ghu_", "ghr_", "github_pat_", "xox", "sk_", "rk_", "eyj", "private", "://", "credential", "cookie", "session", "signature"],
        StringComparison.OrdinalIgnoreCase);

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

    // Well-known token shapes that need no key name.
    [GeneratedRegex(
        @"(?<secret>\b(?:(?:AKIA|ASIA)[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abposr]-[A-Za-z0-9\-]{10,}|(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}|eyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,})\b)",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex KnownTokens();

    /// <summary>Returns <paramref name="text"/> with every secret replaced by a mask.</summary>
    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text) || !text.AsSpan().ContainsAny(Hints))
        {
            return text ?? string.Empty;
        }

        var result = PrivateKeyBlock().Replace(text, m => m.Groups["keep"].Value + Mask);
        result = UrlCredentials().Replace(result, m => m.Groups["keep"].Value + Mask);
        result = KnownTokens().Replace(result, Mask);
        result = AuthScheme().Replace(result, m => IsMasked(m.Groups["secret"].Value) ? m.Value : m.Groups["keep"].Value + Mask);
        result = KeyValue().Replace(result, ReplaceKeyValue);
        return result;
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
