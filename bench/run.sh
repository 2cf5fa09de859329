#!/usr/bin/env bash
# Modelgate load benchmark: what the gateway costs per request, against calling the upstream directly
# and against a plain nginx proxy_pass to the same upstream. Everything runs on 127.0.0.1 and every run
# is bounded in time. Writes bench/RESULTS.md.
#
#   bench/run.sh              full run: concurrency 1, 16, 64; 15 s per measurement after a 5 s warm-up
#   bench/run.sh --smoke      a few seconds per measurement, to prove the harness works
#   bench/run.sh --no-build   reuse target/quarkus-app (otherwise ./mvnw package -DskipTests first)
# Environment: BENCH_DURATION, BENCH_WARMUP, BENCH_JIT_WARMUP (once per endpoint before measuring, default 20 s), BENCH_CONCURRENCY ("1 16 64"), BENCH_ENDPOINTS ("chat embeddings"),
# BENCH_JAVA_OPTS (JVM flags for Modelgate; default -Xmx192m), BENCH_APP (a native executable to run instead of the JAR),
# BENCH_ACCESS_LOG (default false: the gateway's own cost, without writing a log line per request), RESULTS_FILE.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=15; WARMUP=5; JIT_WARMUP=20; CONCURRENCY="1 16 64"; STREAM_SAMPLES=300; BUILD=1; RESULTS=bench/RESULTS.md
ENDPOINTS="chat embeddings"
for arg in "$@"; do
  case "$arg" in
    --smoke) DURATION=2; WARMUP=1; JIT_WARMUP=1; CONCURRENCY="1 4"; STREAM_SAMPLES=20; RESULTS="${RESULTS_FILE:-target/bench-smoke.md}" ;;
    --no-build) BUILD=0 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done
DURATION=${BENCH_DURATION:-$DURATION}; WARMUP=${BENCH_WARMUP:-$WARMUP}; JIT_WARMUP=${BENCH_JIT_WARMUP:-$JIT_WARMUP}; CONCURRENCY=${BENCH_CONCURRENCY:-$CONCURRENCY}
ENDPOINTS=${BENCH_ENDPOINTS:-$ENDPOINTS}; RESULTS=${RESULTS_FILE:-$RESULTS}
for tool in wrk nginx openssl python3 curl psql; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool (apt-get install wrk nginx-light openssl curl postgresql-client)" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/modelgate-bench.XXXXXX)
chmod 755 "$WORK" # nginx workers (user nobody) serve the JWKS from here
DB=modelgate_bench_$$
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  mkdir -p target && cp "$WORK/modelgate.log" target/bench-modelgate.log 2>/dev/null || true
  wait 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_for() { # url, seconds
  local deadline=$((SECONDS + $2))
  until curl -sf -o /dev/null "$1"; do
    [ $SECONDS -lt $deadline ] || { echo "timed out waiting for $1" >&2; return 1; }
    sleep 0.05
  done
}

if [ "$BUILD" = 1 ]; then
  echo "== building"
  ./mvnw -B -q package -DskipTests
fi
pg_isready -h 127.0.0.1 -p 5432 -q || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
psql -q -h 127.0.0.1 -U postgres -d postgres -c "create database $DB"

UPSTREAM_PORT=$(free_port); PROXY_PORT=$(free_port); GATEWAY_PORT=$(free_port)
UPSTREAM="http://127.0.0.1:$UPSTREAM_PORT"
mkdir -p "$WORK"/{client_body,proxy,fastcgi,uwsgi,scgi}
sed -e "s#@WORK@#$WORK#g" -e "s#@UPSTREAM_PORT@#$UPSTREAM_PORT#g" -e "s#@PROXY_PORT@#$PROXY_PORT#g" bench/nginx.conf > "$WORK/nginx.conf"
sed -e "s#@UPSTREAM@#$UPSTREAM#g" bench/policy.yaml > "$WORK/policy.yaml"
TOKEN=$(python3 bench/mint_token.py "$WORK" bench-issuer modelgate)

echo "== starting nginx (fake upstream :$UPSTREAM_PORT, proxy_pass :$PROXY_PORT)"
nginx -c "$WORK/nginx.conf" -p "$WORK" & PIDS+=($!)
wait_for "$UPSTREAM/jwks.json" 10

echo "== starting Modelgate (:$GATEWAY_PORT)"
START_NS=$(date +%s%N)
env MODELGATE_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" \
    MODELGATE_BOOTSTRAP_LITELLM_CONFIG="$WORK/policy.yaml" \
    PORT="$GATEWAY_PORT" BENCH_UPSTREAM_KEY=sk-bench-0000 \
    QUARKUS_OIDC_AUTH_SERVER_URL="$UPSTREAM" QUARKUS_OIDC_DISCOVERY_ENABLED=false \
    QUARKUS_OIDC_JWKS_PATH="$UPSTREAM/jwks.json" QUARKUS_OIDC_TOKEN_ISSUER=bench-issuer \
    QUARKUS_OIDC_TOKEN_AUDIENCE=modelgate MODELGATE_GATEWAY_ACCESS_LOG="${BENCH_ACCESS_LOG:-false}" \
    ${BENCH_APP:-java ${BENCH_JAVA_OPTS:--Xmx192m} -jar target/quarkus-app/quarkus-run.jar} > "$WORK/modelgate.log" 2>&1 & GATEWAY_PID=$!
