using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>firebreak review: the post-incident review took place.</summary>
public sealed record ReviewCommand(IncidentId Id, DateTimeOffset HeldAt, IReadOnlyList<string> Attendees, CommandActor Actor);

/// <summary>Records the review of a resolved incident and closes it (RESOLVED → CLOSED).</summary>
public sealed class ReviewHandler(LiveCommandRunner runner)
{
    /// <summary>Records the review.</summary>
    public Task<CommandResult> HandleAsync(ReviewCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(command.Attendees);
        var attendees = command.Attendees.Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (attendees.Count == 0)
        {
            throw new RequestRefusedException("--attendees needs at least one name (comma-separated)");
        }

        return runner.RunAsync(command.Id, command.Actor, ctx =>
        {
            if (ctx.State.Events.OfType<ReviewHeld>().FirstOrDefault() is { } held)
            {
                return held.HeldAt == command.HeldAt
                    ? new CommandDecision([], string.Empty)
                    : throw new RequestRefusedException($"the review of {command.Id} was already recorded as held at {LiveCommandRunner.Iso(held.HeldAt)}");
            }

            if (ctx.State.Status != IncidentStatus.Resolved)
            {
                throw new RequestRefusedException($"{command.Id} is {WireNames.Of(ctx.State.Status)}: a review is held once it is RESOLVED");
            }

            LiveRules.RefuseBeforeLastStatus(ctx, "close");
            if (command.HeldAt > ctx.At)
            {
                throw new RequestRefusedException($"--held-at {LiveCommandRunner.Iso(command.HeldAt)} is in the future: record a review once it took place");
            }

            if (ctx.State.ResolvedAt is { } resolved && command.HeldAt < resolved)
            {
                throw new RequestRefusedException($"--held-at {LiveCommandRunner.Iso(command.HeldAt)} is before {command.Id} was resolved ({LiveCommandRunner.Iso(resolved)})");
            }

            return new CommandDecision(
                [
                    new ReviewHeld(ctx.At, ctx.Actor, command.HeldAt, attendees),
                    new StatusChanged(ctx.At, ctx.Actor, IncidentStatus.Resolved, IncidentStatus.Closed, "post-incident review held"),
                    new IncidentClosed(ctx.At, ctx.Actor, $"post-incident review held {LiveCommandRunner.Iso(command.HeldAt)} with {string.Join(", ", attendees)}"),
                ],
                $"{command.Id}: review held {LiveCommandRunner.Iso(command.HeldAt)} ({attendees.Count} attendees); CLOSED");
        }, cancellationToken);
    }
}

/// <summary>firebreak action add: a preventive action with owner, due date, type and priority.</summary>
public sealed record ActionAddCommand(IncidentId Id, string Title, string Owner, DateTimeOffset Due, ActionType Type, Priority Priority, CommandActor Actor);

/// <summary>Adds a tracked action with the next short id (A1, A2...); the same title added again changes nothing.</summary>
public sealed class ActionAddHandler(LiveCommandRunner runner)
{
    /// <summary>Records the action.</summary>
    public Task<CommandResult> HandleAsync(ActionAddCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var title = LiveRules.Text(command.Title, "the action");
        var owner = runner.ResolvePerson(LiveRules.Text(command.Owner, "--owner")) ?? string.Empty;
        return runner.RunAsync(command.Id, command.Actor, ctx =>
        {
            var tracked = ctx.State.Events.OfType<ActionTracked>().ToList();
            if (tracked.FirstOrDefault(a => string.Equals(a.Title, title, StringComparison.OrdinalIgnoreCase)) is { } same)
            {
                // The same action retried changes nothing; the same title with another owner, due date, type or priority is not silently dropped.
                return same.Owner == owner && same.Due == command.Due && same.Kind == command.Type && same.Priority == command.Priority
                    ? new CommandDecision([same], string.Empty)
                    : throw new RequestRefusedException(
                        $"{command.Id} already tracks \"{same.Title}\" as {same.ActionId} ({same.Kind.ToString().ToLowerInvariant()}, {same.Priority}, {same.Owner}, due {LiveCommandRunner.Iso(same.Due)}); give a new action another title");
            }

            if (command.Due < ctx.At)
            {
                throw new RequestRefusedException($"--due {LiveCommandRunner.Iso(command.Due)} is before the action is recorded ({LiveCommandRunner.Iso(ctx.At)}): a preventive action is due after it is added");
            }

            var id = $"A{tracked.Count + 1}";
            return new CommandDecision(
                [new ActionTracked(ctx.At, ctx.Actor, id, title, owner, command.Due, command.Type, command.Priority)],
                $"{command.Id}: action {id} added ({command.Type.ToString().ToLowerInvariant()}, {command.Priority}, {owner}, due {LiveCommandRunner.Iso(command.Due)})");
        }, cancellationToken);
    }
}

/// <summary>firebreak action done: a tracked action was completed.</summary>
public sealed record ActionDoneCommand(IncidentId Id, string ActionId, CommandActor Actor);

/// <summary>Marks an action done; an unknown id is refused.</summary>
public sealed class ActionDoneHandler(LiveCommandRunner runner)
{
    /// <summary>Records the completion.</summary>
    public Task<CommandResult> HandleAsync(ActionDoneCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var actionId = LiveRules.Text(command.ActionId, "the action id").ToUpperInvariant();
        return runner.RunAsync(command.Id, command.Actor, ctx =>
        {
            var tracked = ctx.State.Events.OfType<ActionTracked>().ToList();
            if (tracked.All(a => a.ActionId != actionId))
            {
                throw new RequestRefusedException($"{command.Id} has no action {actionId}" +
                    (tracked.Count == 0 ? " (it has no tracked actions)" : $" (its actions: {string.Join(", ", tracked.Select(a => a.ActionId))})"));
            }

            if (ctx.State.Events.OfType<ActionCompleted>().FirstOrDefault(a => a.ActionId == actionId) is { } done)
            {
                return done.At == ctx.At
                    ? new CommandDecision([], string.Empty)
                    : throw new RequestRefusedException($"action {actionId} of {command.Id} was already done at {LiveCommandRunner.Iso(done.At)}");
            }

            return new CommandDecision([new ActionCompleted(ctx.At, ctx.Actor, actionId)], $"{command.Id}: action {actionId} done ({ctx.Actor}, {LiveCommandRunner.Iso(ctx.At)})");
        }, cancellationToken);
    }
}
