#!/usr/bin/env bash
# Proves Modelgate builds and runs as a native executable on these machines (no GraalVM/Mandrel installable):
# assembles the verification toolchain (../shared/native-toolchain), builds the native executable, runs the
# @QuarkusIntegrationTest suite against it, and measures start-up time to ready and RSS under load.
# ~10 min and ~9 GB peak memory on 2 cores; not part of .ci/run. Release images use deploy/docker/Dockerfile.native.
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLCHAIN_SRC=${TOOLCHAIN_SRC:-../shared/native-toolchain}
WORK=${NATIVE_WORK:-/tmp/modelgate-native}
GRAALVM_HOME=${GRAALVM_HOME:-$WORK/graalvm-home}
BUILDER_JDK=${BUILDER_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
mkdir -p "$WORK"

# JDK 26's libjava (CgroupMetrics) asks two JVM entry points the toolchain's libjvm (csrc/jvm.c) may lack; like the
# rest of that toolchain, which detects no container limits, a copy of it answers both with false
if ! grep -q JVM_IsContainerized "$TOOLCHAIN_SRC/csrc/jvm.c"; then
  rm -rf "$WORK/toolchain-src" && cp -r "$TOOLCHAIN_SRC" "$WORK/toolchain-src"
  printf '%s\n' '' 'unsigned char JVM_IsUseContainerSupport(void) { return 0; }' 'unsigned char JVM_IsContainerized(void) { return 0; }' \
    >> "$WORK/toolchain-src/csrc/jvm.c"
  TOOLCHAIN_SRC=$WORK/toolchain-src
fi

if [ ! -x "$GRAALVM_HOME/bin/native-image" ]; then
  echo "== assembling the native-image toolchain in $GRAALVM_HOME"
  "$TOOLCHAIN_SRC/build-toolchain.sh" "$WORK/toolchain-work" "$GRAALVM_HOME"
fi
export GRAALVM_HOME JAVA_HOME=$BUILDER_JDK

pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start 2>/dev/null || true

echo "== native build"
start=$(date +%s)
./mvnw -B package -Pnative -DskipTests
build_seconds=$(( $(date +%s) - start ))
binary=$(ls target/*-runner)
echo "== integration tests against $binary"
./mvnw -B verify -Pnative -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dquarkus.native.reuse-existing=true

echo "== start-up to ready and RSS under load (the benchmark, short, against the native executable)"
RESULTS_FILE=target/bench-native.md BENCH_APP="$binary" BENCH_DURATION=${BENCH_DURATION:-10} BENCH_WARMUP=2 BENCH_JIT_WARMUP=1 \
  BENCH_CONCURRENCY=${BENCH_CONCURRENCY:-"1 16 64"} bench/run.sh --no-build

cat <<REPORT
== native verification
build time:   ${build_seconds} s
binary size:  $(( $(stat -c %s "$binary") / 1024 / 1024 )) MiB
start-up to ready and RSS after load: target/bench-native.md
REPORT
