using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>firebreak assign: a person takes a response role.</summary>
public sealed record AssignCommand(IncidentId Id, string Role, string Person, CommandActor Actor);

/// <summary>Assigns a role (the role names of <see cref="Roles"/>, or short names: commander, tech-lead, communications, tier1, tier2, tier3...).</summary>
public sealed class AssignHandler(LiveCommandRunner runner)
{
    private static readonly Dictionary<string, string> Short = new(StringComparer.OrdinalIgnoreCase)
    {
        ["commander"] = Roles.IncidentCommander,
        ["ic"] = Roles.IncidentCommander,
        ["tech-lead"] = Roles.TechnicalLead,
        ["communications"] = Roles.CommunicationsLead,
        ["tier1"] = Roles.Tier1OnCall,
        ["tier2"] = Roles.Tier2ComponentOwner,
        ["tier3"] = Roles.Tier3Architect,
        ["security"] = Roles.SecurityLead,
        ["deployment-manager"] = Roles.DeploymentManager,
    };

    private static readonly string[] Names =
    [
        Roles.IncidentCommander, Roles.TechnicalLead, Roles.CommunicationsLead, Roles.Tier1OnCall, Roles.Tier2ComponentOwner,
        Roles.Tier3Architect, Roles.Management, Roles.Executive, Roles.SecurityLead, Roles.Legal, Roles.SeniorIncidentCommander, Roles.DeploymentManager,
    ];

    /// <summary>The role's canonical name; refuses an unknown role.</summary>
    public static string RoleName(string role)
    {
        var trimmed = (role ?? string.Empty).Trim();
        if (Short.TryGetValue(trimmed, out var name))
        {
            return name;
        }

        return Names.FirstOrDefault(n => string.Equals(n, trimmed, StringComparison.OrdinalIgnoreCase))
            ?? throw new RequestRefusedException($"unknown role '{trimmed}'; use one of {string.Join(", ", Short.Keys)} or a full role name ({string.Join(", ", Names)})");
    }

    /// <summary>Records the assignment.</summary>
    public Task<CommandResult> HandleAsync(AssignCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var role = RoleName(command.Role);
        var person = runner.ResolvePerson(LiveRules.Text(command.Person, "the person")) ?? string.Empty;
        return runner.RunAsync(command.Id, command.Actor, ctx =>
        {
            if (ctx.State.Status == IncidentStatus.Closed)
            {
                throw new RequestRefusedException($"cannot assign on {command.Id}: it is CLOSED");
            }

            if (ctx.State.Roles.TryGetValue(role, out var holder) && string.Equals(holder, person, StringComparison.OrdinalIgnoreCase))
            {
                return new CommandDecision([], string.Empty);
            }

            return new CommandDecision(
                [new RoleAssigned(ctx.At, ctx.Actor, role, person, $"assigned by {ctx.Actor}")],
                $"{command.Id}: {person} is {role}" + (holder is null ? string.Empty : $" (was {holder})"));
        }, cancellationToken);
    }
}

/// <summary>Where a hierarchical escalation goes.</summary>
public enum EscalationTarget { Management, Executive }

/// <summary>firebreak escalate: a person escalates to a tier or tells management or executives.</summary>
public sealed record EscalateCommand(IncidentId Id, Tier? Tier, EscalationTarget? To, string Reason, CommandActor Actor);

/// <summary>Escalates functionally (Tier 2, Tier 3) or hierarchically (management, executive); the engine's timer for it is then cancelled.</summary>
public sealed class EscalateHandler(LiveCommandRunner runner)
{
    /// <summary>"queued for webhook, email" or "drafted: no delivery channel is configured".</summary>
    internal static string Queued(ProjectConfig config, IReadOnlyList<OutgoingMessage> messages) =>
        messages.Count > 0 ? $"queued in the outbox for {string.Join(", ", messages.Select(m => m.Channel).Distinct(StringComparer.Ordinal))}; not sent until a tick delivers it"
        : config.Notify.Channels.Count == 0 ? "drafted: no delivery channel is configured (notify: in firebreak.yaml)" : "nothing to queue";

