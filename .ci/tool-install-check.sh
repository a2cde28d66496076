#!/usr/bin/env bash
# Packs `keyturn` as a .NET tool, installs it from that folder alone into a temporary tool path, and runs
# `keyturn --version` and `keyturn demo` from the installed tool: what a user gets from `dotnet tool install`.
# Fails (non-zero) if packing, installing, the version line or the demo fails. Leaves nothing behind.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d -t keyturn-tool-check.XXXXXX)"
trap 'rm -rf "$work"' EXIT
fail() { echo "tool-install-check: $*" >&2; exit 1; }

version="$(dotnet msbuild src/Keyturn.Cli/Keyturn.Cli.csproj -getProperty:Version -p:Configuration=Release)"
[ -n "$version" ] || fail "could not read the version from the project"

dotnet pack src/Keyturn.Cli/Keyturn.Cli.csproj -c Release -o "$work/feed" --nologo -v quiet \
  || fail "dotnet pack failed"
[ -f "$work/feed/Keyturn.$version.nupkg" ] || fail "no Keyturn.$version.nupkg in the pack output: $(ls "$work/feed")"

# Only the folder just packed is a source, and a private packages folder: a Keyturn package of the same version in
# the user's NuGet cache (an earlier pack) or on a remote feed must not stand in for the one under test.
cat > "$work/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="keyturn-local" value="$work/feed" />
  </packageSources>
</configuration>
CONFIG
NUGET_PACKAGES="$work/packages" dotnet tool install --tool-path "$work/tools" --configfile "$work/nuget.config" \
  Keyturn --version "$version" || fail "dotnet tool install failed"

printed="$("$work/tools/keyturn" --version)" || fail "keyturn --version failed"
[[ "$printed" == "$version" || "$printed" == "$version+"* ]] \
  || fail "keyturn --version printed '$printed', expected $version (optionally +commit)"
echo "tool-install-check: the installed tool reports $printed"

# The demo runs its own emulator and server on loopback and a temporary directory; the bound only guards a hang.
(cd "$work" && timeout 300 "$work/tools/keyturn" demo >"$work/demo.log" 2>&1) \
  || { cat "$work/demo.log" >&2; fail "keyturn demo from the installed tool failed"; }
echo "tool-install-check: keyturn demo from the installed tool succeeded"
