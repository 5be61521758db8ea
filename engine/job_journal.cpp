#include "engine/job_journal.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "engine/durable_file.hpp"
#include "engine/object_id.hpp"

namespace dc::engine {

namespace fs = std::filesystem;

namespace {

/// One line of text: the log is line-based, so tabs and line breaks become spaces.
std::string one_line(std::string text) {
  for (auto& c : text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return text;
}

std::string header_yaml(const Job& job) {
  YAML::Emitter out;
  auto& w = job.spec.what;
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << YAML::DoubleQuoted << job.id;
  out << YAML::Key << "driver" << YAML::Value << YAML::DoubleQuoted << job.driver;
  out << YAML::Key << "provider" << YAML::Value << YAML::DoubleQuoted << job.provider;
  out << YAML::Key << "user" << YAML::Value << YAML::DoubleQuoted << job.user;
  out << YAML::Key << "created_at" << YAML::Value << YAML::DoubleQuoted << job.created_at;
  out << YAML::Key << "count" << YAML::Value << job.spec.count;
  out << YAML::Key << "name_prefix" << YAML::Value << YAML::DoubleQuoted << job.spec.name_prefix;
  out << YAML::Key << "image_id" << YAML::Value << YAML::DoubleQuoted << w.image_id;
  out << YAML::Key << "realm_id" << YAML::Value << YAML::DoubleQuoted << w.realm_id;
  out << YAML::Key << "hwp_id" << YAML::Value << YAML::DoubleQuoted << w.profile_id;
  if (w.keyname) out << YAML::Key << "keyname" << YAML::Value << YAML::DoubleQuoted << *w.keyname;
  out << YAML::EndMap;
  return std::string{out.c_str()} + "\n";
}

Job job_from_yaml(const YAML::Node& n) {
  Job job;
  job.id = n["id"].as<std::string>();
  job.driver = n["driver"].as<std::string>();
  job.provider = n["provider"].as<std::string>();
  job.user = n["user"].as<std::string>();
  job.created_at = n["created_at"].as<std::string>();
  job.spec.count = n["count"].as<std::size_t>();
  if (job.spec.count > max_job_count) throw std::runtime_error("the count is out of range");
  job.spec.name_prefix = n["name_prefix"].as<std::string>();
  job.spec.what.image_id = n["image_id"].as<std::string>();
  job.spec.what.realm_id = n["realm_id"].as<std::string>();
  job.spec.what.profile_id = n["hwp_id"].as<std::string>();
  if (n["keyname"]) job.spec.what.keyname = n["keyname"].as<std::string>();
  return job;  // its items are those the log reaches
}

/// The item at `index`, reaching it (and the queued ones before it) if the job had not yet.
JobItem& reach(Job& job, std::size_t index) {
  if (index >= job.items.size()) job.items.resize(index + 1);
  return job.items[index];
}

/// Applies one log line; a torn last line (a crash mid-append) is ignored.
void apply_log_line(Job& job, const std::string& line) {
  std::istringstream in{line};
  char kind = 0;
  in >> kind;
  if (kind == 'x') {
    job.cancel_requested = true;
    return;
  }
  std::size_t index = 0;
  if (!(in >> index) || index >= job.spec.count) return;
  if (kind != 's' && kind != 'c' && kind != 'f') return;
  auto& item = reach(job, index);
  std::string rest;
  in.get();  // the separating space
  std::getline(in, rest);
  if (kind == 's') {
    item.sent = true;
    if (item.state == JobItemState::queued) item.state = JobItemState::creating;
  } else if (kind == 'c' && is_safe_object_id(rest)) {
    item.sent = true;
    item.state = JobItemState::created;
    item.instance_id = rest;
  } else if (kind == 'f') {
    item.sent = true;
    item.state = JobItemState::failed;
    auto tab = rest.find('\t');
    item.error_code = rest.substr(0, tab);
    item.error_message = tab == std::string::npos ? "" : rest.substr(tab + 1);
  }
}

}  // namespace

Job read_job(const std::string& header, const std::string& log) {
  auto job = job_from_yaml(YAML::Load(header));
  // Only whole lines count: a last line without its newline was cut off by a crash.
  std::size_t start = 0;
  for (auto end = log.find('\n'); end != std::string::npos; end = log.find('\n', start)) {
    apply_log_line(job, log.substr(start, end - start));
    start = end + 1;
  }
  return job;
}

JobJournal::JobJournal(fs::path dir) : dir_(std::move(dir)) {
  fs::create_directories(dir_);
}

JobJournal::~JobJournal() {
  for (auto& [id, f] : logs_) std::fclose(f);
}

void JobJournal::begin(const Job& job) {
  if (!is_safe_object_id(job.id)) throw std::invalid_argument("unsafe job id");
  write_file_durably(dir_ / (job.id + ".job"), header_yaml(job));
}

void JobJournal::append(const std::string& job_id, const std::string& line) {
  std::lock_guard guard{mutex_};
  auto i = logs_.find(job_id);
  if (i == logs_.end()) {
    if (!is_safe_object_id(job_id)) throw std::invalid_argument("unsafe job id");
    auto path = dir_ / (job_id + ".log");
    std::FILE* f = std::fopen(path.c_str(), "ae");
    if (!f) throw std::runtime_error("cannot append to " + path.string());
    i = logs_.emplace(job_id, f).first;
  }
  // One write per line, flushed at once: a killed process loses nothing it appended.
  std::fputs((line + "\n").c_str(), i->second);
  std::fflush(i->second);
}

void JobJournal::sent(const Job& job, std::size_t index) {
  append(job.id, "s " + std::to_string(index));
}

void JobJournal::created(const Job& job, std::size_t index) {
  append(job.id, "c " + std::to_string(index) + " " + job.items[index].instance_id);
}

void JobJournal::failed(const Job& job, std::size_t index) {
  auto& item = job.items[index];
  append(job.id, "f " + std::to_string(index) + " " + one_line(item.error_code) + "\t" +
                     one_line(item.error_message));
}

void JobJournal::cancelled(const Job& job) {
  append(job.id, "x");
}

void JobJournal::close(const std::string& job_id) {
  std::lock_guard guard{mutex_};
  auto i = logs_.find(job_id);
  if (i == logs_.end()) return;
  std::fclose(i->second);
  logs_.erase(i);
}

void JobJournal::remove(const std::string& job_id) {
  close(job_id);
  if (!is_safe_object_id(job_id)) return;
  std::error_code ignored;
  fs::remove(dir_ / (job_id + ".log"), ignored);
  fs::remove(dir_ / (job_id + ".job"), ignored);
}

std::vector<Job> JobJournal::load() const {
  std::vector<Job> out;
  std::error_code ec;
  if (!fs::is_directory(dir_, ec)) return out;
  remove_stale_temporaries(dir_);  // a write a crash cut short
  for (auto& entry : fs::directory_iterator(dir_)) {
    if (entry.path().extension() != ".job") continue;
    try {
      std::ifstream header{entry.path(), std::ios::binary};
      std::string header_text{std::istreambuf_iterator<char>{header},
                              std::istreambuf_iterator<char>{}};
      std::ifstream log{dir_ / (entry.path().stem().string() + ".log"), std::ios::binary};
      std::string log_text{std::istreambuf_iterator<char>{log}, std::istreambuf_iterator<char>{}};
      auto job = read_job(header_text, log_text);
      if (!is_safe_object_id(job.id) || job.id != entry.path().stem().string())
        throw std::runtime_error("the id does not match the file name");
      out.push_back(std::move(job));
    } catch (const std::exception& e) {
      std::cerr << "deltacloudd: ignoring unreadable job " << entry.path() << ": " << e.what()
                << "\n";
    }
  }
  // Oldest first, as they were submitted: retention forgets finished jobs in this order.
  std::sort(out.begin(), out.end(), [](const Job& a, const Job& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  return out;
}

}  // namespace dc::engine
