using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>
/// Which recorded events are Firebreak's own bookkeeping (evidence read and preserved, analysis findings stored for
/// learning, the intent before a command, preventive actions tracked): they go to the audit log, and the timeline keeps
/// the incident's events. Decided by the event's type, never by its words.
/// </summary>
public static class RecordKeeping
{
    /// <summary>True for an event of Firebreak's bookkeeping rather than of the incident.</summary>
    public static bool IsBookkeeping(IncidentEvent e) => e is EvidenceCollected or EvidencePreserved or ImpactStarted or CauseRecorded
        or RecurrenceLinked or MitigationStarted or ActionAdded or ActionCompleted;
}
