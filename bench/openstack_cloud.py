#!/usr/bin/env python3
"""Measures deltacloudd's openstack driver against a running OpenStack (the loopback cloud).

    bench/openstack_cloud.py DELTACLOUDD_PORT [SERVERS] [NOVA_API_LOG]

deltacloudd must run `-i openstack` with the cloud's Keystone as provider, on 127.0.0.1:PORT.
Credentials come from DC_OPENSTACK_USER (user+project, default demo+demo) and
DC_OPENSTACK_PASSWORD (default loopback); Keystone from DC_OPENSTACK_AUTH_URL.

Prints:
  1. Nova requests while SERVERS servers are in BUILD: what deltacloudd's polling asked of Nova
     (counted in nova-api's own request log), per kind, and per poll cycle.
  2. Latency from Nova reporting ACTIVE (seen by asking Nova directly every 20 ms) to the
     RUNNING event reaching an event-stream subscriber of deltacloudd.
  3. The time of a list call through deltacloudd against the same call straight to Nova.
Every server it makes is deleted at the end.
"""
import base64
import concurrent.futures
import http.client
import json
import os
import re
import statistics
import sys
import threading
import time
import urllib.request

PORT = int(sys.argv[1])
SERVERS = int(sys.argv[2]) if len(sys.argv) > 2 else 100
NOVA_LOG = sys.argv[3] if len(sys.argv) > 3 else "/var/lib/openstack-loopback/log/nova-api.log"
AUTH_URL = os.environ.get("DC_OPENSTACK_AUTH_URL", "http://127.0.0.1:5000/v3")
LOGIN = os.environ.get("DC_OPENSTACK_USER", "demo+demo")
PASSWORD = os.environ.get("DC_OPENSTACK_PASSWORD", "loopback")
BASIC = "Basic " + base64.b64encode(f"{LOGIN}:{PASSWORD}".encode()).decode()


def call(method, url, headers=None, body=None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def api(method, path, body=None):
    headers = {"Authorization": BASIC, "Accept": "application/json"}
    return call(method, f"http://127.0.0.1:{PORT}{path}", headers, body)


def nova_session():
    user, project = LOGIN.split("+")
    auth = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": user, "domain": {"name": "Default"}, "password": PASSWORD}}},
        "scope": {"project": {"name": project, "domain": {"name": "Default"}}}}}
    status, headers, body = call("POST", AUTH_URL + "/auth/tokens",
                                 {"Content-Type": "application/json"}, json.dumps(auth).encode())
    assert status == 201, body
    token = headers["X-Subject-Token"]
    catalog = json.loads(body)["token"]["catalog"]
    nova = next(e["url"] for s in catalog if s["type"] == "compute"
                for e in s["endpoints"] if e["interface"] == "public")
    return token, nova.rstrip("/")


class EventReader(threading.Thread):
    """Reads deltacloudd's event stream; notes when each instance's RUNNING event arrived."""

    def __init__(self):
        super().__init__(daemon=True)
        self.running_at = {}
        self.ready = threading.Event()

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", PORT)
        conn.request("GET", "/api/events", headers={"Authorization": BASIC})
        response = conn.getresponse()
        self.ready.set()
        data = ""
        while True:
            line = response.readline().decode()
            if not line:
                return
            if line.startswith("data:"):
                data = line[5:].strip()
            elif line.strip() == "" and data:
                event = json.loads(data)
                if event.get("to") == "RUNNING":
                    self.running_at.setdefault(event["instance_id"], time.monotonic())
                data = ""


def nova_log_size():
    return os.path.getsize(NOVA_LOG)


def nova_requests_since(offset):
    kinds = {}
    with open(NOVA_LOG, "rb") as log:
        log.seek(offset)
        for line in log.read().decode(errors="replace").splitlines():
            m = re.search(r'"(GET|POST|DELETE|PUT) /v2\.1(/[^ ?]*)(\?[^ ]*)? HTTP', line)
            if not m:
                continue
            method, path, query = m.group(1), m.group(2), m.group(3) or ""
            path = re.sub(r"/[0-9a-f-]{36}", "/{id}", path)
            kind = f"{method} {path}"
            if "changes-since" in query:
                kind += "?changes-since"
            elif "limit=" in query:
                kind += "?limit (listing page)"
            kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def main():
    token, nova = nova_session()
    status, _, body = api("GET", "/api/images")
    image = next(i["id"] for i in json.loads(body)["images"] if i["name"] == "cirros-fake")

    events = EventReader()
    events.start()
    events.ready.wait(10)
    offset = nova_log_size()

    # Nova's own view, every 20 ms from before the first create: when each server became ACTIVE.
    active_at = {}
    sampling = threading.Event()

    def sample():
        while not sampling.is_set():
            status, _, body = call("GET", nova + "/servers/detail",
                                   {"X-Auth-Token": token, "Accept": "application/json"})
            now = time.monotonic()
            for s in json.loads(body)["servers"]:
                if s["status"] == "ACTIVE":
                    active_at.setdefault(s["id"], now)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()

    def create(n):
        status, _, body = api("POST", f"/api/instances?image_id={image}&name=dc-bench-{n}")
        assert status == 201, body
        return json.loads(body)["instance"]["id"]

    # As a control-plane client would: many creates in flight at once.
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        ids = list(pool.map(create, range(SERVERS)))
    created = time.monotonic()
    deadline = time.monotonic() + 300
    while len(events.running_at) < len(ids) and time.monotonic() < deadline:
        time.sleep(0.05)
    settled = time.monotonic()
    sampling.set()
    sampler.join()
    kinds = nova_requests_since(offset)
    print(f"1. {SERVERS} servers created through deltacloudd in {created - started:.1f} s; "
          f"all RUNNING events {settled - started:.1f} s after the first create")
    print("   Nova requests in that window (nova-api log), by kind:")
    for kind, count in sorted(kinds.items()):
        note = "  (this benchmark's own sampling of Nova)" if kind == "GET /servers/detail" else ""
        print(f"     {count:6d}  {kind}{note}")

    latencies = [events.running_at[i] - active_at[i] for i in ids
                 if i in events.running_at and i in active_at]
    if latencies:
        latencies.sort()
        print(f"2. Nova ACTIVE -> RUNNING event at the subscriber, {len(latencies)} servers: "
              f"median {statistics.median(latencies) * 1000:.0f} ms, "
              f"p90 {latencies[int(len(latencies) * 0.9) - 1] * 1000:.0f} ms, "
              f"max {latencies[-1] * 1000:.0f} ms (Nova sampled every 20 ms + its answer time)")

    def timed(fn, runs=30):
        samples = []
        for _ in range(runs):
            t = time.monotonic()
            fn()
            samples.append(time.monotonic() - t)
        return statistics.median(samples) * 1000, max(samples) * 1000

    direct = timed(lambda: call("GET", nova + "/servers/detail",
                                {"X-Auth-Token": token, "Accept": "application/json"}))
    through = timed(lambda: api("GET", "/api/instances?format=json"))
    print(f"3. list of {SERVERS}+ servers, 30 calls each: Nova direct median {direct[0]:.1f} ms "
          f"(max {direct[1]:.1f}); through deltacloudd median {through[0]:.1f} ms "
          f"(max {through[1]:.1f}); overhead {through[0] - direct[0]:.1f} ms")

    for i in ids:
        api("DELETE", f"/api/instances/{i}")


if __name__ == "__main__":
    main()
