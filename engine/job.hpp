#pragma once
// A bulk-provisioning job: N instances from one template. Each instance of the job has an index
// and a client token made from the job id and that index, so however often its create is sent
// (retries, a restart), the provider makes it at most once.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "engine/instance_state.hpp"
#include "engine/model.hpp"

namespace dc::engine {

/// What a job makes: `count` instances of `what`, named `<name_prefix>-<index>` when a prefix
/// is given.
/// The most instances one job may make: the API refuses more, and a journal naming more is
/// damaged (it would otherwise allocate whatever count a corrupted file says).
constexpr std::size_t max_job_count = 1'000'000;

struct JobSpec {
  InstanceCreate what;
  std::string name_prefix;
  std::size_t count = 0;
};

/// Where one instance of a job stands.
enum class JobItemState {
  queued,     // not asked for yet
  creating,   // its create is with the provider (or waiting to be retried)
  created,    // the provider made it; `instance_state` says how it is
  failed,     // the provider refused it, or it ended in error
  cancelled,  // the job was cancelled before it was asked for
};

struct JobItem {
  JobItemState state = JobItemState::queued;
  bool sent = false;  // its create went to the provider at least once
  std::string instance_id;
  InstanceState instance_state = InstanceState::pending;
  std::string error_code;  // the provider's, when it gave one
  std::string error_message;
};

enum class JobState { running, completed, cancelled };

struct Job {
  std::string id;
  std::string driver;
  std::string provider;
  std::string user;  // the account's user: never its password
  JobSpec spec;
  std::string created_at;  // ISO 8601
  bool cancel_requested = false;
  /// The instances the job has reached, by index: `items[i]` for i < items.size(). Every index
  /// beyond is still queued, or cancelled once `cancel_requested`: a job costs memory for what
  /// it has asked the provider for, not for the count it was given, so a large job cancelled
  /// early frees its tail at once.
  std::vector<JobItem> items;

  /// The instance at `index` (< spec.count), reached or not.
  JobItem item(std::size_t index) const;
  /// Instances not reached yet.
  std::size_t unreached() const {
    return spec.count > items.size() ? spec.count - items.size() : 0;
  }

  struct Counts {
    std::size_t requested = 0, created = 0, running = 0, failed = 0, cancelled = 0;
  };
  Counts counts() const;
  /// Running while any instance is still to be made or still on its way to RUNNING.
  JobState state() const;

  /// The client token of the instance at `index`.
  std::string client_token(std::size_t index) const { return id + "-" + std::to_string(index); }
  /// The create of the instance at `index`.
  InstanceCreate create_for(std::size_t index) const;
};

/// A job without its per-instance list: what lists and creates answer.
struct JobSummary {
  std::string id;
  JobState state = JobState::running;
  JobSpec spec;
  std::string created_at;
  Job::Counts counts;
};
JobSummary summarize(const Job& job);

/// Part of a job's per-instance outcomes, with the whole job's summary: a job's list may be
/// long, and an answer carries one page of it.
struct JobPage {
  JobSummary summary;
  std::size_t offset = 0;      // index of items.front()
  std::size_t total = 0;       // instances in the whole job (spec.count)
  std::vector<JobItem> items;  // items [offset, offset + items.size())
};
/// Up to `limit` of the job's items from `offset` on.
JobPage page_of(const Job& job, std::size_t offset, std::size_t limit);

/// RUNNING, COMPLETED, CANCELLED.
std::string api_name(JobState state);
/// QUEUED, CREATING, FAILED, CANCELLED, or the instance's state once created.
std::string api_name(const JobItem& item);
/// Whether the item will change no more (by the job's doing).
bool is_settled(const JobItem& item);

}  // namespace dc::engine
