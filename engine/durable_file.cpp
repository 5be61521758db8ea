#include "engine/durable_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

namespace dc::engine {

namespace fs = std::filesystem;

void sync_directory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

namespace {

constexpr std::string_view temporary_prefix = ".tmp-";

/// A name no record has (records never start with `.`), unique in this process, and short: a
/// target's name may already be as long as the file system allows.
fs::path temporary_beside(const fs::path& target) {
  static std::atomic<std::uint64_t> next{0};
  return target.parent_path() / (std::string{temporary_prefix} + std::to_string(::getpid()) + "-" +
                                 std::to_string(next++));
}

void replace_file(const fs::path& target, std::string_view content, bool sync) {
  auto temp = temporary_beside(target);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0)
    throw std::runtime_error("cannot write " + temp.string() + ": " + std::strerror(errno));
  auto fail = [&](const char* what, int err) {
    ::close(fd);
    ::unlink(temp.c_str());
    throw std::runtime_error(std::string{what} + " " + temp.string() + ": " + std::strerror(err));
  };
  std::size_t written = 0;
  while (written < content.size()) {
    auto n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot write", errno);
    written += static_cast<std::size_t>(n);
  }
  // The data reaches the disk before the name does.
  if (sync && ::fsync(fd) != 0) fail("cannot flush", errno);
  ::close(fd);
  std::error_code ec;
  fs::rename(temp, target, ec);
  if (ec) {
    ::unlink(temp.c_str());
    throw std::runtime_error("cannot rename " + temp.string() + ": " + ec.message());
  }
  if (sync) sync_directory(target.parent_path());
}

}  // namespace

void write_file_durably(const fs::path& target, std::string_view content) {
  replace_file(target, content, true);
}

void write_file_atomically(const fs::path& target, std::string_view content) {
  replace_file(target, content, false);
}

std::size_t remove_stale_temporaries(const fs::path& dir) {
  std::size_t removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it{dir, ec}, end; !ec && it != end; it.increment(ec)) {
    auto name = it->path().filename().string();
    bool ours = name.rfind(temporary_prefix, 0) == 0;
    bool older = name.size() > 5 && name.front() == '.' && name.ends_with(".tmp");
    std::error_code gone;
    if ((ours || older) && it->is_regular_file(gone) && fs::remove(it->path(), gone)) ++removed;
  }
  return removed;
}

}  // namespace dc::engine
