#pragma once
// An open file descriptor with its size, closed when the last owner lets go. Blob downloads
// travel as one from the driver to the HTTP server: the open descriptor keeps the bytes readable
// even if the blob is replaced or deleted while it is being sent.

#include <unistd.h>

#include <cstdint>
#include <utility>

namespace dc::engine {

class FileHandle {
 public:
  FileHandle() = default;
  FileHandle(int fd, std::uint64_t size) : fd_(fd), size_(size) {}
  ~FileHandle() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileHandle(FileHandle&& other) noexcept : fd_(std::exchange(other.fd_, -1)), size_(other.size_) {}
  FileHandle& operator=(FileHandle&& other) noexcept {
    if (this != &other) {
      if (fd_ >= 0) ::close(fd_);
      fd_ = std::exchange(other.fd_, -1);
      size_ = other.size_;
    }
    return *this;
  }
  FileHandle(const FileHandle&) = delete;
  FileHandle& operator=(const FileHandle&) = delete;

  int fd() const { return fd_; }
  std::uint64_t size() const { return size_; }
  explicit operator bool() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

}  // namespace dc::engine
