#pragma once
// A file being received: an upload's bytes go to a uniquely named file in a spool directory
// while they arrive, so that no body is ever held in memory. Whoever finally keeps the bytes
// (a driver storing a blob) moves the file into place; otherwise it is removed when the last
// owner lets go, so an upload cut off midway leaves nothing behind.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace dc::engine {

class StagedFile {
 public:
  /// A new empty file in `dir` (created if missing); throws std::runtime_error when it cannot.
  static std::shared_ptr<StagedFile> create(const std::filesystem::path& dir);
  ~StagedFile();
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;

  /// Appends bytes; false (and error() says why) when the disk refuses them.
  bool append(const char* data, std::size_t size);
  std::uint64_t size() const { return size_; }
  const std::filesystem::path& path() const { return path_; }
  const std::string& error() const { return error_; }

  /// Makes the bytes durable and gives the file the name `target` (same file system: a rename;
  /// otherwise a copy). Afterwards this object owns nothing. False with error() on failure.
  bool move_to(const std::filesystem::path& target);
  /// Reads the whole content (for small files only: the caller bounds the size).
  std::string read_all() const;

 private:
  StagedFile(std::filesystem::path path, int fd) : path_(std::move(path)), fd_(fd) {}

  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::uint64_t flushed_ = 0;  // bytes handed to the kernel's writeback so far
  bool moved_ = false;
  std::string error_;
};

}  // namespace dc::engine
