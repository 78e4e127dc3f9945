#!/bin/sh
# doc/containers.md: its sh blocks, run in order in a scratch copy of the
# source tree's command/ and etc/, with runc standing in for docker (a
# docker function below maps build, run -d, exec, stop and wait onto an
# OCI bundle).  The other blocks (dockerfile, yaml) need docker or a
# cluster and are only shown.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runit-root.sh"
. "$(dirname "$0")/container-lib.sh"
if [ "${RUNIT_SANITIZE:-}" = 1 ]; then
  # the page's image is FROM scratch: static programs only
  echo "1..1"; echo "ok 1 # skip the sanitizer build is linked dynamically"; exit 0
fi
ctr_require
trap 'ctr_cleanup; _cleanup' EXIT

DOC=$TOP/doc/containers.md
awk '/^```sh$/ { on = 1; next } /^```/ { on = 0 } on' "$DOC" >"$T/doc.sh"
ok "doc/containers.md has sh blocks" test -s "$T/doc.sh"

# docker, as far as the page uses it
docker() {
  case $1 in
    build) # build -t NAME DIR: its Dockerfile is COPY rootfs/ / and ENTRYPOINT
      _b=$T/bundles/$3
      mkdir -p "$_b" && cp -a "$4/rootfs" "$_b/rootfs" && (cd "$_b" && runc spec) &&
        cfg "$_b" "c['process']['terminal'] = False
c['root']['readonly'] = False
c['process']['args'] = json.loads(open('$4/Dockerfile').read().split('ENTRYPOINT', 1)[1])" ;;
    run) # run -d --name NAME IMAGE; returns once the supervisors are up
      [ "$4" = "$5" ] || mv "$T/bundles/$5" "$T/bundles/$4"
      ctr_start "$T/bundles/$4" && ctr_running "$T/bundles/$4" &&
        wait_until 120 ctr_exec "$T/bundles/$4" 'sv status /etc/service/* >/dev/null' ;;
    exec) _n=$2; shift 2; runc --root "$CTR_STATE" exec "$_n" "$@" ;;
    stop) ctr_kill TERM "$T/bundles/$2" ;;
    wait) ctr_wait "$T/bundles/$2" ;;
    *) echo "docker stand-in: $1 not mapped" >&2; return 1 ;;
  esac
}

mkdir -p "$T/src" && ln -s "$B" "$T/src/command" && cp -R "$TOP/etc" "$T/src/etc"
(cd "$T/src" && set -e && . "$T/doc.sh") >"$T/doc.out" 2>&1
out=$(cat "$T/doc.out")
rc=$?
is "$rc" 0 "the page's commands ran"
like "$out" "ok: run: /etc/service/web" "sv check through docker exec: web is up"
like "$out" "run: /etc/service/web: \\(pid [0-9]+\\)" "sv status through docker exec"
is "$(echo "$out" | tail -n 1)" 0 "docker wait: the container exited 0 after docker stop"
like "$(cat "$T/bundles/web.out")" "web: serving" "the service's output reached the container's stdout"
like "$(cat "$T/bundles/web.out")" "enter stage: /etc/runit/3" "docker stop ran stage 3"
finish
