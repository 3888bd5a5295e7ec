#!/usr/bin/env bash
# Stands in for the container engine CLI that Quarkus' Jib extension hands a finished image to.
# Quarkus 3.32 can push an image to a registry or `docker load` it, but not write it to a file, and no registry
# or engine is reachable here. Jib runs `<engine> info` and then `<engine> load` with the image (Docker archive
# format) on stdin; this script keeps that stream as the file named by DRAGOMAN_IMAGE_TARBALL, which the build
# passes through quarkus.jib.docker-environment. Any other command fails, so nothing is silently pretended.
set -euo pipefail

case "${1:-}" in
  info)
    # Jib reads the engine's platform to pick a base image platform; the images are built for linux/amd64.
    printf '{"OSType":"linux","Architecture":"x86_64"}\n'
    ;;
  load)
    target=${DRAGOMAN_IMAGE_TARBALL:?DRAGOMAN_IMAGE_TARBALL must name the image tarball to write}
    mkdir -p "$(dirname "$target")"
    cat > "$target.partial"
    mv -f "$target.partial" "$target"
    echo "Loaded image archive: $target"
    ;;
  *)
    echo "image-to-tarball.sh: only 'info' and 'load' are supported, not: $*" >&2
    exit 1
    ;;
esac
