#!/usr/bin/env python3
"""Renders bench/run.sh's measurements as Markdown, with the machine facts and the targets of issue 5.

Every point was measured in several interleaved rounds; each figure shown is its median over the rounds.
"""
import datetime, json, os, platform, statistics, subprocess, sys

NATIVE = bool(os.environ.get("BENCH_APP"))  # bench/run.sh ran a native executable instead of the JAR
MODE = "native executable" if NATIVE else "JVM mode"
LAUNCH = os.path.basename(os.environ.get("BENCH_APP", "")) if NATIVE else "java -jar"
ROUNDS = os.environ.get("BENCH_ROUNDS", "1")
PACED_SHARE = float(os.environ.get("BENCH_PACED_SHARE", "0.5"))
LABELS = ("direct", "nginx", "modelgate")

jsonl, out, ready_ms, rss_kb, started, duration, warmup, args = sys.argv[1:9]
rows = [json.loads(line) for line in open(jsonl)]
runs = [r for r in rows if "result" in r]
ttfc = {(r["label"], r["ttfc"].get("reused", False)): r["ttfc"] for r in rows if "ttfc" in r}
jit = next((r["warmup"] for r in rows if "warmup" in r), None)


def run(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
        return (p.stdout + p.stderr).strip().splitlines()[0]
    except Exception as e:  # a missing tool only blanks its line
        return f"unknown ({e})"


def cpu():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def mem():
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            return f"{int(line.split()[1]) // 1024 // 1024} GiB"
    return "?"


def ms(us):
    return f"{us / 1000:.2f}"


def rounds_of(label, path, c, paced=False):
    return {r["round"]: r for r in runs if r["label"] == label and r["path"] == path and r["concurrency"] == c
            and bool(r.get("paced")) == paced}


def point(label, path, c, paced=False):
    """The median over the rounds of one contender's point, with its CPU cost per request; None if not measured."""
    rounds = list(rounds_of(label, path, c, paced).values())
    if not rounds:
        return None
    med = lambda f: statistics.median(f(r) for r in rounds)
    own_cpu = {"modelgate": "gateway_cpu_us", "nginx": "proxy_cpu_us", "direct": "upstream_cpu_us"}[label]
    return {
        "rps": med(lambda r: r["result"]["rps"]),
        **{q: med(lambda r, q=q: r["result"][q]) for q in ("p50_us", "p90_us", "p99_us")},
        "errors": sum(r["result"]["errors"] + r["result"]["non2xx"] for r in rounds),
        "cpu": med(lambda r: r[own_cpu] / max(r["result"]["requests"], 1)),
        "pause_ms": rounds[0].get("paced", 0),
    }


def overhead(label, path, c, q, paced=False):
    """A proxy's latency minus direct's at quantile q, paired round by round (a round's noise hits both), median."""
    proxy, direct = rounds_of(label, path, c, paced), rounds_of("direct", path, c, paced)
    return statistics.median(proxy[k]["result"][q] - direct[k]["result"][q] for k in proxy if k in direct)


steals = [r.get("steal_pct", 0) for r in runs]
repeated = sum(1 for r in runs if r.get("attempt", 1) > 1 and r["label"] == "direct")
MAX_STEAL = os.environ.get("BENCH_MAX_STEAL", "5")
lines = [
    "# Benchmark results",
    "",
    f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC with `bench/run.sh {args}`"
    f" at commit `{run(['git', 'rev-parse', '--short', 'HEAD'])}`.",
    "",
    "| machine | |",
    "|---|---|",
    f"| CPU | {cpu()}, {os.cpu_count()} cores (wrk, nginx and Modelgate share them) |",
    f"| memory | {mem()} |",
    f"| time stolen by the hypervisor during the points | median {statistics.median(steals) if steals else 0:.1f} %, "
    f"worst {max(steals) if steals else 0:.1f} %; {repeated} round(s) measured again after more than {MAX_STEAL} % was stolen |",
    f"| JVM | {run(['java', '-version'])} |",
    f"| nginx | {run(['nginx', '-v'])} |",
    f"| wrk | {run(['wrk', '--version'])} |",
    "",
    "What each optimisation bought is tracked in [CHANGES.md](CHANGES.md).",
    "",
    "Setup: a fake OpenAI upstream (nginx `return 200` with realistic fixed bodies) on 127.0.0.1; "
    "`direct` calls it, `nginx` goes through a plain `proxy_pass` with keep-alive, `modelgate` goes "
    f"through Modelgate ({MODE}), which verifies the RS256 JWT against the JWKS, maps roles, decides, "
    "rewrites `model` and forwards with its own upstream key on every request, "
    + ("writing an access log line for each, as deployed. " if os.environ.get("BENCH_ACCESS_LOG", "true") == "true"
       else "with the access log off (`BENCH_ACCESS_LOG=false`). ")
    + (f"Before measuring, Modelgate was loaded on every endpoint, and with a new connection per request, for {jit['seconds']} s, until its JIT compiler "
       f"had gone quiet (the compiler threads used {jit['compiler_cpu_us'] / 1e6:.0f} s of CPU by then). " if jit and not NATIVE else "")
    + f"Each point: {warmup} s warm-up, then {duration} s of `wrk --latency` (threads = min(concurrency, 2)), "
    f"in {ROUNDS} rounds that interleave the three contenders; every figure is the median over the rounds. "
    "Latencies in ms; overhead = through a proxy minus direct, paired round by round (median). The nginx "
    "`proxy_pass` runs in a process of its own, like Modelgate. CPU per request: the proxy's process (clock ticks over "
    "the run, all threads included: for Modelgate also JIT and GC).",
    "",
]
for path in sorted({r["path"] for r in runs}):
    lines += [f"## `POST {path}`", "",
              "| concurrency | direct p50 / p90 / p99 | direct req/s | nginx p50 / p99 | nginx req/s | modelgate p50 / p90 / p99 "
              "| modelgate req/s | nginx overhead p50 / p99 | modelgate overhead p50 / p99 | CPU per request nginx / modelgate (µs) | errors |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    points = sorted({(r["concurrency"], bool(r.get("paced"))) for r in runs if r["path"] == path})
    for c, paced in points:
        d, n, m = (point(label, path, c, paced) for label in LABELS)
        if not (d and n and m):
            continue
        name = f"{c} paced ({m['pause_ms']} ms mean pause)" if paced else str(c)
        lines.append(
            f"| {name} | {ms(d['p50_us'])} / {ms(d['p90_us'])} / {ms(d['p99_us'])} | {d['rps']:.0f} "
            f"| {ms(n['p50_us'])} / {ms(n['p99_us'])} | {n['rps']:.0f} "
            f"| {ms(m['p50_us'])} / {ms(m['p90_us'])} / {ms(m['p99_us'])} | {m['rps']:.0f} "
            f"| {ms(overhead('nginx', path, c, 'p50_us', paced))} / {ms(overhead('nginx', path, c, 'p99_us', paced))} "
            f"| {ms(overhead('modelgate', path, c, 'p50_us', paced))} / {ms(overhead('modelgate', path, c, 'p99_us', paced))} "
            f"| {n['cpu']:.0f} / {m['cpu']:.0f} | {d['errors'] + n['errors'] + m['errors']} |")
    if any(paced for _, paced in points):
        lines += ["", f"Paced: the same concurrency again, each connection pausing a random time (exponential) before "
                      f"each request so that the offered load is about {PACED_SHARE:.0%} of Modelgate's capacity at that "
                      "concurrency; the same pauses for all three contenders."]
    lines.append("")

if ttfc:
    lines += ["## Time to first streamed chunk (`stream: true`, sequential curl, `time_starttransfer`)", "",
              "| path | new connection p50 / p99 | kept-alive connection p50 / p99 | samples |", "|---|---|---|---|"]
    for label in LABELS:
        fresh, reused = ttfc.get((label, False)), ttfc.get((label, True))
        if fresh:
            kept = f"{ms(reused['p50_us'])} / {ms(reused['p99_us'])}" if reused else "—"
            lines.append(f"| {label} | {ms(fresh['p50_us'])} / {ms(fresh['p99_us'])} | {kept} | {fresh['samples']} |")
    lines.append("")

rss_mib = int(rss_kb) // 1024
lines += ["## Modelgate process", "",
          f"- ready (`/q/health/ready` 200) {ready_ms} ms after `{LAUNCH}` was spawned; Quarkus reported `{started}` "
          "(Flyway migration of an empty database and the bootstrap import included)",
          f"- RSS after the run: {rss_mib} MiB ({'native executable' if NATIVE else 'JVM flags: `' + os.environ['BENCH_JAVA_OPTS'] + '`'})", ""]

targets = []
chat = "/v1/chat/completions"
# closed loop, wrk saturates the machine too and direct's own p99 swells, which can hide the gateway's tail
LOADS = ((False, "closed loop, CPU saturated"), (True, f"paced at {PACED_SHARE:.0%} of capacity"))
if all(point(label, chat, 16) for label in LABELS):
    mo, no = overhead("modelgate", chat, 16, "p50_us"), overhead("nginx", chat, 16, "p50_us")
    targets.append(("p50 overhead ≤ 1.5 × nginx's (c=16)", f"{ms(mo)} ms vs {ms(no)} ms ({mo / max(no, 1):.2f}×)", mo <= 1.5 * max(no, 1)))
for paced, name in LOADS:
    if all(point(label, chat, 16, paced) for label in LABELS):
        p99o, n99o = overhead("modelgate", chat, 16, "p99_us", paced), overhead("nginx", chat, 16, "p99_us", paced)
        targets.append((f"p99 overhead < 1 ms (c=16, {name})",
                        f"{ms(p99o)} ms (p99 {ms(point('modelgate', chat, 16, paced)['p99_us'])} ms through Modelgate, "
                        f"{ms(point('direct', chat, 16, paced)['p99_us'])} ms direct; nginx's overhead {ms(n99o)} ms)", p99o < 1000))


def tail_ratio(label, paced):
    one, top = point(label, chat, 1), point(label, chat, 64, paced)
    return top["p99_us"] / max(one["p99_us"], 1) if one and top else None


for paced, name in LOADS:
    ratio = tail_ratio("modelgate", paced)
    if ratio is None:
        continue
    # the same ratio for the baselines tells saturation of the shared machine apart from the gateway
    context = ", ".join(f"{label} {r:.1f}×" for label in ("nginx", "direct") if (r := tail_ratio(label, paced)) is not None)
    targets.append((f"p99 at c=64 ≤ 3 × p99 at c=1 ({name})",
                    f"{ms(point('modelgate', chat, 64, paced)['p99_us'])} ms vs 3 × {ms(point('modelgate', chat, 1)['p99_us'])} ms "
                    f"({ratio:.1f}×; {context})", ratio <= 3))
targets.append(("RSS under load ≤ 300 MiB (JVM)", f"{rss_mib} MiB", rss_mib <= 300))
lines += ["## Targets (issue 5)", "", "| target | measured | met |", "|---|---|---|"]
lines += [f"| {t} | {v} | {'yes' if ok else '**no**'} |" for t, v, ok in targets]
lines.append("")

# Issue 17: the agents' APIs cost what streamed chat costs, and a large prompt costs no more per byte than nginx's
STREAM, LARGE = "/v1/chat/completions, streamed", "/v1/chat/completions, 400 KB prompt"
api_c = next((r["concurrency"] for r in runs if r["path"] == STREAM), None)
api_targets = []
if api_c is not None:
    base = point("modelgate", STREAM, api_c)
    for name in ("/v1/responses, streamed", "/v1/messages, streamed"):
        m = point("modelgate", name, api_c)
        if base and m:
            api_targets.append((f"CPU per request on `{name}` within 10 % of streamed chat's (c={api_c})",
                                f"{m['cpu']:.0f} µs vs {base['cpu']:.0f} µs ({m['cpu'] / base['cpu'] - 1:+.0%})", m["cpu"] <= 1.1 * base["cpu"]))
    small = {label: point(label, chat, api_c) for label in ("nginx", "modelgate")}
    large = {label: point(label, LARGE, api_c) for label in ("nginx", "modelgate")}
    if all(small.values()) and all(large.values()):
        growth = {label: large[label]["cpu"] - small[label]["cpu"] for label in small}
        api_targets.append((f"CPU per request grows with a 400 KB prompt no faster than nginx's (c={api_c}; growth = 400 KB point − chat point)",
                            f"modelgate +{growth['modelgate']:.0f} µs ({small['modelgate']['cpu']:.0f} → {large['modelgate']['cpu']:.0f}), "
                            f"nginx +{growth['nginx']:.0f} µs ({small['nginx']['cpu']:.0f} → {large['nginx']['cpu']:.0f})",
                            growth["modelgate"] <= growth["nginx"]))
if api_targets:
    lines += ["## Targets (issue 17)", "", "| target | measured | met |", "|---|---|---|"]
    lines += [f"| {t} | {v} | {'yes' if ok else '**no**'} |" for t, v, ok in api_targets]
    lines.append("")

os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
with open(out, "w") as f:
    f.write("\n".join(lines))
