#!/usr/bin/env bash
# What a tools/call costs through Modelgate's MCP gateway: the same call (the 2026-07-28 wire, a JSON answer) sent to an
# MCP server directly (nginx's canned answer at /mcp) and through /mcp/<server>, in interleaved rounds, at each
# concurrency. Reports the p50 and p99 of each and the difference; issue 29 asks for at most 1 ms more at p50.
#
#   bench/mcp.sh            (reuses target/quarkus-app; ./mvnw package -DskipTests first)
# Environment: BENCH_ROUNDS (5), BENCH_DURATION (10 s), BENCH_WARMUP (3 s), BENCH_CONCURRENCY ("1 16"), BENCH_JAVA_OPTS,
# RESULTS_FILE (target/bench-mcp.md). Default configuration: the access log on.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${BENCH_ROUNDS:-5}; DURATION=${BENCH_DURATION:-10}; WARMUP=${BENCH_WARMUP:-3}; CONCURRENCY=${BENCH_CONCURRENCY:-"1 16"}
RESULTS=${RESULTS_FILE:-target/bench-mcp.md}
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx192m -Xmn80m -XX:TrimNativeHeapInterval=5000}
for tool in wrk nginx openssl python3 curl psql; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool (apt-get install wrk nginx-light openssl curl postgresql-client)" >&2; exit 2; }
done
[ -f target/quarkus-app/quarkus-run.jar ] || { echo "target/quarkus-app is missing (./mvnw package -DskipTests)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/modelgate-mcp-bench.XXXXXX); chmod 755 "$WORK"
DB=modelgate_mcp_bench_$$
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 143' TERM INT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_for() { local deadline=$((SECONDS + $2)); until curl -sf -o /dev/null "$1"; do [ $SECONDS -lt $deadline ] || return 1; sleep 0.1; done; }

pg_isready -h 127.0.0.1 -p 5432 -q || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
psql -q -h 127.0.0.1 -U postgres -d postgres -c "create database $DB"
UPSTREAM_PORT=$(free_port); GATEWAY_PORT=$(free_port); UPSTREAM="http://127.0.0.1:$UPSTREAM_PORT"
mkdir -p "$WORK"/{client_body,proxy,fastcgi,uwsgi,scgi}
sed -e "s#@WORK@#$WORK#g" -e "s#@UPSTREAM_PORT@#$UPSTREAM_PORT#g" bench/nginx-upstream.conf > "$WORK/nginx-upstream.conf"
sed -e "s#@UPSTREAM@#$UPSTREAM#g" bench/policy.yaml > "$WORK/policy.yaml"
TOKEN=$(python3 bench/mint_token.py "$WORK" bench-issuer modelgate)
nginx -c "$WORK/nginx-upstream.conf" -p "$WORK" & PIDS+=($!)
wait_for "$UPSTREAM/jwks.json" 10
env MODELGATE_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" MODELGATE_BOOTSTRAP_LITELLM_CONFIG="$WORK/policy.yaml" PORT="$GATEWAY_PORT" \
    BENCH_UPSTREAM_KEY=sk-bench-0000 QUARKUS_OIDC_AUTH_SERVER_URL="$UPSTREAM" QUARKUS_OIDC_DISCOVERY_ENABLED=false \
    QUARKUS_OIDC_JWKS_PATH="$UPSTREAM/jwks.json" QUARKUS_OIDC_TOKEN_ISSUER=bench-issuer QUARKUS_OIDC_TOKEN_AUDIENCE=modelgate \
    java $JAVA_OPTS -jar target/quarkus-app/quarkus-run.jar > "$WORK/modelgate.log" 2>&1 & PIDS+=($!); GATEWAY_PID=$!
wait_for "http://127.0.0.1:$GATEWAY_PORT/q/health/ready" 60 || { tail -30 "$WORK/modelgate.log"; exit 1; }

cat > "$WORK/call.json" <<'JSON'
{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"search_tickets","arguments":{"query":"printer"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}
JSON
HEADERS="Accept: application/json, text/event-stream|MCP-Protocol-Version: 2026-07-28|Mcp-Method: tools/call|Mcp-Name: search_tickets"
answer=$(curl -s -m 10 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/call' -H 'Mcp-Name: search_tickets' --data-binary @"$WORK/call.json" \
    "http://127.0.0.1:$GATEWAY_PORT/mcp/bench-mcp")
case "$answer" in *'"isError":false'*) ;; *) echo "sanity check failed: $answer" >&2; tail -30 "$WORK/modelgate.log"; exit 1 ;; esac

run() { # label url concurrency
  local threads=$(( $3 < 2 ? 1 : 2 ))
  BENCH_TOKEN=$TOKEN BENCH_BODY="$WORK/call.json" BENCH_HEADERS="$HEADERS" wrk -t"$threads" -c"$3" -d"${WARMUP}s" -s bench/request.lua "$2" >/dev/null
  BENCH_TOKEN=$TOKEN BENCH_BODY="$WORK/call.json" BENCH_HEADERS="$HEADERS" wrk -t"$threads" -c"$3" -d"${DURATION}s" -s bench/request.lua "$2" \
      | sed -n "s/^RESULT /$1 $3 /p"
}
echo "== warming the JIT (30 s)"
BENCH_TOKEN=$TOKEN BENCH_BODY="$WORK/call.json" BENCH_HEADERS="$HEADERS" wrk -t2 -c16 -d30s -s bench/request.lua \
    "http://127.0.0.1:$GATEWAY_PORT/mcp/bench-mcp" >/dev/null
: > "$WORK/results"
for round in $(seq 1 "$ROUNDS"); do
  for c in $CONCURRENCY; do
    run direct "$UPSTREAM/mcp" "$c" | tee -a "$WORK/results"
    run gateway "http://127.0.0.1:$GATEWAY_PORT/mcp/bench-mcp" "$c" | tee -a "$WORK/results"
  done
done
mkdir -p "$(dirname "$RESULTS")"
python3 - "$WORK/results" "$RESULTS" "$ROUNDS" <<'PY'
import json, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, c, result = line.split(" ", 2)
    rows.setdefault((label, int(c)), []).append(json.loads(result))
out = ["# tools/call through /mcp/<server> against the MCP server directly (medians over %s interleaved rounds)" % sys.argv[3], "",
       "| concurrency | direct p50 µs | gateway p50 µs | added at p50 | direct p99 µs | gateway p99 µs | gateway req/s | errors |", "|---|---|---|---|---|---|---|---|"]
for c in sorted({c for _, c in rows}):
    d, g = rows[("direct", c)], rows[("gateway", c)]
    med = lambda rs, k: statistics.median(r[k] for r in rs)
    out.append("| %d | %d | %d | %+.2f ms | %d | %d | %.0f | %d |" % (c, med(d, "p50_us"), med(g, "p50_us"),
               (med(g, "p50_us") - med(d, "p50_us")) / 1000, med(d, "p99_us"), med(g, "p99_us"), med(g, "rps"),
               sum(r["errors"] + r["non2xx"] for r in g)))
open(sys.argv[2], "w").write("\n".join(out) + "\n")
print("\n".join(out))
PY
