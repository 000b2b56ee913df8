#!/usr/bin/env bash
# Builds the bundled example project: "shop", whose checkout-api broke 20 minutes ago after a deploy.
# Usage: examples/make-example.sh OUT_DIR
# Needs only bash (4.2+) and git. Every timestamp is relative to now, so the incident is happening as you run it.
set -euo pipefail

out=${1:?usage: $0 OUT_DIR}
if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
  echo "$out exists and is not empty" >&2
  exit 2
fi
mkdir -p "$out"
cd "$out"
export TZ=UTC

printf -v now '%(%s)T' -1
iso() { printf '%(%Y-%m-%dT%H:%M:%S)T.000Z' "$(( now + $1 ))"; }   # iso OFFSET_SECONDS
min=60 hour=3600

cat > firebreak.yaml <<'YAML'
service: shop
users: 240000
slo: {availability: 99.9, latency_p95_ms: 400}
components:
  - name: checkout-api
    owner: Dana Wu
    backup: Lee Park
    paths: [src/checkout/]
    critical: true
    depends_on: [postgres, payments-gateway]
  - {name: search, owner: Omar Ali, backup: Kim Vo, paths: [src/search/]}
  - {name: recommender, owner: Eva Ross, paths: [src/recommender/]}
people:
  oncall: [Alex Kim, Sam Ortiz]
  incident_commanders: [Rita Gomez]
  communications: [Jo Lee]
  architects: [Ken Ito]
  management: [Mia Chen]
  executives: [Omar Haddad]
  security: [Ana Silva]
