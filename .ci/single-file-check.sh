#!/usr/bin/env bash
# Publishes `keyturn` as one self-contained linux-x64 file and runs `keyturn --version` and `keyturn demo` from it,
# with SQLite's native library unpacked into a temporary directory. Not part of .ci/run (the publish alone takes
# longer than the rest of the packaging check); run it by hand after changing publish settings. Leaves nothing behind.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d -t keyturn-single-file-check.XXXXXX)"
trap 'rm -rf "$work"' EXIT
fail() { echo "single-file-check: $*" >&2; exit 1; }

dotnet publish src/Keyturn.Cli/Keyturn.Cli.csproj -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true \
  -o "$work/out" --nologo -v quiet || fail "dotnet publish failed"
files="$(ls "$work/out")"
[ "$files" = "keyturn" ] || fail "expected one file, keyturn; the publish folder holds: $(echo $files)"

export DOTNET_BUNDLE_EXTRACT_BASE_DIR="$work/extract"
printed="$("$work/out/keyturn" --version)" || fail "keyturn --version failed"
echo "single-file-check: the single file reports $printed ($(du -h "$work/out/keyturn" | cut -f1))"
(cd "$work" && timeout 300 "$work/out/keyturn" demo >"$work/demo.log" 2>&1) \
  || { cat "$work/demo.log" >&2; fail "keyturn demo from the single file failed"; }
echo "single-file-check: keyturn demo from the single file succeeded"
