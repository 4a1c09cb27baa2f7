# Sourced by ./build and ./villhop: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME if recent enough, the default `java`, then the newest JDK under /usr/lib/jvm.

villhop_java_major() { # prints the feature version of the java binary given as $1
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}

villhop_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
      $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(villhop_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "${major%%.*}" -ge 21 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! VILLHOP_JDK=$(villhop_find_jdk); then
  echo "villhop: no JDK 21 or newer found (looked at \$JAVA_HOME, the default java and /usr/lib/jvm)." >&2
  echo "villhop: install one, for example: apt-get install openjdk-21-jdk-headless" >&2
  exit 1
fi
export JAVA_HOME="$VILLHOP_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8 on a recent JDK warns about sun.misc.Unsafe in its own code: not ours, keep the output clean.
case "${MAVEN_OPTS:-}" in *sun-misc-unsafe*) ;; *)
  if [ "$(villhop_java_major "$JAVA_HOME/bin/java" | cut -d. -f1)" -ge 24 ] 2>/dev/null; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi ;;
esac
