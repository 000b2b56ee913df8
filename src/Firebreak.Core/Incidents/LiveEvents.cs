using System.Globalization;

namespace Firebreak.Core;

/// <summary>A stakeholder or status-page update a person posted (firebreak update); its text is the person's words.</summary>
public sealed record UpdatePosted(DateTimeOffset At, string Actor, string Audience, string Text) : IncidentEvent(At, Actor)
{
    /// <summary>The update's number for its audience (#1, #2...); null on updates recorded before numbering.</summary>
    public int? Sequence { get; init; }

    /// <inheritdoc/>
    public override string DedupKey => Sequence is { } n
        ? string.Create(CultureInfo.InvariantCulture, $"update:{Audience}:#{n}")
        : string.Create(CultureInfo.InvariantCulture, $"update:{Audience}:{At:O}");
}

/// <summary>The responders' working status (identified, monitoring) that the lifecycle has no status for; the lifecycle status is unchanged.</summary>
public sealed record WorkingStatusSet(DateTimeOffset At, string Actor, string State) : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => string.Create(CultureInfo.InvariantCulture, $"working-status:{State}:{At:O}");
}

/// <summary>The post-incident review took place (firebreak review): when and who attended.</summary>
public sealed record ReviewHeld(DateTimeOffset At, string Actor, DateTimeOffset HeldAt, IReadOnlyList<string> Attendees) : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => "review-held";
}

/// <summary>The kind of a tracked preventive action.</summary>
public enum ActionType { Prevent, Detect, Mitigate, Process }

/// <summary>A preventive action a person added (firebreak action add), with its short id (A1, A2...).</summary>
public sealed record ActionTracked(
    DateTimeOffset At, string Actor, string ActionId, string Title, string Owner, DateTimeOffset Due, ActionType Kind, Priority Priority)
    : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => $"tracked-action:{ActionId}";
}

/// <summary>A tracked preventive action was done (firebreak action done).</summary>
public sealed record ActionCompleted(DateTimeOffset At, string Actor, string ActionId) : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => $"action-done:{ActionId}";
}

/// <summary>A person chose (or changed) the mitigation strategy (firebreak mitigate): decided, not carried out until a command runs.</summary>
public sealed record MitigationDecided(DateTimeOffset At, string Actor, MitigationStrategy Strategy, string? Detail) : IncidentEvent(At, Actor)
{
    /// <inheritdoc/>
    public override string DedupKey => string.Create(CultureInfo.InvariantCulture, $"mitigation-decided:{Strategy}:{At:O}");
}
