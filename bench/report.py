#!/usr/bin/env python3
"""Renders bench/run.sh's measurements as Markdown, with the machine facts and the targets of issue 5."""
import datetime, json, os, platform, subprocess, sys

NATIVE = bool(os.environ.get("BENCH_APP"))  # bench/run.sh ran a native executable instead of the JAR
MODE = "native executable" if NATIVE else "JVM mode"
LAUNCH = os.path.basename(os.environ.get("BENCH_APP", "")) if NATIVE else "java -jar"

jsonl, out, ready_ms, rss_kb, started, duration, warmup, args = sys.argv[1:9]
rows = [json.loads(line) for line in open(jsonl)]
load = [r for r in rows if "result" in r]
ttfc = {r["label"]: r["ttfc"] for r in rows if "ttfc" in r}


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


def get(label, path, c):
    for r in load:
        if r["label"] == label and r["path"] == path and r["concurrency"] == c:
            return r["result"]
    return None


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
    f"| JVM | {run(['java', '-version'])} |",
    f"| nginx | {run(['nginx', '-v'])} |",
    f"| wrk | {run(['wrk', '--version'])} |",
    "",
    "What each optimisation bought is tracked in [CHANGES.md](CHANGES.md).",
    "",
    "Setup: a fake OpenAI upstream (nginx `return 200` with realistic fixed bodies) on 127.0.0.1; "
    "`direct` calls it, `nginx` goes through a plain `proxy_pass` with keep-alive, `modelgate` goes "
    f"through Modelgate ({MODE}), which verifies the RS256 JWT against the JWKS, maps roles, decides, "
    "rewrites `model` and forwards with its own upstream key on every request. "
    f"Modelgate first runs {os.environ.get('BENCH_JIT_WARMUP', '0')} s of load per endpoint at c=16 (JIT warm-up). "
    f"Each point: {warmup} s warm-up, then {duration} s of `wrk --latency` "
    "(threads = min(concurrency, 2)). Latencies in ms; overhead = through a proxy minus direct.",
    "",
]
for path in sorted({r["path"] for r in load}):
    lines += [f"## `POST {path}`", "",
              "| concurrency | direct p50 / p90 / p99 | direct req/s | nginx p50 / p99 | modelgate p50 / p90 / p99 | modelgate req/s | nginx overhead p50 / p99 | modelgate overhead p50 / p99 | errors |",
              "|---|---|---|---|---|---|---|---|---|"]
    for c in sorted({r["concurrency"] for r in load if r["path"] == path}):
        d, n, m = get("direct", path, c), get("nginx", path, c), get("modelgate", path, c)
        if not (d and n and m):
            continue
        errors = sum(x["errors"] + x["non2xx"] for x in (d, n, m))
        lines.append(
            f"| {c} | {ms(d['p50_us'])} / {ms(d['p90_us'])} / {ms(d['p99_us'])} | {d['rps']:.0f} "
            f"| {ms(n['p50_us'])} / {ms(n['p99_us'])} "
            f"| {ms(m['p50_us'])} / {ms(m['p90_us'])} / {ms(m['p99_us'])} | {m['rps']:.0f} "
            f"| {ms(n['p50_us'] - d['p50_us'])} / {ms(n['p99_us'] - d['p99_us'])} "
            f"| {ms(m['p50_us'] - d['p50_us'])} / {ms(m['p99_us'] - d['p99_us'])} | {errors} |")
    lines.append("")

if ttfc:
    lines += ["## Time to first streamed chunk (`stream: true`, sequential curl, `time_starttransfer`)", "",
              "| path | p50 | p99 | samples |", "|---|---|---|---|"]
    for label in ("direct", "nginx", "modelgate"):
        if label in ttfc:
            t = ttfc[label]
            lines.append(f"| {label} | {ms(t['p50_us'])} | {ms(t['p99_us'])} | {t['samples']} |")
    lines.append("")

rss_mib = int(rss_kb) // 1024
lines += ["## Modelgate process", "",
          f"- ready (`/q/health/ready` 200) {ready_ms} ms after `{LAUNCH}` was spawned; Quarkus reported `{started}` "
          "(Flyway migration of an empty database and the bootstrap import included)",
          f"- RSS after the run: {rss_mib} MiB ({'native executable' if NATIVE else 'JVM flags: `' + os.environ.get('BENCH_JAVA_OPTS', '-Xmx192m') + '`'})", ""]

targets = []
chat = "/v1/chat/completions"
for c in (16,):
    d, n, m = get("direct", chat, c), get("nginx", chat, c), get("modelgate", chat, c)
    if d and n and m:
        mo, no = m["p50_us"] - d["p50_us"], n["p50_us"] - d["p50_us"]
        targets.append((f"p50 overhead ≤ 1.5 × nginx's (c={c})", f"{ms(mo)} ms vs {ms(no)} ms", mo <= 1.5 * max(no, 1)))
        p99o = m["p99_us"] - d["p99_us"]
        targets.append((f"p99 overhead < 1 ms (c={c})", f"{ms(p99o)} ms", p99o < 1000))
m1, m64 = get("modelgate", chat, 1), get("modelgate", chat, 64)
if m1 and m64:
    # the same ratio for the baselines tells load-generator saturation of the machine apart from the gateway
    context = []
    for label in ("nginx", "direct"):
        b1, b64 = get(label, chat, 1), get(label, chat, 64)
        if b1 and b64:
            context.append(f"{label} {b64['p99_us'] / max(b1['p99_us'], 1):.1f}×")
    targets.append(("p99 at c=64 ≤ 3 × p99 at c=1",
                    f"{ms(m64['p99_us'])} ms vs 3 × {ms(m1['p99_us'])} ms ({m64['p99_us'] / max(m1['p99_us'], 1):.1f}×; "
                    + ", ".join(context) + ")", m64["p99_us"] <= 3 * m1["p99_us"]))
targets.append(("RSS under load ≤ 300 MiB (JVM)", f"{rss_mib} MiB", rss_mib <= 300))
lines += ["## Targets (issue 5)", "", "| target | measured | met |", "|---|---|---|"]
lines += [f"| {t} | {v} | {'yes' if ok else '**no**'} |" for t, v, ok in targets]
lines.append("")

os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
with open(out, "w") as f:
    f.write("\n".join(lines))
