#!/usr/bin/env bash
# Builds the services' base image without a container engine or registry: a JRE made with jlink from the JDK
# that runs the build, on a root file system holding the files of the few Debian packages that JRE links against
# (glibc, zlib, libgcc, libstdc++), a non-root user and a world-writable /tmp. The result is a `docker save`
# style archive (manifest.json + config + one gzipped layer), the tarball format Jib accepts as a `tar://` base.
#
# Usage: build-base-image.sh OUTPUT_TAR
#   JAVA_HOME             the JDK whose jlink makes the runtime (default: the one `java` on PATH belongs to)
#   DRAGOMAN_CACHE_DIR    where built base images are kept between builds (default: ~/.cache/dragoman)
#
# The archive is byte-for-byte reproducible from the same inputs (sorted entries, fixed times and owners,
# gzip without name or time), so it is cached under a key made of those inputs: a warm build only copies it.
set -euo pipefail

output=${1:?usage: build-base-image.sh OUTPUT_TAR}
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
cache_dir=${DRAGOMAN_CACHE_DIR:-$HOME/.cache/dragoman}/base-images
image_name=dragoman/jre-base

# Modules: Java SE (Hibernate and Jackson reach into java.desktop's java.beans) plus what Quarkus, Netty and the
# JDBC driver use outside it. The AWT libraries java.desktop ships are only loaded by AWT, which nothing calls.
jre_modules=java.se,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.management,jdk.naming.dns,jdk.localedata
# Debian packages whose shared libraries the JRE needs (ldd of bin/java and libjvm.so).
debian_packages=(libc6 zlib1g libgcc-s1 libstdc++6)
runtime_uid=185

for tool in "$java_home/bin/jlink" dpkg-query sha256sum gzip tar; do
  command -v "$tool" >/dev/null || { echo "build-base-image: $tool not found" >&2; exit 1; }
done

java_release=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$java_home/release")
java_feature=${java_release%%.*}
package_versions=$(dpkg-query -W -f '${Package}=${Version}\n' "${debian_packages[@]}")
cache_key=$( { cat "$0"; echo "$java_home $java_release"; echo "$package_versions"; echo "$jre_modules"; } \
  | sha256sum | cut -c1-16)
cached="$cache_dir/$cache_key.tar"

mkdir -p "$(dirname "$output")"
if [ -s "$cached" ]; then
  cp -f "$cached" "$output"
  echo "build-base-image: $image_name:$java_feature (java $java_release) from cache ($cached)"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs/usr/bin" "$rootfs/usr/lib" "$rootfs/usr/lib64" "$rootfs/usr/sbin" "$rootfs/opt" "$rootfs/etc"
# Debian's merged /usr layout, so that /lib64/ld-linux-x86-64.so.2 (the ELF interpreter) resolves.
for dir in bin lib lib64 sbin; do ln -s "usr/$dir" "$rootfs/$dir"; done

# The packages' files as installed on this (Debian) build machine, documentation left out.
dpkg-query -L "${debian_packages[@]}" | sort -u | while read -r path; do
  if [ -f "$path" ] || [ -L "$path" ]; then
    case "$path" in /usr/share/doc/*|/usr/share/lintian/*|/usr/share/man/*|/usr/share/locale/*) ;; *) echo "${path#/}" ;; esac
  fi
done > "$work/package-files"
tar -C / --no-recursion -cf - -T "$work/package-files" | tar -C "$rootfs" --keep-directory-symlink -xf -

"$java_home/bin/jlink" --add-modules "$jre_modules" --strip-debug --no-man-pages --no-header-files \
  --compress=2 --output "$rootfs/opt/java"

cat > "$rootfs/etc/passwd" <<PASSWD
root:x:0:0:root:/root:/usr/sbin/nologin
app:x:$runtime_uid:0:Dragoman service:/tmp:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
PASSWD
cat > "$rootfs/etc/group" <<GROUP
root:x:0:
nogroup:x:65534:
GROUP
printf 'hosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
printf '%s\n' "$package_versions" "java=$java_release" > "$rootfs/etc/dragoman-base-image"
# /tmp is the only place the services write (the chart mounts an emptyDir there, the root file system read-only).
mkdir -p "$rootfs/tmp"
chmod 1777 "$rootfs/tmp"

# A reproducible layer: sorted names, one fixed time, root owner everywhere, gzip without name or time stamp.
tar -C "$rootfs" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu -cf "$work/layer.tar" .
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
gzip -n -6 "$work/layer.tar"
layer_digest=$(sha256sum "$work/layer.tar.gz" | cut -d' ' -f1)

archive="$work/archive"
mkdir -p "$archive"
mv "$work/layer.tar.gz" "$archive/$layer_digest.tar.gz"
cat > "$work/config.json" <<CONFIG
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",\
"config":{"User":"$runtime_uid","WorkingDir":"/tmp",\
"Env":["PATH=/opt/java/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],\
"Labels":{"org.opencontainers.image.title":"$image_name","org.opencontainers.image.description":"jlink JRE $java_release on Debian libraries",\
"dev.dragoman.base.java-version":"$java_release"}},\
"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},\
"history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/base-image/build-base-image.sh"}]}
CONFIG
config_digest=$(sha256sum "$work/config.json" | cut -d' ' -f1)
mv "$work/config.json" "$archive/$config_digest.json"
printf '[{"Config":"%s.json","RepoTags":["%s:%s"],"Layers":["%s.tar.gz"]}]\n' \
  "$config_digest" "$image_name" "$java_feature" "$layer_digest" > "$archive/manifest.json"

mkdir -p "$cache_dir"
tar -C "$archive" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu \
  -cf "$cached.partial" manifest.json "$config_digest.json" "$layer_digest.tar.gz"
mv -f "$cached.partial" "$cached"
cp -f "$cached" "$output"
echo "build-base-image: built $image_name:$java_feature (java $java_release, $(du -h "$output" | cut -f1)) into $output"
