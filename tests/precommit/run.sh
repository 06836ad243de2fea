#!/usr/bin/env bash
# The pre-commit hooks of ../../.pre-commit-hooks.yaml, driven by the real
# pre-commit from PyPI: `pre-commit try-repo` against a throwaway git
# repository with a broken and a clean StatefulSet. Run by `cargo xtask
# test`; skips (exit 0, with the reason) when python3 cannot make a venv.
set -euo pipefail

PRE_COMMIT_VERSION=4.7.0
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
fixtures="$repo/crates/ordinal-cli/tests/fixtures"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! command -v python3 >/dev/null || ! python3 -m venv "$work/venv" >/dev/null 2>&1; then
  echo "SKIP pre-commit hooks: python3 with the venv module is not available"
  exit 0
fi
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "pre-commit==$PRE_COMMIT_VERSION"
pre_commit="$work/venv/bin/pre-commit"

# The hook's `cargo install` builds the CLI; a target directory kept under
# target/ makes every run after the first a copy. The release profile is
# made cheap here only: the test is about the hook, not the optimiser.
export CARGO_TARGET_DIR="$repo/target/precommit"
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
export PRE_COMMIT_HOME="$work/cache"

project="$work/project"
mkdir -p "$project"
cp "$fixtures/broken/missing-service.yaml" "$project/bad.yaml"
cp "$fixtures/clean/web.yaml" "$project/good.yaml"
cd "$project"
git init --quiet
git add bad.yaml good.yaml

fail() { echo "FAIL pre-commit hooks: $*" >&2; exit 1; }

# try-repo: the hooks as a user's .pre-commit-config.yaml would get them,
# including uncommitted changes of this checkout.
if out=$("$pre_commit" try-repo "$repo" ordinal-lint --files bad.yaml 2>&1); then
  fail "ordinal-lint passed bad.yaml:"$'\n'"$out"
fi
grep -q "service-not-found" <<<"$out" || fail "ordinal-lint did not report service-not-found:"$'\n'"$out"
out=$("$pre_commit" try-repo "$repo" ordinal-lint --files good.yaml 2>&1) \
  || fail "ordinal-lint failed good.yaml:"$'\n'"$out"
grep -q "ordinal lint\.*Passed" <<<"$out" || fail "ordinal-lint did not run on good.yaml:"$'\n'"$out"
echo "ok pre-commit hook ordinal-lint (pre-commit $PRE_COMMIT_VERSION)"

# The binary the hook built (try-repo's store is temporary; the target
# directory is not).
ordinal="$CARGO_TARGET_DIR/release/ordinal"
[ -x "$ordinal" ] || fail "the hook built no $ordinal"
if ! "$ordinal" lint --help | grep -q -- '--fix'; then
  echo "SKIP pre-commit hook ordinal-fix: this ordinal's \`lint --help\` has no --fix yet"
  exit 0
fi
cp "$fixtures/broken/not-headless.yaml" "$project/fixable.yaml"
git add fixable.yaml
before=$(cat fixable.yaml)
# pre-commit fails a hook that modifies files, so the user sees the fix.
if out=$("$pre_commit" try-repo "$repo" ordinal-fix --files fixable.yaml 2>&1); then
  fail "ordinal-fix passed fixable.yaml:"$'\n'"$out"
fi
[ "$(cat fixable.yaml)" != "$before" ] || fail "ordinal-fix did not change fixable.yaml:"$'\n'"$out"
good_before=$(cat good.yaml)
out=$("$pre_commit" try-repo "$repo" ordinal-fix --files good.yaml 2>&1) || fail "ordinal-fix failed good.yaml:"$'\n'"$out"
[ "$(cat good.yaml)" = "$good_before" ] || fail "ordinal-fix changed good.yaml"
echo "ok pre-commit hook ordinal-fix"
