#!/usr/bin/env bash
# Sourced by hack/tools.sh. Installs Go binaries from Debian trixie packages into .tools/ without
# touching the machine's bookworm packages: VictoriaMetrics and vmalert 1.112 (closer to the v1.106
# image the operator deploys than bookworm's 1.79), promtool 2.53 and Alertmanager 0.28 (bookworm has
# none). They link at most libc and libzstd, both in bookworm.
#
# How: a private apt configuration (its own sources, lists and cache under a temporary directory)
# whose one source is the trixie suite of the mirror this machine already uses for bookworm, so apt
# verifies the packages against the suite's signed Release file; then `apt-get download` of the
# pinned versions, a SHA-256 check of each .deb, and `dpkg-deb -x` into .tools/trixie/<package>.
# Needs apt-get and dpkg-deb (Debian or a derivative). Idempotent: a pinned version already unpacked
# is kept. About 85 MB to download the first time.

# package=version  sha256 of the .deb  binaries linked into .tools/bin (name[:link name])
trixie_packages=(
  "victoria-metrics=1.112.0+ds1-2 1d3717f1a8ab5bf690271095dd286730f6fb0761cc8c09c0fc8f529c9838f346 victoria-metrics vmalert"
  "promtool=2.53.3+ds1-2 ff27654eacc95abd846d344e91fe4ba3b4f0588a50d606ed1d2f09ad3408722f promtool"
  "prometheus-alertmanager=0.28.1+ds-1 76ee08c2bf686fa32ca243d099b6bfc6cb00074e9337c18ef73154b60c5830a9 prometheus-alertmanager:alertmanager amtool"
)

# The URI of the machine's own Debian bookworm source (deb822 or one-line format).
bookworm_mirror() {
  local file uri
  for file in /etc/apt/sources.list.d/*.sources; do
    [[ -e "$file" ]] || continue
    uri="$(awk '/^URIs:/ {u=$2} /^Suites:/ && /bookworm( |$)/ && u {print u; exit}' "$file")"
    if [[ -n "$uri" ]]; then echo "$uri"; return 0; fi
  done
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -e "$file" ]] || continue
    uri="$(awk '$1 == "deb" && $3 == "bookworm" {print $2; exit}' "$file")"
    if [[ -n "$uri" ]]; then echo "$uri"; return 0; fi
  done
  return 1
}

install_trixie_tools() {
  local tools="$1" bin="$1/bin" entry spec sha binaries package version dest missing=()
  for entry in "${trixie_packages[@]}"; do
    read -r spec sha binaries <<<"$entry"
    package="${spec%%=*}" version="${spec#*=}"
    [[ "$(cat "$tools/trixie/$package/.version" 2>/dev/null)" == "$version" ]] || missing+=("$entry")
  done

  if [[ ${#missing[@]} -gt 0 ]]; then
    if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
      echo "tools: apt-get and dpkg-deb are needed to fetch ${missing[*]%% *} from Debian trixie" >&2
      return 1
    fi
    local mirror work
    if ! mirror="$(bookworm_mirror)"; then
      echo "tools: no Debian bookworm entry in /etc/apt/sources* to derive the trixie source from" >&2
      return 1
    fi
    work="$(mktemp -d)"
    # shellcheck disable=SC2064 # expand now: $work is local to this function
    trap "rm -rf '$work'" RETURN
    mkdir -p "$work/parts" "$work/lists/partial" "$work/cache/archives/partial"
    printf 'Types: deb\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$mirror" >"$work/parts/trixie.sources"
    local apt_options=(-qq -o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$work/parts"
      -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o APT::Sandbox::User=root)
    apt-get "${apt_options[@]}" update
    for entry in "${missing[@]}"; do
      read -r spec sha binaries <<<"$entry"
      package="${spec%%=*}" version="${spec#*=}"
      (cd "$work" && apt-get "${apt_options[@]}" download "$spec")
      echo "$sha  $(echo "$work/${package}_"*.deb)" | sha256sum --check --quiet
      dest="$tools/trixie/$package"
      rm -rf "$dest" && mkdir -p "$dest"
      dpkg-deb -x "$work/${package}_"*.deb "$dest"
      echo "$version" >"$dest/.version"
      echo "tools: unpacked $package $version (Debian trixie) into $dest"
    done
  fi

  mkdir -p "$bin"
  local binary name link
  for entry in "${trixie_packages[@]}"; do
    read -r spec sha binaries <<<"$entry"
    package="${spec%%=*}"
    for binary in $binaries; do
      name="${binary%%:*}" link="${binary#*:}"
      ln -sfn "../trixie/$package/usr/bin/$name" "$bin/$link"
      "$bin/$link" --help >/dev/null 2>&1 || { echo "tools: $bin/$link does not run" >&2; return 1; }
    done
  done
}
