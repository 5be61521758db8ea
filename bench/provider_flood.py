# Sends N GET /api/realms as mockuser, each naming another provider: N accounts on the mock,
# which the directory bounds (engine.max_accounts) by letting quiet ones go.
#   python3 bench/provider_flood.py PORT N   (prints the statuses; watch the server's VmRSS)
import http.client, sys, base64, collections, time
port = int(sys.argv[1]); n = int(sys.argv[2])
auth = "Basic " + base64.b64encode(b"mockuser:mockpassword").decode()
codes = collections.Counter(); t0 = time.time()
conn = http.client.HTTPConnection("127.0.0.1", port)
for i in range(n):
    conn.request("GET", "/api/realms", headers={"X-Deltacloud-Provider": "p%d" % i, "Authorization": auth})
    r = conn.getresponse(); r.read(); codes[r.status] += 1
print(dict(codes), "%.1f s" % (time.time() - t0))
