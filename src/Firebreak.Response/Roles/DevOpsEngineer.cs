using System.Text.RegularExpressions;
using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>A mitigation command ready to run, or why it cannot run.</summary>
public sealed record PreparedCommand(IReadOnlyList<string>? Arguments, string? Problem)
{
    /// <summary>The command as one line, for reports.</summary>
    public string Display => Arguments is null ? "(none)" : string.Join(' ', Arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
}

/// <summary>The devops-engineer: runs the configured rollback, hotfix, scaling or config command (only with --execute).</summary>
public sealed partial class DevOpsEngineer(IProcessRunner runner)
{
    private const string Me = Agents.DevOpsEngineer;

    /// <summary>Fills the command template of the plan's strategy ({component} {version} {previous_version} {key} {old} {new} {incident}).</summary>
    public static PreparedCommand Prepare(MitigationPlan plan, MitigationCommands commands, Diagnosis diagnosis, EvidenceBundle evidence, IncidentId id)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(diagnosis);
        ArgumentNullException.ThrowIfNull(evidence);
        if (!commands.Commands.TryGetValue(plan.Strategy, out var template) || template.Count == 0)
        {
            return new PreparedCommand(null, $"no mitigation.{Key(plan.Strategy)} command is configured in firebreak.yaml");
        }

        var change = diagnosis.Suspected?.Change;
        var component = Known(plan.TargetComponent) ?? change?.Component;
        var target = Known(plan.TargetVersion);
        var previous = Known(change?.PreviousVersion) ?? PreviousVersion(evidence, change) ?? (plan.Strategy == MitigationStrategy.Rollback ? target : null);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["component"] = component,
            // For a rollback the plan's target is the version to go back to; otherwise the change's own version.
            ["version"] = target ?? (plan.Strategy == MitigationStrategy.Rollback ? previous : change?.Version),
            ["previous_version"] = previous,
            ["key"] = change?.Key,
            ["old"] = change?.OldValue,
            ["new"] = change?.NewValue,
            ["incident"] = id.Value,
        };

        var arguments = new List<string>();
        foreach (var part in template)
        {
            string? missing = null;
            var filled = Placeholder().Replace(part, m =>
            {
                if (values.TryGetValue(m.Groups[1].Value, out var value) && value is not null)
                {
                    return value;
                }

                missing ??= m.Groups[1].Value;
                return m.Value;
            });
            if (missing is not null)
            {
                return new PreparedCommand(null, $"{{{missing}}} is unknown for this incident, so '{string.Join(' ', template)}' cannot be filled in");
            }

            arguments.Add(filled);
        }

        return new PreparedCommand(arguments, null);
    }

    /// <summary>A value the reasoning marked "unknown (...)" is not a value to put in a command.</summary>
    private static string? Known(string? value) =>
        string.IsNullOrWhiteSpace(value) || value.StartsWith("unknown", StringComparison.OrdinalIgnoreCase) ? null : value;

    private static string? PreviousVersion(EvidenceBundle evidence, ChangeRecord? change)
    {
        if (change?.Component is null)
        {
            return null;
        }

        return evidence.Changes
            .Where(c => c.Kind == ChangeKind.Deploy && c.Version is not null && c.At < change.At
                && string.Equals(c.Component, change.Component, StringComparison.OrdinalIgnoreCase))
            .MaxBy(c => c.At)?.Version;
    }

    private static string Key(MitigationStrategy strategy) => strategy switch
    {
        MitigationStrategy.ConfigChange => "config_change",
        _ => strategy.ToString().ToLowerInvariant(),
    };

    /// <summary>Runs the prepared command in the project directory.</summary>
    public Task<ProcessResult> ExecuteAsync(PreparedCommand command, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.Arguments is null
            ? Task.FromResult(new ProcessResult(-1, string.Empty, string.Empty, false, command.Problem))
            : runner.RunAsync(command.Arguments, workingDirectory, timeout, cancellationToken);
    }

    /// <summary>Records that the command ran, with its exit code and where its output is.</summary>
    public static IncidentEvent Record(MitigationStrategy strategy, PreparedCommand command, ProcessResult result, string outputFile, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(result);
        return new MitigationExecuted(at, Me, strategy, Redactor.Redact(command.Display), result.ExitCode, result.Succeeded, outputFile);
    }

    [GeneratedRegex(@"\{([a-z_]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
