#include "engine/job.hpp"

#include <algorithm>

namespace dc::engine {

bool is_settled(const JobItem& item) {
  switch (item.state) {
    case JobItemState::queued:
    case JobItemState::creating:
      return false;
    case JobItemState::created:
      // Made and past booting: RUNNING, or anything else that is not on the way there.
      return item.instance_state != InstanceState::pending &&
             item.instance_state != InstanceState::start;
    case JobItemState::failed:
    case JobItemState::cancelled:
      return true;
  }
  return true;
}

JobItem Job::item(std::size_t index) const {
  if (index < items.size()) return items[index];
  JobItem tail;
  if (cancel_requested) tail.state = JobItemState::cancelled;
  return tail;
}

Job::Counts Job::counts() const {
  Counts c;
  c.requested = spec.count;
  if (cancel_requested) c.cancelled = unreached();
  for (auto& item : items) {
    switch (item.state) {
      case JobItemState::created:
        ++c.created;
        if (item.instance_state == InstanceState::running) ++c.running;
        break;
      case JobItemState::failed:
        ++c.failed;
        break;
      case JobItemState::cancelled:
        ++c.cancelled;
        break;
      default:
        break;
    }
  }
  return c;
}

JobState Job::state() const {
  if (unreached() > 0 && !cancel_requested) return JobState::running;
  for (auto& item : items)
    if (!is_settled(item)) return JobState::running;
  return cancel_requested ? JobState::cancelled : JobState::completed;
}

InstanceCreate Job::create_for(std::size_t index) const {
  auto what = spec.what;
  if (!spec.name_prefix.empty()) what.name = spec.name_prefix + "-" + std::to_string(index);
  what.client_token = client_token(index);
  return what;
}

JobSummary summarize(const Job& job) {
  return JobSummary{job.id, job.state(), job.spec, job.created_at, job.counts()};
}

JobPage page_of(const Job& job, std::size_t offset, std::size_t limit) {
  JobPage page;
  page.summary = summarize(job);
  page.total = job.spec.count;
  page.offset = std::min(offset, page.total);
  auto end = page.offset + std::min(limit, page.total - page.offset);
  page.items.reserve(end - page.offset);
  for (auto i = page.offset; i < end; ++i) page.items.push_back(job.item(i));
  return page;
}

std::string api_name(JobState state) {
  switch (state) {
    case JobState::running:
      return "RUNNING";
    case JobState::completed:
      return "COMPLETED";
    case JobState::cancelled:
      return "CANCELLED";
  }
  return "RUNNING";
}

std::string api_name(const JobItem& item) {
  switch (item.state) {
    case JobItemState::queued:
      return "QUEUED";
    case JobItemState::creating:
      return "CREATING";
    case JobItemState::created:
      return api_name(item.instance_state);
    case JobItemState::failed:
      return "FAILED";
    case JobItemState::cancelled:
      return "CANCELLED";
  }
  return "QUEUED";
}

}  // namespace dc::engine
