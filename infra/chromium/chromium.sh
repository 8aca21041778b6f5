# Debian's chromium, driven headless by Microsoft.Playwright in browser tests. Meant to be sourced.
# chromium_ensure prints the path of the chromium executable, installing the package with apt-get
# first when it is missing (Playwright's own browser download needs network that CI does not have).
# Installing needs root; package lists are refreshed only when apt knows no chromium to install.
# The path printed is the browser itself, /usr/lib/chromium/chromium, not Debian's /usr/bin/chromium
# launcher: the launcher is a shell script that adds flags of its own (extensions, GPU rasterization)
# to the ones Playwright passes. Either works as Playwright's ExecutablePath.

chromium_path() {
  local candidate
  for candidate in /usr/lib/chromium/chromium /usr/bin/chromium "$(command -v chromium 2>/dev/null)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

chromium_ensure() {
  local path log
  if path=$(chromium_path); then
    echo "$path"
    return 0
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "gtm: chromium is not installed, and installing it needs root (apt-get install chromium)" >&2
    return 1
  fi
  echo "gtm: installing chromium (apt-get)" >&2
  log=$(mktemp "${TMPDIR:-/tmp}/gtm-chromium-apt.XXXXXX")
  export DEBIAN_FRONTEND=noninteractive
  # Lists are refreshed only when apt does not know a candidate for chromium (fresh images have none).
  if ! apt-cache policy chromium 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    if ! apt-get update -qq >"$log" 2>&1; then
      echo "gtm: apt-get update failed:" >&2
      cat "$log" >&2
      rm -f "$log"
      return 1
    fi
  fi
  if ! apt-get install -y -qq --no-install-recommends chromium >"$log" 2>&1; then
    echo "gtm: apt-get install chromium failed:" >&2
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
  if ! path=$(chromium_path); then
    echo "gtm: chromium was installed, but no chromium executable was found" >&2
    return 1
  fi
  echo "$path"
}
