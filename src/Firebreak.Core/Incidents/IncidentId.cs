using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Firebreak.Core;

/// <summary>An incident identifier: 1-64 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit.</summary>
public readonly partial record struct IncidentId
{
    /// <summary>Creates an identifier, throwing <see cref="ArgumentException"/> when <paramref name="value"/> is not valid.</summary>
    public IncidentId(string value)
    {
        if (!IsValid(value, out var reason))
        {
            throw new ArgumentException(reason, nameof(value));
        }

        Value = value;
    }

    /// <summary>The identifier text.</summary>
    public string Value { get; }

    /// <summary>Parses an identifier, returning false with a one-line reason when it is not valid.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out IncidentId? id, out string reason)
    {
        if (IsValid(value, out reason))
        {
            id = new IncidentId(value!);
            return true;
        }

        id = null;
        return false;
    }

    private static bool IsValid(string? value, out string reason)
    {
        if (string.IsNullOrEmpty(value))
        {
            reason = "incident id is empty";
            return false;
        }

        if (value.Length > 64)
        {
            reason = $"incident id is {value.Length} characters long; at most 64 are allowed";
            return false;
        }

        if (!Pattern().IsMatch(value))
        {
            reason = $"incident id '{Printable(value)}' must be letters, digits, '.', '_' or '-', starting with a letter or digit";
            return false;
        }

        if (value.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase))
        {
            reason = $"incident id '{value}' is reserved: the incident store's files (firebreak.db, -wal, -shm, -journal) live beside the incident folders";
            return false;
        }

        reason = string.Empty;
        return true;
    }

    /// <summary>Names beginning with this are the store's files in .aiwg/incidents/, never an incident folder.</summary>
    public const string ReservedPrefix = "firebreak.db";

    private static string Printable(string value) =>
        string.Concat(value.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <inheritdoc/>
    public override string ToString() => Value;
}
