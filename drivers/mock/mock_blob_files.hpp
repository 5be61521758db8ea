#pragma once
// The bytes of the mock's blobs: one file per stored version under `<root>/blob_content/`,
// named `<bucket>~<blob>.<random>`. A new version gets a new file, so a download that opened the
// old one keeps reading it while the blob is replaced or deleted. Blob records name their file;
// a file no record names (a crash between storing the bytes and the record) is swept at start.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>

#include "engine/file_handle.hpp"
#include "engine/result.hpp"
#include "engine/staged_file.hpp"

namespace dc::drivers::mock {

class MockBlobFiles {
 public:
  explicit MockBlobFiles(std::filesystem::path dir);

  /// Moves a received upload in under a fresh name for `key`; answers the name.
  engine::Result<std::string> adopt(engine::StagedFile& upload, const std::string& key);
  /// Writes `content` durably under a fresh name for `key`; answers the name.
  engine::Result<std::string> write(const std::string& content, const std::string& key);
  /// Opens a stored file for reading.
  engine::Result<engine::FileHandle> open(const std::string& name) const;
  /// The content of a stored file when it is at most `max_bytes` long.
  std::optional<std::string> read_small(const std::string& name, std::uint64_t max_bytes) const;
  void remove(const std::string& name);
  /// Removes every file not in `keep`, and leftovers of interrupted writes.
  void sweep(const std::set<std::string>& keep);

 private:
  std::string fresh_name(const std::string& key) const;
  std::filesystem::path dir_;
};

}  // namespace dc::drivers::mock
