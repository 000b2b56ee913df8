namespace Firebreak.Core;

/// <summary>The organiser's working hours for meetings Firebreak books (the post-incident review), in their time zone.</summary>
public sealed record WorkingHours
{
    /// <summary>Creates working hours; the day must start before it ends (no window across midnight).</summary>
    public WorkingHours(TimeZoneInfo zone, TimeOnly start, TimeOnly end, IReadOnlySet<DayOfWeek> days)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(days);
        if (end <= start)
        {
            throw new ArgumentException($"working hours must end after they start ({start:HH\\:mm}-{end:HH\\:mm})", nameof(end));
        }

        if (days.Count == 0)
        {
            throw new ArgumentException("working hours need at least one working day", nameof(days));
        }

        Zone = zone;
        Start = start;
        End = end;
        Days = days;
    }

    /// <summary>The organiser's time zone. The default is UTC.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>When the working day starts (local). The default is 09:00.</summary>
    public TimeOnly Start { get; }

    /// <summary>When the working day ends (local). The default is 17:00.</summary>
    public TimeOnly End { get; }

    /// <summary>The working days. The default is Monday to Friday.</summary>
    public IReadOnlySet<DayOfWeek> Days { get; }

    /// <summary>09:00-17:00, Monday to Friday, UTC.</summary>
    public static WorkingHours Default { get; } = new(TimeZoneInfo.Utc, new TimeOnly(9, 0), new TimeOnly(17, 0),
        new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday });
}

/// <summary>A meeting moment and why it is there.</summary>
/// <param name="Start">When the meeting starts.</param>
/// <param name="WithinDeadline">False when no working hours lie between the earliest moment and the deadline, so the meeting is after it.</param>
/// <param name="Reason">One sentence: the deadline, the working hours, and how the slot was chosen.</param>
public sealed record ReviewSlot(DateTimeOffset Start, bool WithinDeadline, string Reason);

/// <summary>Places the post-incident review at the policy's deadline, moved into the organiser's working hours.</summary>
/// <remarks>
/// The meeting is the latest whole-hour start (local time of the organiser) such that the whole meeting lies inside a
/// working day and ends by the deadline, and it starts no earlier than <c>notBefore</c> (the resolution). When the
/// deadline falls at night or at the weekend the meeting therefore moves back to the end of the last working day
/// before it. When no working hours lie between <c>notBefore</c> and the deadline at all (a P0 resolved on Friday
/// evening, due Saturday), the meeting is the first working-hours slot after the deadline, and the slot says so.
/// Daylight-saving changes are handled by converting each local working day to instants in the organiser's zone.
/// </remarks>
public static class ReviewScheduler
{
    /// <summary>How far the search walks, in days, before giving up (a zone with one working day a week still finds one).</summary>
    public const int SearchDays = 14;

    /// <summary>The review slot for a deadline.</summary>
    public static ReviewSlot Place(DateTimeOffset deadline, TimeSpan duration, DateTimeOffset notBefore, WorkingHours hours)
    {
        ArgumentNullException.ThrowIfNull(hours);
        if (duration <= TimeSpan.Zero || duration > hours.End - hours.Start)
        {
            throw new ArgumentException($"a meeting of {duration} does not fit in the working day {hours.Start:HH\\:mm}-{hours.End:HH\\:mm}", nameof(duration));
        }

        var window = Describe(hours);
        var lastDay = DateOnly.FromDateTime(ZonedTime.ToLocal(deadline, hours.Zone));
        var firstDay = DateOnly.FromDateTime(ZonedTime.ToLocal(notBefore, hours.Zone));
        for (var day = lastDay; day >= firstDay && day > lastDay.AddDays(-SearchDays); day = day.AddDays(-1))
        {
            if (!hours.Days.Contains(day.DayOfWeek))
            {
                continue;
            }

            var dayStart = ZonedTime.ToInstant(day.ToDateTime(hours.Start), hours.Zone);
            var dayEnd = ZonedTime.ToInstant(day.ToDateTime(hours.End), hours.Zone);
            var latestEnd = deadline < dayEnd ? deadline : dayEnd;
            var local = ZonedTime.ToLocal(latestEnd - duration, hours.Zone);
            var start = ZonedTime.ToInstant(new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0), hours.Zone);
            if (start < dayStart)
            {
                start = dayStart;
            }

            if (start + duration <= latestEnd && start >= notBefore)
            {
                return new ReviewSlot(start, true, $"the latest working-hours slot ({window}) ending by the deadline {Iso(deadline)}");
            }
        }

