# Sourced by scripts/test.sh: moto (`moto_server`), an EC2/S3/ELB emulator no one here wrote, on
# 127.0.0.1, for the tests of the ec2 driver's pieces (tests/ec2) that speak to a real endpoint.
#
#   moto_cloud_up    starts it with signature checking on: the first three calls (made here, to
#                    create an IAM user, its access key and an allow-all policy) go unchecked,
#                    every later one must be signed with that key. Describes it to the tests in
#                    DC_MOTO_ENDPOINT, DC_MOTO_ACCESS_KEY and DC_MOTO_SECRET_KEY (the
#                    environment only: nothing is written to disk). Without moto or boto3, says
#                    the tests will be skipped and why.
#   moto_cloud_down  stops it again, only if moto_cloud_up started it

moto_pid=

moto_cloud_up() {
  if ! command -v moto_server >/dev/null 2>&1; then
    echo "ec2 tests: SKIPPED, moto_server is not installed (pip install 'moto[server]')"
    return 0
  fi
  if ! python3 -c 'import boto3' >/dev/null 2>&1; then
    echo "ec2 tests: SKIPPED, python3 has no boto3 to set up moto's IAM user"
    return 0
  fi
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  local log=${TMPDIR:-/tmp}/deltacloudd-moto.log
  INITIAL_NO_AUTH_ACTION_COUNT=3 moto_server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
  moto_pid=$!
  local deadline=$((SECONDS + 60))
  until curl -sf -o /dev/null "http://127.0.0.1:$port/moto-api/"; do
    if [ $SECONDS -ge $deadline ] || ! kill -0 "$moto_pid" 2>/dev/null; then
      tail -n 20 "$log" >&2
      echo "moto did not start on 127.0.0.1:$port within 60 s" >&2
      return 1
    fi
    sleep 0.2
  done
  local keys
  if ! keys=$(DC_MOTO_PORT=$port python3 - <<'PY'
import json, os
import boto3
iam = boto3.client("iam", endpoint_url="http://127.0.0.1:%s" % os.environ["DC_MOTO_PORT"],
                   region_name="us-east-1", aws_access_key_id="setup",
                   aws_secret_access_key="setup")
iam.create_user(UserName="deltacloudd-test")
key = iam.create_access_key(UserName="deltacloudd-test")["AccessKey"]
iam.put_user_policy(UserName="deltacloudd-test", PolicyName="everything",
                    PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
                        {"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
print(key["AccessKeyId"], key["SecretAccessKey"])
PY
  ); then
    echo "moto's IAM user could not be set up" >&2
    return 1
  fi
  export DC_MOTO_ENDPOINT=http://127.0.0.1:$port
  export DC_MOTO_ACCESS_KEY=${keys% *} DC_MOTO_SECRET_KEY=${keys#* }
  echo "ec2 tests: moto $(python3 -c 'import moto; print(moto.__version__)') on $DC_MOTO_ENDPOINT, signatures checked"
}

moto_cloud_down() {
  if [ -n "$moto_pid" ]; then
    echo "ec2 tests: stopping moto"
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
    moto_pid=
  fi
}
