#!/usr/bin/env bash
# Refreshes the browser assets served from web/static/vendor (the API docs pages work offline), and axe-core that the
# browser tests run on every page (tests/e2e/vendor), from the npm registry at the versions pinned here. Run by hand
# when upgrading; the files are kept in the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
SWAGGER_UI=swagger-ui-dist@5.35.0
REDOC=redoc@2.5.4
AXE=axe-core@4.14.1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$SWAGGER_UI" "$REDOC" "$AXE" >/dev/null && for t in *.tgz; do mkdir "${t%.tgz}" && tar xzf "$t" -C "${t%.tgz}"; done)
mkdir -p web/static/vendor/swagger_ui web/static/vendor/redoc
cp "$work"/swagger-ui-dist-*/package/{swagger-ui-bundle.js,swagger-ui.css,LICENSE,NOTICE} web/static/vendor/swagger_ui/
cp "$work"/redoc-*/package/bundles/redoc.standalone.js "$work"/redoc-*/package/LICENSE web/static/vendor/redoc/
mkdir -p tests/e2e/vendor/axe-core
cp "$work"/axe-core-*/package/{axe.min.js,LICENSE} tests/e2e/vendor/axe-core/
echo "vendored $SWAGGER_UI and $REDOC into web/static/vendor, $AXE into tests/e2e/vendor"
