#pragma once
// Tells the work done for a request that nobody wants its answer any more (the client hung up),
// so that what the work holds (a wait, its timer, its reply) is let go at once instead of at
// its timeout. Thread-safe: the HTTP server cancels from an I/O thread, actors listen from
// theirs.

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace dc::engine {

class Cancellation {
 public:
  /// Runs `fn` once when cancelled, at once (on this thread) if that has happened already.
  /// Keep `fn` small and non-blocking: it runs on the canceller's thread.
  void on_cancel(std::function<void()> fn) {
    {
      std::lock_guard guard{mutex_};
      if (!cancelled_) {
        listeners_.push_back(std::move(fn));
        return;
      }
    }
    fn();
  }

  /// Cancels; the listeners run now, on this thread, once. Later calls do nothing.
  void cancel() {
    std::vector<std::function<void()>> listeners;
    {
      std::lock_guard guard{mutex_};
      if (cancelled_) return;
      cancelled_ = true;
      listeners.swap(listeners_);
    }
    for (auto& fn : listeners) fn();
  }

  bool cancelled() const {
    std::lock_guard guard{mutex_};
    return cancelled_;
  }

 private:
  mutable std::mutex mutex_;
  bool cancelled_ = false;
  std::vector<std::function<void()>> listeners_;
};

using CancellationPtr = std::shared_ptr<Cancellation>;

}  // namespace dc::engine
