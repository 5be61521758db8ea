// The driver actor's poll rhythm, alone, on time the test hands in.

#include "actors/poll_schedule.hpp"

#include <catch2/catch.hpp>

using dc::actors::PollSchedule;
using Cycle = PollSchedule::Cycle;
using namespace std::chrono_literals;

namespace {

const dc::engine::WallTime t0{std::chrono::seconds{1'700'000'000}};
const PollSchedule::Settings settings{200ms, 5000ms, 60000ms};

}  // namespace

TEST_CASE("the first cycle lists the account, and the next listing is an interval later") {
  PollSchedule s{settings, t0};
  auto timer = s.next(t0, false);
  REQUIRE(timer);
  CHECK(timer->delay == 0ms);
  CHECK(s.start(timer->generation, t0) == Cycle::listing);
  CHECK(s.running());
  CHECK_FALSE(s.next(t0, true));  // one cycle at a time
  s.end(false, false);
  auto idle = s.next(t0 + 1s, false);
  REQUIRE(idle);
  CHECK(idle->delay == 59s);
  CHECK(s.start(idle->generation, t0 + 60s) == Cycle::listing);
}

TEST_CASE("instances in transit are polled closely, backing off while nothing changes") {
  PollSchedule s{settings, t0};
  auto first = s.next(t0, false);
  s.start(first->generation, t0);
  s.end(true, false);  // the first listing saw the instances appear
  auto now = t0;
  std::vector<std::chrono::milliseconds> delays;
  for (int i = 0; i < 12; ++i) {
    auto timer = s.next(now, true);
    REQUIRE(timer);
    delays.push_back(timer->delay);
    now += timer->delay;
    REQUIRE(s.start(timer->generation, now) == Cycle::transient);
    s.end(false, false);
  }
  CHECK(delays[0] == 200ms);
  CHECK(delays[1] == 300ms);
  CHECK(delays[2] == 450ms);
  CHECK(delays.back() == 5000ms);  // capped
  // A change seen brings the rhythm close again; so does the actor's own hurry.
  auto timer = s.next(now, true);
  now += timer->delay;
  s.start(timer->generation, now);
  s.end(true, false);
  CHECK(s.next(now, true)->delay == 200ms);
}

TEST_CASE("an earlier timer supersedes a later one, and a superseded timer starts nothing") {
  PollSchedule s{settings, t0};
  auto listing = s.next(t0, false);
  s.start(listing->generation, t0);
  s.end(true, false);
  auto later = s.next(t0, false);  // the next listing, a minute away
  REQUIRE(later);
  CHECK_FALSE(s.next(t0, false));  // the same or later: already set
  auto sooner = s.next(t0, true);  // an instance went into transit
  REQUIRE(sooner);
  CHECK(sooner->delay == 200ms);
  CHECK(s.start(later->generation, t0 + 60s) == Cycle::none);
  CHECK(s.start(sooner->generation, t0 + 200ms) == Cycle::transient);
}

TEST_CASE("a failed listing is tried again soon, and a clock set back holds nothing up") {
  PollSchedule s{settings, t0};
  auto listing = s.next(t0, false);
  s.start(listing->generation, t0);
  s.list_soon(t0);
  s.end(false, true);
  CHECK(s.next(t0, false)->delay == 5000ms);

  PollSchedule back{settings, t0};
  auto first = back.next(t0, false);
  back.start(first->generation, t0);
  back.end(false, false);
  // The clock goes back an hour: the next listing is still at most an interval away.
  auto timer = back.next(t0 - std::chrono::hours{1}, false);
  REQUIRE(timer);
  CHECK(timer->delay == 60s);
}

TEST_CASE("accepted credentials list the account at once") {
  PollSchedule s{settings, t0};
  auto first = s.next(t0, false);
  s.start(first->generation, t0);
  s.end(false, false);
  s.list_now(t0 + 5s);
  auto timer = s.next(t0 + 5s, false);
  REQUIRE(timer);
  CHECK(timer->delay == 0ms);
  CHECK(s.start(timer->generation, t0 + 5s) == Cycle::listing);
}
