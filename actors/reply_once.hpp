#pragma once
// A reply callback that is called exactly once. If the last copy dies uncalled (its message was
// dropped with a stopping actor, or a driver lost it), the client still gets an error instead of
// waiting forever.

#include <memory>

#include "engine/driver.hpp"

namespace dc::actors {

template <class T>
class ReplyOnce {
 public:
  ReplyOnce() = default;
  explicit ReplyOnce(engine::Callback<T> fn) : state_(std::make_shared<State>(std::move(fn))) {}

  void operator()(engine::Result<T> result) const {
    if (!state_ || state_->done) return;
    state_->done = true;
    auto fn = std::move(state_->fn);
    fn(std::move(result));
  }

 private:
  struct State {
    explicit State(engine::Callback<T> f) : fn(std::move(f)) {}
    ~State() {
      if (!done && fn)
        fn(engine::make_error(engine::ErrorKind::backend,
                              "Internal error: the request was dropped before it completed"));
    }
    engine::Callback<T> fn;
    bool done = false;
  };
  std::shared_ptr<State> state_;
};

}  // namespace dc::actors
