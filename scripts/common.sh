# Shared by scripts/run and scripts/test: where things are, and the build.
# EVIDENT_DATA names the shared data (corpus, eval sets, vocabularies); it defaults to
# ../shared/data beside the checkout. It is the one setting that says where the data is.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export EVIDENT_DATA="${EVIDENT_DATA:-$ROOT/../shared/data}"
EVIDENT_DATA="$(cd "$EVIDENT_DATA" 2>/dev/null && pwd)" || {
  echo "error: shared data not found at ${EVIDENT_DATA}; set EVIDENT_DATA=/path/to/shared/data" >&2
  exit 1
}
JOBS="${JOBS:-2}"

# build_preset <preset>: configure (once) and build with $JOBS jobs.
build_preset() {
  local preset="$1"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$JOBS"
}
