// The job journal as a restarted server reads it back: a `.job` header (YAML) and its `.log`,
// truncated, corrupted or hostile. Input: header bytes, a NUL, log bytes. Whatever the bytes,
// reading ends in a job or an exception, never a crash, and a job it accepts is one the server
// can run: no more items than instances, at most max_job_count, instance ids safe to put in a path.

#include <exception>

#include "engine/job_journal.hpp"
#include "engine/object_id.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dc::fuzz::Input in{data, size};
  std::string header{in.until(std::string_view{"\0", 1})};
  std::string log{in.rest()};
  dc::engine::Job job;
  try {
    job = dc::engine::read_job(header, log);
  } catch (const std::exception&) {
    return 0;  // a damaged job: load() reports and skips it
  }
  if (job.spec.count > dc::engine::max_job_count) dc::fuzz::broken("count above the maximum");
  if (job.items.size() > job.spec.count) dc::fuzz::broken("more items than instances");
  for (auto& item : job.items)
    if (item.state == dc::engine::JobItemState::created &&
        !dc::engine::is_safe_object_id(item.instance_id))
      dc::fuzz::broken("created item with an unsafe instance id", item.instance_id);
  // What the job says about itself must be computable from any state the log left it in.
  (void)job.counts();
  (void)job.state();
  return 0;
}
