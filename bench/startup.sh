#!/usr/bin/env bash
# Start-up A/B: how long each build takes from process spawned to /q/health/ready answering 200 (schema migrated on a
# fresh database, the bench policy imported), and its RSS once ready. Starts alternate between the builds, so a
# neighbour's burst of stolen time hurts one start, not one build.
#
#   bench/startup.sh APP [APP ...]      each APP a quarkus-app directory (run on the JVM) or a native executable
#
# Environment: STARTS (5 per build), BENCH_JAVA_OPTS (the README's JVM flags), RESULTS_FILE (target/bench-startup.md),
# STARTUP_DB (fresh: every start on a new database, migrated and the policy imported; kept: a restart, on the database
# the first start of each build left).
# Prints and writes, per build, the median and range of the time to ready and of the RSS when ready.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { sed -n 2,9p "$0" >&2; exit 2; }
APP_COUNT=$#; STARTS=${STARTS:-5}; STARTUP_DB=${STARTUP_DB:-fresh}; RESULTS=${RESULTS_FILE:-target/bench-startup.md}
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx192m -Xmn80m -XX:TrimNativeHeapInterval=5000}
for tool in nginx openssl python3 curl psql; do
  command -v "$tool" >/dev/null || { echo "startup.sh needs $tool" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/modelgate-startup.XXXXXX)
chmod 755 "$WORK"
DB=modelgate_startup_$$
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for index in $(seq 0 $((APP_COUNT - 1))); do
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "drop database if exists ${DB}_$index with (force)" >/dev/null 2>&1 || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
pg_isready -h 127.0.0.1 -p 5432 -q || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start

# nginx serves the JWKS (and stands in for the upstream the policy names; nothing is called)
UPSTREAM_PORT=$(free_port)
UPSTREAM="http://127.0.0.1:$UPSTREAM_PORT"
mkdir -p "$WORK"/{client_body,proxy,fastcgi,uwsgi,scgi}
sed -e "s#@WORK@#$WORK#g" -e "s#@UPSTREAM_PORT@#$UPSTREAM_PORT#g" bench/nginx-upstream.conf > "$WORK/nginx-upstream.conf"
sed -e "s#@UPSTREAM@#$UPSTREAM#g" bench/policy.yaml > "$WORK/policy.yaml"
python3 bench/mint_token.py "$WORK" bench-issuer modelgate >/dev/null
nginx -c "$WORK/nginx-upstream.conf" -p "$WORK" & PIDS+=($!)
until curl -sf -o /dev/null "$UPSTREAM/jwks.json"; do sleep 0.05; done

declare -A READY RSS
for round in $(seq 0 "$STARTS"); do
  for app in "$@"; do
    index=0; for other in "$@"; do [ "$other" = "$app" ] && break; index=$((index + 1)); done
    db=${DB}_$index
    if [ "$STARTUP_DB" = fresh ] || [ "$round" = 0 ]; then
      psql -q -h 127.0.0.1 -U postgres -d postgres -c "drop database if exists $db with (force)" -c "create database $db" >/dev/null 2>&1
    fi
    port=$(free_port)
    if [ -d "$app" ]; then command=(java $JAVA_OPTS -jar "$app/quarkus-run.jar"); else command=("$app"); fi
    start_ns=$(date +%s%N)
    env MODELGATE_DB_URL="jdbc:postgresql://127.0.0.1:5432/$db" MODELGATE_BOOTSTRAP_LITELLM_CONFIG="$WORK/policy.yaml" \
        PORT="$port" BENCH_UPSTREAM_KEY=sk-bench-0000 \
        QUARKUS_OIDC_AUTH_SERVER_URL="$UPSTREAM" QUARKUS_OIDC_DISCOVERY_ENABLED=false \
        QUARKUS_OIDC_JWKS_PATH="$UPSTREAM/jwks.json" QUARKUS_OIDC_TOKEN_ISSUER=bench-issuer QUARKUS_OIDC_TOKEN_AUDIENCE=modelgate \
        "${command[@]}" > "$WORK/app.log" 2>&1 & pid=$!
    deadline=$((SECONDS + 60))
    until curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready"; do
      kill -0 $pid 2>/dev/null && [ $SECONDS -lt $deadline ] || { tail -30 "$WORK/app.log" >&2; exit 1; }
      sleep 0.01
    done
    ready_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
    rss_mib=$(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 ))
    kill $pid; wait $pid 2>/dev/null || true
    [ "$round" = 0 ] && continue # the first start of each build only prepares (and warms the page cache)
    READY[$app]="${READY[$app]:-} $ready_ms"; RSS[$app]="${RSS[$app]:-} $rss_mib"
    echo "round $round  $app: ready after $ready_ms ms, RSS $rss_mib MiB"
  done
done

summary() { python3 -c 'import statistics,sys; v=[int(x) for x in sys.argv[1:]]; print(f"{statistics.median(v):g} ({min(v)}–{max(v)})")' "$@"; }
mkdir -p "$(dirname "$RESULTS")"
{
  echo "| build ($STARTUP_DB database) | start to ready, ms | RSS when ready, MiB |"
  echo "|---|---|---|"
  for app in "$@"; do
    echo "| \`$app\` | $(summary ${READY[$app]}) | $(summary ${RSS[$app]}) |"
  done
} | tee "$RESULTS"
