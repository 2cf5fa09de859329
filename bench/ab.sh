#!/usr/bin/env bash
# A/B of two Modelgate builds on one machine: both run at once against the same nginx upstream, each on a database
# of its own, and are loaded in interleaved rounds, so a neighbour's burst of stolen time hurts a round, not a build.
# Judges a change by what it costs per request; absolute figures move 2x between machines, the difference does not.
#
#   bench/ab.sh A-quarkus-app-dir B-quarkus-app-dir      e.g. /tmp/base/target/quarkus-app target/quarkus-app
#
# Default configuration (the access log on), unless BENCH_ACCESS_LOG=false; BENCH_ACCESS_LOG_B sets build b's alone
# (one build given twice with BENCH_ACCESS_LOG_B=false measures what the access log costs), BENCH_JAVA_OPTS_B adds JVM
# options to build b alone (-Dmodelgate.usage.enabled=false: what metering costs), BENCH_JAVA_OPTS_A to build a alone
# (-Dquarkus.redis.hosts=redis://127.0.0.1:6379: limits shared through Redis), BENCH_LIMIT_A=true (BENCH_LIMIT_B) gives build a's
# (b's) policy a limit on every call that never binds (rpm, tpm, parallel requests and a budget), BENCH_TRACING_A=true
# (BENCH_TRACING_B) turns build a's (b's) traces on, exported over OTLP (http/protobuf) to an nginx of their own
# (bench/nginx-collector.conf), which counts what it receives (1.0 sampling unless BENCH_JAVA_OPTS_* sets -Dquarkus.otel.traces.sampler.arg),
# BENCH_HEADERS_A (BENCH_HEADERS_B) sends further headers with build a's (b's) requests alone, "Name: value" separated by
# "|" (with BENCH_ONE_PROCESS and both builds traced, a's requests carrying a traceparent whose caller did not sample
# measure in one JVM what recording and exporting a call's spans cost). Environment: BENCH_ROUNDS (6),
# BENCH_DURATION (10 s per measurement), BENCH_WARMUP (3 s before each), BENCH_CONCURRENCY (16), BENCH_JIT_WARMUP
# (60: the least warm-up, which goes on until neither build's JIT compiler is busy), BENCH_ENDPOINT (chat, embeddings,
# one of run.sh's API points: stream, responses, messages, large; or messages-plain, and the translated calls:
# translated (streamed /v1/messages on a chat-only model), translated-plain, translated-responses, translated-chat
# (streamed /v1/chat/completions on a Messages-only model: against stream), translated-chat-plain (against chat)), BENCH_ENDPOINT_B (what build b is loaded with,
# BENCH_ENDPOINT unless set: one build given twice with two endpoints compares the endpoints), BENCH_RESPONSES_STORE,
# BENCH_JAVA_OPTS, BENCH_THREADS (true: each build's CPU per request split by thread group too), BENCH_ONE_PROCESS (true:
# one build given twice with two endpoints runs as one process that takes both loads), RESULTS_FILE (target/bench-ab.md). Prints and writes, per build, the medians over the rounds of requests per second, p50 and p99
# latency and the CPU the gateway process spent per request, and b against a: from those medians, and round by round (b's CPU over
# a's within each round, whose median cancels the drift between rounds that moves a build against itself by 10 % here).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# = 2 ] || { sed -n 2,27p "$0" >&2; exit 2; }
APP_A=$1; APP_B=$2
ROUNDS=${BENCH_ROUNDS:-6}; DURATION=${BENCH_DURATION:-10}; WARMUP=${BENCH_WARMUP:-3}; C=${BENCH_CONCURRENCY:-16}
LOG_A=${BENCH_ACCESS_LOG:-true}; LOG_B=${BENCH_ACCESS_LOG_B:-$LOG_A}
JIT_WARMUP=${BENCH_JIT_WARMUP:-60}; ENDPOINT=${BENCH_ENDPOINT:-chat}; ENDPOINT_B=${BENCH_ENDPOINT_B:-$ENDPOINT}; RESULTS=${RESULTS_FILE:-target/bench-ab.md}
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx192m -Xmn80m -XX:TrimNativeHeapInterval=5000}
for tool in wrk nginx openssl python3 curl psql; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool (apt-get install wrk nginx-light openssl curl postgresql-client)" >&2; exit 2; }
done
for app in "$APP_A" "$APP_B"; do
  [ -f "$app/quarkus-run.jar" ] || { echo "$app/quarkus-run.jar is missing (./mvnw package -DskipTests)" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/modelgate-ab.XXXXXX)
