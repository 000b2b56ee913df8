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
                // An acknowledgement recorded as of before triage moves the status once triage is recorded, never before it.
                var moved = LiveRules.LastStatusChange(ctx.State) is { } triaged && triaged.At > ctx.At ? triaged.At : ctx.At;
                events.Add(new StatusChanged(moved, ctx.Actor, IncidentStatus.Triaged, IncidentStatus.Investigating, $"acknowledged by {ctx.Actor}"));
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

                    LiveRules.RefuseBeforeLastStatus(ctx, $"set the status to {name}");

                    return new CommandDecision(
                        [new StatusChanged(ctx.At, ctx.Actor, status, target, $"status set by {ctx.Actor}")],
                        $"{command.Id} is {WireNames.Of(target)} ({ctx.Actor}, {LiveCommandRunner.Iso(ctx.At)})");
                case WorkingState.Monitoring when status != IncidentStatus.Mitigating:
                    throw new RequestRefusedException($"{command.Id} is {WireNames.Of(status)}: monitoring follows a mitigation (run 'status {command.Id} mitigating' first)");
                default:
                    // Monitoring holds until the lifecycle moves again: a second 'status monitoring' in the same phase is refused, the same one retried changes nothing.
                    var since = LiveRules.LastStatusChange(ctx.State)?.At;
                    if (ctx.State.Events.OfType<WorkingStatusSet>().LastOrDefault(w => w.State == name && (since is null || w.At >= since)) is { } monitoring)
                    {
                        return LiveRules.SameMoment(ctx, monitoring.At)
                            ?? throw new RequestRefusedException($"{command.Id} is already {name} (since {LiveCommandRunner.Iso(monitoring.At)}, {monitoring.Actor})");
                    }

                    LiveRules.RefuseBeforeLastStatus(ctx, $"set the status to {name}");
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

            LiveRules.RefuseBeforeLastStatus(ctx, "resolve");

            // After a reopening this is resolution #n: its own event (the first one's summary and moment stay as they were).
            var number = IncidentLifecycle.ResolutionNumber(ctx.State.Events);
            IncidentEvent[] resolution =
            [
                new StatusChanged(ctx.At, ctx.Actor, status, IncidentStatus.Resolved, summary),
                new IncidentResolved(ctx.At, ctx.Actor, summary) { Resolution = number > 1 ? number : null },
            ];

            // The review is (re)booked at the policy's deadline from this resolution, in the organiser's working hours.
            var resolved = resolution.Aggregate(ctx.State, IncidentLifecycle.Apply);
            var config = runner.Services.Config;
            var facilitator = resolved.Roles.TryGetValue(Roles.IncidentCommander, out var commander) ? commander
                : "Incident Commander (unknown: people.incident_commanders is not configured)";
            var booking = ReviewBooking.Rebook(resolved, config.Policy, config.Review, ctx.At, Agents.ProjectManager, facilitator);
            var message = $"{command.Id} resolved by {ctx.Actor} at {LiveCommandRunner.Iso(ctx.At)}"
                + (booking is null ? string.Empty : $"; post-incident review booked for {LiveCommandRunner.Iso(booking.MeetingAt)} (due by {LiveCommandRunner.Iso(booking.Deadline!.Value)})");
            IncidentEvent[] recorded = booking is null ? resolution : [.. resolution, booking];
            var reissued = Reissue(ctx, recorded.Aggregate(ctx.State, IncidentLifecycle.Apply), number, summary);
            if (reissued.Events.Count > 0)
            {
                var again = string.Join(" and ", reissued.Events.OfType<Notified>().Select(n => n.Audience == Audiences.Resolution ? "the resolution notice" : "the review invitation"));
                message += $"; resolution #{reissued.Number}: {again} issued again ({EscalateHandler.Queued(config, reissued.Messages)})";
            }

            return new CommandDecision([.. recorded, .. reissued.Events], message) { Messages = reissued.Messages };
        }, cancellationToken);
    }

    /// <summary>
    /// After a reopening, the notices the engine gave once for the first resolution (the resolution notice, the PIR invitation)
    /// are decided again for this one, numbered by the resolution count: their events and outbox keys
    /// (notice:resolution:&lt;n&gt;, notice:pir-invitation:&lt;n&gt;) differ from the first ones, so the engine's done work does not
    /// swallow them and a retried resolve queues nothing new. A notice the engine has not given yet is left to the engine.
    /// </summary>
    private (int Number, IReadOnlyList<IncidentEvent> Events, IReadOnlyList<OutgoingMessage> Messages) Reissue(CommandContext ctx, IncidentState resolved, int number, string summary)
    {
        if (number < 2)
        {
            return (number, [], []);
        }

        var given = ctx.State.Events.OfType<Notified>().Where(n => n.Sequence is null).Select(n => n.Audience.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

        var config = runner.Services.Config;
        var events = new List<IncidentEvent>();
        var messages = new List<OutgoingMessage>();
        if (given.Contains(Audiences.Resolution))
        {
            var recipients = LiveNotices.Recipients(config, Audiences.Resolution);
            var reason = $"resolved again (resolution #{number}) by {ctx.Actor}: {summary}";
            events.Add(new Notified(ctx.At, ctx.Actor, Audiences.Resolution, recipients, reason) { Sequence = number });
            messages.AddRange(LiveNotices.For(config, resolved, Notices.ItemOf(Audiences.Resolution, number), Audiences.Resolution, $"resolved again (resolution #{number})", reason, ctx.Actor, ctx.At));
        }

        if (given.Contains(EscalationEngine.PirAudience) && resolved.Events.OfType<ReviewScheduled>().LastOrDefault() is { } meeting && ReviewBooking.Deadline(resolved, config.Policy) is not null)
        {
            var attendees = resolved.Roles.Values.Append(meeting.Facilitator).Where(p => !string.IsNullOrWhiteSpace(p)).Distinct(StringComparer.Ordinal).ToList();
            var recipients = attendees.Count == 0 ? "unknown (nobody holds a role on the incident yet)" : string.Join(", ", attendees);
            var hours = config.Review;
            var reason = $"updated invitation after resolution #{number}: meeting {Md.Time(meeting.MeetingAt)} for {ReviewBooking.Duration.TotalMinutes:0} minutes, facilitator {meeting.Facilitator}"
                + (meeting.Deadline is { } due ? $", policy deadline {Md.Time(due)}" : string.Empty)
                + $" (working hours {hours.Start:HH\\:mm}-{hours.End:HH\\:mm} {hours.Zone.Id})";
            events.Add(new Notified(ctx.At, ctx.Actor, EscalationEngine.PirAudience, recipients, reason) { Sequence = number });
            var body = $"{reason}\nCalendar: {PirCalendarRenderer.Path} beside pir-meeting-invite.md in the incident folder (same UID, a higher SEQUENCE: it replaces the earlier invitation).\nTo: {recipients}";
            messages.AddRange(LiveNotices.For(config, resolved, Notices.ItemOf(EscalationEngine.PirAudience, number), EscalationEngine.PirAudience, "updated post-incident review invitation", body, ctx.Actor, ctx.At));
        }

        return (number, events, messages);
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

            LiveRules.RefuseBeforeLastStatus(ctx, "reopen");
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

    /// <summary>The latest recorded lifecycle status change, or null.</summary>
    public static StatusChanged? LastStatusChange(IncidentState state) => state.Events.OfType<StatusChanged>().LastOrDefault();

    /// <summary>Refuses a status change recorded (--at) before the incident's latest one: the lifecycle moves forward in time.</summary>
    public static void RefuseBeforeLastStatus(CommandContext ctx, string verb)
    {
        if (LastStatusChange(ctx.State) is { } last && ctx.At < last.At)
        {
            throw new RequestRefusedException(
                $"cannot {verb} {ctx.State.Id} as of {LiveCommandRunner.Iso(ctx.At)}: it became {WireNames.Of(last.To)} later, at {LiveCommandRunner.Iso(last.At)} ({last.Actor}); a status change cannot be recorded before the latest one");
        }
    }

    /// <summary>No events when the recorded moment is the command's own (the same command retried), else null.</summary>
    public static CommandDecision? SameMoment(CommandContext ctx, DateTimeOffset? recorded) =>
        recorded == ctx.At ? new CommandDecision([], string.Empty) : null;

    /// <summary>The trimmed text of a required option; refuses an empty one.</summary>
    public static string Text(string? value, string option) =>
        string.IsNullOrWhiteSpace(value) ? throw new RequestRefusedException($"{option} needs a non-empty text") : value.Trim();
}
