using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>firebreak mitigate: a person chooses (or changes) the mitigation strategy and, with --execute, runs its configured command.</summary>
public sealed record MitigateCommand(IncidentId Id, string Strategy, string? Detail, bool Execute, bool RetryAction, CommandActor Actor);

/// <summary>What mitigate did: the decision recorded and, with --execute, the account of the command's run.</summary>
public sealed record MitigateResult(CommandResult Decision, string? Execution);

/// <summary>
/// Records a person's mitigation decision (<see cref="MitigationDecided"/>: who, when, which strategy, the detail) and moves an
/// investigating incident to IDENTIFIED: decided, not done. With --execute the decided strategy's configured command runs
/// through the respond flow's step 6 (the one process runner, MitigationStarted before and MitigationExecuted after, the
/// execution lock, the validation window), which moves the lifecycle to MITIGATING.
/// </summary>
public sealed class MitigateHandler(LiveCommandRunner runner)
{
    private static readonly Dictionary<string, MitigationStrategy> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["rollback"] = MitigationStrategy.Rollback,
        ["hotfix"] = MitigationStrategy.Hotfix,
        ["config-change"] = MitigationStrategy.ConfigChange,
        ["config_change"] = MitigationStrategy.ConfigChange,
        ["workaround"] = MitigationStrategy.Workaround,
        ["scaling"] = MitigationStrategy.Scaling,
        ["scale"] = MitigationStrategy.Scaling,
    };

    /// <summary>The strategy a name means (rollback, hotfix, config-change, workaround, scaling); refuses any other.</summary>
    public static MitigationStrategy Strategy(string? name)
    {
        var trimmed = (name ?? string.Empty).Trim();
        return Names.TryGetValue(trimmed, out var strategy)
            ? strategy
            : throw new RequestRefusedException($"--strategy '{trimmed}' is not a known strategy; use rollback, hotfix, config-change, workaround or scaling");
    }

    /// <summary>Records the decision and, with --execute, runs the strategy's command.</summary>
    public async Task<MitigateResult> HandleAsync(MitigateCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var strategy = Strategy(command.Strategy);
        var name = WireNames.Of(strategy);
        var detail = string.IsNullOrWhiteSpace(command.Detail) ? null : command.Detail.Trim();
        var config = runner.Services.Config;
        if (command.Execute)
        {
            if (command.Actor.At is not null)
            {
                throw new RequestRefusedException("--execute runs the command now: it cannot be combined with --at");
            }

            if (!config.Mitigation.Commands.TryGetValue(strategy, out var template) || template.Count == 0)
            {
                throw new RequestRefusedException($"--execute: no mitigation.{(strategy == MitigationStrategy.ConfigChange ? "config_change" : name)} command is configured in firebreak.yaml, so there is nothing to run");
            }
        }

        if (command.RetryAction && !command.Execute)
        {
            throw new RequestRefusedException("--retry-action only makes sense with --execute");
        }

        var decision = await runner.RunAsync(command.Id, command.Actor, ctx =>
        {
            LiveRules.RefuseWhenOver(ctx.State, "mitigate");
            var last = ctx.State.Events.OfType<MitigationDecided>().LastOrDefault();
            if (last is not null && last.Strategy == strategy && last.Detail == detail)
            {
                // The same decision again (a retry, or --execute of what was decided): nothing new to record.
                return new CommandDecision([], string.Empty);
            }

            var events = new List<IncidentEvent> { new MitigationDecided(ctx.At, ctx.Actor, strategy, detail) };
            var status = ctx.State.Status;
            if (status < IncidentStatus.Identified)
            {
                LiveRules.RefuseBeforeLastStatus(ctx, "mark identified (a mitigation decided)");
            }

            while (status < IncidentStatus.Identified && IncidentLifecycle.CanMove(status, status + 1))
            {
                events.Add(new StatusChanged(ctx.At, ctx.Actor, status, status + 1, $"mitigation decided by {ctx.Actor}: {name}"));
                status++;
            }

            var previous = last?.Strategy ?? ctx.State.Mitigation;
            var was = previous is { } p && p != strategy ? $" (was {WireNames.Of(p)})" : string.Empty;
            var next = command.Execute
                ? "running its configured command"
                : $"decided, not carried out: 'firebreak mitigate {command.Id} --strategy {name} --execute' runs the configured command";
            return new CommandDecision(events, $"{command.Id}: mitigation strategy {name}{was} decided by {ctx.Actor} at {LiveCommandRunner.Iso(ctx.At)}; {next}");
        }, cancellationToken).ConfigureAwait(false);

        var execution = command.Execute
            ? await runner.Services.Mitigation.ExecuteAsync(command.Id, command.RetryAction, cancellationToken).ConfigureAwait(false)
            : null;
        return new MitigateResult(decision, execution);
    }

    /// <summary>The plan to record and run: the analysis' plan, or the strategy a person decided last (with who decided it, when, and what the analysis proposed).</summary>
    public static MitigationPlan WithDecision(MitigationPlan plan, IncidentState state)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Events.OfType<MitigationDecided>().LastOrDefault() is not { } decided)
        {
            return plan;
        }

        var name = WireNames.Of(decided.Strategy);
        var chosen = $"chosen by {decided.Actor} at {LiveCommandRunner.Iso(decided.At)}{(decided.Detail is null ? string.Empty : $": {decided.Detail}")}";
        if (plan.Strategy == decided.Strategy)
        {
            return plan with { Rationale = $"{chosen} (the analysis proposed the same: {plan.Rationale})" };
        }

        return plan with
        {
            Strategy = decided.Strategy,
            Rationale = $"{chosen} (the analysis proposed {WireNames.Of(plan.Strategy)}: {plan.Rationale})",
            Steps = [decided.Detail is null ? $"Carry out the {name} the responders chose" : $"Carry out the {name}: {decided.Detail}", "Validate against the baseline over the validation window"],
            RollbackPlan = [$"Undo what the {name} changed if the metrics get worse"],
            Rejected = [(plan.Strategy, $"{decided.Actor} chose {name} instead")],
            TargetVersion = decided.Strategy == MitigationStrategy.Rollback ? plan.TargetVersion : null,
            Runbook = null,
        };
    }
}
