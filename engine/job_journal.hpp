#pragma once
// Jobs on disk, so that a restarted server finishes what it promised: `<dir>/<job id>.job` holds
// the job's account (driver, provider, user: never a password), template and count, written
// durably before the job's first provider call; `<dir>/<job id>.log` is appended one line when
// an instance's create is first sent, one per outcome (created with its instance id, failed
// with the provider's code) and one per cancel. A cancelled job after a restart so still sees
// every create that may have made an instance through, and leaves no orphan.
//
// The log is a shortcut, not the safeguard: an outcome missing from it (a crash between the
// provider's answer and the append) only means the instance's create is sent again with the
// same client token, and the provider answers the instance it made the first time.
//
// Thread-safe: every account's actor appends to the one journal of the node.

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/job.hpp"

namespace dc::engine {

/// One job as its files read back: `header` is the `.job` file's text, `log` the `.log` file's;
/// only the log's whole lines count. Throws std::exception on a damaged header (load() skips
/// the job). Separate from load() so that the fuzzer reaches it without files.
Job read_job(const std::string& header, const std::string& log);

class JobJournal {
 public:
  explicit JobJournal(std::filesystem::path dir);
  ~JobJournal();
  JobJournal(const JobJournal&) = delete;
  JobJournal& operator=(const JobJournal&) = delete;

  /// Writes a new job's header durably; throws std::runtime_error when it cannot.
  void begin(const Job& job);
  /// The create of `index` is about to go to the provider for the first time.
  void sent(const Job& job, std::size_t index);
  void created(const Job& job, std::size_t index);
  void failed(const Job& job, std::size_t index);
  void cancelled(const Job& job);
  /// The job is finished: its log is closed (it stays on disk, and is reopened if needed).
  void close(const std::string& job_id);
  /// Forgets the job: its files are deleted.
  void remove(const std::string& job_id);

  /// Every job on disk, outcomes applied; damaged files are reported and skipped.
  std::vector<Job> load() const;

 private:
  void append(const std::string& job_id, const std::string& line);

  std::filesystem::path dir_;
  std::mutex mutex_;                        // account actors append concurrently
  std::map<std::string, std::FILE*> logs_;  // open appenders by job id
};

}  // namespace dc::engine
