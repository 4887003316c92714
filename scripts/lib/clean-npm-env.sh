# Sourced by the installers of tools this project keeps outside its own dependency tree
# (real n8n, n8n's verification scanner).
#
# Under `npm test` / `npm start`, npm exports this project's settings to every child as
# npm_config_* (our .npmrc's ignore-scripts=true among them). A tool installed into a cache
# folder is a project of its own: drop what npm exported and say every setting that matters
# on the command line. How to reach the registry (registry, proxy, CA) is the machine's, and
# stays.
for name in $(compgen -e); do
  case "${name,,}" in
    npm_config_registry | npm_config_proxy | npm_config_https_proxy | npm_config_noproxy | \
      npm_config_cafile | npm_config_ca | npm_config_strict_ssl | npm_config_cache) ;;
    npm_*) unset "$name" ;;
  esac
done

# Absolute, so it means the same folder after a `cd`.
CACHE_ROOT=$(realpath -m "${SEMBLE_N8N_CACHE:-$HOME/.cache/n8n-nodes-semble}")
mkdir -p "$CACHE_ROOT"

# Holds an exclusive lock named $1 until the script ends, so two runs (CI and a person's
# `npm start`, or two test stages) never install into one folder at once.
lock_cache() {
  exec 9>"$CACHE_ROOT/.lock-$1"
  flock 9
}
