#!/usr/bin/env bash
# The services n8n's queue mode needs, for the queue-mode stage and `npm run start:queue`:
# Postgres (n8n's database) and Redis (the Bull queue), from Debian, installed when missing.
# Data lives in a temporary folder, both listen on 127.0.0.1 only.
#
#   queue-services.sh start <dir> <pg-port> <redis-port>   start both; prints the n8n env lines
#   queue-services.sh stop <dir>                            stop both, remove <dir>
set -euo pipefail

command=${1:?start or stop}
dir=${2:?a folder for the data}

pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -n $bin ]] && echo "$bin"
}

install_missing() {
  local wanted=()
  [[ -n $(pg_bin) ]] || wanted+=(postgresql)
  command -v redis-server >/dev/null || wanted+=(redis-server)
  ((${#wanted[@]} == 0)) && return
  echo "installing ${wanted[*]} from Debian" >&2
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${wanted[@]}" >/dev/null
}

case $command in
start)
  pg_port=${3:?postgres port}
  redis_port=${4:?redis port}
  install_missing
  bin=$(pg_bin)
  mkdir -p "$dir/pg" "$dir/redis"
  # The postgres user must reach its folder: open the path to it (a mktemp folder is 700).
  for up in "$dir" "$(dirname "$dir")"; do chmod a+x "$up"; done
  # initdb refuses to run as root, and Postgres wants its folder to itself.
  chown -R postgres:postgres "$dir/pg"
  chmod 700 "$dir/pg"
  su postgres -s /bin/bash -c "'$bin/initdb' -D '$dir/pg/data' -U postgres -A trust -E UTF8 >'$dir/pg/initdb.log' 2>&1"
  su postgres -s /bin/bash -c "'$bin/pg_ctl' -D '$dir/pg/data' -l '$dir/pg/pg.log' -o \"-p $pg_port -c listen_addresses=127.0.0.1 -k '$dir/pg'\" -w start >/dev/null"
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -q -c "CREATE USER n8n WITH PASSWORD 'n8n'" -c "CREATE DATABASE n8n OWNER n8n" >/dev/null
  redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --daemonize yes \
    --pidfile "$dir/redis/redis.pid" --logfile "$dir/redis/redis.log" --dir "$dir/redis"
  for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  cat <<EOF
EXECUTIONS_MODE=queue
DB_TYPE=postgresdb
DB_POSTGRESDB_HOST=127.0.0.1
DB_POSTGRESDB_PORT=$pg_port
DB_POSTGRESDB_DATABASE=n8n
DB_POSTGRESDB_USER=n8n
DB_POSTGRESDB_PASSWORD=n8n
QUEUE_BULL_REDIS_HOST=127.0.0.1
QUEUE_BULL_REDIS_PORT=$redis_port
EOF
  ;;
stop)
  bin=$(pg_bin || true)
  if [[ -f $dir/redis/redis.pid ]]; then kill "$(cat "$dir/redis/redis.pid")" 2>/dev/null || true; fi
  if [[ -n $bin && -d $dir/pg/data ]]; then
    su postgres -s /bin/bash -c "'$bin/pg_ctl' -D '$dir/pg/data' -m fast -w stop >/dev/null 2>&1" || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start <dir> <pg-port> <redis-port> | stop <dir>" >&2
  exit 2
  ;;
esac
