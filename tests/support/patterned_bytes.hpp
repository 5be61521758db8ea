#pragma once
// Test content whose every byte depends on its position, so that a lost, repeated or misplaced
// chunk of a transfer shows in the comparison.

#include <cstddef>
#include <string>

namespace dc::test {

inline std::string patterned_bytes(std::size_t size) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 7 + i / 4096) % 251);
  return bytes;
}

}  // namespace dc::test
