using Firebreak.Core;

namespace Firebreak.Evidence.Tests;

/// <summary>One hand-built incident of a kind, with the answer a senior SRE would give.</summary>
internal sealed record IncidentKind(
    string Name,
    Func<IncidentBuilder> Build,
    IncidentCategory[] Categories,
    string? SuspectedRef,
    Confidence[] Confidences,
    MitigationStrategy Mitigation,
    string? Origin,
    string[] Collateral,
    GuidanceProfile? Guidance = null)
{
    public override string ToString() => Name;
}

/// <summary>The incident kinds Firebreak meets: deploy regressions, config and flag changes, surges, third parties, leaks, migrations, operator mistakes, security, minor degradations, nothing at all.</summary>
internal static class IncidentKinds
{
    public const string Culprit = "558f8691857b5b86404767167e0f593a3989a595";
    public const string SearchSha = "7e024ba68ab6f639c09f62cbba735fc4c2147e3e";

    public static IReadOnlyList<IncidentKind> All { get; } =
    [
        new("deploy regression with decoys", DeployRegression,
            [IncidentCategory.Availability], Culprit, [Confidence.High], MitigationStrategy.Rollback, "checkout-api", []),
        new("config change", ConfigChange,
            [IncidentCategory.Availability, IncidentCategory.Performance], "db.pool.max_size", [Confidence.Medium, Confidence.High], MitigationStrategy.ConfigChange, "orders-api", []),
        new("feature flag content push", ContentPush,
            [IncidentCategory.Functionality, IncidentCategory.Availability], "homepage_banner_v7", [Confidence.Medium, Confidence.High], MitigationStrategy.ConfigChange, "storefront", []),
        new("capacity surge", CapacitySurge,
            [IncidentCategory.Performance, IncidentCategory.Availability], null, [Confidence.High, Confidence.Medium], MitigationStrategy.Scaling, "search-db", ["search-api"]),
        new("third-party failure", ThirdParty,
            [IncidentCategory.Availability, IncidentCategory.Functionality], null, [Confidence.High, Confidence.Medium], MitigationStrategy.Workaround, "payments", []),
        new("slow leak after an older deploy", SlowLeak,
            [IncidentCategory.Availability, IncidentCategory.Performance], "aa11bb22cc33dd44ee55ff6677889900aabbccdd", [Confidence.Medium, Confidence.Low], MitigationStrategy.Rollback, "sessions", []),
        new("irreversible migration", IrreversibleMigration,
            [IncidentCategory.Availability, IncidentCategory.DataIntegrity], "0badc0de0badc0de0badc0de0badc0de0badc0de", [Confidence.High, Confidence.Medium], MitigationStrategy.Hotfix, "orders-api", []),
        new("credential stuffing", CredentialStuffing,
            [IncidentCategory.Security], null, [Confidence.High, Confidence.Medium], MitigationStrategy.ConfigChange, "auth", []),
        new("operator infra mistake", OperatorMistake,
            [IncidentCategory.Availability], "sg-0123-ingress", [Confidence.High, Confidence.Medium], MitigationStrategy.ConfigChange, "api-gateway", ["web"]),
        new("minor degradation", MinorDegradation,
            [IncidentCategory.Performance], null, [Confidence.Low], MitigationStrategy.Workaround, "images", []),
        new("dependency in the catalog fails first", DatabaseFirst,
            [IncidentCategory.Availability], null, [Confidence.Low, Confidence.Medium], MitigationStrategy.Workaround, "orders-db", ["orders-api"]),
        new("data corruption after a deploy", DataCorruption,
            [IncidentCategory.DataIntegrity], "b111b111b111b111b111b111b111b111b111b111", [Confidence.High, Confidence.Medium], MitigationStrategy.Rollback, "billing", []),
        new("leaked api key", LeakedKey,
            [IncidentCategory.Security], null, [Confidence.Medium, Confidence.Low], MitigationStrategy.ConfigChange, "export-api", []),
        new("provider timeouts after our own deploy", ProviderAfterOwnDeploy,
            [IncidentCategory.Availability], null, [Confidence.Medium, Confidence.Low], MitigationStrategy.Workaround, "payments", []),
        new("empty evidence", () => new IncidentBuilder(),
            [IncidentCategory.Availability], null, [Confidence.Low], MitigationStrategy.Workaround, null, []),
    ];