    /// <summary>Records the escalation.</summary>
    public Task<CommandResult> HandleAsync(EscalateCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var reason = LiveRules.Text(command.Reason, "--reason");
        if (command.Tier is null && command.To is null)
        {
            throw new RequestRefusedException("escalate needs --tier 2|3 or --to management|executive");
        }

        if (command.Tier is Tier.Tier1)
        {
            throw new RequestRefusedException("--tier must be 2 or 3: every incident starts at Tier 1");
        }

        var config = runner.Services.Config;
        var people = config.Profile.People;
        return runner.RunAsync(command.Id, command.Actor, ctx =>
        {
            LiveRules.RefuseWhenOver(ctx.State, "escalate");
            var events = new List<IncidentEvent>();
            var said = new List<string>();
            var messages = new List<OutgoingMessage>();
            if (command.Tier is { } tier)
            {
                var existing = ctx.State.Events.OfType<Escalated>().FirstOrDefault(e => e.Tier == tier);
                if (existing is not null && existing.At == ctx.At)
                {
                    events.Add(existing);
                }
                else if (ctx.State.Tier >= tier)
                {
                    throw new RequestRefusedException($"{command.Id} is already at {ctx.State.Tier}");
                }
                else
                {
                    events.Add(new Escalated(ctx.At, ctx.Actor, tier, reason));
                    said.Add(TierText.Of(tier));
                }

                var number = (int)tier;
                messages.AddRange(LiveNotices.For(config, ctx.State, $"escalate:tier{number}", $"tier{number}", $"escalated to {tier} by {ctx.Actor}", reason, ctx.Actor, ctx.At));
            }

            if (command.To is { } to)
            {
                var audience = to == EscalationTarget.Management ? Audiences.Management : Audiences.Executive;
                var existing = ctx.State.Events.OfType<Notified>().FirstOrDefault(n => Audiences.Is(n.Audience, audience));
                if (existing is not null && existing.At != ctx.At)
                {
                    throw new RequestRefusedException($"{audience} was already told about {command.Id} at {LiveCommandRunner.Iso(existing.At)}");
                }

                var recipients = to == EscalationTarget.Management ? people.Management : people.Executives;
                events.Add(existing ?? new Notified(ctx.At, ctx.Actor, audience,
                    recipients.Count == 0 ? $"unknown (people.{(to == EscalationTarget.Management ? "management" : "executives")} is not configured)" : string.Join(", ", recipients),
                    reason));
                if (existing is null)
                {
                    said.Add(audience);
                }

                messages.AddRange(LiveNotices.For(config, ctx.State, $"notice:{audience}", audience, $"notice to {audience}", reason, ctx.Actor, ctx.At));
            }

            return new CommandDecision(events, $"{command.Id} escalated to {string.Join(" and ", said)} by {ctx.Actor}: {reason} ({Queued(config, messages)})")
            {
                Messages = messages,
            };
        }, cancellationToken);
    }
}

/// <summary>firebreak note: a timeline note.</summary>
public sealed record NoteCommand(IncidentId Id, string Text, CommandActor Actor);

/// <summary>Adds a note to the timeline; the same note retried changes nothing.</summary>
public sealed class NoteHandler(LiveCommandRunner runner)
{
    /// <summary>Records the note.</summary>
    public Task<CommandResult> HandleAsync(NoteCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var text = LiveRules.Text(command.Text, "the note");
        return runner.RunAsync(command.Id, command.Actor, ctx =>
            new CommandDecision([new NoteRecorded(ctx.At, ctx.Actor, text, $"firebreak note by {ctx.Actor}")], $"{command.Id}: note recorded"), cancellationToken);
    }
}

/// <summary>firebreak update: a stakeholder / status-page update.</summary>
public sealed record UpdateCommand(IncidentId Id, string Text, CommandActor Actor);

/// <summary>Records a status-page update written by a person (what was posted, not that a channel carried it).</summary>
public sealed class UpdateHandler(LiveCommandRunner runner)
{
    /// <summary>Records the update.</summary>
    public Task<CommandResult> HandleAsync(UpdateCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var text = LiveRules.Text(command.Text, "the update");
        var config = runner.Services.Config;
        return runner.RunAsync(command.Id, command.Actor, ctx =>
        {
            if (ctx.State.Status == IncidentStatus.Closed)
            {
                throw new RequestRefusedException($"cannot post an update on {command.Id}: it is CLOSED");
            }

            // Each update has its number, in its event, its notice and its messages' keys: update #2 is delivered after #1.
            var posted = ctx.State.Events.OfType<UpdatePosted>().Where(u => Audiences.Is(u.Audience, Audiences.StatusPage)).ToList();
            var same = posted.FirstOrDefault(u => u.At == ctx.At && u.Text == text);
            var number = same?.Sequence ?? posted.Count + 1;
            var messages = LiveNotices.For(config, ctx.State, $"update:{number}", Audiences.StatusPage, $"status-page update #{number}", text, ctx.Actor, ctx.At);
            return new CommandDecision(
                [
                    new UpdatePosted(ctx.At, ctx.Actor, Audiences.StatusPage, text) { Sequence = number },
                    new Notified(ctx.At, ctx.Actor, Audiences.StatusPage, "public status page", text) { Sequence = number },
                ],
                $"{command.Id}: status-page update #{number} recorded ({ctx.Actor}, {LiveCommandRunner.Iso(ctx.At)}; {EscalateHandler.Queued(config, messages)})")
            {
                Messages = messages,
            };
        }, cancellationToken);
    }
}
