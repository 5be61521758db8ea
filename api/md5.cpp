#include "api/md5.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace dc::api {

namespace {

constexpr std::array<std::uint32_t, 64> shifts{
    7,  12, 17, 22, 7,  12, 17, 22, 7,  12, 17, 22, 7,  12, 17, 22, 5,  9,  14, 20, 5,  9,
    14, 20, 5,  9,  14, 20, 5,  9,  14, 20, 4,  11, 16, 23, 4,  11, 16, 23, 4,  11, 16, 23,
    4,  11, 16, 23, 6,  10, 15, 21, 6,  10, 15, 21, 6,  10, 15, 21, 6,  10, 15, 21};

// K[i] = floor(abs(sin(i + 1)) * 2^32), computed once.
const std::array<std::uint32_t, 64>& constants() {
  static const auto table = [] {
    std::array<std::uint32_t, 64> k{};
    for (int i = 0; i < 64; ++i)
      k[i] = static_cast<std::uint32_t>(std::floor(std::fabs(std::sin(i + 1.0)) * 4294967296.0));
    return k;
  }();
  return table;
}

std::uint32_t rotate_left(std::uint32_t x, std::uint32_t c) {
  return (x << c) | (x >> (32 - c));
}

void process_block(const unsigned char* block, std::array<std::uint32_t, 4>& h) {
  std::uint32_t m[16];
  for (int i = 0; i < 16; ++i)
    m[i] = static_cast<std::uint32_t>(block[i * 4]) |
           (static_cast<std::uint32_t>(block[i * 4 + 1]) << 8) |
           (static_cast<std::uint32_t>(block[i * 4 + 2]) << 16) |
           (static_cast<std::uint32_t>(block[i * 4 + 3]) << 24);
  auto& k = constants();
  std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
  for (std::uint32_t i = 0; i < 64; ++i) {
    std::uint32_t f, g;
    if (i < 16) {
      f = (b & c) | (~b & d);
      g = i;
    } else if (i < 32) {
      f = (d & b) | (~d & c);
      g = (5 * i + 1) % 16;
    } else if (i < 48) {
      f = b ^ c ^ d;
      g = (3 * i + 5) % 16;
    } else {
      f = c ^ (b | ~d);
      g = (7 * i) % 16;
    }
    f = f + a + k[i] + m[g];
    a = d;
    d = c;
    c = b;
    b = b + rotate_left(f, shifts[i]);
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
}

}  // namespace

std::string md5_hex(std::string_view data) {
  std::array<std::uint32_t, 4> h{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
  std::size_t full = data.size() / 64 * 64;
  for (std::size_t i = 0; i < full; i += 64)
    process_block(reinterpret_cast<const unsigned char*>(data.data()) + i, h);
  // Tail: the rest, a 1 bit, zeros, and the bit length (little-endian) in the last 8 bytes.
  unsigned char tail[128] = {};
  std::size_t rest = data.size() - full;
  std::memcpy(tail, data.data() + full, rest);
  tail[rest] = 0x80;
  std::size_t tail_size = rest + 1 + 8 <= 64 ? 64 : 128;
  std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
  for (int i = 0; i < 8; ++i) tail[tail_size - 8 + i] = static_cast<unsigned char>(bits >> (8 * i));
  for (std::size_t i = 0; i < tail_size; i += 64) process_block(tail + i, h);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (auto word : h)
    for (int i = 0; i < 4; ++i) {
      auto byte = (word >> (8 * i)) & 0xff;
      out += hex[byte >> 4];
      out += hex[byte & 0xf];
    }
  return out;
}

}  // namespace dc::api
