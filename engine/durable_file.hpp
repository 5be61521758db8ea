#pragma once
// Writing files so that a crash leaves either the old content or the new, never a mix, and
// names that survive one: what every store of local state (the mock's records and blob bytes,
// received uploads) relies on.

#include <filesystem>
#include <string_view>

namespace dc::engine {

/// Makes the names created or removed in `dir` durable (fsync of the directory).
void sync_directory(const std::filesystem::path& dir);

/// Writes `content` as `target`: a hidden temporary beside it (`.tmp-<pid>-<n>`, short whatever
/// the target's name), fsync, rename, directory fsync. Throws std::runtime_error saying what
/// failed; the temporary is then gone.
void write_file_durably(const std::filesystem::path& target, std::string_view content);

/// The same without the fsyncs: readers see the old content or the new, and a killed process
/// loses nothing, but a power loss may.
void write_file_atomically(const std::filesystem::path& target, std::string_view content);

/// Removes the temporaries a crash left in `dir` (ours, and `.<name>.tmp` of older versions);
/// answers how many. Call it before reading a directory's records, when nobody writes there.
std::size_t remove_stale_temporaries(const std::filesystem::path& dir);

}  // namespace dc::engine