chmod 755 "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for db in a b; do psql -q -h 127.0.0.1 -U postgres -d postgres -c "drop database if exists modelgate_ab_${db}_$$ with (force)" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 143' TERM INT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_for() { local deadline=$((SECONDS + $2)); until curl -sf -o /dev/null "$1"; do [ $SECONDS -lt $deadline ] || return 1; sleep 0.1; done; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
thread_ticks() { # pid -> {"group": ticks} of its threads now, grouped by what they do (BENCH_THREADS=true)
  python3 - "$1" <<'PY'
import glob, json, re, sys
groups = {}
for task in glob.glob(f"/proc/{sys.argv[1]}/task/*"):
    try:
        name = open(task + "/comm").read().strip(); stat = open(task + "/stat").read()
    except OSError:
        continue
    fields = stat[stat.rindex(")") + 2:].split()
    ticks = int(fields[11]) + int(fields[12])
    group = next((g for g, p in (("event loops", r"eventloo"), ("JIT", r"^C[12] Compiler"), ("GC", r"^(GC |G1 )"),
                                 ("span export", r"BatchSpanProc|BatchLogRecord"), ("usage writer", r"^modelgate-wri"))
                  if re.search(p, name, re.I)), "other")
    groups[group] = groups.get(group, 0) + ticks
print(json.dumps(groups))
PY
}
TICK_US=$((1000000 / $(getconf CLK_TCK)))

UPSTREAM_PORT=$(free_port); UPSTREAM="http://127.0.0.1:$UPSTREAM_PORT"
mkdir -p "$WORK"/{client_body,proxy,fastcgi,uwsgi,scgi}
sed -e "s#@WORK@#$WORK#g" -e "s#@UPSTREAM_PORT@#$UPSTREAM_PORT#g" bench/nginx-upstream.conf > "$WORK/nginx-upstream.conf"
sed -e "s#@UPSTREAM@#$UPSTREAM#g" bench/policy.yaml > "$WORK/policy.yaml"
for build in a b; do # BENCH_LIMIT_A / BENCH_LIMIT_B: a limit every call of that build counts against and none reaches
  limit_var=BENCH_LIMIT_${build^^}
  if [ "${!limit_var:-false}" = true ]; then
    sed -e 's#^modelgate:$#modelgate:\n  limits:\n    - {name: never-binds, role: internal_user, rpm: 100000000, tpm: 1000000000000, max_parallel_requests: 100000, budget: {usd: 1000000000, period: month}}#' \
        "$WORK/policy.yaml" > "$WORK/policy-$build.yaml"
  else
    cp "$WORK/policy.yaml" "$WORK/policy-$build.yaml"
  fi
done
TOKEN=$(python3 bench/mint_token.py "$WORK" bench-issuer modelgate)
nginx -c "$WORK/nginx-upstream.conf" -p "$WORK" & PIDS+=($!)
wait_for "$UPSTREAM/jwks.json" 10
COLLECTOR=
if [ "${BENCH_TRACING_A:-false}" = true ] || [ "${BENCH_TRACING_B:-false}" = true ]; then
  COLLECTOR_PORT=$(free_port); COLLECTOR="http://127.0.0.1:$COLLECTOR_PORT"
  mkdir -p "$WORK"/collector/{client_body,proxy,fastcgi,uwsgi,scgi}
  sed -e "s#@WORK@#$WORK#g" -e "s#@COLLECTOR_PORT@#$COLLECTOR_PORT#g" bench/nginx-collector.conf > "$WORK/nginx-collector.conf"
  nginx -c "$WORK/nginx-collector.conf" -p "$WORK" & PIDS+=($!)
  until curl -s -o /dev/null "$COLLECTOR/"; do sleep 0.1; done # answered 404, and not logged as an export
