namespace Firebreak.Core;

/// <summary>The audiences a <see cref="Notified"/> event names; the lifecycle recognises them case-insensitively.</summary>
public static class Audiences
{
    /// <summary>Management (engineering managers): P0 within 30 minutes, P1 after 2 hours unresolved.</summary>
    public const string Management = "management";

    /// <summary>Executive leadership: P0 unresolved after 2 hours, security breach, data loss or revenue impact.</summary>
    public const string Executive = "executive";

    /// <summary>Legal and compliance: security breach, data loss or regulatory exposure.</summary>
    public const string Legal = "legal";

    /// <summary>The public status page.</summary>
    public const string StatusPage = "status-page";

    /// <summary>The on-call rotation (the page that acknowledges Tier 1).</summary>
    public const string OnCall = "on-call";

    /// <summary>The resolution notice (status page and internal channel) once the incident is resolved.</summary>
    public const string Resolution = "resolution";

    /// <summary>The security incident response team.</summary>
    public const string Security = "security";

    /// <summary>True when <paramref name="audience"/> names <paramref name="expected"/>, ignoring case and surrounding spaces.</summary>
    public static bool Is(string? audience, string expected) =>
        string.Equals(audience?.Trim(), expected, StringComparison.OrdinalIgnoreCase);
}
