#pragma once
// Splitting one fuzzer input into the several values a harness needs. Harnesses take their
// choices (which reader, where to cut) from the front and leave the bulk of the bytes as one
// piece, so that seeds made from real documents stay readable and mutate well.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace dc::fuzz {

class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size)
      : rest_(reinterpret_cast<const char*>(data), size) {}

  /// The next byte; 0 once the input is used up.
  std::uint8_t byte() {
    if (rest_.empty()) return 0;
    auto b = static_cast<std::uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return b;
  }
  /// The text up to the next `separator` (which is dropped), or all that is left.
  std::string_view until(std::string_view separator) {
    auto at = rest_.find(separator);
    auto piece = rest_.substr(0, at);
    rest_ = at == std::string_view::npos ? std::string_view{} : rest_.substr(at + separator.size());
    return piece;
  }
  std::string_view rest() {
    auto piece = rest_;
    rest_ = {};
    return piece;
  }
  bool empty() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

/// A property the code under test broke: report it and stop, so that libFuzzer keeps the input.
[[noreturn]] inline void broken(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz property broken: %s\n%.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

}  // namespace dc::fuzz
