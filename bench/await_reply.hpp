#pragma once
// Calls an engine operation and waits for its reply; a failed request ends the benchmark.

#include <cstdio>
#include <cstdlib>
#include <future>

#include "engine/result.hpp"

namespace dc::bench {

/// `call(done)` starts the operation; the value it answers is returned.
template <class T, class Call>
T await_reply(Call call) {
  std::promise<T> got;
  call([&](engine::Result<T> r) {
    if (!r) {
      std::fprintf(stderr, "request failed: %s\n", r.error().message.c_str());
      std::exit(1);
    }
    got.set_value(std::move(r.value()));
  });
  return got.get_future().get();
}

}  // namespace dc::bench
