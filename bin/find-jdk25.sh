# Sourced by ./jtee, ./test and .ci/run: exports JAVA_HOME pointing at a JDK >= 25.
# Order: JAVA_HOME if >= 25, then `java` on PATH if >= 25, then /usr/lib/jvm/*25*.
jtee_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}
jtee_find_jdk25() {
  local cand major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(jtee_java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 25 ] 2>/dev/null; then return 0; fi
  fi
  if command -v java >/dev/null 2>&1; then
    major=$(jtee_java_major java)
    if [ "${major:-0}" -ge 25 ] 2>/dev/null; then
      cand=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
      if [ -x "$cand/bin/javac" ]; then export JAVA_HOME="$cand"; return 0; fi
    fi
  fi
  for cand in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
    if [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ]; then
      major=$(jtee_java_major "$cand/bin/java")
      if [ "${major:-0}" -ge 25 ] 2>/dev/null; then export JAVA_HOME="$cand"; return 0; fi
    fi
  done
  echo "jtee needs a JDK 25 or newer, and none was found." >&2
  echo "Looked at: \$JAVA_HOME (${JAVA_HOME:-unset}), 'java' on PATH, /usr/lib/jvm/*25*." >&2
  echo "Install one (e.g. 'apt-get install temurin-25-jdk' or any JDK 25 build) and set JAVA_HOME to it." >&2
  return 1
}
