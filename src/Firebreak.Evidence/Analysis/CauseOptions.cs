namespace Firebreak.Evidence;

/// <summary>The points of the explanations that blame no change (docs/reasoning.md §4), one record per detector.</summary>
public sealed record CauseOptions
{
    /// <summary>The defaults.</summary>
    public static CauseOptions Default { get; } = new();

    /// <summary>A load surge or exhausted capacity.</summary>
    public CapacityCauseOptions Capacity { get; init; } = new();

    /// <summary>A failing third party or dependency.</summary>
    public DependencyCauseOptions Dependency { get; init; } = new();

    /// <summary>An attack, a leak or abuse of access.</summary>
    public SecurityCauseOptions Security { get; init; } = new();

    /// <summary>Corrupted or lost data.</summary>
    public IntegrityCauseOptions Integrity { get; init; } = new();

    /// <summary>An expired or invalid certificate.</summary>
    public CertificateCauseOptions Certificate { get; init; } = new();

    /// <summary>A clock that stepped or drifted.</summary>
    public ClockCauseOptions Clock { get; init; } = new();

    /// <summary>People shown data that is not theirs.</summary>
    public ExposureCauseOptions Exposure { get; init; } = new();

    /// <summary>New input reaching an old code path that no change touched. The default is 0.45.</summary>
    public double InputScore { get; init => field = OptionGuard.Unit(value); } = 0.45;

    /// <summary>The "unknown" explanation that leads when nothing reaches <see cref="RankingOptions.UnknownBelow"/>. The default is 0.3.</summary>
    public double UnknownScore { get; init => field = OptionGuard.Unit(value); } = 0.3;
}

/// <summary>Points of the capacity explanation.</summary>
public sealed record CapacityCauseOptions
{
    /// <summary>A throughput metric shows a load surge. The default is 0.5.</summary>
    public double MetricLoad { get; init => field = OptionGuard.Unit(value); } = 0.5;

    /// <summary>Only log lines show the load (a campaign, 429s). The default is 0.3.</summary>
    public double LogLoad { get; init => field = OptionGuard.Unit(value); } = 0.3;

    /// <summary>Only log lines show the load, and a component is saturated. The default is 0.4.</summary>
    public double LogLoadSaturated { get; init => field = OptionGuard.Unit(value); } = 0.4;

    /// <summary>Saturation that rose gradually without more load (a leak). The default is 0.3.</summary>
    public double GradualSaturation { get; init => field = OptionGuard.Unit(value); } = 0.3;

    /// <summary>Saturation that stepped up without more load (slower work). The default is 0.4.</summary>
    public double StepSaturation { get; init => field = OptionGuard.Unit(value); } = 0.4;

    /// <summary>Bonus when the load rose at least <see cref="LoadFirstBy"/> before errors or latency did. The default is 0.15.</summary>
    public double LoadFirstBonus { get; init => field = OptionGuard.Unit(value); } = 0.15;

    /// <summary>…how much earlier the load must rise. The default is 1 minute.</summary>
    public TimeSpan LoadFirstBy { get; init => field = OptionGuard.NotNegative(value); } = TimeSpan.FromMinutes(1);

    /// <summary>Bonus for a saturated component when the load rose. The default is 0.2.</summary>
    public double SaturationBonus { get; init => field = OptionGuard.Unit(value); } = 0.2;

    /// <summary>Bonus for log lines that show the load beside a throughput metric. The default is 0.1.</summary>
    public double LoadWordsBonus { get; init => field = OptionGuard.Unit(value); } = 0.1;

    /// <summary>Bonus for log lines that show the load without a throughput metric (saturation alone). The default is 0.05.</summary>
    public double LoadWordsWithoutMetricBonus { get; init => field = OptionGuard.Unit(value); } = 0.05;

    /// <summary>Bonus for errors that speak of exhausted capacity (pool, OOM, connection limit). The default is 0.05.</summary>
    public double ExhaustionWordsBonus { get; init => field = OptionGuard.Unit(value); } = 0.05;

