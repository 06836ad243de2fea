#!/usr/bin/env bash
# Entry of the pre-commit hooks in ../.pre-commit-hooks.yaml: builds
# `ordinal` from this checkout on first use (pre-commit keeps one clone per
# hook revision, so the build is per revision too), then runs it with the
# hook's arguments and the staged file names.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root="$repo/.pre-commit/build"
if [ ! -x "$root/bin/ordinal" ]; then
  echo "ordinal: building from $repo (once per hook revision)" >&2
  cargo install --quiet --locked --path "$repo/crates/ordinal-cli" --root "$root" >&2
fi
exec "$root/bin/ordinal" "$@"
