#pragma once
// The error taxonomy of the API: every failure anywhere ends as one of these kinds, which fixes
// its HTTP status, its Deltacloud exception class name and its default message.

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
  backend,             // 500
  not_supported,       // 501
  provider,            // 502
  provider_timeout,    // 504
};

/// One failure: its kind and a message for the client (empty = the kind's default message).
struct Error {
  ErrorKind kind = ErrorKind::backend;
  std::string message;

  /// The message to show: the explicit one, or the default for the kind.
  std::string text() const;
};

/// HTTP status code of a kind.
int http_status(ErrorKind kind);
/// Exception class name the original server reported for a kind (JSON `error` field).
const char* exception_class(ErrorKind kind);
/// Default message of a kind (`Not Found`, ...).
const char* default_message(ErrorKind kind);

/// Shorthand constructors.
inline Error make_error(ErrorKind kind, std::string message = {}) {
  return Error{kind, std::move(message)};
}

}  // namespace dc::engine