fi
python3 bench/bodies.py "$WORK" "${BENCH_RESPONSES_STORE:-true}"
request_of() { # endpoint -> "body path"
  case $1 in
    chat) echo "bench/chat-request.json /v1/chat/completions" ;;
    embeddings) echo "$WORK/embed-request.json /v1/embeddings" ;;
    stream|large|translated-chat|translated-chat-plain) echo "$WORK/$1-request.json /v1/chat/completions" ;;
    responses|messages) echo "$WORK/$1-request.json /v1/$1" ;;
    messages-plain|translated|translated-plain) echo "$WORK/$1-request.json /v1/messages" ;;
    translated-responses) echo "$WORK/$1-request.json /v1/responses" ;;
    *) echo "BENCH_ENDPOINT is chat, embeddings, stream, responses, messages, large, messages-plain, translated, translated-plain, translated-responses, translated-chat or translated-chat-plain" >&2; exit 2 ;;
  esac
}
declare -A BODY ENDPOINT_PATH
read -r BODY[a] ENDPOINT_PATH[a] <<< "$(request_of "$ENDPOINT")"
read -r BODY[b] ENDPOINT_PATH[b] <<< "$(request_of "$ENDPOINT_B")"
[ -n "${BODY[a]}" ] && [ -n "${BODY[b]}" ] || exit 2

declare -A PID PORT
# BENCH_ONE_PROCESS=true: build a alone is started and takes both loads (two endpoints of one build, compared in one JVM,
# so that the two processes' JIT compilers deciding differently does not move the ratio; each round's CPU is the
# process's while that load alone ran)
ONE_PROCESS=${BENCH_ONE_PROCESS:-false}
if [ "$ONE_PROCESS" = true ] && { [ "$APP_A" != "$APP_B" ] || [ "${BENCH_LIMIT_A:-false}" != "${BENCH_LIMIT_B:-false}" ] \
    || [ "${BENCH_TRACING_A:-false}" != "${BENCH_TRACING_B:-false}" ] || [ "$LOG_A" != "$LOG_B" ] || [ -n "${BENCH_JAVA_OPTS_B:-}" ]; }; then
  echo "BENCH_ONE_PROCESS compares two endpoints of one build: give the same build twice and no setting for b alone" >&2; exit 2
fi
for build in a b; do
  if [ "$ONE_PROCESS" = true ] && [ $build = b ]; then
    PID[b]=${PID[a]}; PORT[b]=${PORT[a]}; continue
  fi
  app=$APP_A; log=$LOG_A; extra=${BENCH_JAVA_OPTS_A:-}; [ $build = b ] && { app=$APP_B; log=$LOG_B; extra=${BENCH_JAVA_OPTS_B:-}; }
  tracing_var=BENCH_TRACING_${build^^}
  if [ "${!tracing_var:-false}" = true ]; then
    extra="$extra -Dquarkus.otel.exporter.otlp.traces.endpoint=$COLLECTOR -Dquarkus.otel.exporter.otlp.traces.protocol=http/protobuf"
  fi
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "create database modelgate_ab_${build}_$$"
  PORT[$build]=$(free_port)
  env MODELGATE_DB_URL="jdbc:postgresql://127.0.0.1:5432/modelgate_ab_${build}_$$" MODELGATE_BOOTSTRAP_LITELLM_CONFIG="$WORK/policy-$build.yaml" \
      PORT="${PORT[$build]}" BENCH_UPSTREAM_KEY=sk-bench-0000 \
      QUARKUS_OIDC_AUTH_SERVER_URL="$UPSTREAM" QUARKUS_OIDC_DISCOVERY_ENABLED=false QUARKUS_OIDC_JWKS_PATH="$UPSTREAM/jwks.json" \
      QUARKUS_OIDC_TOKEN_ISSUER=bench-issuer QUARKUS_OIDC_TOKEN_AUDIENCE=modelgate MODELGATE_GATEWAY_ACCESS_LOG="$log" \
      java $JAVA_OPTS $extra -jar "$app/quarkus-run.jar" > "$WORK/$build.log" 2>&1 & PID[$build]=$!
  PIDS+=(${PID[$build]})
