#pragma once
// Waiting for events on an event stream, with a deadline: what integration tests against real
// clouds share.

#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>

#include "tests/support/http_client.hpp"

namespace dc::test {

/// The next event whose data contains every one of `needles`, skipping others; nothing when
/// `deadline` passes first.
inline std::optional<StreamEvent> next_event_with(EventStreamClient& stream,
                                                  std::initializer_list<std::string> needles,
                                                  std::chrono::milliseconds deadline) {
  auto until = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    auto e = stream.next(left);
    if (!e) return std::nullopt;
    bool all = true;
    for (auto& n : needles) all = all && e->data.find(n) != std::string::npos;
    if (all) return e;
  }
}

}  // namespace dc::test