evidence:
  logs: [logs/*.log]
  metrics:
    - {file: metrics/checkout_error_ratio.json, kind: error_rate, component: checkout-api}
    - {file: metrics/checkout_latency_p95_ms.json, kind: latency_p95_ms, component: checkout-api}
    - {file: metrics/checkout_requests_per_second.json, kind: throughput, component: checkout-api}
  alerts: [alerts/*.json]
  deployments: deploys.jsonl
mitigation:
  rollback: "./ops/rollback.sh {component} {version}"
  validation_window: 15m
YAML

printf 'logs/\nmetrics/\nalerts/\ndeploys.jsonl\n.aiwg/\n' > .gitignore
mkdir -p runbooks ops src/checkout src/search src/recommender logs metrics alerts
cat > runbooks/runbook-high-error-rate.md <<'MD'
# Runbook: high error rate after a deploy
Symptoms: 5xx ratio above 5%, exceptions in service logs.
Diagnosis: compare error onset with the deploy history; read the top exception.
Mitigation: roll back the last deploy of the service (`./ops/rollback.sh <component> <version>`).
Escalation: if not resolved in 15 minutes, page the component owner.
MD
cat > runbooks/runbook-database-saturation.md <<'MD'
# Runbook: database saturation
Symptoms: slow queries, connection pool exhausted, timeouts to postgres.
Mitigation: scale read replicas; kill long-running queries.
MD
cat > ops/rollback.sh <<'SH'
#!/bin/sh
# Example rollback hook: a real project would call its deploy tool here.
echo "rollback requested: $1 to version $2 (example project: nothing deployed)"
SH
chmod +x ops/rollback.sh

git init -q -b main
git config user.email example@example.invalid
git config user.name "Example"
commit() { # commit OFFSET "Author <mail>" MESSAGE
  local when; when=$(iso "$1")
  local name=${2% <*} mail=${2#*<}; mail=${mail%>}
  git add -A
  GIT_AUTHOR_DATE=$when GIT_COMMITTER_DATE=$when GIT_AUTHOR_NAME=$name GIT_AUTHOR_EMAIL=$mail \
    GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$mail git commit -q --allow-empty -m "$3"
  git rev-parse HEAD
}
echo '# shop' > README.md
echo 'class PriceCalculator { decimal Apply(Cart c) => c.Total; }' > src/checkout/PriceCalculator.cs
echo 'class Index {}' > src/search/Index.cs
echo 'class Model {}' > src/recommender/Model.cs
commit $(( -30 * 24 * hour )) "Initial Author <init@example.invalid>" "Initial import" >/dev/null
echo 'class Index { double k1 = 1.4; }' > src/search/Index.cs
commit $(( -2 * 24 * hour )) "Omar Ali <omar@example.invalid>" "search: tune BM25 weights" >/dev/null
echo 'class Synonyms {}' > src/search/Synonyms.cs
search=$(commit $(( -4 * hour )) "Omar Ali <omar@example.invalid>" "search: add synonyms for sizes")
echo 'class PriceCalculator { decimal Apply(Cart c) => c.Total - c.Loyalty.Discount; }' > src/checkout/PriceCalculator.cs
culprit=$(commit $(( -30 * min )) "Dana Wu <dana@example.invalid>" "checkout: apply loyalty discount before tax")

# Detection (the alert) is 12 minutes ago; the bad deploy went out 21 minutes ago, errors began 20 minutes ago.
{
  echo "{\"at\": \"$(iso $(( -26 * hour )))\", \"component\": \"checkout-api\", \"version\": \"3.7.2\", \"kind\": \"deploy\", \"description\": \"checkout-api 3.7.2\"}"
  echo "{\"at\": \"$(iso $(( -3 * hour )))\", \"component\": \"search\", \"version\": \"5.2.0\", \"commit\": \"$search\", \"kind\": \"deploy\", \"description\": \"search 5.2.0\"}"
  echo "{\"at\": \"$(iso $(( -21 * min )))\", \"component\": \"checkout-api\", \"version\": \"3.8.0\", \"commit\": \"$culprit\", \"kind\": \"deploy\", \"description\": \"checkout-api 3.8.0 rolling deploy\"}"
  echo "{\"at\": \"$(iso $(( -17 * min )))\", \"component\": \"recommender\", \"kind\": \"config\", \"description\": \"feature flag recs_carousel_v2 enabled for 10% of users\", \"key\": \"recs_carousel_v2\", \"old\": \"off\", \"new\": \"10%\"}"
} > deploys.jsonl

# Logs: two hours of checkout traffic, failing since the deploy, with a stack trace per error.
{
  for (( t = -2 * hour; t < 0; t += 3 )); do
    id=$(( 10000 + (t * 7919 % 89999 + 89999) % 89999 ))
    if (( t < -20 * min )); then
      echo "$(iso $t) INFO  [checkout-api] POST /api/checkout/$id 200 $(( 30 + id % 40 ))ms"
      (( t % 600 == 0 )) && echo "$(iso $t) WARN  [checkout-api] cache miss ratio above 0.3 on node cache-$(( id % 9 + 1 ))"
    elif (( t % 2 == 0 )); then
      echo "$(iso $t) ERROR [checkout-api] Unhandled exception processing order $id: System.NullReferenceException: Object reference not set to an instance of an object."
      echo "   at Shop.Checkout.PriceCalculator.Apply(Cart cart) in /src/checkout/PriceCalculator.cs:line 42"
      echo "   at Shop.Checkout.OrderService.PlaceOrder(Order order) in /src/checkout/OrderService.cs:line 88"
    else
      echo "$(iso $t) INFO  [checkout-api] POST /api/checkout/$id 500 $(( 5 + id % 20 ))ms"
    fi
  done
} > logs/checkout-api.log
{
  for (( t = -2 * hour; t < 0; t += 5 )); do
    echo "$(iso $t) INFO  [search] query q=$(( 1000 + t % 97 + 97 )) hits=$(( (t % 50 + 50) % 50 )) took=$(( 20 + (t % 30 + 30) % 30 ))ms"
  done
} > logs/search.log

# Metrics: six hours at 30 s steps, Prometheus /api/v1/query_range format.
metric() { # metric NAME BASELINE BROKEN RATIO ; broken from 20 minutes ago (ramping over 3 minutes); RATIO=1: values are 1/100000
  local name=$1 base=$2 broken=$3 scale=$4 values="" t value sep="" text
  for (( t = -6 * hour; t <= 0; t += 30 )); do
    if (( t < -20 * min )); then
      value=$base
    elif (( t < -17 * min )); then
      value=$(( base + (broken - base) * (t + 20 * min) / (3 * min) ))
    else
      value=$broken
    fi
    if (( scale )); then printf -v text '0.%05d' "$value"; else text=$value; fi
    values+="$sep[$(( now + t )),\"$text\"]"; sep=","
  done
  printf '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"%s","service":"shop","component":"checkout-api"},"values":[%s]}]}}\n' "$name" "$values"
}
metric checkout_error_ratio 50 90000 1 > metrics/checkout_error_ratio.json
metric checkout_latency_p95_ms 180 260 0 > metrics/checkout_latency_p95_ms.json
metric checkout_requests_per_second 120 120 0 > metrics/checkout_requests_per_second.json

starts=$(iso $(( -12 * min )))
cat > alerts/01-CheckoutHighErrorRate.json <<JSON
{
  "version": "4",
  "groupKey": "{}:{alertname=\"CheckoutHighErrorRate\"}",
  "truncatedAlerts": 0,
  "status": "firing",
  "receiver": "firebreak",
  "groupLabels": {"alertname": "CheckoutHighErrorRate"},
  "commonLabels": {"alertname": "CheckoutHighErrorRate", "severity": "critical", "service": "shop", "component": "checkout-api"},
  "commonAnnotations": {"summary": "checkout-api 5xx ratio above 5% for 5m", "description": "Error ratio is 0.61 (threshold 0.05)"},
  "externalURL": "http://alertmanager.local",
  "alerts": [{
    "status": "firing",
    "labels": {"alertname": "CheckoutHighErrorRate", "severity": "critical", "service": "shop", "component": "checkout-api"},
    "annotations": {"summary": "checkout-api 5xx ratio above 5% for 5m", "description": "Error ratio is 0.61 (threshold 0.05)"},
    "startsAt": "$starts",
    "endsAt": "0001-01-01T00:00:00Z",
    "generatorURL": "http://prometheus.local/graph?g0.expr=CheckoutHighErrorRate",
    "fingerprint": "5f1c0e1d2a3b4c5d"
  }]
}
JSON

echo "example project written to $out (incident: checkout-api 3.8.0, detected $starts)"