        var from = deadline > notBefore ? deadline : notBefore;
        var next = DateOnly.FromDateTime(ZonedTime.ToLocal(from, hours.Zone));
        for (var day = next; day < next.AddDays(SearchDays); day = day.AddDays(1))
        {
            if (!hours.Days.Contains(day.DayOfWeek))
            {
                continue;
            }

            var dayStart = ZonedTime.ToInstant(day.ToDateTime(hours.Start), hours.Zone);
            var dayEnd = ZonedTime.ToInstant(day.ToDateTime(hours.End), hours.Zone);
            var start = dayStart >= from ? dayStart : NextHour(from, hours.Zone);
            if (start + duration <= dayEnd)
            {
                return new ReviewSlot(start, false,
                    $"no working hours ({window}) between {Iso(notBefore)} and the deadline {Iso(deadline)}: the first working-hours slot after it");
            }
        }

        throw new ArgumentException($"no working day in {SearchDays} days after {Iso(from)} ({window})", nameof(hours));
    }

    private static DateTimeOffset NextHour(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = ZonedTime.ToLocal(at, zone);
        var hour = new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0);
        return ZonedTime.ToInstant(hour == local ? hour : hour.AddHours(1), zone);
    }

    private static string Describe(WorkingHours hours) =>
        $"{hours.Start:HH\\:mm}-{hours.End:HH\\:mm} {string.Join(",", hours.Days.OrderBy(d => ((int)d + 6) % 7).Select(d => d.ToString()[..3]))} {hours.Zone.Id}";

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Decides when the post-incident review must be (re)booked: once resolved, at the policy's deadline for the priority, in the organiser's working hours.</summary>
/// <remarks>
/// A review booked while the incident was open is provisional (its deadline ran from that moment). Once the incident is
/// resolved the deadline is the resolution + <see cref="ResponsePolicy.ReviewWithin"/> for its priority, and the
/// meeting is placed before it by <see cref="ReviewScheduler.Place"/>. The latest booking stands when it was placed
/// before that deadline already (or, for a booking recorded without its deadline, at the same meeting moment). No
/// booking is owed while unresolved, when the policy needs no review for the priority, or once the review was held or
/// the incident closed.
/// </remarks>
public static class ReviewBooking
{
    /// <summary>How long the review meeting lasts. The default is 60 minutes.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(60);

    /// <summary>The policy deadline of the review of a resolved incident, or null when none is owed (unresolved, no review for the priority, held or closed).</summary>
    public static DateTimeOffset? Deadline(IncidentState state, ResponsePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(policy);
        if (state.ResolvedAt is not { } resolved || state.Status == IncidentStatus.Closed || state.Events.OfType<ReviewHeld>().Any())
        {
            return null;
        }

        return (state.Priority ?? state.ReportedPriority) is { } priority && policy.ReviewWithin.TryGetValue(priority, out var within)
            ? resolved + within
            : null;
    }

    /// <summary>The booking the incident needs at <paramref name="at"/>, or null when the latest one stands or none is owed.</summary>
    /// <param name="state">The incident.</param>
    /// <param name="policy">The review windows.</param>
    /// <param name="hours">The organiser's working hours.</param>
    /// <param name="at">The moment the booking is recorded.</param>
    /// <param name="actor">Who books it.</param>
    /// <param name="facilitator">The facilitator when no earlier booking names one.</param>
    public static ReviewScheduled? Rebook(IncidentState state, ResponsePolicy policy, WorkingHours hours, DateTimeOffset at, string actor, string facilitator)
    {
        ArgumentNullException.ThrowIfNull(hours);
        if (Deadline(state, policy) is not { } deadline)
        {
            return null;
        }

        var slot = ReviewScheduler.Place(deadline, Duration, state.ResolvedAt!.Value, hours);
        var latest = state.Events.OfType<ReviewScheduled>().LastOrDefault();
        if (latest is not null && (latest.Deadline == deadline || (latest.Deadline is null && latest.MeetingAt == slot.Start)))
        {
            return null;
        }

        return new ReviewScheduled(at, actor, slot.Start, latest?.Facilitator ?? facilitator, deadline);
    }
}
