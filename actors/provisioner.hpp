#pragma once
// The bulk provisioner of one account. It lives inside the account's driver actor (so it needs
// no locks, shares the account's call limits and sees every observation of the account's
// instances as it happens) and runs its jobs: it asks for at most `window` creates of a job at a
// time, each with the job's client token for that index, records every outcome in the journal,
// follows each created instance until it is RUNNING (or settles otherwise), and publishes each
// job's progress, coalesced, as events.

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/instance_event.hpp"
#include "actors/reply_once.hpp"
#include "engine/job.hpp"
#include "engine/job_journal.hpp"

namespace dc::actors {

class Provisioner : public std::enable_shared_from_this<Provisioner> {
 public:
  /// Error code of a create withdrawn before it reached the provider.
  static constexpr const char* withdrawn_code = "Withdrawn";

  /// What the provisioner needs from its driver actor.
  struct Host {
    /// A tracked, repeatable create (the item's client token makes it so). `still_wanted` is
    /// asked just before the first call to the provider: false withdraws it (answered with
    /// the code `withdrawn_code`).
    std::function<void(const engine::InstanceCreate&, std::function<bool()> still_wanted,
                       ReplyOnce<engine::Instance>)>
        create;
    /// Fetches these instances (in pages) and observes them; absent ones are reported finished.
    std::function<void(std::vector<std::string>)> refresh;
    std::function<void(InstanceEvent)> publish;
    /// Calls tick() after this long.
    std::function<void(std::chrono::milliseconds)> tick_in;
    const engine::Clock* clock = nullptr;
    std::string driver, provider, user;
    std::size_t window = 64;  // creates of one job asked for at a time
    /// Finished jobs kept (listed, shown, and on disk) per account, at least 1; the oldest
    /// beyond it are forgotten.
    std::size_t keep_finished = 100;
  };

  Provisioner(Host host, std::shared_ptr<engine::JobJournal> journal);

  /// Journals a new job durably, then starts it. Throws when the journal cannot be written
  /// (then no provider call was made).
  const engine::Job& submit(engine::Job job);
  /// Takes over a job read from the journal after a restart and finishes it.
  void adopt(engine::Job job);
  /// A tracked instance of the account was observed in `state` (finish: it is gone).
  void observed(const std::string& instance_id, engine::InstanceState state);
  /// Cancels the job's instances not asked for yet; false for an unknown job.
  bool cancel(const std::string& job_id);
  /// Publishes the progress of jobs that changed since the last tick.
  void tick();

  std::vector<const engine::Job*> jobs() const;
  const engine::Job* job(const std::string& job_id) const;

 private:
  struct Run {
    engine::Job job;
    std::size_t next = 0;       // first index not asked for yet
    std::size_t in_flight = 0;  // creates sent, not answered
    std::size_t unsettled = 0;  // items that will still change
    bool dirty = false;         // progress not published yet
    bool finished = false;      // its last progress went out
  };

  void feed(Run& run);
  /// The item's create is about to go to the provider: false withdraws it (the job was
  /// cancelled before it was ever sent); the first time, the journal notes it as sent.
  bool sending(const std::string& job_id, std::size_t index);
  /// Runs a journal write; a failure is reported, not thrown (see the journal's note).
  template <class Write>
  void journal(const std::string& job_id, Write write);
  void answered(const std::string& job_id, std::size_t index, engine::Result<engine::Instance> r);
  /// Replaces an item, keeping the unsettled count right; ends the job when nothing is left.
  void update(Run& run, std::size_t index, engine::JobItem item);
  void changed(Run& run);
  void publish(Run& run);
  void finish_if_done(Run& run);
  /// Counts a finished job, and forgets the oldest finished ones beyond keep_finished.
  void retain(const std::string& job_id);

  Host host_;
  std::shared_ptr<engine::JobJournal> journal_;
  std::map<std::string, Run> runs_;
  std::deque<std::string> finished_;  // finished jobs, oldest first
  /// Created instances of unfinished jobs: instance id → (job id, index).
  std::unordered_map<std::string, std::pair<std::string, std::size_t>> by_instance_;
  bool tick_set_ = false;
};

}  // namespace dc::actors
