#include "engine/error.hpp"

namespace dc::engine {

namespace {

struct KindInfo {
  int status;
  const char* exception;
  const char* message;
};

KindInfo info(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::validation:
      return {400, "Deltacloud::Exceptions::ValidationFailure", "Bad Request"};
    case ErrorKind::authentication:
      return {401, "Deltacloud::Exceptions::AuthenticationFailure", "Unauthorized"};
    case ErrorKind::forbidden:
      return {403, "Deltacloud::Exceptions::ForbiddenError", "Forbidden"};
    case ErrorKind::not_found:
      return {404, "Deltacloud::Exceptions::ObjectNotFound", "Not Found"};
    case ErrorKind::method_not_allowed:
      return {405, "Deltacloud::Exceptions::MethodNotAllowed", "Method Not Allowed"};
    case ErrorKind::not_acceptable:
      return {406, "Deltacloud::Exceptions::UnknownMediaTypeError", "Not Acceptable"};
    case ErrorKind::conflict:
      return {409, "Deltacloud::Exceptions::Conflict", "Resource Conflict"};
    case ErrorKind::payload_too_large:
      return {413, "Deltacloud::Exceptions::PayloadTooLarge", "Request Entity Too Large"};
    case ErrorKind::throttled:
      return {429, "Deltacloud::Exceptions::RateLimited", "Too Many Requests"};
    case ErrorKind::backend:
      return {500, "Deltacloud::Exceptions::BackendError", "Internal Server Error"};
    case ErrorKind::not_supported:
      return {501, "Deltacloud::Exceptions::NotImplemented", "Not Supported"};
    case ErrorKind::provider:
      return {502, "Deltacloud::Exceptions::ProviderError", "Backend Server Error"};
    case ErrorKind::unavailable:
      return {503, "Deltacloud::Exceptions::ServiceUnavailable", "Service Unavailable"};
    case ErrorKind::provider_timeout:
      return {504, "Deltacloud::Exceptions::ProviderTimeout", "Gateway Timeout"};
  }
  return {500, "Deltacloud::Exceptions::BackendError", "Internal Server Error"};
}

}  // namespace

std::string Error::text() const {
  return message.empty() ? default_message(kind) : message;
}

int http_status(ErrorKind kind) {
  return info(kind).status;
}
const char* exception_class(ErrorKind kind) {
  return info(kind).exception;
}
const char* default_message(ErrorKind kind) {
  return info(kind).message;
}

Retry classify(const Error& error) {
  if (error.lasting) return Retry::fatal;
  switch (error.kind) {
    case ErrorKind::throttled:
      return Retry::throttled;
    case ErrorKind::provider:
    case ErrorKind::unavailable:
    case ErrorKind::provider_timeout:
      return Retry::transient;
    default:
      return Retry::fatal;
  }
}

}  // namespace dc::engine
