#include "drivers/openstack/openstack_errors.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstdlib>

#include "drivers/http/retry_after.hpp"

namespace dc::drivers::openstack {

namespace {

using engine::ErrorKind;

/// The service's message and code from an error body, when it has the usual shapes:
/// `{"itemNotFound": {"message": ..., "code": 404}}` (Nova, Cinder, Glance),
/// `{"error": {"message": ..., "title": ...}}` (Keystone),
/// `{"NeutronError": {"message": ..., "type": ...}}` (Neutron).
void read_message(const std::string& body, engine::Error& error) {
  simdjson::dom::parser parser;
  simdjson::dom::object root;
  if (parser.parse(body).get(root) != simdjson::SUCCESS) return;
  for (auto field : root) {
    simdjson::dom::object inner;
    if (field.value.get(inner) != simdjson::SUCCESS) continue;
    std::string_view message;
    if (inner["message"].get(message) != simdjson::SUCCESS) continue;
    error.message = std::string{message};
    std::string_view code;
    if (inner["type"].get(code) == simdjson::SUCCESS ||
        inner["title"].get(code) == simdjson::SUCCESS)
      error.code = std::string{code};
    else if (field.key != "error")
      error.code = std::string{field.key};
    return;
  }
}

}  // namespace

engine::Error openstack_error(const http::Response& response) {
  if (response.local_failure)
    return engine::make_error(ErrorKind::backend,
                              "The request to OpenStack could not be made: " + response.error);
  if (response.status == 0) {
    auto kind = response.timed_out ? ErrorKind::provider_timeout : ErrorKind::provider;
    return engine::make_error(kind, "OpenStack did not answer: " + response.error);
  }
  engine::Error error;
  auto status = response.status;
  if (status == 400)
    error.kind = ErrorKind::validation;
  else if (status == 401)
    error.kind = ErrorKind::authentication;
  else if (status == 403)
    error.kind = ErrorKind::forbidden;
  else if (status == 404)
    error.kind = ErrorKind::not_found;
  else if (status == 409)
    error.kind = ErrorKind::conflict;
  else if (status == 429 || (status == 413 && !response.header("retry-after").empty()))
    error.kind = ErrorKind::throttled;  // Nova's rate and quota limits say when to come back
  else if (status == 413)
    error.kind = ErrorKind::validation;  // too large (Swift's object size limit): never retried
  else if (status >= 500)
    error.kind = ErrorKind::provider;
  else
    error.kind = ErrorKind::validation;
  read_message(response.body, error);
  if (error.kind == ErrorKind::throttled) error.retry_after = http::retry_after(response);
  if (error.kind == ErrorKind::provider && error.message.empty())
    error.message = "OpenStack answered " + std::to_string(status);
  return error;
}

}  // namespace dc::drivers::openstack
