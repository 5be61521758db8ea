// A job's items past those it has reached: queued while the job is wanted, cancelled once it is
// not. Counts, state and pages speak of the whole job without the job holding every item.

#include <catch2/catch.hpp>

#include "engine/job.hpp"

using namespace dc::engine;

namespace {

Job job_of(std::size_t count) {
  Job job;
  job.id = "job00000000000000ab";
  job.spec.count = count;
  return job;
}

JobItem created(InstanceState state) {
  JobItem item;
  item.state = JobItemState::created;
  item.sent = true;
  item.instance_id = "inst1";
  item.instance_state = state;
  return item;
}

}  // namespace

TEST_CASE("a job with unreached instances is running until it is cancelled") {
  auto job = job_of(5);
  job.items = {created(InstanceState::running), created(InstanceState::running)};
  CHECK(job.state() == JobState::running);
  CHECK(job.item(4).state == JobItemState::queued);
  auto counts = job.counts();
  CHECK(counts.requested == 5);
  CHECK(counts.created == 2);
  CHECK(counts.running == 2);
  CHECK(counts.cancelled == 0);

  job.cancel_requested = true;
  CHECK(job.state() == JobState::cancelled);
  CHECK(job.item(4).state == JobItemState::cancelled);
  CHECK(job.counts().cancelled == 3);
}

TEST_CASE("a job whose every instance is reached and settled is completed") {
  auto job = job_of(2);
  job.items = {created(InstanceState::running), created(InstanceState::pending)};
  CHECK(job.state() == JobState::running);
  job.items[1].instance_state = InstanceState::running;
  CHECK(job.state() == JobState::completed);
}

TEST_CASE("a page of a job reaches past its items without storing them") {
  auto job = job_of(max_job_count);
  job.items = {created(InstanceState::running)};
  job.cancel_requested = true;
  auto first = page_of(job, 0, 3);
  CHECK(first.total == max_job_count);
  REQUIRE(first.items.size() == 3);
  CHECK(first.items[0].state == JobItemState::created);
  CHECK(first.items[1].state == JobItemState::cancelled);
  CHECK(first.summary.counts.cancelled == max_job_count - 1);
  CHECK(first.summary.state == JobState::cancelled);

  auto last = page_of(job, max_job_count - 2, 100);
  CHECK(last.offset == max_job_count - 2);
  CHECK(last.items.size() == 2);
  auto beyond = page_of(job, max_job_count + 5, 100);
  CHECK(beyond.offset == max_job_count);
  CHECK(beyond.items.empty());
  CHECK(job.items.size() == 1);
}
