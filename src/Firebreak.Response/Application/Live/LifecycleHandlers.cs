using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>firebreak ack: a person takes the incident; the acknowledge SLA is measured from this moment.</summary>
public sealed record AckCommand(IncidentId Id, CommandActor Actor);

/// <summary>Acknowledges an incident once: a second acknowledgement is refused, the same one retried changes nothing.</summary>
public sealed class AckHandler(LiveCommandRunner runner)
{
    /// <summary>Records the acknowledgement (and moves a triaged incident to INVESTIGATING).</summary>
    public Task<CommandResult> HandleAsync(AckCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return runner.RunAsync(command.Id, command.Actor, ctx =>
        {
            if (!ctx.Named)
            {
                throw new RequestRefusedException("ack needs --as <person>: an acknowledgement names who took the incident");
            }

            LiveRules.RefuseWhenOver(ctx.State, "acknowledge");
            if (ctx.State.Events.OfType<IncidentAcknowledged>().FirstOrDefault() is { } prior)
            {
                return prior.At == ctx.At && prior.By == ctx.Actor
                    ? new CommandDecision([], string.Empty)
                    : throw new RequestRefusedException($"{command.Id} was already acknowledged by {prior.By} at {LiveCommandRunner.Iso(prior.At)}");
            }

            var events = new List<IncidentEvent> { new IncidentAcknowledged(ctx.At, ctx.Actor, ctx.Actor, "firebreak ack") };
            if (ctx.State.Status == IncidentStatus.Triaged)
            {
                events.Add(new StatusChanged(ctx.At, ctx.Actor, IncidentStatus.Triaged, IncidentStatus.Investigating, $"acknowledged by {ctx.Actor}"));
            }

            return new CommandDecision(events, $"{command.Id} acknowledged by {ctx.Actor} at {LiveCommandRunner.Iso(ctx.At)}");
        }, cancellationToken);
    }
}

/// <summary>The working states `firebreak status` accepts.</summary>
public enum WorkingState { Investigating, Identified, Mitigating, Monitoring }

/// <summary>firebreak status: the responders say where they are.</summary>
public sealed record StatusCommand(IncidentId Id, WorkingState State, CommandActor Actor);

/// <summary>Moves the lifecycle (investigating, identified, mitigating) or records a working status the lifecycle has no status for (monitoring).</summary>
public sealed class StatusHandler(LiveCommandRunner runner)
{
    /// <summary>Records the status.</summary>
    public Task<CommandResult> HandleAsync(StatusCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var name = command.State.ToString().ToLowerInvariant();
        return runner.RunAsync(command.Id, command.Actor, ctx =>
        {
            LiveRules.RefuseWhenOver(ctx.State, $"set the status to {name} of");
            var status = ctx.State.Status;
            switch (command.State)
            {
                case WorkingState.Investigating or WorkingState.Identified or WorkingState.Mitigating:
                    var target = command.State switch
                    {
                        WorkingState.Investigating => IncidentStatus.Investigating,
                        WorkingState.Identified => IncidentStatus.Identified,
                        _ => IncidentStatus.Mitigating,
                    };
                    if (status == target)
                    {
                        return LiveRules.SameMoment(ctx, ctx.State.Events.OfType<StatusChanged>().LastOrDefault(s => s.To == target)?.At)
                            ?? throw new RequestRefusedException($"{command.Id} is already {WireNames.Of(target)}");
                    }

                    if (!IncidentLifecycle.CanMove(status, target))
                    {
                        throw new RequestRefusedException($"{command.Id}: an incident cannot go from {WireNames.Of(status)} to {WireNames.Of(target)}");
                    }

                    return new CommandDecision(
                        [new StatusChanged(ctx.At, ctx.Actor, status, target, $"status set by {ctx.Actor}")],
                        $"{command.Id} is {WireNames.Of(target)} ({ctx.Actor}, {LiveCommandRunner.Iso(ctx.At)})");
                case WorkingState.Monitoring when status != IncidentStatus.Mitigating:
                    throw new RequestRefusedException($"{command.Id} is {WireNames.Of(status)}: monitoring follows a mitigation (run 'status {command.Id} mitigating' first)");
                default:
                    return new CommandDecision(
                        [new WorkingStatusSet(ctx.At, ctx.Actor, name)],
                        $"{command.Id}: {name} ({ctx.Actor}, {LiveCommandRunner.Iso(ctx.At)}); the lifecycle status stays {WireNames.Of(status)}");
            }
        }, cancellationToken);
    }
}

/// <summary>firebreak resolve: the service is restored.</summary>
public sealed record ResolveCommand(IncidentId Id, string Summary, CommandActor Actor);

