using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>Chooses a mitigation with documented rules (docs/reasoning.md): undo the change that did it, else fight the cause.</summary>
public static class MitigationAdvisor
{
    private static readonly string[] NoRollbackPhrases =
    [
        "do not roll back", "don't roll back", "do not rollback", "don't rollback", "never roll back", "never rollback",
        "rollback is not safe", "not safe to roll back", "cannot be rolled back", "can't be rolled back", "must not be rolled back",
        "roll forward only", "forward-fix only", "fix forward only", "no rollback",
    ];

    private static readonly string[] ScalingWords = ["replica", "scale", "instances", "nodes", "capacity", "autoscal", "node pool", "pool size", "workers"];

    private static readonly string[] ContentWords = ["content", "rules", "catalog", "pricing table", "translations", "banner", "template", "push"];

    /// <summary>Chooses the strategy, its steps and its own rollback plan.</summary>
    public static MitigationPlan Choose(Diagnosis diagnosis, EvidenceBundle evidence, GuidanceProfile guidance)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(guidance);
        var context = new PlanContext(diagnosis, evidence, guidance);
        var leading = diagnosis.Leading;
        var o = evidence.Config.Reasoning.Mitigation;

        if (diagnosis.Category == IncidentCategory.Security || leading?.Cause == CauseKind.Security)
        {
            return Plans.Contain(context);
        }

        if (diagnosis.Suspected is { Change: { } change } suspected)
        {
            return ForChange(context, suspected, change);
        }

        if (guidance.PreferFastRollback
            && diagnosis.Hypotheses.FirstOrDefault(h => h.Change is { Kind: ChangeKind.Deploy or ChangeKind.Commit } && h.Score >= o.FastRollbackFrom && !h.Statement.StartsWith("Ruled out", StringComparison.Ordinal)) is { } deploy
            && !(leading is { Cause: CauseKind.Capacity or CauseKind.Dependency } strong && strong.Score >= o.StrongAlternativeAt)
            && RollbackBlocker(context, deploy.Change!) is null)
        {
            return Plans.Rollback(context, deploy, deploy.Change!, "the guidance prioritises fast rollback and this deploy is a plausible trigger");
        }

        return leading?.Cause switch
        {
            CauseKind.Capacity when CauseDetectors.IsLoadSurge(leading) || leading.Score >= o.ScaleCapacityFrom => Plans.Scale(context, leading),
            CauseKind.Dependency => Plans.Workaround(context, leading, dependency: true),
            CauseKind.DataIntegrity => Plans.Hotfix(context, leading, null, "data is corrupted or lost without a change to undo: stop the damage and repair the data with a targeted fix"),
            CauseKind.Certificate => Plans.Renew(context, leading),
            CauseKind.ClockStep => Plans.ResyncClock(context, leading),
            CauseKind.Input => Plans.Hotfix(context, leading, null, "the failing code is old and the input is new: no version without the defect exists to roll back to; fix the code path (and correct the offending content meanwhile)"),
            _ => Plans.Workaround(context, leading, dependency: false),
        };
    }

    private static MitigationPlan ForChange(PlanContext context, Hypothesis suspected, ChangeRecord change)
    {
        switch (change.Kind)
        {
            case ChangeKind.Config or ChangeKind.FeatureFlag:
                return Plans.Revert(context, suspected, change);
            case ChangeKind.Infra:
                return RemovedCapacity(change)
                    ? Plans.ScaleBack(context, suspected, change)
                    : Plans.Revert(context, suspected, change);
            case ChangeKind.Migration:
                return change.Reversible == false
                    ? Plans.Hotfix(context, suspected, change, "the migration is irreversible: data written since cannot be rolled back; fix forward")
                    : Plans.Rollback(context, suspected, change, "the migration is reversible: run its down-migration");
            default:
                if (change.Kind == ChangeKind.Deploy && change.Commit is null && ContentWords.Any(w => Wording.Has(change.Description, w)) && !Wording.Has(change.Description, "code"))
                {
                    return Plans.Revert(context, suspected, change);
                }

                var blocker = RollbackBlocker(context, change);
                return blocker is null
                    ? Plans.Rollback(context, suspected, change, "a code change is the likely trigger and nothing makes rolling it back unsafe")
                    : Plans.Hotfix(context, suspected, change, blocker);
        }
    }

    /// <summary>
    /// True when an infra change took capacity away: it speaks of replicas, nodes or pools and its value went down (12 → 1), or it
    /// names no values and no version. A new node image on a node pool, or a raised ceiling, is reverted, not scaled back.
    /// </summary>
    internal static bool RemovedCapacity(ChangeRecord change)
    {
        if (Wording.FirstOf($"{change.Description} {change.Key}", ScalingWords) is null)
        {
            return false;
        }

        var style = System.Globalization.NumberStyles.Float;
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        return double.TryParse(change.OldValue, style, culture, out var before) && double.TryParse(change.NewValue, style, culture, out var after)
            ? after < before
            : change.Version is null;
    }

    /// <summary>Why rolling back <paramref name="change"/> is unsafe, or null when it is safe.</summary>
    internal static string? RollbackBlocker(PlanContext context, ChangeRecord change)
    {
        if (change.Reversible == false)
        {
            return Wording.Inv($"the deploy record says it cannot be undone [{change.Source}]");
        }

        if (change.Extra.Any(kv => (Wording.Has(kv.Key, "rollback") || Wording.Has(kv.Key, "reversible")) && Wording.FirstOf(kv.Value, ["false", "no", "unsafe"]) is not null)
            || change.Extra.Values.Any(v => Wording.Has(v, "irreversible")))
        {
            return Wording.Inv($"the deploy record marks it irreversible [{change.Source}]");
        }

        var migration = context.Evidence.Changes.FirstOrDefault(m => m.Kind == ChangeKind.Migration && m.Reversible == false && ChangeScorer.Ships(change, m, context.Evidence.Config.Reasoning.Changes.MigrationTie));
        if (migration is not null)
        {
            return Wording.Inv($"it shipped the irreversible migration {migration.Version ?? migration.Key ?? migration.Ref} ({Wording.Time(migration.At)}): the old version cannot read the migrated data [{migration.Source}]");
        }

        var runbook = context.Evidence.Runbooks.FirstOrDefault(r =>
            NoRollbackPhrases.Any(p => Wording.Has(r.Text, p))
            && (change.Component is null || Wording.Has(r.Text, change.Component) || Wording.Has(r.Path, change.Component)
                || context.Diagnosis.Runbooks.Any(m => m.Runbook.Path == r.Path)));
        if (runbook is not null)
        {
            var phrase = NoRollbackPhrases.First(p => Wording.Has(runbook.Text, p));
            return Wording.Inv($"runbook {runbook.Path} says \"{phrase}\"");
        }

        var preexisting = context.Diagnosis.Hypotheses.Count == 0 ? null : context.Evidence.Logs.Templates.FirstOrDefault(t =>
            t.IsNew is false && t.Stack is not null && t.FirstSeen is { } first && first < change.At
            && change.Files.Any(f => Path.GetFileName(f).Length >= 5 && t.Stack.TopFrames.Any(fr => Wording.Has(fr, Path.GetFileName(f))))
            && t.IsSurging);
        if (preexisting is not null)
        {
            return Wording.Inv($"the same failure already occurred before this deploy (since {Wording.Time(preexisting.FirstSeen)}): the previous version has the defect too");
        }

        return null;
    }
}

/// <summary>What the plan builders read.</summary>
internal sealed record PlanContext(Diagnosis Diagnosis, EvidenceBundle Evidence, GuidanceProfile Guidance);
