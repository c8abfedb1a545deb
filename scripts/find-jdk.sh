#!/usr/bin/env bash
# Sourced by dev.sh, scripts/test.sh, scripts/audit-verify.sh and bench/java.sh: gatehouse_find_jdk exports
# JAVA_HOME (and puts its bin/ first on PATH) for a JDK 21+, Keycloak 26.7's floor.
# Tries $JAVA_HOME, then the JDK of `java` on PATH, then the folders under /usr/lib/jvm, /opt/java, /opt/jdk*,
# ~/.sdkman and /Library/Java in reverse version order of their names; the first JDK 21+ (java and javac) wins.
# On failure prints one line saying what to install and returns 1.
# Usage: source scripts/find-jdk.sh && gatehouse_find_jdk

gatehouse_java_major() { # path to a java binary -> its major version (0 when it can't tell)
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2; exit}')
  echo "${v:-0}" | cut -d. -f1
}

gatehouse_find_jdk() {
  local candidate
  local -a candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for candidate in $(ls -d /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home 2>/dev/null | sort -rV); do
    candidates+=("$candidate")
  done
  for candidate in "${candidates[@]}"; do
    if [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] \
        && [ "$(gatehouse_java_major "$candidate/bin/java")" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "No JDK 21+ found (Keycloak 26.7 needs one): install one, e.g. 'apt-get install -y openjdk-21-jdk' or Temurin 21/25, or set JAVA_HOME to it." >&2
  return 1
}
