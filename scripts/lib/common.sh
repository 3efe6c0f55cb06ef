# Shared helpers for Tandem's scripts. Source it; do not run it.
# shellcheck shell=bash

TANDEM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export TANDEM_ROOT

tandem_die() {
  echo "error: $*" >&2
  exit 2
}

# Prints the Java feature version ("21", "25", "1" for 1.8) of the given java binary, or nothing.
tandem_java_version() {
  local java_bin="$1" spec
  [ -x "$java_bin" ] || return 0
  spec=$("$java_bin" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  echo "${spec%%.*}"
}

# Exports JAVA_HOME pointing at a JDK >= 21: the current JAVA_HOME if it qualifies, else the newest
# JDK under /usr/lib/jvm (or /Library/Java/JavaVirtualMachines on macOS), else `java` on the PATH.
tandem_use_jdk() {
  local min=21 candidate version best="" best_version=0
  if [ -n "${JAVA_HOME:-}" ]; then
    version=$(tandem_java_version "$JAVA_HOME/bin/java")
    if [ -n "$version" ] && [ "$version" -ge "$min" ]; then
      export PATH="$JAVA_HOME/bin:$PATH"
      tandem_quiet_maven
      return 0
    fi
    echo "note: JAVA_HOME=$JAVA_HOME is Java ${version:-unknown}; looking for a JDK >= $min" >&2
  fi
  for candidate in /usr/lib/jvm/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/; do
    [ -x "${candidate}bin/javac" ] || continue
    version=$(tandem_java_version "${candidate}bin/java")
    if [ -n "$version" ] && [ "$version" -ge "$min" ] && [ "$version" -gt "$best_version" ]; then
      best="${candidate%/}"
      best_version="$version"
    fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    version=$(tandem_java_version "$candidate/bin/java")
    if [ -n "$version" ] && [ "$version" -ge "$min" ]; then
      best="$candidate"
    fi
  fi
  [ -n "$best" ] || tandem_die "Tandem needs a JDK $min or newer and found none.
  Install one (for example Eclipse Temurin 21) and point JAVA_HOME at it:
    export JAVA_HOME=/path/to/jdk-21"
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  tandem_quiet_maven
}

# Maven 3.8/3.9 bundle a Guava that calls sun.misc.Unsafe; JDK 24+ warns about it on every run.
tandem_quiet_maven() {
  local version
  version=$(tandem_java_version "$JAVA_HOME/bin/java")
  if [ -n "$version" ] && [ "$version" -ge 24 ]; then
    case " ${MAVEN_OPTS:-} " in
      *sun-misc-unsafe-memory-access*) ;;
      *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
  fi
}

# JVM options for the local stack's own JVMs: ElasticMQ's actor library calls sun.misc.Unsafe, which JDK 24+
# warns about on every start; the warning says nothing a Tandem user can act on.
tandem_java_opts() {
  local version
  version=$(tandem_java_version "$JAVA_HOME/bin/java")
  echo "--enable-native-access=ALL-UNNAMED"
  if [ -n "$version" ] && [ "$version" -ge 24 ]; then
    echo "--sun-misc-unsafe-memory-access=allow"
  fi
}

tandem_require_maven() {
  command -v mvn >/dev/null 2>&1 || tandem_die "Maven 3.8+ is needed: install it (https://maven.apache.org/install.html) and put mvn on the PATH."
}

# Installs the project's npm tools (CDK CLI, asl-validator, aws-local-stepfunctions) from the lock file
# when node_modules is missing or older than the lock file.
tandem_npm_install() {
  command -v npm >/dev/null 2>&1 || tandem_die "Node.js 20+ with npm is needed (the CDK CLI and the local Step Functions engine run on it): https://nodejs.org/"
  if [ ! -d "$TANDEM_ROOT/node_modules" ] || [ "$TANDEM_ROOT/package-lock.json" -nt "$TANDEM_ROOT/node_modules/.package-lock.json" ]; then
    echo "Installing npm tools (package-lock.json)..." >&2
    (cd "$TANDEM_ROOT" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
  # The CDK CLI warns on every run that Node 20 is past its end of life; the tools work on it.
  export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
}

# The pipelines this repository deploys: the class folder of every module under pipelines/ (each registers
# its PipelineDefinition in META-INF/services; the CDK app ships these classes to the functions and the agent).
tandem_pipelines_classpath() {
  local cp="" dir
  shopt -s nullglob
  for dir in "$TANDEM_ROOT"/pipelines/*/target/classes; do
    cp="${cp:+$cp:}$dir"
  done
  shopt -u nullglob
  echo "$cp"
}

# Builds (when missing or stale) the Lambda jars, the pipelines, the CDK app and the operations CLI, and prints
# the classpath to run them with.
tandem_cdk_classpath() {
  local cp_file="$TANDEM_ROOT/cdk/target/app-classpath.txt"
  shopt -s nullglob
  local jars=("$TANDEM_ROOT"/functions/target/functions-*-api.jar)
  shopt -u nullglob
  if [ ${#jars[@]} -eq 0 ] || [ ! -f "$cp_file" ] || [ ! -d "$TANDEM_ROOT/cdk/target/classes" ] \
     || [ -n "$(find "$TANDEM_ROOT/cdk/src/main" "$TANDEM_ROOT/shared-contracts/src/main" "$TANDEM_ROOT/pipelines" \
          -path '*/target' -prune -o -newer "$cp_file" -type f -print -quit)" ]; then
    echo "Building the Lambda jars, the pipelines and the CDK app (first run, or sources changed)..." >&2
    (cd "$TANDEM_ROOT" && mvn -B -q -pl functions,cdk -am install -DskipTests -Dspotbugs.skip=true >&2 \
      && mvn -B -q -f pipelines/pom.xml install -DskipTests -Dspotbugs.skip=true >&2 \
      && mvn -B -q -pl cdk dependency:build-classpath -Dmdep.outputFile=target/app-classpath.txt >&2)
  fi
  echo "$TANDEM_ROOT/cdk/target/classes:$(cat "$cp_file"):$(tandem_pipelines_classpath)"
}

# Runs the operations CLI (dev.tandem.cdk.ops.OpsCli) with the given command and arguments.
tandem_ops() {
  tandem_use_jdk
  tandem_require_maven
  local cp
  cp=$(tandem_cdk_classpath)
  java -cp "$cp" dev.tandem.cdk.ops.OpsCli "$@"
}

# Prints the calling script's header comment (its usage) and exits 0 when the first argument is -h or --help.
# Every script calls it first, so `scripts/<name> --help` answers without building or touching anything.
tandem_help() {
  case "${1:-}" in
    -h|--help)
      awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"
      exit 0 ;;
  esac
}