PIDS+=($GATEWAY_PID)
wait_for "http://127.0.0.1:$GATEWAY_PORT/q/health/ready" 60 || { tail -50 "$WORK/modelgate.log"; exit 1; }
READY_MS=$(( ($(date +%s%N) - START_NS) / 1000000 ))
echo "   ready after $READY_MS ms"

GATEWAY="http://127.0.0.1:$GATEWAY_PORT"
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
check() { [ "$1" = "$2" ] || { echo "sanity check failed: expected $2, got $1 ($3)" >&2; tail -30 "$WORK/modelgate.log"; exit 1; }; }
check "$(status -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary @bench/chat-request.json "$GATEWAY/v1/chat/completions")" 200 "chat via Modelgate"
check "$(status -H 'Content-Type: application/json' --data-binary @bench/chat-request.json "$GATEWAY/v1/chat/completions")" 401 "no token"
check "$(status -H 'Content-Type: application/json' --data-binary @bench/chat-request.json "http://127.0.0.1:$PROXY_PORT/v1/chat/completions")" 200 "nginx proxy"
echo '{"model":"bench-embed","input":["The quick brown fox jumps over the lazy dog."]}' > "$WORK/embed-request.json"
sed -e 's/"max_tokens":128}/"max_tokens":128,"stream":true}/' -e 's/"bench-chat"/"bench-stream"/' bench/chat-request.json > "$WORK/stream-request.json"

RESULTS_JSONL="$WORK/results.jsonl"
measure() { # label path body concurrency url
  local label=$1 path=$2 body=$3 c=$4 base=$5 threads=$(( $4 < 2 ? 1 : 2 ))
  BENCH_TOKEN=$TOKEN BENCH_BODY=$body wrk -t"$threads" -c"$c" -d"${WARMUP}s" --timeout 5s -s bench/request.lua "$base$path" >/dev/null
  local line
  line=$(BENCH_TOKEN=$TOKEN BENCH_BODY=$body wrk -t"$threads" -c"$c" -d"${DURATION}s" --timeout 5s -s bench/request.lua "$base$path" | sed -n 's/^RESULT //p')
  echo "{\"label\":\"$label\",\"path\":\"$path\",\"concurrency\":$c,\"result\":$line}" >> "$RESULTS_JSONL"
  echo "   $label $path c=$c $line"
}

# A JVM compiles its hot paths during the first seconds of load: warm Modelgate up once on every endpoint,
# so the first measured point (c=1) does not carry the JIT's work in its tail.
echo "== JIT warm-up: ${JIT_WARMUP}s per endpoint at c=16"
for endpoint in $ENDPOINTS; do
  body=bench/chat-request.json; path=/v1/chat/completions
  [ $endpoint = embeddings ] && { body=$WORK/embed-request.json; path=/v1/embeddings; }
  BENCH_TOKEN=$TOKEN BENCH_BODY=$body wrk -t2 -c16 -d"${JIT_WARMUP}s" --timeout 5s -s bench/request.lua "$GATEWAY$path" >/dev/null
done

echo "== load (${DURATION}s per point after ${WARMUP}s warm-up)"
for endpoint in $ENDPOINTS; do
  body=bench/chat-request.json; path=/v1/chat/completions
  [ $endpoint = embeddings ] && { body=$WORK/embed-request.json; path=/v1/embeddings; }
  for c in $CONCURRENCY; do
    measure direct "$path" "$body" "$c" "$UPSTREAM"
    measure nginx "$path" "$body" "$c" "http://127.0.0.1:$PROXY_PORT"
    measure modelgate "$path" "$body" "$c" "$GATEWAY"
  done
done

echo "== time to first streamed chunk ($STREAM_SAMPLES sequential requests each)"
ttfc() { # label url
  for _ in $(seq 1 "$STREAM_SAMPLES"); do
    curl -s -o /dev/null -w '%{time_starttransfer}\n' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      --data-binary @"$WORK/stream-request.json" "$2"
  done | python3 -c "
import sys, json
v = sorted(float(x) * 1e6 for x in sys.stdin)
pick = lambda q: int(v[min(len(v) - 1, int(q * len(v)))])
print(json.dumps({'label': '$1', 'ttfc': {'p50_us': pick(0.5), 'p99_us': pick(0.99), 'samples': len(v)}}))" >> "$RESULTS_JSONL"
  tail -1 "$RESULTS_JSONL"
}
ttfc direct "$UPSTREAM/stream/v1/chat/completions"
ttfc nginx "http://127.0.0.1:$PROXY_PORT/stream/v1/chat/completions"
check "$(status -H "Authorization: Bearer $TOKEN" --data-binary @"$WORK/stream-request.json" "$GATEWAY/v1/chat/completions")" 200 "stream via Modelgate"
ttfc modelgate "$GATEWAY/v1/chat/completions"

RSS_KB=$(ps -o rss= -p "$GATEWAY_PID" | tr -d ' ')
curl -s "$GATEWAY/q/metrics" > target/bench-metrics.txt || true
STARTED=$(grep -o 'started in [0-9.]*s' "$WORK/modelgate.log" | head -1)
echo "== Modelgate RSS after the run: $((RSS_KB / 1024)) MiB; ready after $READY_MS ms ($STARTED)"

BENCH_JIT_WARMUP=$JIT_WARMUP python3 bench/report.py "$RESULTS_JSONL" "$RESULTS" "$READY_MS" "$RSS_KB" "$STARTED" "$DURATION" "$WARMUP" "$*"
echo "== wrote $RESULTS"
