#!/usr/bin/env bash
# Apache ECharts for the console's dashboard, from the npm package
# "echarts": the one place its version and checksum are recorded.
# Re-fetch and verify: desk/static/vendor/echarts/update.sh
# (desk's TestEChartsChecksum checks the committed file against these.)
set -euo pipefail
ECHARTS_VERSION=6.1.0
ECHARTS_SHA256=b66b25aeb4df84e33199dc21694014d336d222cbd9deb0e5a7c14bd6aa0d0fd0 # dist/echarts.min.js
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "echarts@$ECHARTS_VERSION" >/dev/null && tar xzf "echarts-$ECHARTS_VERSION.tgz")
echo "$ECHARTS_SHA256  $tmp/package/dist/echarts.min.js" | sha256sum -c --quiet
cp "$tmp/package/dist/echarts.min.js" "$tmp/package/LICENSE" "$tmp/package/NOTICE" "$here/"
echo "echarts $ECHARTS_VERSION verified and copied to $here"