    /// <summary>Today's load was handled before when an earlier sample reached this share of it. The default is 0.9.</summary>
    public double HandledLoadShare { get; init => field = OptionGuard.Unit(value); } = 0.9;

    /// <summary>…at least this long before today's rise. The default is 1 hour.</summary>
    public TimeSpan HandledBefore { get; init => field = OptionGuard.NotNegative(value); } = TimeSpan.FromHours(1);

    /// <summary>…while every symptom's samples this close to it were within their baseline band. The default is 5 minutes.</summary>
    public TimeSpan HandledNear { get; init => field = OptionGuard.NotNegative(value); } = TimeSpan.FromMinutes(5);

    /// <summary>The baseline band: this many robust sigmas … The default is 3.</summary>
    public double BandSigmas { get; init => field = OptionGuard.Positive(value); } = 3;

    /// <summary>… or this share of the baseline, whichever is wider. The default is 0.25.</summary>
    public double BandShare { get; init => field = OptionGuard.Unit(value); } = 0.25;

    /// <summary>The highest capacity score. The default is 0.97.</summary>
    public double MaxScore { get; init => field = OptionGuard.Unit(value); } = 0.97;
}

/// <summary>Points of the dependency explanation.</summary>
public sealed record DependencyCauseOptions
{
    /// <summary>Errors name a third party of the catalog (a depends_on that is no component) with a failure. The default is 0.6.</summary>
    public double CatalogParty { get; init => field = OptionGuard.Unit(value); } = 0.6;

    /// <summary>Errors name an outside host with a failure. The default is 0.5.</summary>
    public double NamedHost { get; init => field = OptionGuard.Unit(value); } = 0.5;

    /// <summary>The named dependency is our own infrastructure, or the failure is on the path (DNS, TLS, refused): a cause of ours is as likely. The default is 0.45.</summary>
    public double OwnSide { get; init => field = OptionGuard.Unit(value); } = 0.45;

    /// <summary>The provider reports network trouble and our connections fail. The default is 0.55.</summary>
    public double ProviderNetwork { get; init => field = OptionGuard.Unit(value); } = 0.55;

    /// <summary>Errors point at an upstream without naming it. The default is 0.4.</summary>
    public double GenericUpstream { get; init => field = OptionGuard.Unit(value); } = 0.4;

    /// <summary>Bonus for an alert about the party or an upstream. The default is 0.15.</summary>
    public double AlertBonus { get; init => field = OptionGuard.Unit(value); } = 0.15;

    /// <summary>Bonus when every new error names the party. The default is 0.1.</summary>
    public double OnlyPartyBonus { get; init => field = OptionGuard.Unit(value); } = 0.1;

    /// <summary>Bonus for a line about a status page, an outage or a vendor. The default is 0.1.</summary>
    public double StatusBonus { get; init => field = OptionGuard.Unit(value); } = 0.1;

    /// <summary>Bonus when no new stack trace points into our own code. The default is 0.05.</summary>
    public double NoStackBonus { get; init => field = OptionGuard.Unit(value); } = 0.05;

    /// <summary>The highest dependency score. The default is 0.95.</summary>
    public double MaxScore { get; init => field = OptionGuard.Unit(value); } = 0.95;
}

/// <summary>Points of the security explanation.</summary>
public sealed record SecurityCauseOptions
{
    /// <summary>Incident templates with wording that on its own speaks of an attack or a leak. The default is 0.5.</summary>
    public double StrongWording { get; init => field = OptionGuard.Unit(value); } = 0.5;

    /// <summary>Only wording a broken deploy also produces (401, 403, invalid token). The default is 0.35.</summary>
    public double WeakWording { get; init => field = OptionGuard.Unit(value); } = 0.35;

    /// <summary>Bonus for several such templates or a surging one. The default is 0.05.</summary>
    public double SeveralBonus { get; init => field = OptionGuard.Unit(value); } = 0.05;

