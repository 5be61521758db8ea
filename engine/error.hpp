#pragma once
// The error taxonomy of the API: every failure anywhere ends as one of these kinds, which fixes
// its HTTP status, its Deltacloud exception class name and its default message.

#include <chrono>
#include <string>

namespace dc::engine {

/// What went wrong, independent of where.
enum class ErrorKind {
  validation,          // 400
  authentication,      // 401
  forbidden,           // 403
  not_found,           // 404
  method_not_allowed,  // 405
  not_acceptable,      // 406
  conflict,            // 409
  payload_too_large,   // 413
  throttled,           // 429: the provider's rate limit; retry later
  backend,             // 500
  not_supported,       // 501
  provider,            // 502
  unavailable,         // 503: the provider failed transiently; retry later
  provider_timeout,    // 504
};

/// One failure: its kind and a message for the client (empty = the kind's default message).
struct Error {
  ErrorKind kind = ErrorKind::backend;
  std::string message;
  /// The provider's own error code (`RequestLimitExceeded`, `itemNotFound`), when it gave one.
  std::string code;
  /// How long the provider asked to wait before retrying (Retry-After), zero when it did not.
  std::chrono::milliseconds retry_after{0};
  /// The provider made plain that a repeat would fail alike (the mock's error-injection
  /// realms): never retried, whatever the kind.
  bool lasting = false;

  /// The message to show: the explicit one, or the default for the kind.
  std::string text() const;
};

/// HTTP status code of a kind.
int http_status(ErrorKind kind);
/// Exception class name the original server reported for a kind (JSON `error` field).
const char* exception_class(ErrorKind kind);
/// Default message of a kind (`Not Found`, ...).
const char* default_message(ErrorKind kind);

/// How a caller should treat a failed provider call.
enum class Retry {
  throttled,  // over the provider's rate limit: back off, then repeat
  transient,  // the provider failed but may not next time: back off, then repeat
  fatal,      // repeating cannot help
};
Retry classify(const Error& error);

/// Shorthand constructors.
inline Error make_error(ErrorKind kind, std::string message = {}) {
  Error e;
  e.kind = kind;
  e.message = std::move(message);
  return e;
}

}  // namespace dc::engine
