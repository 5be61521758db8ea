#include "actors/provisioner.hpp"

#include <algorithm>
#include <iostream>

namespace dc::actors {

using engine::Job;
using engine::JobItem;
using engine::JobItemState;

namespace {

constexpr std::chrono::milliseconds progress_period{200};

}  // namespace

Provisioner::Provisioner(Host host, std::shared_ptr<engine::JobJournal> journal)
    : host_(std::move(host)), journal_(std::move(journal)) {}

const Job& Provisioner::submit(Job job) {
  journal_->begin(job);  // the promise is on disk before the first provider call
  auto id = job.id;
  auto& run = runs_[id];
  run.job = std::move(job);
  run.job.items.clear();  // reached one window at a time (see feed)
  run.unsettled = run.job.spec.count;
  changed(run);
  feed(run);
  return run.job;
}

void Provisioner::adopt(Job job) {
  auto id = job.id;
  auto& run = runs_[id];
  run.job = std::move(job);
  // A job that was over when it was put away (its account's actor let go while idle) stays as
  // it was: nothing to ask for, nothing to follow, nothing to announce.
  if (run.job.state() != engine::JobState::running) {
    run.finished = true;
    retain(id);
    return;
  }
  std::vector<std::string> created;
  for (std::size_t i = 0; i < run.job.items.size(); ++i) {
    auto& item = run.job.items[i];
    // A create that was under way when the server stopped is asked again: its token makes
    // the provider answer the instance if it was made.
    if (item.state == JobItemState::creating) item.state = JobItemState::queued;
    if (item.state == JobItemState::queued && run.job.cancel_requested && !item.sent)
      item.state = JobItemState::cancelled;
    if (item.state == JobItemState::created) {
      item.instance_state = engine::InstanceState::pending;  // unknown until observed
      by_instance_[item.instance_id] = {id, i};
      created.push_back(item.instance_id);
    }
    if (!engine::is_settled(item)) ++run.unsettled;
  }
  if (!run.job.cancel_requested) run.unsettled += run.job.unreached();
  run.next = 0;
  while (run.next < run.job.items.size() && run.job.items[run.next].state != JobItemState::queued)
    ++run.next;
  if (run.unsettled == 0) {
    run.finished = true;  // finished before the restart: nothing to do, nothing to announce
    retain(id);
    return;
  }
  changed(run);
  if (!created.empty()) host_.refresh(std::move(created));
  feed(run);
  finish_if_done(run);
}

void Provisioner::feed(Run& run) {
  // Past the reached items only while the job is wanted: a cancelled job's tail stays unreached.
  auto end = run.job.cancel_requested ? run.job.items.size() : run.job.spec.count;
  while (run.in_flight < host_.window && run.next < end) {
    auto index = run.next++;
    if (index == run.job.items.size()) run.job.items.emplace_back();  // reached: queued
    if (run.job.items[index].state != JobItemState::queued) continue;
    run.job.items[index].state = JobItemState::creating;
    ++run.in_flight;
    std::weak_ptr<Provisioner> weak = weak_from_this();
    auto job_id = run.job.id;
    // A create still waiting for its turn when the job is cancelled has not started: it is
    // withdrawn. Once sent, it is seen through (the instance may exist), never withdrawn.
    auto still_wanted = [weak, job_id, index] {
      auto self = weak.lock();
      return self && self->sending(job_id, index);
    };
    host_.create(
        run.job.create_for(index), still_wanted,
        ReplyOnce<engine::Instance>{[weak, job_id, index](engine::Result<engine::Instance> r) {
          // The actor may be stopping: its provisioner is gone, nothing to record.
          if (auto self = weak.lock()) self->answered(job_id, index, std::move(r));
        }});
  }
}

template <class Write>
void Provisioner::journal(const std::string& job_id, Write write) {
  try {
    write();
  } catch (const std::exception& e) {
    // Only a shortcut is lost: the client token still keeps a restart from making it twice.
    std::cerr << "deltacloudd: job " << job_id << ": journal: " << e.what() << "\n";
  }
}

bool Provisioner::sending(const std::string& job_id, std::size_t index) {
  auto found = runs_.find(job_id);
  if (found == runs_.end()) return false;
  auto& job = found->second.job;
  auto& item = job.items[index];
  if (item.sent) return true;
  if (job.cancel_requested) return false;
  item.sent = true;
  journal(job_id, [&] { journal_->sent(job, index); });
  return true;
}

void Provisioner::answered(const std::string& job_id, std::size_t index,
                           engine::Result<engine::Instance> r) {
  auto found = runs_.find(job_id);
  if (found == runs_.end()) return;
  auto& run = found->second;
  --run.in_flight;
  JobItem item = run.job.items[index];
  if (r) {
    item.state = JobItemState::created;
    item.instance_id = r.value().id;
    item.instance_state = r.value().state;
    by_instance_[item.instance_id] = {job_id, index};
    update(run, index, item);
    journal(job_id, [&] { journal_->created(run.job, index); });
  } else if (r.error().code == withdrawn_code) {
    item.state = JobItemState::cancelled;
    update(run, index, item);
  } else {
    auto& e = r.error();
    item.state = JobItemState::failed;
    item.error_code = e.code.empty() ? engine::exception_class(e.kind) : e.code;
    item.error_message = e.text();
    update(run, index, item);
    journal(job_id, [&] { journal_->failed(run.job, index); });
  }
  feed(run);
  finish_if_done(run);
}

void Provisioner::observed(const std::string& instance_id, engine::InstanceState state) {
  auto found = by_instance_.find(instance_id);
  if (found == by_instance_.end()) return;
  auto run = runs_.find(found->second.first);
  if (run == runs_.end()) return;
  auto index = found->second.second;
  JobItem item = run->second.job.items[index];
  if (item.state != JobItemState::created || item.instance_state == state) return;
  item.instance_state = state;
  if (state == engine::InstanceState::error) {
    item.state = JobItemState::failed;
    item.error_code = "InstanceError";
    item.error_message = "The instance was created, then entered ERROR";
  }
  update(run->second, index, item);
  finish_if_done(run->second);
}

bool Provisioner::cancel(const std::string& job_id) {
  auto found = runs_.find(job_id);
  if (found == runs_.end()) return false;
  auto& run = found->second;
  if (run.job.cancel_requested || run.job.state() != engine::JobState::running) return true;
  run.job.cancel_requested = true;
  journal(job_id, [&] { journal_->cancelled(run.job); });
  run.unsettled -= run.job.unreached();  // the tail is cancelled as it stands, never reached
  for (std::size_t i = run.next; i < run.job.items.size(); ++i) {
    if (run.job.items[i].state != JobItemState::queued || run.job.items[i].sent) continue;
    JobItem item = run.job.items[i];
    item.state = JobItemState::cancelled;
    update(run, i, item);
  }
  finish_if_done(run);
  return true;
}

void Provisioner::update(Run& run, std::size_t index, JobItem item) {
  auto& slot = run.job.items[index];
  bool was = engine::is_settled(slot);
  slot = std::move(item);
  bool now = engine::is_settled(slot);
  if (was && !now) ++run.unsettled;
  if (!was && now) --run.unsettled;
  changed(run);
}

void Provisioner::changed(Run& run) {
  run.dirty = true;
  if (tick_set_) return;
  tick_set_ = true;
  host_.tick_in(progress_period);
}

void Provisioner::tick() {
  tick_set_ = false;
  for (auto& [id, run] : runs_)
    if (run.dirty) publish(run);
}

void Provisioner::publish(Run& run) {
  run.dirty = false;
  auto counts = run.job.counts();
  auto progress = std::make_shared<JobProgress>();
  progress->job_id = run.job.id;
  progress->state = engine::api_name(run.job.state());
  progress->requested = counts.requested;
  progress->created = counts.created;
  progress->running = counts.running;
  progress->failed = counts.failed;
  progress->cancelled = counts.cancelled;
  InstanceEvent e;
  e.driver = host_.driver;
  e.provider = host_.provider;
  e.user = host_.user;
  e.time = host_.clock->now();
  e.job = std::move(progress);
  host_.publish(std::move(e));
}

void Provisioner::finish_if_done(Run& run) {
  if (run.finished || run.unsettled > 0 || run.in_flight > 0) return;
  // Finished: stop following its instances; the last progress goes out at once.
  run.finished = true;
  for (auto& item : run.job.items)
    if (!item.instance_id.empty()) by_instance_.erase(item.instance_id);
  run.job.items.shrink_to_fit();
  publish(run);
  journal_->close(run.job.id);
  retain(run.job.id);
}

void Provisioner::retain(const std::string& job_id) {
  finished_.push_back(job_id);
  // At least one is kept, so the job that just finished (which a caller may hold) stays.
  while (finished_.size() > std::max<std::size_t>(host_.keep_finished, 1)) {
    auto oldest = std::move(finished_.front());
    finished_.pop_front();
    runs_.erase(oldest);
    journal_->remove(oldest);
  }
}

std::vector<const Job*> Provisioner::jobs() const {
  std::vector<const Job*> out;
  for (auto& [id, run] : runs_) out.push_back(&run.job);
  return out;
}

const Job* Provisioner::job(const std::string& job_id) const {
  auto found = runs_.find(job_id);
  return found == runs_.end() ? nullptr : &found->second.job;
}

}  // namespace dc::actors
