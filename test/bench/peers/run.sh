#!/usr/bin/env bash
# Runs the reference peers of `npm run bench` by hand, outside the harness (README.md here):
#   ./run.sh kac N STEPS DT GAMMA [SEED]     builds kac_ref.c like the bench, runs it and kac_numpy.py
#   ./run.sh w2 N [SEED] [--bench-points]    runs w2_scipy.py
set -euo pipefail
dir=$(cd "$(dirname "$0")" && pwd)
what=${1:-}
[ $# -gt 0 ] && shift
case "$what" in
  kac)
    build=$(mktemp -d)
    trap 'rm -rf "$build"' EXIT
    gcc -O3 -march=native -o "$build/kac_ref" "$dir/kac_ref.c" -lm
    echo "# C peer (kac_ref.c)"
    "$build/kac_ref" "$@"
    echo "# NumPy peer (kac_numpy.py)"
    python3 "$dir/kac_numpy.py" "$@"
    ;;
  w2)
    python3 "$dir/w2_scipy.py" "$@"
    ;;
  *)
    echo "usage: $0 kac N STEPS DT GAMMA [SEED] | $0 w2 N [SEED] [--bench-points]" >&2
    exit 2
    ;;
esac
