// The job journal: what a restarted server reads back, and what it must not trust.

#include <catch2/catch.hpp>

#include <fstream>

#include "engine/job_journal.hpp"
#include "tests/support/temp_dir.hpp"

using namespace dc::engine;

namespace {

Job sample_job(std::size_t count) {
  Job job;
  job.id = "job0123456789abcdef";
  job.driver = "mock";
  job.user = "mockuser";
  job.created_at = "2026-11-24T10:00:00.000Z";
  job.spec.count = count;
  job.spec.name_prefix = "web";
  job.spec.what.image_id = "img1";
  job.spec.what.keyname = "k";
  job.items.resize(count);
  return job;
}

}  // namespace

TEST_CASE("a journaled job reads back with its template and outcomes") {
  dc::test::TempDir dir;
  auto job = sample_job(4);
  {
    JobJournal journal{dir.path()};
    journal.begin(job);
    journal.sent(job, 0);
    job.items[0].instance_id = "inst7";
    journal.created(job, 0);
    journal.sent(job, 1);
    job.items[1].error_code = "InvalidAMIID.NotFound";
    job.items[1].error_message = "Image\tnot\nfound";
    journal.failed(job, 1);
    journal.sent(job, 2);
  }
  auto loaded = JobJournal{dir.path()}.load();
  REQUIRE(loaded.size() == 1);
  auto& j = loaded[0];
  CHECK(j.id == job.id);
  CHECK(j.user == "mockuser");
  CHECK(j.spec.count == 4);
  CHECK(j.spec.name_prefix == "web");
  CHECK(j.spec.what.keyname == "k");
  CHECK(j.items[0].state == JobItemState::created);
  CHECK(j.items[0].instance_id == "inst7");
  CHECK(j.items[1].state == JobItemState::failed);
  CHECK(j.items[1].error_code == "InvalidAMIID.NotFound");
  CHECK(j.items[1].error_message == "Image not found");
  CHECK(j.items[2].state == JobItemState::creating);  // sent, outcome unknown: ask again
  CHECK(j.items[2].sent);
  CHECK(j.items.size() == 3);  // the log reached index 2; the rest is queued
  CHECK(j.item(3).state == JobItemState::queued);
  CHECK_FALSE(j.item(3).sent);
  CHECK(j.create_for(3).client_token == job.id + "-3");
  CHECK(j.create_for(3).name == "web-3");
}

TEST_CASE("a cut-off last line of the log is not trusted") {
  dc::test::TempDir dir;
  auto job = sample_job(2);
  {
    JobJournal journal{dir.path()};
    journal.begin(job);
    journal.cancelled(job);
  }
  std::ofstream{dir.path() / (job.id + ".log"), std::ios::app} << "c 1 ins";  // no newline
  auto loaded = JobJournal{dir.path()}.load();
  REQUIRE(loaded.size() == 1);
  CHECK(loaded[0].cancel_requested);
  CHECK(loaded[0].items.empty());  // the torn line reached nothing
  CHECK(loaded[0].item(1).instance_id.empty());
}

TEST_CASE("a damaged job file is skipped, and holds no credentials") {
  dc::test::TempDir dir;
  auto job = sample_job(1);
  {
    JobJournal journal{dir.path()};
    journal.begin(job);
  }
  std::ifstream header{dir.path() / (job.id + ".job")};
  std::string text{std::istreambuf_iterator<char>{header}, {}};
  CHECK(text.find("password") == std::string::npos);
  std::ofstream{dir.path() / "jobbad.job"} << "id: [unclosed\n";
  CHECK(JobJournal{dir.path()}.load().size() == 1);
}

TEST_CASE("a job file naming more instances than a job may have is skipped") {
  // A corrupted count must not let a log line reach (and so allocate) whatever index it names:
  // once the count sized the items at once, gigabytes or a crash under a sanitizer's allocator.
  dc::test::TempDir dir;
  auto job = sample_job(1);
  {
    JobJournal journal{dir.path()};
    journal.begin(job);
  }
  auto path = dir.path() / (job.id + ".job");
  std::string text;
  {
    std::ifstream header{path};
    text.assign(std::istreambuf_iterator<char>{header}, {});
  }
  auto at = text.find("count: 1\n");
  REQUIRE(at != std::string::npos);
  text.replace(at, 8, "count: " + std::to_string(max_job_count + 1));
  std::ofstream{path, std::ios::trunc} << text;
  CHECK(JobJournal{dir.path()}.load().empty());
  CHECK_THROWS(read_job(text, ""));
}

TEST_CASE("a job read back holds only the items its log reached") {
  dc::test::TempDir dir;
  auto job = sample_job(0);
  job.spec.count = max_job_count;
  {
    JobJournal journal{dir.path()};
    journal.begin(job);
    job.items.resize(4);
    journal.sent(job, 3);
    journal.cancelled(job);
  }
  // A line naming an index past the count is damage, and reaches nothing.
  std::ofstream{dir.path() / (job.id + ".log"), std::ios::app} << "s " << max_job_count << "\n";
  auto loaded = JobJournal{dir.path()}.load();
  REQUIRE(loaded.size() == 1);
  auto& j = loaded[0];
  CHECK(j.items.size() == 4);
  CHECK(j.items[3].sent);
  CHECK(j.item(2).state == JobItemState::queued);  // reached on the way to 3, never sent
  CHECK(j.item(max_job_count - 1).state == JobItemState::cancelled);
  CHECK(j.counts().cancelled == max_job_count - 4);
}
