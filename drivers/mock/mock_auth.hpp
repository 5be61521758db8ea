#pragma once
// The mock cloud's one account and how it refuses others.

#include "engine/driver.hpp"
#include "engine/error.hpp"

namespace dc::drivers::mock {

inline bool authentic(const engine::Credentials& who) {
  return who.user == "mockuser" && who.password == "mockpassword";
}

// List operations report the default message, single-object ones the driver's (as the original).
inline engine::Error list_auth_failure() {
  return engine::make_error(engine::ErrorKind::authentication);
}
inline engine::Error auth_failure() {
  return engine::make_error(engine::ErrorKind::authentication, "Authentication Failure");
}

}  // namespace dc::drivers::mock
