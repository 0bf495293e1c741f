# Sourced by ./test (and so by .ci/run): makes sure the tools the test suite drives besides the JDK are there —
# headless Chromium (the stress report and the daemon dashboard are checked in a real browser), gcc, g++ + make, libunwind-dev and libgmp-dev
# (the native module builds libteec and its C test programs). Missing ones are installed from Debian's
# packages with apt-get (through sudo when not root); with no apt-get, a clear message says what to install.
jtee_ensure_test_tools() {
  jtee_install_missing chromium
}

# ./jtee needs only the C toolchain (the TA host and the C TAs are built with the CLI).
jtee_ensure_build_tools() {
  jtee_install_missing
}

jtee_install_missing() {
  local missing=() sudo=""
  if [ "${1:-}" = chromium ] && [ -z "${JTEE_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 \
      && ! command -v google-chrome >/dev/null 2>&1; then
    missing+=(chromium)
  fi
  command -v gcc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
  command -v make >/dev/null 2>&1 || missing+=(make)
  # C++ in TAs: the dev kit compiles .cpp with g++ and links GCC's libsupc++ and unwinder
  command -v g++ >/dev/null 2>&1 || missing+=(g++)
  # the TA host unwinds a faulting TA's call stack with libunwind
  if ! command -v gcc >/dev/null 2>&1 || ! echo '#include <libunwind.h>' | gcc -E -x c - >/dev/null 2>&1; then
    missing+=(libunwind-dev)
  fi
  # and runs native TAs' TEE_BigInt arithmetic on GMP
  if ! command -v gcc >/dev/null 2>&1 || ! echo '#include <gmp.h>' | gcc -E -x c - >/dev/null 2>&1; then
    missing+=(libgmp-dev)
  fi
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "jtee tests: missing ${missing[*]} and no apt-get to install them; install them (Chromium: or set JTEE_CHROMIUM to a binary)." >&2
    return 1
  fi
  if [ "$(id -u)" != 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "jtee tests: missing ${missing[*]}; not root and no sudo: install them with apt-get as root." >&2
      return 1
    fi
    sudo="sudo -E"
  fi
  echo "jtee tests: installing Debian packages: ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -q >&2 \
    && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}
