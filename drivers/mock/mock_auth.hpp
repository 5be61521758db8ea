#pragma once
// How the mock cloud refuses credentials it does not know (MockConditions knows the accounts).

#include "engine/driver.hpp"
#include "engine/error.hpp"

namespace dc::drivers::mock {

// List operations report the default message, single-object ones the driver's (as the original).
inline engine::Error list_auth_failure() {
  return engine::make_error(engine::ErrorKind::authentication);
}
inline engine::Error auth_failure() {
  return engine::make_error(engine::ErrorKind::authentication, "Authentication Failure");
}

}  // namespace dc::drivers::mock
