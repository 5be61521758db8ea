#include "engine/staged_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "engine/durable_file.hpp"

namespace dc::engine {

namespace fs = std::filesystem;

namespace {

// Dirty pages are handed to writeback every this many bytes, so the final fsync of a large
// upload has little left to wait for and the page cache is not flooded with dirty data.
constexpr std::uint64_t writeback_step = 8 * 1024 * 1024;

/// Copies `from` into a new file `to` (across file systems), durable before it is named.
bool copy_into(int from, const fs::path& to, std::string& error) {
  auto temp = to;
  temp += ".copying";
  int out = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (out < 0) {
    error = "cannot create " + temp.string() + ": " + std::strerror(errno);
    return false;
  }
  off_t offset = 0;
  bool ok = true;
  while (true) {
    auto n = ::copy_file_range(from, &offset, out, nullptr, 1 << 30, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::string{"cannot copy upload: "} + std::strerror(errno);
      ok = false;
    }
    if (n <= 0) break;
  }
  if (ok && ::fsync(out) != 0) {
    error = std::string{"cannot flush upload: "} + std::strerror(errno);
    ok = false;
  }
  ::close(out);
  std::error_code ec;
  if (ok) fs::rename(temp, to, ec);
  if (ok && ec) {
    error = "cannot rename " + temp.string() + ": " + ec.message();
    ok = false;
  }
  if (!ok) fs::remove(temp, ec);
  return ok;
}

}  // namespace

std::shared_ptr<StagedFile> StagedFile::create(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::string name = (dir / "upload-XXXXXX").string();
  int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0)
    throw std::runtime_error("cannot create a spool file in " + dir.string() + ": " +
                             std::strerror(errno));
  return std::shared_ptr<StagedFile>(new StagedFile(name, fd));
}

StagedFile::~StagedFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!moved_) ::unlink(path_.c_str());
}

bool StagedFile::append(const char* data, std::size_t size) {
  if (!error_.empty() || moved_) return false;
  while (size > 0) {
    auto n = ::write(fd_, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error_ = std::string{"cannot store the upload: "} + std::strerror(errno);
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
    size_ += static_cast<std::uint64_t>(n);
  }
  if (size_ - flushed_ >= writeback_step) {
    ::sync_file_range(fd_, static_cast<off_t>(flushed_), static_cast<off_t>(size_ - flushed_),
                      SYNC_FILE_RANGE_WRITE);
    flushed_ = size_;
  }
  return true;
}

bool StagedFile::move_to(const fs::path& target) {
  if (moved_) {
    error_ = "the upload was moved already";
    return false;
  }
  if (!error_.empty()) return false;
  // The data reaches the disk before the name does: a crash leaves no half-written blob.
  if (::fsync(fd_) != 0) {
    error_ = std::string{"cannot flush the upload: "} + std::strerror(errno);
    return false;
  }
  std::error_code ec;
  fs::rename(path_, target, ec);
  if (ec == std::errc::cross_device_link) {
    ::lseek(fd_, 0, SEEK_SET);
    if (!copy_into(fd_, target, error_)) return false;
    ::unlink(path_.c_str());
  } else if (ec) {
    error_ = "cannot store the upload as " + target.string() + ": " + ec.message();
    return false;
  }
  sync_directory(target.parent_path());
  moved_ = true;
  ::close(fd_);
  fd_ = -1;
  return true;
}

std::string StagedFile::read_all() const {
  std::string out;
  if (fd_ < 0) return out;
  out.resize(size_);
  std::size_t done = 0;
  while (done < out.size()) {
    auto n = ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  out.resize(done);
  return out;
}

}  // namespace dc::engine
