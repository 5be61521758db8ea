// Token buckets, the call limiter and the retry backoff, on a clock moved by hand.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/call_limiter.hpp"
#include "engine/driver_limits.hpp"
#include "engine/error.hpp"
#include "engine/token_bucket.hpp"

using namespace dc::engine;
using namespace std::chrono_literals;

TEST_CASE("a token bucket allows its burst, then its rate") {
  ManualClock clock;
  TokenBucket bucket{3, 2, clock.now()};
  CHECK(bucket.try_take(clock.now()));
  CHECK(bucket.try_take(clock.now()));
  CHECK(bucket.try_take(clock.now()));
  CHECK_FALSE(bucket.try_take(clock.now()));
  CHECK(bucket.wait(clock.now()) > 400ms);
  CHECK(bucket.wait(clock.now()) <= 501ms);
  clock.advance(500ms);  // 2 per second: one token back
  CHECK(bucket.try_take(clock.now()));
  CHECK_FALSE(bucket.try_take(clock.now()));
  clock.advance(10s);  // never more than the burst
  for (int i = 0; i < 3; ++i) CHECK(bucket.try_take(clock.now()));
  CHECK_FALSE(bucket.try_take(clock.now()));
}

TEST_CASE("the call limiter caps calls in flight") {
  ManualClock clock;
  DriverLimits limits;
  limits.concurrency = 2;
  CallLimiter limiter{limits, clock.now()};
  int started = 0;
  for (int i = 0; i < 5; ++i) limiter.submit("describe", [&] { ++started; });
  CHECK_FALSE(limiter.pump(clock.now()));
  CHECK(started == 2);
  CHECK(limiter.queued() == 3);
  limiter.finished();
  limiter.pump(clock.now());
  CHECK(started == 3);
  CHECK(limiter.in_flight() == 2);
}

TEST_CASE("the call limiter holds a class to its rate and says how long to wait") {
  ManualClock clock;
  DriverLimits limits;
  limits.rates["launch"] = RateLimit{2, 1};
  CallLimiter limiter{limits, clock.now()};
  std::vector<std::string> order;
  for (int i = 0; i < 4; ++i)
    limiter.submit("launch", [&, i] { order.push_back("L" + std::to_string(i)); });
  limiter.submit("describe", [&] { order.push_back("D"); });
  auto wait = limiter.pump(clock.now());
  // Calls answer at once here: free their slots so only the rate holds them back.
  for (std::size_t i = 0; i < order.size(); ++i) limiter.finished();
  REQUIRE(wait);
  CHECK(*wait > 900ms);
  // The burst went, and the unlimited class was not held up behind the launches.
  CHECK(order == std::vector<std::string>{"D", "L0", "L1"});
  clock.advance(1s);
  limiter.pump(clock.now());
  CHECK(order.size() == 4);
  clock.advance(1s);
  CHECK_FALSE(limiter.pump(clock.now()));
  CHECK(order.size() == 5);
}

TEST_CASE("a call started by the limiter may answer and submit at once, a batch per pump") {
  ManualClock clock;
  DriverLimits limits;
  limits.concurrency = 1;
  CallLimiter limiter{limits, clock.now()};
  int done = 0;
  std::function<void()> chain = [&] {
    ++done;
    limiter.finished();
    if (done < 100) limiter.submit("describe", chain);
    limiter.pump(clock.now());  // re-entered: ignored, the outer pump goes on
  };
  limiter.submit("describe", chain);
  // Calls that answer at once are started a batch per pump, so the caller gets to do other
  // work in between; a zero wait says there is more.
  auto wait = limiter.pump(clock.now(), 64);
  CHECK(done == 64);
  REQUIRE(wait);
  CHECK(*wait == 0ms);
  CHECK_FALSE(limiter.pump(clock.now(), 64));
  CHECK(done == 100);
}

TEST_CASE("a queued call nobody wants any more is dropped without taking a token") {
  ManualClock clock;
  DriverLimits limits;
  limits.rates["launch"] = RateLimit{1, 1};
  CallLimiter limiter{limits, clock.now()};
  std::vector<std::string> started;
  bool second_wanted = true;
  limiter.submit("launch", [&] { started.push_back("first"); });
  limiter.submit(
      "launch", [&] { started.push_back("second"); }, [&] { return second_wanted; });
  limiter.submit("launch", [&] { started.push_back("third"); });
  limiter.pump(clock.now());
  CHECK(started == std::vector<std::string>{"first"});
  limiter.finished();
  second_wanted = false;  // its caller was answered while it waited for a token
  clock.advance(1s);
  limiter.pump(clock.now());
  CHECK(started == std::vector<std::string>{"first", "third"});  // the token went to the third
  CHECK(limiter.queued() == 0);
}

TEST_CASE("retry backoff grows, is capped and jittered") {
  RetryPolicy p;
  p.initial = 100ms;
  p.max = 1000ms;
  CHECK(p.delay(1, 0.0) == 50ms);
  CHECK(p.delay(1, 0.999) <= 100ms);
  CHECK(p.delay(2, 0.0) == 100ms);
  CHECK(p.delay(3, 0.0) == 200ms);
  CHECK(p.delay(20, 0.0) == 500ms);
  CHECK(p.delay(20, 0.999) <= 1000ms);
}

TEST_CASE("provider errors are classified for retrying") {
  CHECK(classify(make_error(ErrorKind::throttled)) == Retry::throttled);
  CHECK(classify(make_error(ErrorKind::unavailable)) == Retry::transient);
  CHECK(classify(make_error(ErrorKind::provider_timeout)) == Retry::transient);
  CHECK(classify(make_error(ErrorKind::provider)) == Retry::transient);
  CHECK(classify(make_error(ErrorKind::validation)) == Retry::fatal);
  CHECK(classify(make_error(ErrorKind::not_found)) == Retry::fatal);
  CHECK(http_status(ErrorKind::throttled) == 429);
  CHECK(http_status(ErrorKind::unavailable) == 503);
}
