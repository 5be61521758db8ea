#pragma once
// OpenStack answers as our errors: the status picks the kind, and the service's own message and
// error code (Nova's `itemNotFound`, Keystone's title, Neutron's type) are kept.
//
// | OpenStack answer               | our error                        |
// |--------------------------------|----------------------------------|
// | 400                            | validation (400)                 |
// | 401                            | authentication (401)             |
// | 403                            | forbidden (403)                  |
// | 404                            | not_found (404)                  |
// | 409                            | conflict (409); instance actions  |
// |                                | in the wrong state: 405          |
// | 429; 413 with Retry-After      | throttled, retried               |
// | 413 without Retry-After         | validation (400): too large      |
// | other 4xx                      | validation (400)                 |
// | 5xx                            | provider (502), retried when safe |
// | no answer: timed out           | provider_timeout (504)           |
// | no answer: refused, DNS, TLS   | provider (502)                   |
// | not sent: our file or disk     | backend (500)                    |

#include "drivers/http/http_client.hpp"
#include "engine/error.hpp"

namespace dc::drivers::openstack {

/// The error an unsuccessful answer (or no answer) stands for.
engine::Error openstack_error(const http::Response& response);

/// True for a 2xx answer.
inline bool succeeded(const http::Response& response) {
  return response.status >= 200 && response.status < 300;
}

}  // namespace dc::drivers::openstack
