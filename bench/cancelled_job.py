# One bulk job of N instances on the mock, cancelled at once: what the server holds for it
# afterwards and how long its first page of outcomes is.
#   python3 bench/cancelled_job.py PORT SERVER_PID N
# (the server's jobs.max_instances must allow N; prints VmRSS before, after and the page size)
import base64, http.client, json, sys, time

port, pid, n = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
auth = {"Authorization": "Basic " + base64.b64encode(b"mockuser:mockpassword").decode(),
        "Accept": "application/json"}

def rss_mib():
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

def call(method, path, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    headers = dict(auth)
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    r = conn.getresponse()
    return r.status, r.read()

before = rss_mib()
status, body = call("POST", "/api/jobs", "image_id=img1&count=%d" % n)
assert status in (201, 202), (status, body)
job = json.loads(body)["job"]["id"]
status, _ = call("DELETE", "/api/jobs/" + job)
assert status in (200, 202, 204), status
deadline = time.time() + 60
while True:
    status, body = call("GET", "/api/jobs/" + job)
    state = json.loads(body)["job"]["state"]
    if state != "RUNNING" or time.time() > deadline:
        break
    time.sleep(0.2)
counts = json.loads(body)["job"]
print("job of %d: %s, created %d, cancelled %d" % (n, state, counts["created"], counts["cancelled"]))
print("VmRSS %.1f MiB before, %.1f MiB after; GET answers %d bytes" % (before, rss_mib(), len(body)))