    /// <summary>The checkout kit: a deploy ships a null-pointer bug; decoys are a search deploy 3 h earlier, a flag after the onset and old cache warnings.</summary>
    public static IncidentBuilder DeployRegression() => new IncidentBuilder()
        .Service(240_000, 99.9, 400)
        .Component("checkout-api", "src/checkout/", critical: true, "postgres", "payments-gateway")
        .Component("search", "src/search/")
        .Component("recommender", "src/recommender/")
        .Commit(-2880, "8d82c6d2afbbb8c6c9962899c5bd7ac827edbaf3", "search: tune BM25 weights", "src/search/Index.cs")
        .Commit(-240, SearchSha, "search: add synonyms for sizes", "src/search/Synonyms.cs")
        .Commit(-30, Culprit, "checkout: apply loyalty discount before tax", "src/checkout/PriceCalculator.cs")
        .Deploy(-180, "search", "5.2.0", SearchSha)
        .Deploy(-9, "checkout-api", "3.8.0", Culprit, "checkout-api 3.8.0 rolling deploy")
        .Setting(-5, ChangeKind.Config, "recommender", "recs_carousel_v2", "off", "10%", "feature flag recs_carousel_v2 enabled for 10% of users")
        .Series("checkout_error_ratio", "error_rate", "checkout-api", 0.003, 0.9, stepAt: -8, rampMinutes: 3, budget: TimeSpan.FromMinutes(40))
        .Series("checkout_latency_p95_ms", "latency_p95_ms", "checkout-api", 180, 260, stepAt: -8, rampMinutes: 3)
        .Series("checkout_requests_per_second", "throughput", "checkout-api", 120)
        .Series("search_latency_p95_ms", "latency_p95_ms", "search", 95)
        .Template("Unhandled exception processing order <*>: System.NullReferenceException: Object reference not set to an instance of an object.", "ERROR", "checkout-api", -8,
            stack: ["at Shop.Checkout.PriceCalculator.Apply(Cart cart) in /src/checkout/PriceCalculator.cs:line 42", "at Shop.Checkout.OrderService.PlaceOrder(Order order) in /src/checkout/OrderService.cs:line 88"])
        .Template("POST /api/checkout/<*> 500 <*>ms", "INFO", "checkout-api", -8)
        .Template("cache miss ratio above 0.3 on node <*>", "WARN", "checkout-api", -4000, isNew: false, firstSeen: -4000)
        .Alert("CheckoutHighErrorRate", "checkout-api", "checkout-api 5xx ratio above 5% for 5m", "Error ratio is 0.61 (threshold 0.05)")
        .Runbook("runbooks/runbook-high-error-rate.md", "# Runbook: high error rate after a deploy\nSymptoms: 5xx ratio above 5%, exceptions in service logs.\nMitigation: roll back the last deploy of the service (`./ops/rollback.sh <component> <version>`).")
        .Runbook("runbooks/runbook-database-saturation.md", "# Runbook: database saturation\nSymptoms: slow queries, connection pool exhausted, timeouts to postgres.\nMitigation: scale read replicas; kill long-running queries.");

    /// <summary>A config push shrinks a connection pool; errors name the key.</summary>
    public static IncidentBuilder ConfigChange() => new IncidentBuilder()
        .Component("orders-api", "src/orders/", critical: true)
        .Component("catalog", "src/catalog/")
        .Deploy(-300, "catalog", "1.4.0", "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00")
        .Setting(-12, ChangeKind.Config, "orders-api", "db.pool.max_size", "200", "5", "orders-api config: db.pool.max_size 200 -> 5")
        .Series("orders_error_ratio", "error_rate", "orders-api", 0.002, 0.3, stepAt: -10)
        .Series("orders_latency_p95_ms", "latency_p95_ms", "orders-api", 150, 1900, stepAt: -10)
        .Template("timeout waiting for a database connection (db.pool.max_size=5, waiting=<*>)", "ERROR", "orders-api", -10)
        .Alert("OrdersErrors", "orders-api", "orders-api errors at 30%");