    /// <summary>Bonus for a security alert … The default is 0.15.</summary>
    public double AlertBonus { get; init => field = OptionGuard.Unit(value); } = 0.15;

    /// <summary>… which brings the score to at least this. The default is 0.45.</summary>
    public double AlertFloor { get; init => field = OptionGuard.Unit(value); } = 0.45;

    /// <summary>Bonus for public addresses in the incident's templates. The default is 0.2.</summary>
    public double PublicAddressBonus { get; init => field = OptionGuard.Unit(value); } = 0.2;

    /// <summary>The highest security score. The default is 0.97.</summary>
    public double MaxScore { get; init => field = OptionGuard.Unit(value); } = 0.97;
}

/// <summary>Points of the data-integrity explanation.</summary>
public sealed record IntegrityCauseOptions
{
    /// <summary>Incident templates with wording that on its own says data is wrong or gone. The default is 0.6.</summary>
    public double StrongWording { get; init => field = OptionGuard.Unit(value); } = 0.6;

    /// <summary>Only weak wording in error templates (mismatch, constraint violation) or mass deletion. The default is 0.45.</summary>
    public double WeakWording { get; init => field = OptionGuard.Unit(value); } = 0.45;

    /// <summary>Bonus for an alert with such wording … The default is 0.15.</summary>
    public double AlertBonus { get; init => field = OptionGuard.Unit(value); } = 0.15;

    /// <summary>… which brings the score to at least this. The default is 0.45.</summary>
    public double AlertFloor { get; init => field = OptionGuard.Unit(value); } = 0.45;

    /// <summary>A migration before the onset (with such signals, or irreversible) brings the score to at least this … The default is 0.35.</summary>
    public double MigrationFloor { get; init => field = OptionGuard.Unit(value); } = 0.35;

    /// <summary>… plus this. The default is 0.15.</summary>
    public double MigrationBonus { get; init => field = OptionGuard.Unit(value); } = 0.15;

    /// <summary>The highest data-integrity score. The default is 0.95.</summary>
    public double MaxScore { get; init => field = OptionGuard.Unit(value); } = 0.95;
}

/// <summary>Points of the certificate explanation.</summary>
public sealed record CertificateCauseOptions
{
    /// <summary>An error names an expired or invalid certificate. The default is 0.7.</summary>
    public double Named { get; init => field = OptionGuard.Unit(value); } = 0.7;

    /// <summary>Bonus when a line announced the expiry earlier. The default is 0.1.</summary>
    public double AnnouncedBonus { get; init => field = OptionGuard.Unit(value); } = 0.1;

    /// <summary>Bonus when no new stack trace points into our code. The default is 0.1.</summary>
    public double NoStackBonus { get; init => field = OptionGuard.Unit(value); } = 0.1;

    /// <summary>The highest certificate score. The default is 0.95.</summary>
    public double MaxScore { get; init => field = OptionGuard.Unit(value); } = 0.95;
}

/// <summary>Points of the clock-step explanation.</summary>
public sealed record ClockCauseOptions
{
    /// <summary>A line says a clock stepped, skewed or drifted. The default is 0.55.</summary>
    public double Named { get; init => field = OptionGuard.Unit(value); } = 0.55;

    /// <summary>Bonus when both a host's clock report and failing time checks are present. The default is 0.2.</summary>
    public double BothHalvesBonus { get; init => field = OptionGuard.Unit(value); } = 0.2;
}

/// <summary>Points of the exposure explanation.</summary>
public sealed record ExposureCauseOptions
{
    /// <summary>A line or alert says people were shown data that is not theirs. The default is 0.6.</summary>
    public double Named { get; init => field = OptionGuard.Unit(value); } = 0.6;

    /// <summary>Bonus per further source saying so. The default is 0.1.</summary>
    public double FurtherSourceBonus { get; init => field = OptionGuard.Unit(value); } = 0.1;

    /// <summary>The highest exposure score. The default is 0.9.</summary>
    public double MaxScore { get; init => field = OptionGuard.Unit(value); } = 0.9;
}
