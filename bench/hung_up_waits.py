# Sends N waits for a state that never comes (GET /api/instances/inst1?wait_for=STOPPED&
# timeout=3600), hanging up right after each: the server must let go of every one at once.
#   python3 bench/hung_up_waits.py PORT N   (then watch the server's /proc/PID/fd and VmRSS)
import socket, sys, time, base64
port = int(sys.argv[1]); n = int(sys.argv[2])
auth = base64.b64encode(b"mockuser:mockpassword").decode()
req = ("GET /api/instances/inst1?wait_for=STOPPED&timeout=3600 HTTP/1.1\r\nHost: x\r\n"
       "Authorization: Basic %s\r\n\r\n" % auth).encode()
t0 = time.time()
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(req)
    s.close()
print("sent %d waits and hung up, %.1f s" % (n, time.time() - t0))