    /// <summary>A feature flag turns on a new content bundle; one page breaks while the rest of the shop works.</summary>
    public static IncidentBuilder ContentPush() => new IncidentBuilder()
        .Component("storefront", "src/storefront/")
        .Component("cart", "src/cart/")
        .Deploy(-600, "cart", "2.0.1", "dddddddddddddddddddddddddddddddddddddddd")
        .Setting(-20, ChangeKind.FeatureFlag, "storefront", "homepage_banner_v7", "off", "on", "content push: homepage banner v7 enabled for all users")
        .Series("storefront_error_ratio", "error_rate", "storefront", 0.001, 0.03, stepAt: -19)
        .Template("render failed for banner homepage_banner_v7: template variable 'price' is undefined", "ERROR", "storefront", -19)
        .Alert("StorefrontRenderErrors", "storefront", "homepage render errors", "3% of page views fail", "warning");

    /// <summary>The search kit: a campaign triples traffic, the database pool saturates, then search fails.</summary>
    public static IncidentBuilder CapacitySurge() => new IncidentBuilder()
        .Service(500_000, 99.9, 350)
        .Component("search-api", "src/search/", critical: true, "search-db")
        .Component("search-db", "infra/db/", critical: true)
        .Component("checkout", "src/checkout/")
        .Commit(-1800, "5151515151515151515151515151515151515151", "search: boost fresh listings", "src/search/query.py")
        .Commit(-180, "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1", "checkout: show delivery estimate", "src/checkout/cart.py")
        .Deploy(-1680, "search-api", "8.1.0", "5151515151515151515151515151515151515151")
        .Deploy(-160, "checkout", "3.2.1", "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1")
        .Series("search_requests_per_second", "throughput", "search-api", 900, 2900, stepAt: -35, rampMinutes: 20, trend: Trend.Worsening, detectionDelay: 4)
        .Series("search_db_pool_utilization", "saturation", "search-db", 0.38, 1.0, stepAt: -35, rampMinutes: 21, trend: Trend.Worsening, detectionDelay: 4)
        .Series("search_latency_p95_ms", "latency_p95_ms", "search-api", 140, 2300, stepAt: -15, rampMinutes: 5, trend: Trend.Worsening)
        .Series("search_error_ratio", "error_rate", "search-api", 0.001, 0.35, stepAt: -14, rampMinutes: 24, trend: Trend.Worsening)
        .Template("GET /search?q=<*> 200 <*>ms hits=<*> utm_campaign=winter-sale", "INFO", "search-api", -35)
        .Template("timeout acquiring connection from pool search-db after 2000ms (active=200 idle=0 waiting=<*>)", "ERROR", "search-api", -14)
        .Template("GET /search?q=<*> 503 <*>ms", "INFO", "search-api", -14)
        .Alert("SearchLatencyHigh", "search-api", "search p95 latency 2.3s (SLO 350ms)", "search is slow for everyone; 22% of searches fail")
        .Runbook("runbooks/runbook-db-pool-saturation.md", "# Database pool saturation\nSymptoms: timeouts acquiring connections, pool utilization at 100%.\nMitigation: add read replicas (`./ops/scale.sh search-db replicas=+2`) and raise the pool size.");

    /// <summary>The payments kit: the card provider times out; our last deploy is six hours old.</summary>
    public static IncidentBuilder ThirdParty() => new IncidentBuilder()
        .Service(150_000, 99.9, 600)
        .Component("payments", "src/payments/", critical: true, "card-provider")
        .Component("events-api", "src/events/")
        .Commit(-420, "9090909090909090909090909090909090909090", "payments: log provider request ids", "src/payments/provider.ts")
        .Deploy(-360, "payments", "2.9.4", "9090909090909090909090909090909090909090")
        .Series("payments_error_ratio", "error_rate", "payments", 0.003, 0.21, stepAt: -22)
        .Series("payments_latency_p95_ms", "latency_p95_ms", "payments", 420, 10000, stepAt: -22)
        .Template("charge failed: card-provider timeout after 10000ms req=<*> (https://api.card-provider.example/v1/charges)", "ERROR", "payments", -22)
        .Template("card-provider status page reports degraded performance in region eu-west", "WARN", "payments", -20, count: 3)
        .Alert("PaymentsFailing", "payments", "21% of card payments failing with provider timeouts", "card-provider timeouts; other payment steps fine", "warning")
        .Runbook("runbooks/runbook-payment-provider.md", "# Payment provider outage\nSwitch card payments to the backup provider with feature flag `payments.backup_provider=on`; tell support to suggest PayPal.");

