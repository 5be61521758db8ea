#include "drivers/ec2/ec2_errors.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <cstdlib>

#include "drivers/http/retry_after.hpp"

namespace dc::drivers::ec2 {

using engine::ErrorKind;

namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool one_of(std::string_view code, std::initializer_list<std::string_view> codes) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

}  // namespace

ErrorKind ec2_error_kind(std::string_view code, long status) {
  if (one_of(code, {"AuthFailure", "InvalidClientTokenId", "SignatureDoesNotMatch",
                    "UnrecognizedClientException", "MissingAuthenticationToken",
                    "InvalidAccessKeyId", "OptInRequired"}))
    return ErrorKind::authentication;
  if (one_of(code, {"RequestLimitExceeded", "Throttling", "ThrottlingException", "SlowDown",
                    "RequestThrottled", "TooManyRequestsException"}))
    return ErrorKind::throttled;
  if (one_of(code, {"UnauthorizedOperation", "AccessDenied", "Blocked"}))
    return ErrorKind::forbidden;
  if (ends_with(code, ".NotFound") ||
      one_of(code, {"NoSuchBucket", "NoSuchKey", "NoSuchUpload", "LoadBalancerNotFound"}))
    return ErrorKind::not_found;
  if (ends_with(code, ".Duplicate") ||
      one_of(code, {"IncorrectState", "IncorrectInstanceState", "DependencyViolation",
                    "VolumeInUse", "BucketAlreadyExists", "BucketNotEmpty"}))
    return ErrorKind::conflict;
  if (ends_with(code, ".Malformed") ||
      one_of(code, {"InvalidParameterValue", "InvalidParameterCombination", "InvalidParameter",
                    "MissingParameter", "UnknownParameter", "ValidationError", "InvalidRequest",
                    "InvalidAction"}))
    return ErrorKind::validation;
  if (one_of(code, {"InternalError", "InternalFailure", "ServiceUnavailable", "Unavailable",
                    "InsufficientInstanceCapacity"}))
    return ErrorKind::unavailable;
  // EC2 answers 400 for what the request got wrong; a code this table does not know yet
  // (InvalidKeyPair.Format, IncompleteSignature...) is still the client's to fix.
  if (status == 400) return ErrorKind::validation;
  if (status == 401) return ErrorKind::authentication;
  if (status == 403) return ErrorKind::forbidden;
  if (status == 404) return ErrorKind::not_found;
  if (status == 429) return ErrorKind::throttled;
  if (status == 500 || status == 503) return ErrorKind::unavailable;
  return ErrorKind::provider;
}

engine::Error ec2_error(const http::Response& response) {
  if (response.local_failure)
    return engine::make_error(ErrorKind::backend,
                              "The request to EC2 could not be made: " + response.error);
  if (response.status == 0) {
    auto kind = response.timed_out ? ErrorKind::provider_timeout : ErrorKind::unavailable;
    return engine::make_error(kind, "EC2 did not answer: " + response.error);
  }
  std::string code, message;
  pugi::xml_document answer;
  if (answer.load_buffer(response.body.data(), response.body.size())) {
    // EC2 and ELB nest the error differently (Response/Errors/Error, ErrorResponse/Error);
    // S3's is the root: the first Error element anywhere is the one.
    auto error = answer.select_node("//Error").node();
    code = error.child_value("Code");
    message = error.child_value("Message");
  }
  auto error = engine::make_error(
      ec2_error_kind(code, response.status),
      message.empty() ? "EC2 answered " + std::to_string(response.status) : message);
  error.code = code;
  if (error.kind == ErrorKind::throttled) error.retry_after = http::retry_after(response);
  return error;
}

}  // namespace dc::drivers::ec2
