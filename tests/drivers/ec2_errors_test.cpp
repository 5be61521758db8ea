// EC2's, ELB's and S3's error answers as the engine's errors: the kind that decides the client's
// status and the engine's retries, with the provider's code and message kept. The bodies have the
// shapes of AWS's API references (EC2 "Error codes", ELB and S3 "Error responses").

#include <catch2/catch.hpp>

#include "drivers/ec2/ec2_errors.hpp"

using namespace dc;
using namespace dc::drivers::ec2;
using engine::ErrorKind;

namespace {

http::Response answer(long status, std::string body, http::HeaderList headers = {}) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

std::string ec2_body(const std::string& code, const std::string& message) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code +
         "</Code><Message>" + message +
         "</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID>"
         "</Response>";
}

}  // namespace

TEST_CASE("an EC2 error keeps its code and message, and its code decides the kind") {
  auto missing = ec2_error(answer(
      400, ec2_body("InvalidInstanceID.NotFound", "The instance ID 'i-1a2b3c4d' does not exist")));
  CHECK(missing.kind == ErrorKind::not_found);
  CHECK(missing.code == "InvalidInstanceID.NotFound");
  CHECK(missing.message == "The instance ID 'i-1a2b3c4d' does not exist");

  // EC2 answers 400 for throttling: the code says what it is, and the engine backs off.
  auto throttled = ec2_error(answer(
      503, ec2_body("RequestLimitExceeded", "Request limit exceeded."), {{"retry-after", "2"}}));
  CHECK(throttled.kind == ErrorKind::throttled);
  CHECK(throttled.retry_after == std::chrono::seconds{2});
  CHECK(engine::classify(throttled) == engine::Retry::throttled);

  CHECK(ec2_error(answer(401, ec2_body("AuthFailure", "AWS was not able to validate"))).kind ==
        ErrorKind::authentication);
  CHECK(ec2_error(answer(403, ec2_body("SignatureDoesNotMatch", "no"))).kind ==
        ErrorKind::authentication);
  CHECK(ec2_error(answer(403, ec2_body("UnauthorizedOperation", "no"))).kind ==
        ErrorKind::forbidden);
  CHECK(ec2_error(answer(400, ec2_body("InvalidAMIID.Malformed", "Invalid id"))).kind ==
        ErrorKind::validation);
  CHECK(ec2_error(answer(400, ec2_body("IncorrectInstanceState", "no"))).kind ==
        ErrorKind::conflict);
  CHECK(ec2_error(answer(400, ec2_body("InvalidKeyPair.Duplicate", "exists"))).kind ==
        ErrorKind::conflict);
  auto internal = ec2_error(answer(500, ec2_body("InternalError", "An internal error")));
  CHECK(internal.kind == ErrorKind::unavailable);
  CHECK(engine::classify(internal) == engine::Retry::transient);
  // A code not in the table: a 400 is the request's fault, anything else EC2's.
  auto unknown = ec2_error(answer(400, ec2_body("SomethingNew", "What EC2 said")));
  CHECK(unknown.kind == ErrorKind::validation);
  CHECK(unknown.code == "SomethingNew");
  CHECK(unknown.message == "What EC2 said");
  CHECK(ec2_error(answer(502, ec2_body("SomethingNew", "x"))).kind == ErrorKind::provider);
}

TEST_CASE("ELB's and S3's error shapes are read too") {
  auto elb = ec2_error(
      answer(400,
             "<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/\">"
             "<Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message>"
             "</Error><RequestId>a1b2</RequestId></ErrorResponse>"));
  CHECK(elb.kind == ErrorKind::throttled);
  CHECK(elb.message == "Rate exceeded");
  auto s3 = ec2_error(
      answer(404,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
             "<Message>The resource you requested does not exist</Message>"
             "<Resource>/mybucket/myfoto.jpg</Resource><RequestId>4442587FB7D0A2F9</RequestId>"
             "</Error>"));
  CHECK(s3.kind == ErrorKind::not_found);
  CHECK(s3.code == "NoSuchKey");
}

TEST_CASE("an answer without a readable error is judged by its status") {
  CHECK(ec2_error(answer(503, "<html>busy</html")).kind == ErrorKind::unavailable);
  CHECK(ec2_error(answer(404, "")).kind == ErrorKind::not_found);
  CHECK(ec2_error(answer(418, "teapot")).kind == ErrorKind::provider);
  http::Response none;
  none.error = "Connection refused";
  CHECK(ec2_error(none).kind == ErrorKind::unavailable);
  none.timed_out = true;
  CHECK(ec2_error(none).kind == ErrorKind::provider_timeout);
  http::Response local;
  local.local_failure = true;
  CHECK(ec2_error(local).kind == ErrorKind::backend);
}