    /// <summary>A deploy 4.5 h ago leaks sessions; memory climbs for hours and the analysis flags it late, then OOM errors start.</summary>
    public static IncidentBuilder SlowLeak() => new IncidentBuilder()
        .Component("sessions", "src/sessions/", critical: true)
        .Component("search", "src/search/")
        .Commit(-290, "aa11bb22cc33dd44ee55ff6677889900aabbccdd", "sessions: cache user sessions in process", "src/sessions/SessionCache.java")
        .Deploy(-272, "sessions", "4.1.0", "aa11bb22cc33dd44ee55ff6677889900aabbccdd")
        .Deploy(-200, "sessions", "4.0.9-config", null, "sessions config reload")
        .Deploy(-40, "search", "7.7.0", "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee")
        .Series("sessions_memory_utilization", "saturation", "sessions", 0.45, 0.97, stepAt: -270, rampMinutes: 265, trend: Trend.Worsening, detectionDelay: 150)
        .Series("sessions_error_ratio", "error_rate", "sessions", 0.002, 0.12, stepAt: -6)
        .Template("java.lang.OutOfMemoryError: Java heap space", "ERROR", "sessions", -6);

    /// <summary>A deploy ships an irreversible migration and code that fails on the new schema.</summary>
    public static IncidentBuilder IrreversibleMigration() => new IncidentBuilder()
        .Component("orders-api", "src/orders/", critical: true)
        .Commit(-40, "0badc0de0badc0de0badc0de0badc0de0badc0de", "orders: split address into street/city", "src/orders/AddressMapper.cs", "db/migrations/0042_split_address.sql")
        .Setting(-16, ChangeKind.Migration, "orders-api", null, null, null, "0042_split_address: drops column address", version: "0042_split_address", reversible: false)
        .Deploy(-15, "orders-api", "5.0.0", "0badc0de0badc0de0badc0de0badc0de0badc0de")
        .Series("orders_error_ratio", "error_rate", "orders-api", 0.002, 0.4, stepAt: -14)
        .Template("Unhandled exception: System.InvalidOperationException: column \"street\" is null", "ERROR", "orders-api", -14,
            stack: ["at Shop.Orders.AddressMapper.Map(Row row) in /src/orders/AddressMapper.cs:line 17"]);

    /// <summary>Credential stuffing from public addresses: login failures surge, nothing changed.</summary>
    public static IncidentBuilder CredentialStuffing() => new IncidentBuilder()
        .Component("auth", "src/auth/", critical: true)
        .Deploy(-900, "auth", "3.3.0", "abababababababababababababababababababab")
        .Series("auth_error_ratio", "error_rate", "auth", 0.02, 0.6, stepAt: -25)
        .Series("auth_requests_per_second", "throughput", "auth", 50, 400, stepAt: -26)
        .Template("login failed for user <*> from <*>: invalid password", "WARN", "auth", -26, isNew: false, surging: true, count: 9000, example: "login failed for user user4411 from 185.23.4.19: invalid password")
        .Alert("AuthFailuresHigh", "auth", "login failures 12x normal", "possible credential stuffing");

