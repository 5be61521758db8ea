#include "drivers/mock/mock_blob_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <random>

#include "engine/durable_file.hpp"
#include "engine/object_id.hpp"

namespace dc::drivers::mock {

namespace fs = std::filesystem;
using engine::ErrorKind;
using engine::make_error;

namespace {

engine::Error storage_error(const std::string& what) {
  return make_error(ErrorKind::backend, "The mock cloud cannot store the blob: " + what);
}

bool is_stored_name(const std::string& name) {
  return engine::is_safe_object_id(name) && name.front() != '.';
}

}  // namespace

MockBlobFiles::MockBlobFiles(fs::path dir) : dir_(std::move(dir)) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
}

std::string MockBlobFiles::fresh_name(const std::string& key) const {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  char suffix[17];
  std::snprintf(suffix, sizeof suffix, "%016llx", static_cast<unsigned long long>(rng()));
  return key + "." + suffix;
}

engine::Result<std::string> MockBlobFiles::adopt(engine::StagedFile& upload,
                                                 const std::string& key) {
  auto name = fresh_name(key);
  if (!upload.move_to(dir_ / name)) return storage_error(upload.error());
  return name;
}

engine::Result<std::string> MockBlobFiles::write(const std::string& content,
                                                 const std::string& key) {
  auto name = fresh_name(key);
  try {
    // The name is durable before a record names it.
    engine::write_file_durably(dir_ / name, content);
  } catch (const std::exception& e) {
    return storage_error(e.what());
  }
  return name;
}

engine::Result<engine::FileHandle> MockBlobFiles::open(const std::string& name) const {
  if (!is_stored_name(name)) return make_error(ErrorKind::not_found);
  int fd = ::open((dir_ / name).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return make_error(ErrorKind::backend, "The mock cloud lost the content of this blob: " +
                                              std::string{std::strerror(errno)});
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return make_error(ErrorKind::backend, "The mock cloud cannot read this blob");
  }
  return engine::FileHandle{fd, static_cast<std::uint64_t>(st.st_size)};
}

std::optional<std::string> MockBlobFiles::read_small(const std::string& name,
                                                     std::uint64_t max_bytes) const {
  auto file = open(name);
  if (!file || file.value().size() > max_bytes) return std::nullopt;
  std::string out(file.value().size(), '\0');
  std::size_t done = 0;
  while (done < out.size()) {
    auto n =
        ::pread(file.value().fd(), out.data() + done, out.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    done += static_cast<std::size_t>(n);
  }
  return out;
}

void MockBlobFiles::remove(const std::string& name) {
  if (!is_stored_name(name)) return;
  std::error_code ec;
  fs::remove(dir_ / name, ec);
}

void MockBlobFiles::sweep(const std::set<std::string>& keep) {
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir_, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    auto name = it->path().filename().string();
    if (keep.count(name)) continue;
    std::cerr << "deltacloudd: mock: removing unreferenced blob content " << name << "\n";
    std::error_code ignored;
    fs::remove(it->path(), ignored);
  }
}

}  // namespace dc::drivers::mock
