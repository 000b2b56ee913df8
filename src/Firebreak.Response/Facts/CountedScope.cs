using System.Globalization;
using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response;

/// <summary>
/// The subjects (users, accounts, customers) and records counted in the log lines of templates that appeared or
/// surged at the onset: the "counted" basis of the impact estimate. Pure selection over the log analysis.
/// </summary>
/// <param name="Subjects">Distinct subjects counted, with the template's lines that named them; null when none.</param>
/// <param name="SubjectsSource">Where they were counted, by file and line (never the template text).</param>
/// <param name="Records">Rows the lines say they returned (sum of <c>rows=</c>), else null.</param>
/// <param name="RecordsSource">Where the rows were counted.</param>
/// <param name="DataKinds">Data kinds the lines list (<c>fields=</c>), empty when none.</param>
public sealed record CountedScope(CountedSubjects? Subjects, string? SubjectsSource, long? Records, string? RecordsSource, IReadOnlyList<string> DataKinds)
{
    /// <summary>Nothing counted.</summary>
    public static CountedScope None { get; } = new(null, null, null, null, []);

    /// <summary>Picks, among changed templates (error ones first), the one naming the most distinct subjects, and the one with the most rows.</summary>
    public static CountedScope From(LogAnalysis logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var changed = logs.Templates.Where(t => (t.IsNew || t.IsSurging) && t.Subjects is not null).ToList();
        if (changed.Count == 0)
        {
            return None;
        }

        var subjects = changed
            .Where(t => t.Subjects!.Distinct > 0)
            .OrderByDescending(t => Severity(t))
            .ThenByDescending(t => t.Subjects!.Distinct)
            .ThenBy(t => t.TemplateId)
            .FirstOrDefault();
        var rows = changed
            .Where(t => t.Subjects!.Rows is > 0)
            .OrderByDescending(t => t.Subjects!.Rows)
            .ThenBy(t => t.TemplateId)
            .FirstOrDefault();
        var kinds = changed.SelectMany(t => t.Subjects!.DataKinds).Distinct(StringComparer.Ordinal).ToList();
        return new CountedScope(
            subjects?.Subjects,
            subjects is null ? null : $"distinct {subjects.Subjects!.Key}= values in {Lines(subjects.Subjects.Lines)} like {Where(subjects)} from the onset on",
            rows?.Subjects!.Rows,
            rows is null ? null : $"sum of rows= in the log lines like {Where(rows)} from the onset on",
            kinds);
    }

    /// <summary>What a count from the logs leaves out.</summary>
    public const string CountedExact = "requests logged without a user, account or customer id are not in the count; an id on every request line would make it exact";

    /// <summary>The users range counted from the logs, or null when no subject was counted.</summary>
    public EstimateRange? Users() => Subjects is { Distinct: > 0 } s
        ? new EstimateRange(s.Distinct, s.Distinct, EstimateBasis.Counted, (s.Capped ? "at least: " : string.Empty) + SubjectsSource, CountedExact)
        : null;

    /// <summary>The records range counted from the logs (rows returned, else distinct subjects whose data it was), with the data kinds; null when none.</summary>
    public EstimateRange? RecordsRange(string exact)
    {
        var kinds = DataKinds.Count == 0 ? string.Empty : $"; data kinds listed: {string.Join(", ", DataKinds)}";
        if (Records is { } rows)
        {
            return new EstimateRange(rows, rows, EstimateBasis.Counted, RecordsSource + kinds, exact);
        }

        return Subjects is { Distinct: > 0 } s
            ? new EstimateRange(s.Distinct, s.Distinct, EstimateBasis.Counted, (s.Capped ? "at least: " : string.Empty) + SubjectsSource + kinds, exact)
            : null;
    }

    /// <summary>Errors name the subjects a failure reached more surely than warnings, and warnings more than the rest.</summary>
    private static int Severity(LogTemplateSummary t) => t.Level switch { "ERROR" or "FATAL" => 2, "WARN" => 1, _ => 0 };

    private static string Lines(long n) => n == 1 ? "1 log line" : $"{n.ToString("N0", CultureInfo.InvariantCulture)} log lines";

    /// <summary>A line of the template from the onset on (its examples are taken there when it changed).</summary>
    private static string Where(LogTemplateSummary t) =>
        (t.Examples.FirstOrDefault() ?? t.FirstOccurrence) is { } at ? at.ToString() : "the logs";
}
