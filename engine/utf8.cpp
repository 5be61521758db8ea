#include "engine/utf8.hpp"

#include <cstdint>

namespace dc::engine {

namespace detail {

std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) return 1;
  std::size_t extra;
  std::uint32_t code;
  if ((c & 0xe0) == 0xc0) {
    extra = 1;
    code = c & 0x1f;
  } else if ((c & 0xf0) == 0xe0) {
    extra = 2;
    code = c & 0x0f;
  } else if ((c & 0xf8) == 0xf0) {
    extra = 3;
    code = c & 0x07;
  } else {
    return 0;
  }
  if (i + extra >= text.size()) return 0;
  for (std::size_t k = 1; k <= extra; ++k) {
    auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xc0) != 0x80) return 0;
    code = (code << 6) | (next & 0x3f);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  static const std::uint32_t smallest[] = {0, 0x80, 0x800, 0x10000};
  if (code < smallest[extra] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
  return extra + 1;
}

}  // namespace detail

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    auto n = detail::utf8_sequence_length(text, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

bool is_document_text(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    auto n = detail::utf8_sequence_length(text, i);
    if (n == 0 || detail::outside_documents(text, i, n)) return false;
    i += n;
  }
  return true;
}

std::string document_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_document_char(text, [&out](std::string_view piece) { out += piece; });
  return out;
}

}  // namespace dc::engine
