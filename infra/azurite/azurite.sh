# Azurite, the Azure Storage emulator, for local runs and CI. Sourced by ./gtm.
# azurite_start exports GTM_AZURITE (a connection string) for an emulator on free ports, with
# in-memory persistence (queues in a temporary folder), and stops it when the calling shell exits.
# Blob, queue and table services run as three processes: Azurite is single-threaded, and one
# process per service lets queue and table traffic use different cores, as they would use
# different servers in Azure.

# The npm packages of package-lock.json: Azurite, and the console's chart libraries the app's build embeds.
npm_install() {
  local lock="$GTM_ROOT/package-lock.json" stamp="$GTM_ROOT/node_modules/.package-lock.json"
  if [ ! -x "$GTM_ROOT/node_modules/.bin/azurite" ] || [ ! -e "$stamp" ] || [ "$lock" -nt "$stamp" ]; then
    echo "gtm: installing the npm packages (npm ci)" >&2
    (cd "$GTM_ROOT" && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
}

azurite_free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

azurite_listening() {
  node -e "require('net').connect($1,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))" 2>/dev/null
}

azurite_wait_for_port() {
  local port=$1 tries=0
  until azurite_listening "$port"; do
    tries=$((tries + 1))
    if [ "$tries" -gt 150 ]; then
      echo "gtm: Azurite did not start listening on port $port" >&2
      return 1
    fi
    sleep 0.2
  done
}

# azurite_start [blob queue table [data-folder]]: free ports and in-memory data unless given.
azurite_start() {
  npm_install
  local blob=${1:-} queue=${2:-} table=${3:-} data=${4:-}
  [ -n "$blob" ] || blob=$(azurite_free_port)
  [ -n "$queue" ] || queue=$(azurite_free_port)
  [ -n "$table" ] || table=$(azurite_free_port)
  local persistence=(--inMemoryPersistence)
  if [ -n "$data" ]; then mkdir -p "$data"; persistence=(--location "$data"); fi
  : >"$GTM_ROOT/.azurite.log"
  GTM_AZURITE_PIDS=""
  GTM_AZURITE_QUEUE_DATA=""
  trap azurite_stop EXIT
  local service port options
  for service in blob queue table; do
    port=$blob; [ "$service" = queue ] && port=$queue; [ "$service" = table ] && port=$table
    options=("${persistence[@]}")
    if [ "$service" = queue ] && [ -z "$data" ]; then
      # Queues keep their data in a temporary folder, not in memory: in memory, each message is an
      # extent of its own, and Azurite's collection of deleted ones (every minute) removes them one at
      # a time, re-sorting an index each time; under Durable Task's message volume the queue service
      # then stops answering for minutes. On disk, messages share extents.
      GTM_AZURITE_QUEUE_DATA=$(mktemp -d "${TMPDIR:-/tmp}/gtm-azurite-queue.XXXXXX")
      options=(--location "$GTM_AZURITE_QUEUE_DATA")
    fi
    # azurite-fixes.js: what makes the emulator slow under Durable Task's load, fixed (see there).
    node --require "$GTM_ROOT/infra/azurite/azurite-fixes.js" "$GTM_ROOT/node_modules/azurite/dist/src/$service/main.js" \
      "${options[@]}" --skipApiVersionCheck --loose --silent "--${service}Port" "$port" >>"$GTM_ROOT/.azurite.log" 2>&1 &
    GTM_AZURITE_PIDS="$GTM_AZURITE_PIDS $!"
  done
  azurite_wait_for_port "$blob" && azurite_wait_for_port "$queue" && azurite_wait_for_port "$table" || {
    cat "$GTM_ROOT/.azurite.log" >&2
    return 1
  }
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  GTM_AZURITE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
  export GTM_AZURITE
  echo "gtm: Azurite running (blob $blob, queue $queue, table $table)" >&2
}

azurite_stop() {
  # Azurite waits for idle keep-alive connections before it exits; its data is in memory, so
  # after a short grace period it is simply killed.
  local pids=${GTM_AZURITE_PIDS:-} pid
  [ -n "$pids" ] || return 0
  GTM_AZURITE_PIDS=
  kill $pids 2>/dev/null || true
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    pid=
    for p in $pids; do kill -0 "$p" 2>/dev/null && pid=$p; done
    [ -n "$pid" ] || break
    sleep 0.1
  done
  [ -z "$pid" ] || kill -9 $pids 2>/dev/null || true
  if [ -n "${GTM_AZURITE_QUEUE_DATA:-}" ]; then rm -rf "$GTM_AZURITE_QUEUE_DATA"; GTM_AZURITE_QUEUE_DATA=; fi
}
