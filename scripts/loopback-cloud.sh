# Sourced by scripts/test.sh: the real OpenStack cloud on 127.0.0.1 that the openstack driver's
# integration tests (tests/openstack) run against, from ../shared/openstack-loopback.
#
#   loopback_cloud_up    sets it up and starts it (as root), then describes it to the tests in
#                        DC_OPENSTACK_*; without root or without the scripts, says the tests will
#                        be skipped and why
#   loopback_cloud_down  stops it again, only if loopback_cloud_up started it
#
# DC_OPENSTACK_AUTH_URL already set: the tests use that cloud and nothing is started.
# DC_OPENSTACK_LOOPBACK: where the loopback scripts are, if not in ../shared.

loopback_dir=${DC_OPENSTACK_LOOPBACK:-$root/../shared/openstack-loopback}
loopback_started=0
loopback_auth_url=http://127.0.0.1:5000/v3

loopback_cloud_up() {
  if [ -n "${DC_OPENSTACK_AUTH_URL:-}" ]; then
    echo "openstack tests: against $DC_OPENSTACK_AUTH_URL, as the environment says"
    return 0
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "openstack tests: SKIPPED, the loopback cloud must be set up and run as root"
    return 0
  fi
  if [ ! -x "$loopback_dir/start.sh" ]; then
    echo "openstack tests: SKIPPED, no loopback cloud at $loopback_dir (set DC_OPENSTACK_LOOPBACK)"
    return 0
  fi
  local log=${TMPDIR:-/tmp}/deltacloudd-loopback-cloud.log
  if curl -s -o /dev/null --max-time 5 "$loopback_auth_url"; then
    echo "openstack tests: the loopback cloud is already running; it is left running afterwards"
  else
    echo "openstack tests: setting up and starting the loopback cloud (log: $log)"
    if ! "$loopback_dir/setup.sh" >"$log" 2>&1; then
      tail -n 40 "$log" >&2
      echo "the loopback cloud could not be set up" >&2
      return 1
    fi
    # Forget processes a run that was never stopped recorded (stop.sh only signals live ones).
    "$loopback_dir/stop.sh" >>"$log" 2>&1 || true
    loopback_started=1
    if ! "$loopback_dir/start.sh" >>"$log" 2>&1; then
      tail -n 40 "$log" >&2
      echo "the loopback cloud did not start" >&2
      return 1
    fi
    tail -n 6 "$log"
  fi
  export DC_OPENSTACK_AUTH_URL=$loopback_auth_url DC_OPENSTACK_REGION=RegionOne
  export DC_OPENSTACK_USER=demo+demo DC_OPENSTACK_PASSWORD=${OSL_PASSWORD:-loopback}
  export DC_OPENSTACK_ADMIN_USER=admin+admin DC_OPENSTACK_ADMIN_PASSWORD=${OSL_PASSWORD:-loopback}
}

loopback_cloud_down() {
  if [ "$loopback_started" = 1 ]; then
    echo "openstack tests: stopping the loopback cloud"
    "$loopback_dir/stop.sh" >/dev/null 2>&1 || true
    loopback_started=0
  fi
}