    /// <summary>An operator changes a security group; the gateway cannot reach its backends and the web tier fails with it.</summary>
    public static IncidentBuilder OperatorMistake() => new IncidentBuilder()
        .Component("api-gateway", "infra/gateway/", critical: true)
        .Component("web", "src/web/", false, "api-gateway")
        .Deploy(-1440, "web", "9.0.0", "9999999999999999999999999999999999999999")
        .Setting(-4, ChangeKind.Infra, "api-gateway", "sg-0123-ingress", "10.0.0.0/8", "10.1.0.0/16", "terraform apply: ingress rule sg-0123-ingress narrowed")
        .Series("gateway_error_ratio", "error_rate", "api-gateway", 0.001, 0.8, stepAt: -3)
        .Series("web_error_ratio", "error_rate", "web", 0.001, 0.7, stepAt: -2)
        .Template("upstream connect error: connection refused to 10.0.3.7:8080", "ERROR", "api-gateway", -3);

    /// <summary>Images are a little slower than usual; nothing changed recently and the SLO holds.</summary>
    public static IncidentBuilder MinorDegradation() => new IncidentBuilder()
        .Component("images", "src/images/")
        .Deploy(-2800, "images", "1.0.3", "1212121212121212121212121212121212121212")
        .Series("images_latency_p95_ms", "latency_p95_ms", "images", 120, 190, stepAt: -30, trend: Trend.Stable)
        .Series("images_error_ratio", "error_rate", "images", 0.001);

    /// <summary>A billing deploy writes invoices whose totals do not match their lines; the reconciler flags it.</summary>
    public static IncidentBuilder DataCorruption() => new IncidentBuilder()
        .Component("billing", "src/billing/", critical: true)
        .Commit(-50, "b111b111b111b111b111b111b111b111b111b111", "billing: round line items per currency", "src/billing/InvoiceTotals.java")
        .Deploy(-35, "billing", "12.4.0", "b111b111b111b111b111b111b111b111b111b111")
        .Series("billing_error_ratio", "error_rate", "billing", 0.001, 0.02, stepAt: -33)
        .Template("reconciler: invoice <*> checksum mismatch: stored total differs from line items (InvoiceTotals.java)", "ERROR", "billing", -33)
        .Alert("InvoiceReconcileFailures", "billing", "invoices with inconsistent totals", "data integrity check failing");

    /// <summary>Someone exports the customer table with a leaked API key from public addresses; a harmless deploy 40 minutes earlier.</summary>
    public static IncidentBuilder LeakedKey() => new IncidentBuilder()
        .Component("export-api", "src/export/", critical: true)
        .Deploy(-40, "export-api", "3.1.0", "e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1")
        .Series("export_rows_per_second", "throughput", "export-api", 50, 900, stepAt: -25)
        .Template("export job <*> by api_key=<*> ip=<*> rows=<*> full customer table", "WARN", "export-api", -25, example: "export job 4411 by api_key=*** ip=91.200.3.7 rows=120000 full customer table")
        .Alert("UnusualExportVolume", "export-api", "unusual data export volume from unknown IPs", "possible data exfiltration with an API key");

    /// <summary>The provider times out 10 minutes after our own deploy of the same component, which touched unrelated code.</summary>
    public static IncidentBuilder ProviderAfterOwnDeploy() => new IncidentBuilder()
        .Component("payments", "src/payments/", critical: true, "stripe")
        .Commit(-40, "7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a", "payments: nicer receipt emails", "src/payments/receipt.ts")
        .Deploy(-30, "payments", "2.9.5", "7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a")
        .Series("payments_error_ratio", "error_rate", "payments", 0.003, 0.3, stepAt: -20)
        .Template("charge failed: upstream timeout after 10000ms calling https://api.stripe.com/v1/charges req=<*>", "ERROR", "payments", -20)
        .Alert("PaymentsErrors", "payments", "30% of payments failing", "timeouts");

    /// <summary>The database the API depends on fails first; the API's errors follow.</summary>
    public static IncidentBuilder DatabaseFirst() => new IncidentBuilder()
        .Component("orders-api", "src/orders/", true, "orders-db")
        .Component("orders-db", "infra/orders-db/", true)
        .Series("orders_db_saturation", "saturation", "orders-db", 0.4, 1.0, stepAt: -12, rampMinutes: 1)
        .Series("orders_error_ratio", "error_rate", "orders-api", 0.001, 0.2, stepAt: -8)
        .Template("query failed: deadlock detected", "ERROR", "orders-db", -12)
        .Template("request failed: could not serve order <*>", "ERROR", "orders-api", -8);
}
