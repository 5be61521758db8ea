#pragma once
// Text that may go into an XML or JSON document: valid UTF-8 without the characters XML 1.0
// cannot carry (C0 controls other than TAB, LF and CR; U+FFFE and U+FFFF). Clients must send such
// text (the API refuses anything else with 400); what a provider returns is made so on output
// instead.

#include <string>
#include <string_view>

namespace dc::engine {

/// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
bool is_valid_utf8(std::string_view text);

/// Whether `text` is valid UTF-8 free of the characters no document may carry.
bool is_document_text(std::string_view text);

/// Calls `out(code_point_bytes)` for each character of `text` a document may carry, and
/// `out("\xEF\xBF\xBD")` (U+FFFD) for each byte of an invalid sequence and each character no
/// document may carry, in order. The escapers of both writers are built on this.
template <class Out>
void for_each_document_char(std::string_view text, Out&& out);

/// `text` with every invalid byte and forbidden control character replaced by U+FFFD.
std::string document_text(std::string_view text);

// -- implementation -----------------------------------------------------------------------------

namespace detail {
/// Length of the valid UTF-8 sequence starting at `text[i]`, 0 when there is none.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);
/// Whether the character of `n` bytes at `text[i]` is one XML 1.0 cannot carry.
inline bool outside_documents(std::string_view text, std::size_t i, std::size_t n) {
  auto c = static_cast<unsigned char>(text[i]);
  if (n == 1) return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
  // U+FFFE and U+FFFF: EF BF BE and EF BF BF.
  return n == 3 && c == 0xef && static_cast<unsigned char>(text[i + 1]) == 0xbf &&
         static_cast<unsigned char>(text[i + 2]) >= 0xbe;
}
inline constexpr std::string_view replacement_char = "\xEF\xBF\xBD";
}  // namespace detail

template <class Out>
void for_each_document_char(std::string_view text, Out&& out) {
  for (std::size_t i = 0; i < text.size();) {
    auto n = detail::utf8_sequence_length(text, i);
    if (n == 0 || detail::outside_documents(text, i, n)) {
      out(detail::replacement_char);
      i += n == 0 ? 1 : n;
      continue;
    }
    out(text.substr(i, n));
    i += n;
  }
}

}  // namespace dc::engine