done
for build in a b; do
  wait_for "http://127.0.0.1:${PORT[$build]}/q/health/ready" 90 || { tail -40 "$WORK/$build.log"; exit 1; }
  code=$(curl -s -m 30 -o "$WORK/check-$build.out" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      --data-binary @"${BODY[$build]}" "http://127.0.0.1:${PORT[$build]}${ENDPOINT_PATH[$build]}")
  [ "$code" = 200 ] || { echo "build $build answered $code" >&2; head -c 2000 "$WORK/check-$build.out" >&2; tail -40 "$WORK/$build.log"; exit 1; }
done

load() { # build seconds -> RESULT json
  local headers_var=BENCH_HEADERS_${1^^}
  BENCH_HEADERS=${!headers_var:-${BENCH_HEADERS:-}} BENCH_TOKEN=$TOKEN BENCH_BODY=${BODY[$1]} wrk -t"$(( C < 2 ? 1 : 2 ))" -c"$C" -d"$2"s --timeout 5s -s bench/request.lua "http://127.0.0.1:${PORT[$1]}${ENDPOINT_PATH[$1]}" \
      | sed -n 's/^RESULT //p'
}
# CPU per request counts the JIT compiler's threads too: load both builds, alternating, until neither compiles any more
compiler_ticks() {
  local total=0 task name
  for task in /proc/"$1"/task/*; do
    name=$(cat "$task/comm" 2>/dev/null) || continue
    case $name in C1\ Compiler*|C2\ Compiler*) total=$((total + $(awk '{print $14 + $15}' "$task/stat"))) ;; esac
  done
  echo $total
}
echo "== JIT warm-up: 10 s slices on each build, alternating, until both compilers are quiet (at least ${JIT_WARMUP}s, at most 300s)"
started=$SECONDS
while :; do
  quiet=1
  for build in a b; do
    before=$(compiler_ticks "${PID[$build]}")
    load "$build" 10 >/dev/null
    busy=$(( ($(compiler_ticks "${PID[$build]}") - before) * TICK_US / 100000 )) # % of one core over the slice
    [ "$busy" -le 2 ] || quiet=0
  done
  [ $((SECONDS - started)) -ge "$JIT_WARMUP" ] && [ $quiet = 1 ] && break
  [ $((SECONDS - started)) -ge 300 ] && { echo "   a compiler is still busy; measuring anyway"; break; }
done
echo "   warm after $((SECONDS - started)) s"

echo "== $ROUNDS interleaved rounds of ${DURATION}s at c=$C on ${ENDPOINT_PATH[a]} ($ENDPOINT) and ${ENDPOINT_PATH[b]} ($ENDPOINT_B) (access log a $LOG_A, b $LOG_B)"
: > "$WORK/ab.jsonl"
for round in $(seq 1 "$ROUNDS"); do
  order="a b"; [ $((round % 2)) = 0 ] && order="b a" # neither build always goes first
  for build in $order; do
    load "$build" "$WARMUP" >/dev/null
    threads0='{}'; [ "${BENCH_THREADS:-false}" = true ] && threads0=$(thread_ticks "${PID[$build]}")
    t0=$(ticks "${PID[$build]}"); since=$(date +%s.%N)
    result=$(load "$build" "$DURATION")
    t1=$(ticks "${PID[$build]}"); until=$(date +%s.%N)
    threads1='{}'; [ "${BENCH_THREADS:-false}" = true ] && threads1=$(thread_ticks "${PID[$build]}")
    echo "{\"round\":$round,\"build\":\"$build\",\"cpu_us\":$(( (t1 - t0) * TICK_US )),\"tick_us\":$TICK_US,\"since\":$since,\"until\":$until,\"threads0\":$threads0,\"threads1\":$threads1,\"result\":$result}" >> "$WORK/ab.jsonl"
    echo "   round $round $build $result"
  done
done

mkdir -p "$(dirname "$RESULTS")"
python3 - "$WORK/ab.jsonl" "$APP_A" "$APP_B" "$RESULTS" "$C" "$ENDPOINT against $ENDPOINT_B" "a $LOG_A, b $LOG_B" "$WORK/traces.log" <<'PY'
import json, os, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
apps = {"a": sys.argv[2], "b": sys.argv[3]}
lines = [f"# A/B at c={sys.argv[5]} on {sys.argv[6]} (access log {sys.argv[7]}), medians over {len(rows) // 2} interleaved rounds", "",
         "| build | req/s | p50 µs | p99 µs | CPU µs/request | errors |", "|---|---|---|---|---|---|"]
med = {}
for b in "ab":
    rs = [r for r in rows if r["build"] == b]
    cpu = [r["cpu_us"] / max(1, r["result"]["requests"]) for r in rs]
    med[b] = (statistics.median(r["result"]["rps"] for r in rs), statistics.median(r["result"]["p50_us"] for r in rs),
              statistics.median(r["result"]["p99_us"] for r in rs), statistics.median(cpu),
              sum(r["result"]["errors"] + r["result"]["non2xx"] for r in rs), min(cpu), max(cpu))
    m = med[b]
    lines.append(f"| {b}: `{apps[b]}` | {m[0]:.0f} | {m[1]:.0f} | {m[2]:.0f} | {m[3]:.1f} (range {m[5]:.1f}–{m[6]:.1f}) | {m[4]} |")
if any(r["threads1"] for r in rows): # BENCH_THREADS: where each build's CPU went, µs per request by thread group
    groups = sorted({g for r in rows for g in r["threads1"]})
    lines += ["", "| build | " + " | ".join(groups) + " |", "|---|" + "---|" * len(groups)]
    for b in "ab":
        rs = [r for r in rows if r["build"] == b]
        per = [statistics.median((r["threads1"].get(g, 0) - r["threads0"].get(g, 0)) * r["tick_us"] / max(1, r["result"]["requests"]) for r in rs) for g in groups]
        lines.append(f"| {b} | " + " | ".join(f"{v:.1f}" for v in per) + " |")
exports = [tuple(map(float, l.split())) for l in open(sys.argv[8])] if os.path.exists(sys.argv[8]) else []
if exports: # what the collector received while a build was loaded: a traced build that drops spans sends fewer bytes a call
    lines += [""]
    for b in "ab":
        rs = [r for r in rows if r["build"] == b]
        sent = sum(size for size, at in exports if any(r["since"] <= at <= r["until"] for r in rs))
        lines.append(f"OTLP received while {b} was loaded: {sent / 1e6:.1f} MB, {sent / max(1, sum(r['result']['requests'] for r in rs)):.0f} bytes a request")
a, b = med["a"], med["b"]
# each round loads both builds one after the other: b's CPU over a's within a round cancels the drift between rounds
cpu_of = {x: [r["cpu_us"] / max(1, r["result"]["requests"]) for r in rows if r["build"] == x] for x in "ab"}
paired = sorted(100 * (pb / pa - 1) for pa, pb in zip(cpu_of["a"], cpu_of["b"]))
lines += ["", f"b against a: req/s {100 * (b[0] / a[0] - 1):+.1f} %, p50 {100 * (b[1] / a[1] - 1):+.1f} %, "
              f"p99 {100 * (b[2] / a[2] - 1):+.1f} %, CPU per request {100 * (b[3] / a[3] - 1):+.1f} % "
              f"(round by round: median {statistics.median(paired):+.1f} %, {paired[0]:+.1f} to {paired[-1]:+.1f} %)"]
open(sys.argv[4], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
if [ -s "$WORK/traces.log" ]; then # everything the collector received, warm-ups included
  awk '{ n++; bytes += $1 } END { printf "OTLP exports received in all: %d, %.1f MB of spans\n", n, bytes / 1e6 }' "$WORK/traces.log"
fi
