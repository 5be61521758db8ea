// The provisioner on its own, with a host that holds every create until the test answers it: a
// job reaches its instances one window at a time, and a cancel frees the tail it never reached.

#include <catch2/catch.hpp>

#include "actors/provisioner.hpp"
#include "tests/support/temp_dir.hpp"

using namespace dc;
using actors::Provisioner;
using engine::JobItemState;

namespace {

struct HeldCreate {
  engine::InstanceCreate what;
  std::function<bool()> still_wanted;
  actors::ReplyOnce<engine::Instance> reply;
};

struct Fixture {
  dc::test::TempDir dir;
  engine::ManualClock clock;
  std::vector<HeldCreate> held;
  std::shared_ptr<Provisioner> provisioner;

  Fixture() {
    Provisioner::Host host;
    host.create = [this](const engine::InstanceCreate& what, std::function<bool()> still_wanted,
                         actors::ReplyOnce<engine::Instance> reply) {
      held.push_back({what, std::move(still_wanted), std::move(reply)});
    };
    host.refresh = [](std::vector<std::string>) {};
    host.publish = [](actors::InstanceEvent) {};
    host.tick_in = [](std::chrono::milliseconds) {};
    host.clock = &clock;
    host.driver = "mock";
    host.user = "mockuser";
    host.window = 8;
    provisioner = std::make_shared<Provisioner>(
        host, std::make_shared<engine::JobJournal>(dir.path() / "jobs"));
  }

  /// Answers the oldest held create as a provider would: made, or withdrawn when the job no
  /// longer wants it.
  void answer_oldest() {
    auto create = std::move(held.front());
    held.erase(held.begin());
    if (!create.still_wanted()) {
      auto withdrawn = engine::make_error(engine::ErrorKind::conflict, "cancelled");
      withdrawn.code = Provisioner::withdrawn_code;
      create.reply(std::move(withdrawn));
      return;
    }
    engine::Instance made;
    made.id = "inst-" + *create.what.client_token;
    made.state = engine::InstanceState::running;
    create.reply(std::move(made));
  }
};

engine::Job big_job(std::size_t count) {
  engine::Job job;
  job.id = "job00000000000000cd";
  job.driver = "mock";
  job.user = "mockuser";
  job.spec.count = count;
  job.spec.what.image_id = "img1";
  return job;
}

}  // namespace

TEST_CASE("a job reaches its instances one window at a time") {
  Fixture f;
  auto& job = f.provisioner->submit(big_job(engine::max_job_count));
  CHECK(job.items.size() == 8);
  CHECK(f.held.size() == 8);
  CHECK(f.held[7].what.client_token == job.id + "-7");
  f.answer_oldest();
  // One answer makes room for one more create, and one more item.
  CHECK(f.held.size() == 8);
  CHECK(job.items.size() == 9);
  CHECK(job.items[0].state == JobItemState::created);
  CHECK(job.counts().created == 1);
  CHECK(job.state() == engine::JobState::running);
}

TEST_CASE("a cancelled job frees the tail it never reached") {
  Fixture f;
  auto id = f.provisioner->submit(big_job(engine::max_job_count)).id;
  f.answer_oldest();  // sent and made before the cancel: kept
  REQUIRE(f.provisioner->cancel(id));
  while (!f.held.empty()) f.answer_oldest();  // the window was never sent: withdrawn

  auto* job = f.provisioner->job(id);
  REQUIRE(job);
  CHECK(job->state() == engine::JobState::cancelled);
  CHECK(job->items.size() == 9);
  CHECK(job->items.capacity() == 9);
  auto counts = job->counts();
  CHECK(counts.created == 1);
  CHECK(counts.cancelled == engine::max_job_count - 1);
  CHECK(job->item(engine::max_job_count - 1).state == JobItemState::cancelled);

  // Back from the journal, it is the same small job.
  auto loaded = engine::JobJournal{f.dir.path() / "jobs"}.load();
  REQUIRE(loaded.size() == 1);
  CHECK(loaded[0].items.size() == 1);
  CHECK(loaded[0].cancel_requested);
  CHECK(loaded[0].counts().cancelled == engine::max_job_count - 1);
}

TEST_CASE("an adopted job goes on from the first instance it had not asked for") {
  Fixture f;
  auto job = big_job(20);
  job.items.resize(3);
  job.items[0] = {JobItemState::created, true, "inst-a", engine::InstanceState::running, "", ""};
  job.items[2].sent = true;
  job.items[2].state = JobItemState::creating;  // under way when the server stopped
  f.provisioner->adopt(job);
  // Index 1 (queued), index 2 (asked again with its token) and 3..8 from the unreached tail.
  REQUIRE(f.held.size() == 8);
  CHECK(f.held[0].what.client_token == job.id + "-1");
  CHECK(f.held[1].what.client_token == job.id + "-2");
  CHECK(f.held[7].what.client_token == job.id + "-8");
  while (!f.held.empty()) f.answer_oldest();
  f.provisioner->observed("inst-a", engine::InstanceState::running);  // its first poll
  auto* adopted = f.provisioner->job(job.id);
  REQUIRE(adopted);
  CHECK(adopted->state() == engine::JobState::completed);
  CHECK(adopted->counts().running == 20);
}