/// <summary>Resolves an open incident; the resolve SLA and MTTR are measured to this moment.</summary>
public sealed class ResolveHandler(LiveCommandRunner runner)
{
    /// <summary>Records the resolution.</summary>
    public Task<CommandResult> HandleAsync(ResolveCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var summary = LiveRules.Text(command.Summary, "--summary");
        return runner.RunAsync(command.Id, command.Actor, ctx =>
        {
            var status = ctx.State.Status;
            if (status == IncidentStatus.Resolved)
            {
                return LiveRules.SameMoment(ctx, ctx.State.ResolvedAt)
                    ?? throw new RequestRefusedException($"{command.Id} is already RESOLVED (at {LiveCommandRunner.Iso(ctx.State.ResolvedAt ?? ctx.At)}); 'reopen' it first");
            }

            if (!IncidentLifecycle.CanMove(status, IncidentStatus.Resolved))
            {
                throw new RequestRefusedException($"{command.Id} is {WireNames.Of(status)}: an incident cannot go from {WireNames.Of(status)} to RESOLVED");
            }

            IncidentEvent[] resolution =
            [
                new StatusChanged(ctx.At, ctx.Actor, status, IncidentStatus.Resolved, summary),
                new IncidentResolved(ctx.At, ctx.Actor, summary),
            ];

            // The review is (re)booked at the policy's deadline from this resolution, in the organiser's working hours.
            var resolved = resolution.Aggregate(ctx.State, IncidentLifecycle.Apply);
            var config = runner.Services.Config;
            var facilitator = resolved.Roles.TryGetValue(Roles.IncidentCommander, out var commander) ? commander
                : "Incident Commander (unknown: people.incident_commanders is not configured)";
            var booking = ReviewBooking.Rebook(resolved, config.Policy, config.Review, ctx.At, Agents.ProjectManager, facilitator);
            var message = $"{command.Id} resolved by {ctx.Actor} at {LiveCommandRunner.Iso(ctx.At)}"
                + (booking is null ? string.Empty : $"; post-incident review booked for {LiveCommandRunner.Iso(booking.MeetingAt)} (due by {LiveCommandRunner.Iso(booking.Deadline!.Value)})");
            return new CommandDecision(booking is null ? resolution : [.. resolution, booking], message);
        }, cancellationToken);
    }
}

/// <summary>firebreak reopen: a resolved incident came back.</summary>
public sealed record ReopenCommand(IncidentId Id, string? Reason, CommandActor Actor);

/// <summary>Reopens a resolved incident (RESOLVED → INVESTIGATING); a closed one cannot be reopened.</summary>
public sealed class ReopenHandler(LiveCommandRunner runner)
{
    /// <summary>Records the reopening.</summary>
    public Task<CommandResult> HandleAsync(ReopenCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return runner.RunAsync(command.Id, command.Actor, ctx =>
        {
            var status = ctx.State.Status;
            if (status != IncidentStatus.Resolved)
            {
                var last = ctx.State.Events.OfType<StatusChanged>().LastOrDefault();
                if (last is { From: IncidentStatus.Resolved, To: IncidentStatus.Investigating } && last.At == ctx.At)
                {
                    return new CommandDecision([], string.Empty);
                }

                throw new RequestRefusedException(status == IncidentStatus.Closed
                    ? $"{command.Id} is CLOSED (its review was held): a closed incident cannot be reopened; declare a new one"
                    : $"{command.Id} is {WireNames.Of(status)}, not RESOLVED: only a resolved incident can be reopened");
            }

            var reason = string.IsNullOrWhiteSpace(command.Reason) ? $"reopened by {ctx.Actor}" : command.Reason.Trim();
            return new CommandDecision(
                [new StatusChanged(ctx.At, ctx.Actor, IncidentStatus.Resolved, IncidentStatus.Investigating, reason)],
                $"{command.Id} reopened by {ctx.Actor} at {LiveCommandRunner.Iso(ctx.At)}: INVESTIGATING");
        }, cancellationToken);
    }
}

/// <summary>Rules shared by the live commands.</summary>
internal static class LiveRules
{
    /// <summary>Refuses a command on a resolved or closed incident.</summary>
    public static void RefuseWhenOver(IncidentState state, string verb)
    {
        if (state.Status is IncidentStatus.Resolved or IncidentStatus.Closed)
        {
            throw new RequestRefusedException($"cannot {verb} {state.Id}: it is {WireNames.Of(state.Status)}");
        }
    }

    /// <summary>No events when the recorded moment is the command's own (the same command retried), else null.</summary>
    public static CommandDecision? SameMoment(CommandContext ctx, DateTimeOffset? recorded) =>
        recorded == ctx.At ? new CommandDecision([], string.Empty) : null;

    /// <summary>The trimmed text of a required option; refuses an empty one.</summary>
    public static string Text(string? value, string option) =>
        string.IsNullOrWhiteSpace(value) ? throw new RequestRefusedException($"{option} needs a non-empty text") : value.Trim();
}
