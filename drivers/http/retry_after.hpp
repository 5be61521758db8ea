#pragma once
// How long a provider asked to wait before a retry (`Retry-After` in seconds), for every driver
// that maps throttling answers.

#include <chrono>

#include "drivers/http/http_client.hpp"

namespace dc::http {

/// The answer's Retry-After in seconds, as a duration; zero when absent, unreadable or negative,
/// at most a day (nobody waits longer, and a huge figure would not convert).
std::chrono::milliseconds retry_after(const Response& response);

}  // namespace dc::http
